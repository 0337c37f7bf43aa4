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

const notATable = (what?: { zh: string; en: string }) =>
  `${what ? `这是${what.zh}，` : ''}不是 CSV 或 XLSX 文件：请上传 CSV（UTF-8）或 Excel（.xlsx）表格 (${
    what ? `${what.en}, ` : ''
  }not a CSV/XLSX file)`;

/** Signatures of files people upload by mistake; a renamed picture is still a picture. */
const SIGNATURES: { bytes: number[]; zh: string; en: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], zh: '一张 PNG 图片', en: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], zh: '一张 JPEG 图片', en: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], zh: '一张 GIF 图片', en: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], zh: '一个 PDF 文件', en: 'a PDF file' },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    zh: '旧版 Excel（.xls）或 Word 文件（请另存为 .xlsx）',
    en: 'an old .xls/.doc file; save it as .xlsx',
  },
  { bytes: [0x1f, 0x8b], zh: '一个压缩文件', en: 'a compressed file' },
  { bytes: [0x52, 0x61, 0x72, 0x21], zh: '一个压缩文件', en: 'a compressed file' },
];

/**
 * What the bytes are, whatever the file is called: XLSX is a zip ("PK"), CSV is text. Text has
 * next to no NUL or other control bytes in its first kilobyte, even in GBK (which the CSV
 * reader then refuses as not UTF-8); a picture or a program has many.
 */
export function sniffTableFile(
  bytes: Uint8Array,
): { kind: 'xlsx' | 'csv' } | { kind: 'other'; message: string } {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return { kind: 'xlsx' };
  const known = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (known) return { kind: 'other', message: notATable(known) };
  const head = bytes.subarray(0, 1024);
  let controls = 0;
  for (const b of head) {
    // A stray NUL is counted like any control: a text file with one is still a table, and its
    // cell is refused with its line and column by the cell rules.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  return controls > 4 ? { kind: 'other', message: notATable() } : { kind: 'csv' };
}

/** Read as XLSX or CSV by what the bytes are; anything else is refused as not a table. */
export async function readTableFile(bytes: Uint8Array, layout: TableLayout): Promise<TableFileResult> {
  const sniffed = sniffTableFile(bytes);
  if (sniffed.kind === 'other') return { ok: false, line: 1, message: sniffed.message };
  return sniffed.kind === 'xlsx' ? readXlsx(bytes, layout) : readCsv(bytes, layout);
}
