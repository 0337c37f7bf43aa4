// The roster template: the expected columns and two example rows whose category and unit codes
// are the organiser's own, so the template downloaded and uploaded unchanged imports as it is
// (two people: one rating a category, one rating two units), and shows what real codes look like.
import { ROSTER_COLUMNS } from '@kaimen/contracts';
import { type Actor, rosterCodes } from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { csvText } from '../exports/spreadsheet-writer.ts';

export async function rosterTemplate(deps: AppDeps, actor: Actor & { organiserId: string }): Promise<string> {
  const codes = await rosterCodes(deps.db, actor.organiserId);
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  const withUnits = new Set(codes.units.map((u) => u.category_id));
  // A category without units would give its person nothing to rate.
  const category = codes.categories.filter((c) => withUnits.has(c.id)).sort(byCode)[0]?.code ?? '';
  const units = codes.units
    .sort(byCode)
    .slice(0, 2)
    .map((u) => u.code)
    .join(';');
  return csvText([
    ROSTER_COLUMNS.map(([zh]) => zh),
    ['张三', '人大代表', '某某街道人大工委主任', '13800000000', category, ''],
    ['李四', '政协委员', '某某大学教授', 'lisi@example.cn', '', units],
  ]);
}
