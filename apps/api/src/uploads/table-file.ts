// Reads an uploaded table (CSV or XLSX) into plain records with their line numbers, for the
// all-or-nothing imports (roster, indicator scores). Parsing is left to csv-parse and exceljs;
// this file only maps headers to fields and skips blank lines.

import { findTextProblem, textProblemMessage } from '@kaimen/contracts';
import { parse } from 'csv-parse/sync';
import { readXlsxRows } from './xlsx-reader.ts';

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
  const refused = refuseBadCells(rows, header.cells);
  if (refused) return refused;
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

/**
 * A cell is held to the same text rules as a field of a request body (no NUL or other
 * controls, no lone surrogates, no bidi overrides); line breaks are allowed, as a cell may
 * hold them, and each field's schema decides later whether it takes them.
 */
function refuseBadCells(rows: { line: number; cells: string[] }[], header: string[]): TableFileResult | null {
  for (const row of rows) {
    for (const [i, cell] of row.cells.entries()) {
      const found = findTextProblem(cell, true);
      if (!found) continue;
      const column = row === rows[0] ? `第 ${i + 1} 列` : header[i]?.trim() || `第 ${i + 1} 列`;
      const zh = textProblemMessage(found.problem, found.codePoint, column, 'zh-CN');
      const en = textProblemMessage(found.problem, found.codePoint, `column ${i + 1}`, 'en');
      return { ok: false, line: row.line, message: `${zh} (${en})` };
    }
  }
  return null;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function readCsv(bytes: Uint8Array, layout: TableLayout): TableFileResult {
  let text: string;
  try {
    // Strict: a file saved in GBK (or any bytes that are not UTF-8) is refused instead of
    // being imported with U+FFFD in place of its Chinese names.
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return {
      ok: false,
      line: 1,
      message:
        '文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”后重试 (the file is not UTF-8; save it as CSV UTF-8)',
    };
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
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
  const read = await readXlsxRows(bytes, layout.maxRows);
  return read.ok ? toRecords(read.rows, layout) : read;
}

/** XLSX is a zip (starts with "PK"); anything else is read as CSV text. */
export async function readTableFile(bytes: Uint8Array, layout: TableLayout): Promise<TableFileResult> {
  return bytes[0] === 0x50 && bytes[1] === 0x4b ? readXlsx(bytes, layout) : readCsv(bytes, layout);
}
