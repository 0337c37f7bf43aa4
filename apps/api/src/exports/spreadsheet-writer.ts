// The one writer for every CSV and XLSX the API emits. Each string cell that a spreadsheet
// would read as a formula (starts with = + - @, tab or CR) gets a leading apostrophe, as OWASP
// advises against CSV injection, so a unit named "=HYPERLINK(…)" opens as text in Excel or WPS.
// Numbers stay numbers (a negative score is not a formula). Files are CRLF-delimited (RFC 4180)
// through csv-stringify; downloads people open in Excel carry a UTF-8 BOM so Chinese shows.
import { defuseFormula } from '@kaimen/domain';
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

/** A cell as it may be written: formula-like text defused, nothing else changed. */
export const safeCell = (value: Cell): Exclude<Cell, undefined> =>
  value === undefined ? null : typeof value === 'string' ? defuseFormula(value) : value;

/** Rows as CSV text without a BOM (a template, or one batch of a streamed file). */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return stringify(
    rows.map((row) => row.map((v) => (v === null || v === undefined ? '' : String(safeCell(v))))),
    { record_delimiter: '\r\n' },
  );
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A whole CSV download: UTF-8 with BOM so Excel shows the Chinese. */
export function csvFile(rows: readonly (readonly Cell[])[]): Buffer {
  return Buffer.concat([BOM, Buffer.from(csvText(rows), 'utf8')]);
}

/** Adds a row to an exceljs worksheet (in memory or streamed) with every cell defused. */
export function addSafeRow<R>(sheet: { addRow(values: unknown[]): R }, cells: readonly Cell[]): R {
  return sheet.addRow(cells.map(safeCell));
}
