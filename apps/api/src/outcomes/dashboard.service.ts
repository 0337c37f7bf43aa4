// The organiser's cycle dashboard (and a unit liaison's view of its own unit): the figures
// behind each chart at one drill-down level. Ranks and the histogram of live scores come from
// the live standings (running tallies), the per-day and per-week series from the week rollup
// (kept exact on write), so every read is fresh and costs the same at 10M ratings as at 200k:
// nothing is cached, and the first organiser to open a drill-down waits no longer than the next.
import { type DashboardResponse, scoringPolicyOf, type UnitBreakdown } from '@kaimen/contracts';
import {
  type Actor,
  type DashboardScope,
  listRevisions,
  loadCycleForScoring,
  negativeCountsByServicePoint,
  openCaseDueDates,
  ratingSeries,
  revisionUnits,
  scopeChildren,
  scopeNames,
} from '@kaimen/db';
import { deadlineBuckets, histogram, rateOrSuppressed, round3, sortByRateDescending } from '@kaimen/domain';
import { chinaDay } from '../citizen/rating-context.ts';
import { type AppDeps, readDbOf } from '../deps.ts';
import { AppError } from '../errors.ts';
import { standingsOf } from './standings.service.ts';

/** The worst service points shown; the CSV of the chart has the same rows. */
const NEGATIVE_RATE_ROWS = 30;

export async function dashboardOf(
  deps: AppDeps,
  actor: Actor & { organiserId: string },
  cycleId: string,
  wanted: { category?: string | undefined; unit?: string | undefined },
): Promise<DashboardResponse> {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  // A unit liaison sees its own unit and nothing else, whatever it asks for. A unit's category is
  // its own, whatever category was asked for alongside it.
  const unitWanted = actor.unitId ?? wanted.unit ?? null;
  const categoryWanted = unitWanted ? null : (wanted.category ?? null);
  const names = await scopeNames(deps.db, cycle.organiser_id, categoryWanted, unitWanted);
  if ((categoryWanted && !names.category) || (unitWanted && !names.unit)) throw new AppError('not_found');
  const unit = names.unit ?? null;
  const category = names.category ?? (unit ? { id: unit.category_id, name: unit.category_name } : null);
  const scope: DashboardScope = { cycleId, categoryId: category?.id ?? null, unitId: unit?.id ?? null };
  const policy = scoringPolicyOf(cycle.policy);

  // Charts may be a few seconds old: the read replica when there is one (its lag is bounded).
  const charts = readDbOf(deps);
  const [series, children, negative, dueDates, standings, revision] = await Promise.all([
    ratingSeries(charts, scope),
    scopeChildren(charts, cycle.organiser_id, scope),
    negativeCountsByServicePoint(charts, scope),
    openCaseDueDates(charts, scope),
    standingsOf(deps, actor, cycleId),
    latestRevision(deps, cycleId, actor.unitId !== null),
  ]);
  const inScope = standings.units.filter(
    (u) =>
      (!scope.unitId || u.unitId === scope.unitId) &&
      (!scope.categoryId || u.category.id === scope.categoryId),
  );
  const childName = new Map(children.map((c) => [c.id, c.name]));
  const revisionRows = revision
    ? (await revisionUnits(deps.db, revision.id, scope.unitId ?? undefined)).filter(
        (u) => !scope.categoryId || u.category_id === scope.categoryId,
      )
    : [];

  return {
    cycleId,
    asOf: deps.now().toISOString(),
    minCitizenSample: policy.minCitizenSample,
    scope: {
      level: scope.unitId ? 'unit' : scope.categoryId ? 'category' : 'cycle',
      category: category ? { id: category.id, name: category.name } : null,
      unit: unit ? { id: unit.id, name: unit.name } : null,
    },
    children,
    ratingsPerDay: series.perDay,
    satisfactionTrend: series.perWeek.map((w) => ({
      seriesId: w.seriesId,
      seriesName: childName.get(w.seriesId) ?? '—',
      week: w.week,
      n: w.n,
      satisfiedShare: nullableRound(rateOrSuppressed(w.satisfied, w.n, policy.minCitizenSample)),
    })),
    channels: {
      revision: revision ? { id: revision.id, revision: revision.revision, state: revision.state } : null,
      rows: scope.categoryId
        ? revisionRows.map((u) => ({
            id: u.unit_id,
            name: u.unit_name,
            composite: u.composite,
            contributions: contributionsOf([u.breakdown as UnitBreakdown]),
          }))
        : perCategory(revisionRows),
    },
    scoreHistogram: revision
      ? {
          source: 'revision',
          bins: histogram(revisionRows.flatMap((u) => (u.composite === null ? [] : [u.composite]))),
        }
      : {
          source: 'live',
          bins: histogram(inScope.flatMap((u) => (u.sufficient && u.score !== null ? [u.score] : []))),
        },
    ranks: inScope.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      n: u.n,
      rank: u.rank,
      score: u.sufficient ? u.score : null,
      ci: u.sufficient ? u.ci : null,
    })),
    negativeRate: sortByRateDescending(
      negative.map((p) => ({
        servicePointId: p.service_point_id,
        servicePointName: p.service_point_name,
        unitName: p.unit_name,
        n: p.n,
        negative: p.negative,
        rate: nullableRound(rateOrSuppressed(p.negative, p.n, policy.minCitizenSample)),
      })),
    ).slice(0, NEGATIVE_RATE_ROWS),
    caseDeadlines: deadlineBuckets(
      dueDates.map((d) => ({ dueOn: d.due_on, n: d.n })),
      chinaDay(deps.now()),
    ),
  };
}

const nullableRound = (x: number | null) => (x === null ? null : round3(x));

/** The newest revision; a liaison only ever sees a published one. */
async function latestRevision(deps: AppDeps, cycleId: string, publishedOnly: boolean) {
  const revisions = await listRevisions(deps.db, cycleId);
  return revisions.find((r) => (publishedOnly ? r.state === 'published' : r.state !== 'superseded')) ?? null;
}

/** Mean contribution of each channel over the units of a set of breakdowns. */
function contributionsOf(breakdowns: readonly UnitBreakdown[]) {
  const sums = new Map<string, number>();
  for (const b of breakdowns)
    for (const ch of b.channels) sums.set(ch.channel, (sums.get(ch.channel) ?? 0) + ch.contribution);
  return [...sums].map(([channel, sum]) => ({ channel, contribution: round3(sum / breakdowns.length) }));
}

function perCategory(rows: Awaited<ReturnType<typeof revisionUnits>>) {
  const byCategory = new Map<string, typeof rows>();
  for (const r of rows) byCategory.set(r.category_id, [...(byCategory.get(r.category_id) ?? []), r]);
  return [...byCategory.values()].map((units) => {
    const composites = units.flatMap((u) => (u.composite === null ? [] : [u.composite]));
    const first = units[0] as (typeof units)[number];
    return {
      id: first.category_id,
      name: first.category_name,
      composite: composites.length ? round3(composites.reduce((a, b) => a + b, 0) / composites.length) : null,
      contributions: contributionsOf(units.map((u) => u.breakdown as UnitBreakdown)),
    };
  });
}
