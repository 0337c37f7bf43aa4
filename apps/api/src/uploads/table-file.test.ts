// An upload is read by what its bytes are, not its name: a picture renamed .csv is refused as
// not a table (not "missing column"), while CSV text in UTF-8 or GBK still reaches its reader.
import { describe, expect, it } from 'vitest';
import { readTableFile, sniffTableFile } from './table-file.ts';

const LAYOUT = { columns: [['姓名', 'name']] as const, required: ['name'], maxRows: 10 };
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

describe('table uploads', () => {
  it('refuses a PNG (whatever it is called) as not a CSV/XLSX file', async () => {
    const file = await readTableFile(PNG, LAYOUT);
    expect(file).toMatchObject({ ok: false, line: 1 });
    const message = (file as { message: string }).message;
    expect(message).toContain('不是 CSV 或 XLSX 文件');
    expect(message).toContain('PNG');
    expect(message).toContain('not a CSV/XLSX file');
    expect(message).not.toMatch(/缺少|missing column|UTF-8 编码/);
  });

  it('refuses other binary files, and tells an old .xls to be saved as .xlsx', () => {
    expect(sniffTableFile(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toMatchObject({
      kind: 'other',
    });
    expect(sniffTableFile(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toMatchObject({ kind: 'other' });
    expect(sniffTableFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]))).toMatchObject({
      message: expect.stringContaining('.xlsx'),
    });
    // UTF-16 text (Excel's "Unicode text"): a NUL in every other byte.
    expect(sniffTableFile(new Uint8Array(Buffer.from('code,name\r\nu1,窗口\r\n', 'utf16le')))).toMatchObject({
      kind: 'other',
    });
    // One stray NUL in a text file is a bad cell, named by the cell rules, not a binary file.
    expect(sniffTableFile(new TextEncoder().encode('code,name\nu1,a\u0000b\n'))).toEqual({ kind: 'csv' });
  });

  it('passes CSV text through, UTF-8 or not, and XLSX to the zip reader', async () => {
    expect(sniffTableFile(new TextEncoder().encode('\ufeff姓名\r\n张三\r\n'))).toEqual({ kind: 'csv' });
    // 姓名 in GBK: not UTF-8, but text; the CSV reader says how to save it.
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a]);
    expect(sniffTableFile(gbk)).toEqual({ kind: 'csv' });
    expect((await readTableFile(gbk, LAYOUT)) as { message: string }).toMatchObject({
      message: expect.stringContaining('UTF-8'),
    });
    expect(sniffTableFile(new Uint8Array([0x50, 0x4b, 3, 4]))).toEqual({ kind: 'xlsx' });
  });
});
