// Indicator score sheets of the superior, third-party, self and peer channels: what a source
// may score, the form for one unit, and saving a unit's scores (audited with before and after).
import type { Lang, ScoreSheet, UnitScoreForm, UnitScoresInput } from '@kaimen/contracts';
import {
  appendAudit,
  assessedUnits,
  leafIndicators,
  replaceUnitScores,
  scoresOfSource,
  type UnitScoreSet,
} from '@kaimen/db';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { channelFor, cycleOf, cycleRef, requireOpen, type ScopedActor } from './opinion-scope.ts';

/** Units this actor may score in the cycle, each with its channel, and the leaf indicators. */
export async function scoringScope(deps: AppDeps, actor: ScopedActor, cycleId: string) {
  const cycle = await cycleOf(deps, actor, cycleId);
  const [units, leaves] = await Promise.all([
    assessedUnits(deps.db, actor.organiserId),
    leafIndicators(deps.db, cycle.id),
  ]);
  const ownCategory = units.find((u) => u.id === actor.unitId)?.category_id ?? null;
  const scoped = units.flatMap((u) => {
    const channel = channelFor(actor, u, ownCategory);
    return channel ? [{ ...u, channel }] : [];
  });
  const leavesOf = new Map<string, typeof leaves>();
  for (const leaf of leaves)
    leavesOf.set(leaf.category_id, [...(leavesOf.get(leaf.category_id) ?? []), leaf]);
  return { cycle, units: scoped, leavesOf };
}

export async function scoreSheet(deps: AppDeps, actor: ScopedActor, cycleId: string): Promise<ScoreSheet> {
  const { cycle, units, leavesOf } = await scoringScope(deps, actor, cycleId);
  const scores = await scoresOfSource(deps.db, {
    cycleId: cycle.id,
    sourceOrganisationId: actor.organisationId,
  });
  const scored = new Map<string, number>();
  for (const s of scores)
    scored.set(`${s.unit_id}/${s.channel}`, (scored.get(`${s.unit_id}/${s.channel}`) ?? 0) + 1);
  return {
    cycle: cycleRef(cycle),
    writable: cycle.state === 'open',
    source: actor.organisationId,
    units: units.map((u) => ({
      unitId: u.id,
      code: u.code,
      name: u.name,
      categoryName: u.category_name,
      channel: u.channel,
      indicators: leavesOf.get(u.category_id)?.length ?? 0,
      scored: scored.get(`${u.id}/${u.channel}`) ?? 0,
    })),
  };
}

async function unitInScope(deps: AppDeps, actor: ScopedActor, cycleId: string, unitId: string) {
  const scope = await scoringScope(deps, actor, cycleId);
  const unit = scope.units.find((u) => u.id === unitId);
  // Not in scope looks the same as not there: nobody learns of units they may not score.
  if (!unit) throw new AppError('not_found');
  return { ...scope, unit, leaves: scope.leavesOf.get(unit.category_id) ?? [] };
}

export async function unitScoreForm(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  unitId: string,
): Promise<UnitScoreForm> {
  const { cycle, unit, leaves } = await unitInScope(deps, actor, cycleId, unitId);
  const scores = await scoresOfSource(deps.db, {
    cycleId: cycle.id,
    sourceOrganisationId: actor.organisationId,
    unitId: unit.id,
  });
  const byIndicator = new Map(
    scores.filter((s) => s.channel === unit.channel).map((s) => [s.indicator_id, s]),
  );
  return {
    cycle: cycleRef(cycle),
    writable: cycle.state === 'open',
    unit: { id: unit.id, code: unit.code, name: unit.name, categoryName: unit.category_name },
    channel: unit.channel,
    indicators: leaves.map((l) => ({
      id: l.id,
      code: l.code,
      name: l.name,
      group: l.parent_name,
      kind: l.kind as 'quantitative' | 'qualitative',
      scaleMin: l.scale_min,
      scaleMax: l.scale_max,
      score: byIndicator.get(l.id)?.score ?? null,
      comment: byIndicator.get(l.id)?.comment ?? null,
    })),
  };
}

export function outOfScale(lang: Lang, scale: { scale_min: number; scale_max: number }) {
  return lang === 'en'
    ? `must be between ${scale.scale_min} and ${scale.scale_max}`
    : `分数须在 ${scale.scale_min} 至 ${scale.scale_max} 之间`;
}

/** Writes score sets and the audit entry that records them, in one transaction. */
export async function writeScoreSets(
  deps: AppDeps,
  actor: ScopedActor,
  cycle: { id: string; organiser_id: string },
  sets: UnitScoreSet[],
  requestId: string,
  action: string,
) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await scoresOfSource(trx, {
      cycleId: cycle.id,
      sourceOrganisationId: actor.organisationId,
    });
    const touched = new Set(sets.map((s) => `${s.unitId}/${s.channel}`));
    const written = await replaceUnitScores(trx, {
      cycleId: cycle.id,
      sourceOrganisationId: actor.organisationId,
      createdBy: actor.userId,
      sets,
    });
    const summary = (rows: { unitId: string; channel: string; indicatorId: string; score: number }[]) =>
      rows.map((r) => [r.unitId, r.channel, r.indicatorId, r.score]);
    await appendAudit(trx, {
      actorKind: 'staff',
      actorId: actor.userId,
      organiserId: cycle.organiser_id,
      action,
      entity: 'cycle',
      entityId: cycle.id,
      before: {
        scores: summary(
          before
            .filter((b) => touched.has(`${b.unit_id}/${b.channel}`))
            .map((b) => ({
              unitId: b.unit_id,
              channel: b.channel,
              indicatorId: b.indicator_id,
              score: b.score,
            })),
        ),
      },
      after: {
        scores: summary(
          sets.flatMap((s) => s.scores.map((x) => ({ ...x, unitId: s.unitId, channel: s.channel }))),
        ),
      },
      requestId,
    });
    return written;
  });
}

export async function saveUnitScores(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  unitId: string,
  input: UnitScoresInput,
  lang: Lang,
  requestId: string,
) {
  const { cycle, unit, leaves } = await unitInScope(deps, actor, cycleId, unitId);
  requireOpen(cycle);
  const leafById = new Map(leaves.map((l) => [l.id, l]));
  const issues: { path: string; message: string }[] = [];
  input.scores.forEach((s, i) => {
    const leaf = leafById.get(s.indicatorId);
    if (!leaf)
      issues.push({
        path: `scores.${i}.indicatorId`,
        message: lang === 'en' ? 'not an indicator of this unit’s category' : '不是该单位所属类别的评分指标',
      });
    else if (s.score < leaf.scale_min || s.score > leaf.scale_max)
      issues.push({ path: `scores.${i}.score`, message: `${leaf.name}: ${outOfScale(lang, leaf)}` });
  });
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
  const saved = await writeScoreSets(
    deps,
    actor,
    cycle,
    [
      {
        unitId: unit.id,
        channel: unit.channel,
        scores: input.scores.map((s) => ({
          indicatorId: s.indicatorId,
          score: s.score,
          comment: s.comment || null,
        })),
      },
    ],
    requestId,
    'indicator_scores.save',
  );
  return { unitId: unit.id, channel: unit.channel, scores: saved };
}
