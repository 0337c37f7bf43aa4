// XLSX imports that cannot hurt the server: bombs refused from the zip directory before any
// inflating, the row cap and the cell cap applied while rows stream out of the worker.
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readTableFile } from './table-file.ts';
import { inspectZip } from './zip-limits.ts';

const LAYOUT = {
  columns: [
    ['单位代码', 'code'],
    ['单位名称', 'name'],
  ] as const,
  required: ['code', 'name'],
  maxRows: 100,
};

async function workbook(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('s');
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('XLSX limits', () => {
  it('reads an ordinary file in the worker', async () => {
    const file = await readTableFile(
      await workbook([
        ['单位代码', '单位名称'],
        ['a', '甲'],
      ]),
      LAYOUT,
    );
    expect(file).toEqual({ ok: true, records: [{ line: 2, values: { code: 'a', name: '甲' } }] });
  });

  it('refuses a file whose parts declare too many bytes, without inflating it', async () => {
    const parts = unzipSync(await workbook([['单位代码', '单位名称']]));
    parts['xl/worksheets/sheet1.xml'] = strToU8(' '.repeat(60 * 1024 * 1024));
    const bomb = zipSync(parts, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200_000);
    const t0 = performance.now();
    const file = await readTableFile(bomb, LAYOUT);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(file).toMatchObject({ ok: false, message: expect.stringContaining('解压后超过') });
    expect(await inspectZip(bomb, { maxEntries: 200, maxEntryBytes: 1e9, maxTotalBytes: 1e9 })).toMatchObject(
      {
        ok: true,
      },
    );
  });

  it('refuses a zip with too many entries', async () => {
    const parts: Record<string, Uint8Array> = {};
    for (let i = 0; i < 300; i++) parts[`x${i}.xml`] = strToU8('<x/>');
    expect(await inspectZip(zipSync(parts))).toMatchObject({
      ok: false,
      message: expect.stringContaining('300'),
    });
  });

  it('stops at the row cap while reading', async () => {
    const rows = [['单位代码', '单位名称']];
    for (let i = 0; i < 5000; i++) rows.push([`c${i}`, `名${i}`]);
    const file = await readTableFile(await workbook(rows), LAYOUT);
    expect(file).toMatchObject({ ok: false, message: expect.stringContaining('最多导入 100 行') });
  });

  it('refuses a cell over the cell cap', async () => {
    const file = await readTableFile(
      await workbook([
        ['单位代码', '单位名称'],
        ['a', 'x'.repeat(40_000)],
      ]),
      LAYOUT,
    );
    expect(file).toMatchObject({ ok: false, line: 2, message: expect.stringContaining('32768') });
  });

  it('refuses bytes that only look like a zip', async () => {
    const file = await readTableFile(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), LAYOUT);
    expect(file).toMatchObject({ ok: false, message: expect.stringContaining('xlsx') });
  });
});
