import {
  acceptTermsSchema,
  apiKeyInputSchema,
  DATA_USE_TERMS_VERSION,
  releaseDownloadParamSchema,
  releaseInputSchema,
} from '@kaimen/contracts';
import {
  acceptTerms,
  appendAudit,
  cycleOrganisers,
  hasAcceptedTerms,
  insertAgencyKey,
  listAgencies,
  listAgencyKeys,
  loadActor,
  revokeAgencyKey,
} from '@kaimen/db';
import { hashToken, newToken } from '@kaimen/domain';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import { bearerToken } from '../auth/auth.middleware.ts';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';
import { openApiDocument } from '../openapi/openapi.ts';
import { check, readJson, readNoBody } from '../validation.ts';
import { type AgencyCaller, API_KEY_PREFIX, agencyCaller, requireTermsAccepted } from './agency-access.ts';
import { releaseFor, releasesFor, startRelease } from './release.service.ts';
import { releaseBinaryStream, releaseStream, releaseXlsxStream, XLSX_MAX_ROWS } from './release-download.ts';
import { releaseTable } from './release-table.ts';
import { DATA_USE_TERMS } from './terms.ts';

const idParam = z.object({ id: z.uuid() });

/** An organiser's staff read their own releases; an agency (staff or key) those shared with it. */
type Reader = { organiserId: string; caller?: undefined } | { agencyId: string; caller: AgencyCaller };
async function reader(c: Context<AppEnv>): Promise<Reader> {
  const token = bearerToken(c);
  if (!token?.startsWith(API_KEY_PREFIX) && c.var.staffUserId) {
    const actor = await loadActor(c.var.deps.db, c.var.staffUserId);
    if (
      actor &&
      actor.organisationKind === 'organiser' &&
      actor.roles.some((r) => ORGANISER_ROLES.includes(r as never))
    )
      return { organiserId: actor.organiserId as string };
  }
  const caller = await agencyCaller(c, { allowKey: true });
  return { agencyId: caller.agencyId, caller };
}

/** The release in the path, if this reader may see it (an API key only within its organiser and cycles). */
async function visibleRelease(c: Context<AppEnv>, who: Reader) {
  const { id } = check(c, idParam, c.req.param());
  const found = await releaseFor(
    c.var.deps,
    id,
    'organiserId' in who ? { organiserId: who.organiserId } : { agencyId: who.agencyId },
  );
  const scope = who.caller?.scope ?? null;
  if (scope && (scope.organiserId !== found.organiserId || !scope.cycleIds.includes(found.release.cycleId)))
    throw new AppError('not_found');
  return found;
}

export const releaseRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)))
  .get('/agencies', async (c) => {
    await authorize(c, ORGANISER_ROLES);
    return c.json({ agencies: await listAgencies(c.var.deps.db) });
  })
  .post('/cycles/:id/releases', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, idParam, c.req.param());
    const input = await readJson(c, releaseInputSchema);
    const release = await startRelease(c.var.deps, actor, id, input, c.var.requestId);
    c.header('Location', `/v1/releases/${release.id}`);
    return c.json(release, 202);
  })
  .get('/releases', async (c) => {
    const who = await reader(c);
    const releases = await releasesFor(
      c.var.deps,
      'organiserId' in who ? { organiserId: who.organiserId } : { agencyId: who.agencyId },
    );
    const scope = who.caller?.scope ?? null;
    return c.json({
      releases: scope ? releases.filter((r) => scope.cycleIds.includes(r.cycleId)) : releases,
    });
  })
  .get('/releases/:id', async (c) => {
    const { release } = await visibleRelease(c, await reader(c));
    c.header('Cache-Control', 'no-store');
    return c.json(release);
  })
  .get('/releases/:id/table', async (c) => {
    const { release } = await visibleRelease(c, await reader(c));
    c.header('Cache-Control', 'no-store');
    return c.json(await releaseTable(c.var.deps, release.id));
  })
  .get('/releases/:id/:file', async (c) => {
    const caller = await agencyCaller(c, { allowKey: true });
    const { file } = check(c, releaseDownloadParamSchema, c.req.param());
    const { release, organiserId } = await visibleRelease(c, { agencyId: caller.agencyId, caller });
    await requireTermsAccepted(c, caller.agencyId);
    c.header('Cache-Control', 'no-store');
    const attachment = (ext: string) =>
      `attachment; filename="kaimen-release-${release.id.slice(0, 8)}.${ext}"`;
    if (file === 'rows.xlsx') {
      if ((release.rowCount ?? 0) > XLSX_MAX_ROWS)
        throw new AppError('validation_failed', {
          issues: [{ path: 'file', message: `XLSX is offered up to ${XLSX_MAX_ROWS} rows; use rows.csv` }],
        });
      return c.body(releaseXlsxStream(c.var.deps, release, organiserId, caller, c.var.requestId), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': attachment('xlsx'),
      });
    }
    if (file === 'rows.parquet' || file === 'rows.sav') {
      const format = file === 'rows.parquet' ? 'parquet' : 'sav';
      return c.body(
        releaseBinaryStream(c.var.deps, release, organiserId, format, caller, c.var.requestId),
        200,
        {
          'content-type': format === 'parquet' ? 'application/vnd.apache.parquet' : 'application/x-spss-sav',
          'content-disposition': attachment(format),
        },
      );
    }
    const format = file === 'rows.csv' ? 'csv' : 'jsonl';
    return c.body(releaseStream(c.var.deps, release, organiserId, format, caller, c.var.requestId), 200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': attachment(format),
    });
  })
  .get('/agency/terms', async (c) => {
    const caller = await agencyCaller(c, { allowKey: false });
    const acceptedAt = await hasAcceptedTerms(c.var.deps.db, caller.agencyId, DATA_USE_TERMS_VERSION);
    return c.json({
      version: DATA_USE_TERMS_VERSION,
      text: DATA_USE_TERMS,
      acceptedAt: acceptedAt?.toISOString() ?? null,
    });
  })
  .post('/agency/terms', async (c) => {
    const caller = await agencyCaller(c, { allowKey: false });
    const { version } = await readJson(c, acceptTermsSchema);
    await acceptTerms(c.var.deps.db, caller.agencyId, version, caller.staffUserId as string);
    await appendAudit(c.var.deps.db, {
      actorKind: 'staff',
      actorId: caller.staffUserId,
      organiserId: null,
      action: 'terms.accept',
      entity: 'organisation',
      entityId: caller.agencyId,
      after: { version },
      requestId: c.var.requestId,
    });
    return c.body(null, 204);
  })
  .get('/agency/api-keys', async (c) => {
    const caller = await agencyCaller(c, { allowKey: false });
    const keys = await listAgencyKeys(c.var.deps.db, caller.agencyId);
    return c.json({
      keys: keys.map((k) => ({
        id: k.id,
        prefix: k.key_prefix,
        cycleIds: k.cycle_ids,
        createdAt: k.created_at.toISOString(),
        expiresAt: k.expires_at.toISOString(),
        revokedAt: k.revoked_at?.toISOString() ?? null,
        lastUsedAt: k.last_used_at?.toISOString() ?? null,
      })),
    });
  })
  .post('/agency/api-keys', async (c) => {
    const caller = await agencyCaller(c, { allowKey: false });
    const input = await readJson(c, apiKeyInputSchema);
    const cycles = await cycleOrganisers(c.var.deps.db, input.cycleIds);
    const organisers = new Set(cycles.map((x) => x.organiser_id));
    if (cycles.length !== new Set(input.cycleIds).size || organisers.size !== 1)
      throw new AppError('validation_failed', {
        issues: [{ path: 'cycleIds', message: 'cycles must exist and belong to one organiser' }],
      });
    // 256 random bits; the prefix lets the agency tell its keys apart without exposing them.
    const key = `${API_KEY_PREFIX}${newToken().token}`;
    const expiresAt = new Date(c.var.deps.now().getTime() + input.validDays * 86_400_000);
    const row = await c.var.deps.db.transaction().execute(async (trx) => {
      const inserted = await insertAgencyKey(trx, {
        agencyId: caller.agencyId,
        organiserId: [...organisers][0] as string,
        cycleIds: [...new Set(input.cycleIds)],
        keyHash: hashToken(key),
        keyPrefix: key.slice(0, 7),
        expiresAt,
      });
      await appendAudit(trx, {
        actorKind: 'staff',
        actorId: caller.staffUserId,
        organiserId: null,
        action: 'agency_key.create',
        entity: 'agency_api_key',
        entityId: inserted.id,
        after: { cycleIds: input.cycleIds, expiresAt: expiresAt.toISOString() },
        requestId: c.var.requestId,
      });
      return inserted;
    });
    return c.json({ id: row.id, key, expiresAt: row.expires_at.toISOString() }, 201);
  })
  .post('/agency/api-keys/:id/revoke', async (c) => {
    const caller = await agencyCaller(c, { allowKey: false });
    await readNoBody(c);
    const { id } = check(c, idParam, c.req.param());
    const done = await c.var.deps.db.transaction().execute(async (trx) => {
      if (!(await revokeAgencyKey(trx, caller.agencyId, id, c.var.deps.now()))) return false;
      await appendAudit(trx, {
        actorKind: 'staff',
        actorId: caller.staffUserId,
        organiserId: null,
        action: 'agency_key.revoke',
        entity: 'agency_api_key',
        entityId: id,
        // The update only matches a live key, so it was not revoked before.
        before: { revoked: false },
        after: { revoked: true },
        requestId: c.var.requestId,
      });
      return true;
    });
    if (!done) throw new AppError('not_found');
    return c.body(null, 204);
  });
