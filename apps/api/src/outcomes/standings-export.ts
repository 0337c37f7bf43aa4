// The numbers behind the live standings chart, as CSV (UTF-8 with BOM for Excel). A unit below
// the minimum sample has no score or rank here, only its n, as on the dashboard (样本不足).
import type { LiveStandingsResponse } from '@kaimen/contracts';
import { csvFile } from '../exports/spreadsheet-writer.ts';

type Row = LiveStandingsResponse['units'][number];

const COLUMNS = [
  ['类别 category', (r: Row) => r.category.name],
  ['单位 unit', (r: Row) => r.unitName],
  ['评价数 n', (r: Row) => r.n],
  ['样本充足 sufficient', (r: Row) => (r.sufficient ? '是' : '否')],
  ['得分 score', (r: Row) => (r.sufficient ? r.score : null)],
  ['置信下限 ci_low', (r: Row) => (r.sufficient ? r.ci?.[0] : null)],
  ['置信上限 ci_high', (r: Row) => (r.sufficient ? r.ci?.[1] : null)],
  ['满意率 satisfied_share', (r: Row) => (r.sufficient ? r.satisfiedShare : null)],
  ['类内排名 rank', (r: Row) => r.rank],
] as const;

export function standingsCsv(standings: LiveStandingsResponse): Buffer {
  return csvFile([COLUMNS.map(([h]) => h), ...standings.units.map((r) => COLUMNS.map(([, get]) => get(r)))]);
}
