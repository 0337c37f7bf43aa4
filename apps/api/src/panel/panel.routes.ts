// Panel routes: the organiser's roster, invitations and participation; the invitation
// exchange; and the representative's own screens (evaluator session only).
import {
  invitationExchangeSchema,
  invitationRequestSchema,
  invitationWithdrawSchema,
  panelBallotInputSchema,
} from '@kaimen/contracts';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { requestLang } from '../errors.ts';
import { readUpload } from '../uploads/read-upload.ts';
import { check, readJson } from '../validation.ts';
import {
  exchange,
  issueInvitations,
  participation,
  previewInvitation,
  withdrawInvitations,
} from './invitation.service.ts';
import { panelHome, panelUnit, requireEvaluator, saveUnitDraft, submitUnit } from './panel.service.ts';
import { importRoster, previewRoster } from './roster.service.ts';
import { rosterTemplate } from './roster-template.ts';

const cycleParam = z.object({ id: z.uuid() });
const unitParam = z.object({ unitId: z.uuid() });

export const panelRoutes = new Hono<AppEnv>()
  .get('/roster-template.csv', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    return c.body(`\ufeff${await rosterTemplate(c.var.deps, actor)}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="roster-template.csv"',
    });
  })
  .post('/cycles/:id/roster/preview', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json(await previewRoster(c.var.deps, actor, id, await readUpload(c), requestLang(c)));
  })
  .post('/cycles/:id/roster', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, cycleParam, c.req.param());
    const bytes = await readUpload(c);
    return c.json(await importRoster(c.var.deps, actor, id, bytes, requestLang(c), c.var.requestId), 201);
  })
  .post('/cycles/:id/invitations', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, cycleParam, c.req.param());
    const request = await readJson(c, invitationRequestSchema);
    c.header('Cache-Control', 'no-store');
    return c.json(await issueInvitations(c.var.deps, actor, id, request, c.var.requestId), 201);
  })
  .post('/cycles/:id/invitations/withdraw', async (c) => {
    const actor = await authorize(c, ['organiser_admin']);
    const { id } = check(c, cycleParam, c.req.param());
    const { evaluatorIds } = await readJson(c, invitationWithdrawSchema);
    return c.json(await withdrawInvitations(c.var.deps, actor, id, evaluatorIds, c.var.requestId));
  })
  .post('/invitations/preview', async (c) => {
    const { token } = await readJson(c, invitationExchangeSchema);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.json(await previewInvitation(c.var.deps, token));
  })
  .get('/cycles/:id/participation', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json(await participation(c.var.deps, actor, id));
  })
  .post('/invitations/exchange', async (c) => {
    const { token } = await readJson(c, invitationExchangeSchema);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.json(await exchange(c.var.deps, token, c.var.requestId), 201);
  })
  .get('/panel', async (c) => {
    const invitation = await requireEvaluator(c);
    return c.json(await panelHome(c.var.deps, invitation));
  })
  .get('/panel/units/:unitId', async (c) => {
    const invitation = await requireEvaluator(c);
    const { unitId } = check(c, unitParam, c.req.param());
    return c.json(await panelUnit(c.var.deps, invitation, unitId));
  })
  .put('/panel/units/:unitId/draft', async (c) => {
    const invitation = await requireEvaluator(c);
    const { unitId } = check(c, unitParam, c.req.param());
    const input = await readJson(c, panelBallotInputSchema);
    await saveUnitDraft(c.var.deps, invitation, unitId, input, c.var.requestId);
    return c.body(null, 204);
  })
  .post('/panel/units/:unitId/submission', async (c) => {
    const invitation = await requireEvaluator(c);
    const { unitId } = check(c, unitParam, c.req.param());
    const input = await readJson(c, panelBallotInputSchema);
    await submitUnit(c.var.deps, invitation, unitId, input, c.var.requestId);
    return c.json({ unitId, submitted: true }, 201);
  });
