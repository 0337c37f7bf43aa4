// Roster import for a cycle's panel: every row is checked (fields, kinds, category and unit
// codes, duplicates) before anything is written; one bad row and nothing is imported, with
// each bad row named by its line and reason.
import {
  type Lang,
  ROSTER_COLUMNS,
  type RosterIssue,
  type RosterPreview,
  type RosterRow,
  rosterRowSchema,
  validate,
} from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  insertRoster,
  loadCycleForScoring,
  rosterCodes,
  rosterOfCycle,
} from '@kaimen/db';
import { encryptPersonal } from '@kaimen/domain';
import { personalKey } from '../citizen/keys.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { readTableFile } from '../uploads/table-file.ts';

type ScopedActor = Actor & { organiserId: string };

interface CheckedRoster {
  preview: RosterPreview;
  rows: (RosterRow & { unitIds: string[] })[];
}

const KIND_ZH: Record<string, string> = {
  party_deputy: '党代表',
  npc_deputy: '人大代表',
  cppcc_member: '政协委员',
  special_supervisor: '特约监察员',
};

async function openCycle(deps: AppDeps, actor: ScopedActor, cycleId: string) {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  return cycle;
}

async function checkRoster(
  deps: AppDeps,
  organiserId: string,
  cycleId: string,
  bytes: Uint8Array,
  lang: Lang,
): Promise<CheckedRoster> {
  const file = await readTableFile(bytes, {
    columns: ROSTER_COLUMNS,
    required: ['name', 'kind'],
    maxRows: 5000,
  });
  if (!file.ok) {
    return {
      preview: { ok: false, rows: [], issues: [{ line: file.line, field: '', message: file.message }] },
      rows: [],
    };
  }
  const codes = await rosterCodes(deps.db, organiserId);
  const categoryByCode = new Map(codes.categories.map((c) => [c.code, c.id]));
  const unitByCode = new Map(codes.units.map((u) => [u.code, u.id]));
  const unitsOfCategory = new Map<string, string[]>();
  for (const u of codes.units)
    unitsOfCategory.set(u.category_id, [...(unitsOfCategory.get(u.category_id) ?? []), u.id]);
  const existing = await rosterOfCycle(deps.db, cycleId);
  const seen = new Map(existing.map((e) => [`${e.kind}/${e.name}`, 0]));

  const issues: RosterIssue[] = [];
  const rows: CheckedRoster['rows'] = [];
  for (const record of file.records) {
    const result = validate(rosterRowSchema, record.values, lang);
    if (!result.ok) {
      for (const i of result.issues) issues.push({ line: record.line, field: i.path, message: i.message });
      continue;
    }
    const row = result.data;
    const unitIds: string[] = [];
    for (const code of row.categories) {
      const id = categoryByCode.get(code);
      if (!id)
        issues.push({
          line: record.line,
          field: 'categories',
          message: `未知的类别代码“${code}” (unknown category code)`,
        });
      else unitIds.push(...(unitsOfCategory.get(id) ?? []));
    }
    for (const code of row.units) {
      const id = unitByCode.get(code);
      if (!id)
        issues.push({
          line: record.line,
          field: 'units',
          message: `未知的单位代码“${code}” (unknown unit code)`,
        });
      else unitIds.push(id);
    }
    const key = `${row.kind}/${row.name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      issues.push({
        line: record.line,
        field: 'name',
        message:
          earlier === 0
            ? `${row.name}（${KIND_ZH[row.kind]}）已在本周期名册中 (already on this cycle's roster)`
            : `与第 ${earlier} 行重复 (same person as line ${earlier})`,
      });
    } else {
      seen.set(key, record.line);
    }
    rows.push({ ...row, unitIds: [...new Set(unitIds)] });
  }
  if (file.records.length === 0) issues.push({ line: 2, field: '', message: '名册没有数据行 (no rows)' });
  return {
    preview: {
      ok: issues.length === 0,
      rows: rows.map((r, i) => ({
        line: file.records[i]?.line ?? 0,
        name: r.name,
        kind: r.kind,
        affiliation: r.affiliation,
        units: r.unitIds.length,
      })),
      issues,
    },
    rows,
  };
}

export async function previewRoster(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  bytes: Uint8Array,
  lang: Lang,
): Promise<RosterPreview> {
  const cycle = await openCycle(deps, actor, cycleId);
  return (await checkRoster(deps, cycle.organiser_id, cycle.id, bytes, lang)).preview;
}

export async function importRoster(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  bytes: Uint8Array,
  lang: Lang,
  requestId: string,
) {
  const cycle = await openCycle(deps, actor, cycleId);
  const checked = await checkRoster(deps, cycle.organiser_id, cycle.id, bytes, lang);
  if (!checked.preview.ok) throw new AppError('validation_failed', { issues: checked.preview.issues });
  const key = personalKey(deps.secret);
  return deps.db.transaction().execute(async (trx) => {
    const counts = await insertRoster(trx, {
      organiserId: cycle.organiser_id,
      cycleId: cycle.id,
      rows: checked.rows.map((r) => ({
        name: r.name,
        kind: r.kind,
        affiliation: r.affiliation,
        contactEncrypted: r.contact ? encryptPersonal(key, r.contact) : null,
        unitIds: r.unitIds,
      })),
    });
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: cycle.organiser_id,
      action: 'roster.import',
      entity: 'cycle',
      entityId: cycle.id,
      after: counts,
      requestId,
    });
    return counts;
  });
}
