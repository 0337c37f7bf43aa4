// Building a release (organiser admin) and reading it (organiser: the report; assessment agency:
// the report and the rows). A release is stored as 'building' and built in the background, in one
// transaction: one pass over the ratings counts them per cell (service point × day × verified),
// the generalisation is chosen from group counts made from those cells, then the rows are
// written by one INSERT … SELECT joined to the kept cells.
import { randomBytes } from 'node:crypto';
import type { Release, ReleaseInput } from '@kaimen/contracts';
import {
  type Actor,
  appendAudit,
  createKeptGroups,
  createReleaseBase,
  failRelease,
  findRelease,
  finishRelease,
  insertRelease,
  insertReleaseRows,
  listAgencies,
  listReleases,
  loadCycleForScoring,
  lockBuildingRelease,
  rateAspects,
  releaseAgencies,
  releaseLevelTotals,
  shareRelease,
} from '@kaimen/db';
import { type AnonymitySettings, chooseGeneralisation, keptFigures, outcomeFromTotals } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { codebookOf, neverReleased, partsOf } from './release-codebook.ts';
import { scrubKeptComments } from './release-comments.ts';
import { releaseFileDigests } from './release-download.ts';
import { releasePanel } from './release-panel.ts';

type ScopedActor = Actor & { organiserId: string };

/**
 * Starts a release: checks the request, stores the release as 'building' (shared with its
 * agencies, who see it only once ready) and builds it in the background, since a cycle of
 * millions of ratings takes minutes. The caller polls the release until it is ready or failed.
 */
export async function startRelease(
  deps: AppDeps,
  actor: ScopedActor,
  cycleId: string,
  input: ReleaseInput,
  requestId: string,
): Promise<Release> {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  const agencies = new Set((await listAgencies(deps.db)).map((a) => a.id));
  const unknown = input.agencyIds.filter((id) => !agencies.has(id));
  if (unknown.length)
    throw new AppError('validation_failed', {
      issues: unknown.map((id) => ({ path: 'agencyIds', message: `unknown assessment agency ${id}` })),
    });
  const id = await deps.db.transaction().execute(async (trx) => {
    const release = await insertRelease(trx, {
      organiserId: actor.organiserId,
      cycleId,
      name: input.name,
      settings: input,
      createdBy: actor.userId,
    });
    await shareRelease(trx, release.id, input.agencyIds);
    return release.id;
  });
  const view = (await releaseView(deps, id))?.release as Release;
  const build = buildRelease(deps, actor, id, cycleId, input, requestId);
  building.add(build);
  void build.finally(() => building.delete(build));
  return view;
}

const building = new Set<Promise<void>>();
/** Settles once every build this process started has ended (for tests and graceful stops). */
export const releaseBuildsSettled = async () => {
  await Promise.all([...building]);
};

/**
 * Builds a stored release in one transaction that holds the release row locked (so the
 * maintenance sweep, which skips locked rows, never fails a build in progress): the
 * generalisation is chosen from group counts the database makes, then the rows are written by
 * INSERT … SELECT and the manifest made. A failure marks the release failed and is audited.
 */
async function buildRelease(
  deps: AppDeps,
  actor: ScopedActor,
  releaseId: string,
  cycleId: string,
  input: ReleaseInput,
  requestId: string,
): Promise<void> {
  const parts = { comments: input.includeComments, panel: input.includePanel };
  const settings: AnonymitySettings = {
    k: input.k,
    l: input.l,
    maxSuppressedShare: input.maxSuppressedPercent / 100,
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      if ((await lockBuildingRelease(trx, releaseId)) !== 'building') return;
      await createReleaseBase(trx, cycleId);
      const outcomes = (await releaseLevelTotals(trx, settings.k, settings.l)).map(outcomeFromTotals);
      const choice = chooseGeneralisation(outcomes, settings);
      await createKeptGroups(trx, { place: choice.place, time: choice.time, k: settings.k, l: settings.l });
      const comments = input.includeComments ? await scrubKeptComments(trx, cycleId) : ('excluded' as const);
      // The row order is shuffled by a hash keyed per release, never kept.
      const written = await insertReleaseRows(trx, {
        cycleId,
        releaseId,
        salt: randomBytes(16).toString('hex'),
        comments: input.includeComments,
      });
      if (written !== choice.keptRows)
        throw new Error(`release rows ${written} ≠ counted ${choice.keptRows}`);
      const panel = input.includePanel
        ? await releasePanel(trx, releaseId, cycleId, settings, written)
        : null;
      const report = {
        k: settings.k,
        l: settings.l,
        generalisation: { place: choice.place, time: choice.time },
        ...keptFigures(choice),
        candidates: outcomes.map((o) => ({ place: o.place, time: o.time, suppressedRows: o.suppressedRows })),
        comments,
        neverReleased: neverReleased(parts),
        panel: panel?.report ?? null,
      };
      // The manifest: row count and SHA-256 of each file as it will be downloaded (the files are
      // generated the same way, byte for byte, every time).
      const codebook = codebookOf(await rateAspects(trx, cycleId), parts);
      const files = await releaseFileDigests(trx, { id: releaseId, codebook, name: input.name });
      const rows = written + (panel?.written ?? 0);
      await finishRelease(trx, releaseId, { ...report, files }, rows);
      await appendAudit(trx, {
        actorKind: 'staff',
        actorId: actor.userId,
        organiserId: actor.organiserId,
        action: 'release.build',
        entity: 'dataset_release',
        entityId: releaseId,
        after: {
          name: input.name,
          cycleId,
          settings: { ...input },
          rows,
          generalisation: report.generalisation,
          panelGeneralisation: panel?.report.generalisation ?? null,
        },
        requestId,
      });
    });
  } catch (error) {
    // The message only: a database error's detail could quote a row.
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`[api] release ${releaseId} failed: ${reason}`);
    try {
      await failRelease(deps.db, releaseId);
      await appendAudit(deps.db, {
        actorKind: 'system',
        actorId: null,
        organiserId: actor.organiserId,
        action: 'release.failed',
        entity: 'dataset_release',
        entityId: releaseId,
        before: { status: 'building' },
        after: { status: 'failed', reason },
        requestId,
      });
    } catch (again) {
      // The database is gone too (e.g. the process is stopping): the maintenance sweep will mark it.
      console.error(`[api] release ${releaseId} left building: ${(again as Error).message}`);
    }
  }
}

type ReleaseRow = NonNullable<Awaited<ReturnType<typeof findRelease>>>;

/** A stored release as the API shows it (the codebook only where one release is shown). */
function viewOf(r: ReleaseRow): Omit<Release, 'codebook'> {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    name: r.name,
    state: r.state as Release['state'],
    rowCount: r.row_count === null ? null : Number(r.row_count),
    createdAt: r.created_at.toISOString(),
    report: (r.report ?? null) as Release['report'],
    agencyIds: r.agencyIds,
  };
}

/** One release with its codebook, and the organiser it belongs to. */
async function releaseView(deps: AppDeps, id: string) {
  const r = await findRelease(deps.db, id);
  if (!r) return null;
  const release: Release = {
    ...viewOf(r),
    codebook: codebookOf(await rateAspects(deps.db, r.cycle_id), partsOf(r.settings)),
  };
  return { release, organiserId: r.organiser_id };
}

/** The releases a caller may see: an organiser's own, or those shared with an agency. */
export async function releasesFor(deps: AppDeps, who: { organiserId: string } | { agencyId: string }) {
  const rows = await listReleases(deps.db, who);
  const agencies = await releaseAgencies(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => viewOf({ ...r, agencyIds: agencies.get(r.id) ?? [] }));
}

/** One release for an organiser's staff (their own) or an agency (shared with it), else 404. */
export async function releaseFor(
  deps: AppDeps,
  id: string,
  who: { organiserId: string } | { agencyId: string },
) {
  const found = await releaseView(deps, id);
  const visible =
    found &&
    ('organiserId' in who
      ? found.organiserId === who.organiserId
      : found.release.agencyIds.includes(who.agencyId) && found.release.state === 'ready');
  if (!visible) throw new AppError('not_found');
  return found;
}
