// Reads an uploaded table (CSV or XLSX) into plain records with their line numbers, for the
// all-or-nothing imports (roster, indicator scores). Parsing is left to csv-parse and exceljs;
// this file only maps headers to fields and skips blank lines.

import { parse } from 'csv-parse/sync';
import { loadExcelJS } from '../lazy-modules.ts';

export interface TableRecord {
  line: number;
  values: Record<string, string>;
}

export type TableFileResult =
  | { ok: true; records: TableRecord[] }
  | { ok: false; line: number; message: string };

export interface TableLayout {
  /** Chinese header (what people type) → field; the field name is accepted as a header too. */
  columns: readonly (readonly [string, string])[];
  required: readonly string[];
  maxRows: number;
}

function toRecords(rows: { line: number; cells: string[] }[], layout: TableLayout): TableFileResult {
  const fieldOf = new Map<string, string>(
    layout.columns.flatMap(([zh, field]) => [
      [zh, field],
      [field, field],
    ]),
  );
  const header = rows[0];
  if (!header) return { ok: false, line: 1, message: '文件为空 (the file is empty)' };
  const fields = header.cells.map((h) => fieldOf.get(h.trim().split(/\s+/)[0] ?? '') ?? null);
  for (const required of layout.required) {
    if (!fields.includes(required)) {
      const zh = layout.columns.find(([, f]) => f === required)?.[0];
      return { ok: false, line: header.line, message: `缺少“${zh}”列 (missing column ${required})` };
    }
  }
  const records: TableRecord[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const values: Record<string, string> = {};
    fields.forEach((field, i) => {
      if (field) values[field] = row.cells[i] ?? '';
    });
    records.push({ line: row.line, values });
  }
  if (records.length > layout.maxRows)
    return {
      ok: false,
      line: 1,
      message: `一次最多导入 ${layout.maxRows} 行 (at most ${layout.maxRows} rows)`,
    };
  return { ok: true, records };
}

function readCsv(bytes: Uint8Array, layout: TableLayout): TableFileResult {
  let rows: string[][];
  try {
    rows = parse(Buffer.from(bytes), { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { ok: false, line, message: 'CSV 格式错误，请检查引号和分隔符 (malformed CSV)' };
  }
  return toRecords(
    rows.map((cells, i) => ({ line: i + 1, cells })),
    layout,
  );
}

async function readXlsx(bytes: Uint8Array, layout: TableLayout): Promise<TableFileResult> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return { ok: false, line: 1, message: '无法读取 Excel 文件 (not a readable .xlsx file)' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, line: 1, message: '文件为空 (the file is empty)' };
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let col = 1; col <= sheet.columnCount; col++) cells.push(row.getCell(col).text ?? '');
    rows.push({ line, cells });
  });
  return toRecords(rows, layout);
}

/** XLSX is a zip (starts with "PK"); anything else is read as CSV text. */
export async function readTableFile(bytes: Uint8Array, layout: TableLayout): Promise<TableFileResult> {
  return bytes[0] === 0x50 && bytes[1] === 0x4b ? readXlsx(bytes, layout) : readCsv(bytes, layout);
}
