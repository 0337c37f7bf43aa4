// Institutional opinions: score sheets (superior, third-party, self, peer) by form and by
// spreadsheet, petition opinions, discipline findings. Handlers validate, call a service, answer.
import {
  disciplineFindingInputSchema,
  petitionOpinionInputSchema,
  unitScoresInputSchema,
  withdrawFindingSchema,
} from '@kaimen/contracts';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { requestLang } from '../errors.ts';
import { readUpload } from '../uploads/read-upload.ts';
import { check, readJson } from '../validation.ts';
import { disciplineBoard, recordFinding, withdrawFinding } from './discipline.service.ts';
import { SCORING_ROLES } from './opinion-scope.ts';
import { petitionBoard, savePetitionOpinion } from './petition.service.ts';
import { importScores, previewScoreImport, scoreTemplate } from './score-import.service.ts';
import { saveUnitScores, scoreSheet, unitScoreForm } from './score-sheet.service.ts';

const cycleParam = z.object({ id: z.uuid() });
const unitParam = z.object({ id: z.uuid(), unitId: z.uuid() });
const findingParam = z.object({ id: z.uuid() });

export const opinionRoutes = new Hono<AppEnv>()
  .get('/cycles/:id/score-sheet', async (c) => {
    const actor = await authorize(c, SCORING_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json(await scoreSheet(c.var.deps, actor, id));
  })
  .get('/cycles/:id/score-sheet/units/:unitId', async (c) => {
    const actor = await authorize(c, SCORING_ROLES);
    const { id, unitId } = check(c, unitParam, c.req.param());
    return c.json(await unitScoreForm(c.var.deps, actor, id, unitId));
  })
  .put('/cycles/:id/score-sheet/units/:unitId', async (c) => {
    const actor = await authorize(c, SCORING_ROLES);
    const { id, unitId } = check(c, unitParam, c.req.param());
    const input = await readJson(c, unitScoresInputSchema);
    return c.json(
      await saveUnitScores(c.var.deps, actor, id, unitId, input, requestLang(c), c.var.requestId),
    );
  })
  .get('/cycles/:id/score-sheet/template.xlsx', async (c) => {
    const actor = await authorize(c, SCORING_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    const bytes = await scoreTemplate(c.var.deps, actor, id);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="score-sheet.xlsx"; filename*=UTF-8''${encodeURIComponent('评分表.xlsx')}`,
      'cache-control': 'no-store',
    });
  })
  .post('/cycles/:id/score-sheet/preview', async (c) => {
    const actor = await authorize(c, SCORING_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json(await previewScoreImport(c.var.deps, actor, id, await readUpload(c), requestLang(c)));
  })
  .post('/cycles/:id/score-sheet/import', async (c) => {
    const actor = await authorize(c, SCORING_ROLES);
    const { id } = check(c, cycleParam, c.req.param());
    const bytes = await readUpload(c);
    return c.json(await importScores(c.var.deps, actor, id, bytes, requestLang(c), c.var.requestId), 201);
  })
  .get('/cycles/:id/petition-opinions', async (c) => {
    const actor = await authorize(c, [...ORGANISER_ROLES, 'petition_officer']);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json(await petitionBoard(c.var.deps, actor, id));
  })
  .put('/cycles/:id/petition-opinions', async (c) => {
    const actor = await authorize(c, ['petition_officer']);
    const { id } = check(c, cycleParam, c.req.param());
    const input = await readJson(c, petitionOpinionInputSchema);
    return c.json(await savePetitionOpinion(c.var.deps, actor, id, input, c.var.requestId));
  })
  .get('/cycles/:id/discipline-findings', async (c) => {
    const actor = await authorize(c, [...ORGANISER_ROLES, 'discipline_officer']);
    const { id } = check(c, cycleParam, c.req.param());
    return c.json(await disciplineBoard(c.var.deps, actor, id));
  })
  .post('/cycles/:id/discipline-findings', async (c) => {
    const actor = await authorize(c, ['discipline_officer']);
    const { id } = check(c, cycleParam, c.req.param());
    const input = await readJson(c, disciplineFindingInputSchema);
    return c.json(await recordFinding(c.var.deps, actor, id, input, c.var.requestId), 201);
  })
  .post('/discipline-findings/:id/withdraw', async (c) => {
    const actor = await authorize(c, ['discipline_officer']);
    const { id } = check(c, findingParam, c.req.param());
    const { reason } = await readJson(c, withdrawFindingSchema);
    await withdrawFinding(c.var.deps, actor, id, reason, c.var.requestId);
    return c.body(null, 204);
  });
