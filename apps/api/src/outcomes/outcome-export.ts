// Results for the other appraisals (绩效考核, 党建考核): the same table as CSV (UTF-8 with BOM
// so Excel opens the Chinese correctly), XLSX and JSON. Column headers are bilingual.

import { gradeZh } from '@kaimen/domain';
import { addSafeRow, csvFile } from '../exports/spreadsheet-writer.ts';
import { loadExcelJS } from '../lazy-modules.ts';

export interface ExportRow {
  category: string;
  unitCode: string;
  unitName: string;
  composite: number | null;
  grade: string | null;
  rank: number | null;
  rankLow: number | null;
  rankHigh: number | null;
  negativeList: boolean;
  flags: string[];
  ci?: [number, number] | null;
  intervalBasis?: string;
}

const COLUMNS = [
  ['类别 category', (r: ExportRow) => r.category],
  ['单位代码 unit_code', (r: ExportRow) => r.unitCode],
  ['单位 unit', (r: ExportRow) => r.unitName],
  ['综合得分 composite', (r: ExportRow) => r.composite],
  ['等次 grade', (r: ExportRow) => (r.grade ? gradeZh(r.grade) : null)],
  ['95%区间下限 ci_low', (r: ExportRow) => r.ci?.[0] ?? null],
  ['95%区间上限 ci_high', (r: ExportRow) => r.ci?.[1] ?? null],
  ['区间依据 interval_basis', (r: ExportRow) => r.intervalBasis ?? null],
  ['排名 rank', (r: ExportRow) => r.rank],
  ['排名下限 rank_low', (r: ExportRow) => r.rankLow],
  ['排名上限 rank_high', (r: ExportRow) => r.rankHigh],
  ['负面清单 negative_list', (r: ExportRow) => (r.negativeList ? '是' : '否')],
  ['提示 flags', (r: ExportRow) => r.flags.join(';')],
] as const;

export function resultsCsv(rows: readonly ExportRow[]): Buffer {
  return csvFile([COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, get]) => get(r)))]);
}

export async function resultsXlsx(rows: readonly ExportRow[], title: string): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'Kaimen 开门考评';
  const sheet = workbook.addWorksheet('考评结果');
  addSafeRow(sheet, [title]);
  addSafeRow(
    sheet,
    COLUMNS.map(([h]) => h),
  ).font = { bold: true };
  for (const r of rows)
    addSafeRow(
      sheet,
      COLUMNS.map(([, get]) => get(r)),
    );
  sheet.columns.forEach((column, i) => {
    column.width = i === 2 ? 32 : 16;
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
