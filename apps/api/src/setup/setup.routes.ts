// Setting up an assessment (organiser admins write, organiser staff read): categories, units,
// service points and volumes, cycles with phases, indicator trees, channel weights, policy.
import {
  CATEGORY_FILE_COLUMNS,
  categoryInputSchema,
  categoryPatchSchema,
  channelWeightsInputSchema,
  cycleInputSchema,
  cycleTransitionSchema,
  deviceInputSchema,
  indicatorInputSchema,
  indicatorMoveSchema,
  indicatorPatchSchema,
  indicatorWeightsInputSchema,
  phasesInputSchema,
  policyInputSchema,
  servicePointInputSchema,
  servicePointPatchSchema,
  serviceVolumeInputSchema,
  UNIT_FILE_COLUMNS,
  unitInputSchema,
  unitPatchSchema,
} from '@kaimen/contracts';
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize, ORGANISER_ROLES } from '../access/authorize.ts';
import type { AppEnv } from '../deps.ts';
import { requestLang } from '../errors.ts';
import { csvText } from '../exports/spreadsheet-writer.ts';
import { readUpload } from '../uploads/read-upload.ts';
import { check, readJson, readNoBody } from '../validation.ts';
import { importCategories, previewCategoryImport } from './category-import.service.ts';
import { deleteCycle } from './cycle-removal.service.ts';
import {
  addIndicator,
  createCycle,
  cycleSetup,
  editIndicator,
  moveIndicator,
  setChannelWeights,
  setIndicatorWeights,
  setPhases,
  setPolicy,
} from './cycle-setup.service.ts';
import { transitionCycle } from './cycle-transition.service.ts';
import { issueDevice, qrKeyVersions, withdrawDevice } from './device.service.ts';
import {
  createCategory,
  createServicePoint,
  createUnit,
  editCategory,
  editServicePoint,
  editUnit,
  recordServiceVolume,
  servicePointsOf,
  structureOf,
} from './structure.service.ts';
import { importUnits, previewUnitImport } from './unit-import.service.ts';

const ADMIN = ['organiser_admin'] as const;

const CATEGORY_TEMPLATE = csvText([
  CATEGORY_FILE_COLUMNS.map(([zh]) => zh),
  ['window-service', '窗口服务类', 'Window services'],
  ['law-enforcement', '执法监管类', ''],
]);
const UNIT_TEMPLATE = csvText([
  UNIT_FILE_COLUMNS.map(([zh]) => zh),
  ['tax-bureau', '省税务局', 'law-enforcement', '', 'Provincial Tax Bureau'],
  ['tax-hall', '省税务局办税服务厅', 'window-service', 'tax-bureau', ''],
]);
const idParam = z.object({ id: z.uuid() });
const weightParam = z.object({ id: z.uuid(), categoryId: z.uuid() });

export const setupRoutes = new Hono<AppEnv>()
  .get('/setup/structure', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    return c.json(await structureOf(c.var.deps, actor));
  })
  .post('/setup/categories', async (c) => {
    const actor = await authorize(c, ADMIN);
    const input = await readJson(c, categoryInputSchema);
    return c.json(await createCategory(c.var.deps, actor, input, c.var.requestId), 201);
  })
  .patch('/setup/categories/:id', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    await editCategory(c.var.deps, actor, id, await readJson(c, categoryPatchSchema), c.var.requestId);
    return c.body(null, 204);
  })
  .post('/setup/units', async (c) => {
    const actor = await authorize(c, ADMIN);
    const input = await readJson(c, unitInputSchema);
    return c.json(await createUnit(c.var.deps, actor, input, c.var.requestId), 201);
  })
  .get('/setup/units-template.csv', async (c) => {
    await authorize(c, ORGANISER_ROLES);
    return c.body(`\ufeff${UNIT_TEMPLATE}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="units-template.csv"',
    });
  })
  .get('/setup/categories-template.csv', async (c) => {
    await authorize(c, ORGANISER_ROLES);
    return c.body(`\ufeff${CATEGORY_TEMPLATE}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="categories-template.csv"',
    });
  })
  .post('/setup/categories/import/preview', async (c) => {
    const actor = await authorize(c, ADMIN);
    return c.json(await previewCategoryImport(c.var.deps, actor, await readUpload(c), requestLang(c)));
  })
  .post('/setup/categories/import', async (c) => {
    const actor = await authorize(c, ADMIN);
    const bytes = await readUpload(c);
    return c.json(await importCategories(c.var.deps, actor, bytes, requestLang(c), c.var.requestId), 201);
  })
  .post('/setup/units/import/preview', async (c) => {
    const actor = await authorize(c, ADMIN);
    return c.json(await previewUnitImport(c.var.deps, actor, await readUpload(c), requestLang(c)));
  })
  .post('/setup/units/import', async (c) => {
    const actor = await authorize(c, ADMIN);
    const bytes = await readUpload(c);
    return c.json(await importUnits(c.var.deps, actor, bytes, requestLang(c), c.var.requestId), 201);
  })
  .patch('/setup/units/:id', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    await editUnit(c.var.deps, actor, id, await readJson(c, unitPatchSchema), c.var.requestId);
    return c.body(null, 204);
  })
  .get('/setup/units/:id/service-points', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, idParam, c.req.param());
    return c.json(await servicePointsOf(c.var.deps, actor, id));
  })
  .post('/setup/units/:id/service-points', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const input = await readJson(c, servicePointInputSchema);
    return c.json(await createServicePoint(c.var.deps, actor, id, input, c.var.requestId), 201);
  })
  .patch('/setup/service-points/:id', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    await editServicePoint(
      c.var.deps,
      actor,
      id,
      await readJson(c, servicePointPatchSchema),
      c.var.requestId,
    );
    return c.body(null, 204);
  })
  .post('/setup/service-points/:id/devices', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const input = await readJson(c, deviceInputSchema);
    c.header('Cache-Control', 'no-store');
    return c.json(await issueDevice(c.var.deps, actor, id, input, c.var.requestId), 201);
  })
  .post('/setup/devices/:id/revoke', async (c) => {
    const actor = await authorize(c, ADMIN);
    await readNoBody(c);
    const { id } = check(c, idParam, c.req.param());
    await withdrawDevice(c.var.deps, actor, id, c.var.requestId);
    return c.body(null, 204);
  })
  .get('/qr-keys', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    return c.json(await qrKeyVersions(c.var.deps, actor));
  })
  .put('/setup/service-points/:id/volumes', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    await recordServiceVolume(
      c.var.deps,
      actor,
      id,
      await readJson(c, serviceVolumeInputSchema),
      c.var.requestId,
    );
    return c.body(null, 204);
  })
  .post('/cycles', async (c) => {
    const actor = await authorize(c, ADMIN);
    const input = await readJson(c, cycleInputSchema);
    return c.json(await createCycle(c.var.deps, actor, input, c.var.requestId), 201);
  })
  .delete('/cycles/:id', async (c) => {
    const actor = await authorize(c, ADMIN);
    await readNoBody(c);
    const { id } = check(c, idParam, c.req.param());
    await deleteCycle(c.var.deps, actor, id, c.var.requestId);
    return c.body(null, 204);
  })
  .get('/cycles/:id/setup', async (c) => {
    const actor = await authorize(c, ORGANISER_ROLES);
    const { id } = check(c, idParam, c.req.param());
    return c.json(await cycleSetup(c.var.deps, actor, id, requestLang(c)));
  })
  .put('/cycles/:id/phases', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const { phases } = await readJson(c, phasesInputSchema);
    await setPhases(c.var.deps, actor, id, phases, c.var.requestId);
    return c.body(null, 204);
  })
  .post('/cycles/:id/indicators', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const input = await readJson(c, indicatorInputSchema);
    return c.json(await addIndicator(c.var.deps, actor, id, input, c.var.requestId), 201);
  })
  .patch('/indicators/:id', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    await editIndicator(c.var.deps, actor, id, await readJson(c, indicatorPatchSchema), c.var.requestId);
    return c.body(null, 204);
  })
  .post('/indicators/:id/move', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const { direction } = await readJson(c, indicatorMoveSchema);
    await moveIndicator(c.var.deps, actor, id, direction, c.var.requestId);
    return c.body(null, 204);
  })
  .put('/cycles/:id/indicator-weights', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const { weights } = await readJson(c, indicatorWeightsInputSchema);
    await setIndicatorWeights(c.var.deps, actor, id, weights, c.var.requestId);
    return c.body(null, 204);
  })
  .put('/cycles/:id/channel-weights/:categoryId', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id, categoryId } = check(c, weightParam, c.req.param());
    const { weights } = await readJson(c, channelWeightsInputSchema);
    await setChannelWeights(c.var.deps, actor, id, categoryId, weights, c.var.requestId);
    return c.body(null, 204);
  })
  .put('/cycles/:id/policy', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const { policy } = await readJson(c, policyInputSchema);
    await setPolicy(c.var.deps, actor, id, policy, c.var.requestId);
    return c.body(null, 204);
  })
  .post('/cycles/:id/transition', async (c) => {
    const actor = await authorize(c, ADMIN);
    const { id } = check(c, idParam, c.req.param());
    const { to } = await readJson(c, cycleTransitionSchema);
    await transitionCycle(c.var.deps, actor, id, to, requestLang(c), c.var.requestId);
    return c.body(null, 204);
  });
