import {
  auditPageSchema,
  categoryImportPreviewSchema,
  cycleSetupSchema,
  qrKeyVersionsSchema,
  servicePointsSchema,
  structureSchema,
  unitImportPreviewSchema,
} from '@kaimen/contracts';
import { newOrganiser, newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let admin: Record<string, string>;
let staff: Record<string, string>;
const ids = {} as Record<
  'category' | 'bureau' | 'office' | 'window' | 'cycle' | 'd1' | 'd2' | 'd21' | 'old',
  string
>;

beforeAll(async () => {
  t = await openTestApp();
  const organiser = await newOrganiser(t.db);
  const passwordHash = await hashPassword('pw');
  await newStaff(t.db, {
    organisationId: organiser.id,
    roles: ['organiser_admin'],
    login: 'setup.admin',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: organiser.id,
    roles: ['organiser_staff'],
    login: 'setup.staff',
    passwordHash,
  });
  admin = await signInAs(t, 'setup.admin', 'pw');
  staff = await signInAs(t, 'setup.staff', 'pw');
});
afterAll(() => t.close());

const send = (method: string, path: string, body: unknown, headers = admin) =>
  t.app.request(path, { ...json(body, headers), method });
const post = async (path: string, body: unknown) => {
  const res = await send('POST', path, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
};
const structure = async () =>
  structureSchema.parse(await (await t.app.request('/v1/setup/structure', { headers: staff })).json());
const setup = async (cycleId: string) =>
  cycleSetupSchema.parse(
    await (await t.app.request(`/v1/cycles/${cycleId}/setup`, { headers: admin })).json(),
  );

describe('structure: categories, the unit tree, service points', () => {
  it('creates a category and a unit tree, and refuses a move that would make a loop', async () => {
    ids.category = await post('/v1/setup/categories', { code: 'window', name: '窗口服务类' });
    ids.bureau = await post('/v1/setup/units', { code: 'tax', name: '省税务局', categoryId: ids.category });
    ids.office = await post('/v1/setup/units', {
      code: 'tax-hall',
      name: '办税服务厅',
      categoryId: ids.category,
      parentId: ids.bureau,
    });
    const loop = await send('PATCH', `/v1/setup/units/${ids.bureau}`, { parentId: ids.office });
    expect(loop.status).toBe(400);
    expect(JSON.stringify(await loop.json())).toContain('不能把单位移到它自己或它的下级单位之下');
    expect((await send('PATCH', `/v1/setup/units/${ids.office}`, { parentId: null })).status).toBe(204);
    const s = await structure();
    expect(s.categories).toMatchObject([{ code: 'window', units: 2 }]);
    expect(s.units.find((u) => u.id === ids.office)?.parentId).toBeNull();
  });

  it('refuses duplicates, bad codes and foreign categories, changing nothing', async () => {
    const before = await structure();
    const dup = await send('POST', '/v1/setup/units', {
      code: 'tax',
      name: '重复',
      categoryId: ids.category,
    });
    expect(dup.status).toBe(409);
    expect(
      (await send('POST', '/v1/setup/units', { code: 'bad code!', name: 'x', categoryId: ids.category }))
        .status,
    ).toBe(400);
    const foreign = await send('POST', '/v1/setup/units', {
      code: 'x1',
      name: 'x',
      categoryId: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreign.status).toBe(400);
    expect((await send('POST', '/v1/setup/categories', '{"code":')).status).toBe(400);
    expect(await structure()).toEqual(before);
  });

  it('adds service points with volumes; staff read, only admins write', async () => {
    ids.window = await post(`/v1/setup/units/${ids.bureau}/service-points`, { code: 'w1', name: '1号窗口' });
    expect(
      (
        await send('PUT', `/v1/setup/service-points/${ids.window}/volumes`, {
          periodStart: '2026-01-01',
          periodEnd: '2026-06-30',
          volume: 1200,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await send('PUT', `/v1/setup/service-points/${ids.window}/volumes`, {
          periodStart: '2026-01-01',
          periodEnd: '2025-06-30',
          volume: 1,
        })
      ).status,
    ).toBe(400);
    const list = servicePointsSchema.parse(
      await (await t.app.request(`/v1/setup/units/${ids.bureau}/service-points`, { headers: staff })).json(),
    );
    expect(list.servicePoints).toMatchObject([
      { code: 'w1', kind: 'counter', volumes: [{ periodStart: '2026-01-01', volume: 1200 }] },
    ]);
    expect(
      (await send('POST', `/v1/setup/units/${ids.bureau}/service-points`, { code: 'w2', name: '2号' }, staff))
        .status,
    ).toBe(403);
  });
});

describe('cycles: indicator tree, weights, policy, opening', () => {
  it('creates a draft with the default aspects and lists what stops it from opening', async () => {
    ids.cycle = await post('/v1/cycles', {
      year: 2027,
      name: '2027 年度考评',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
    });
    const s = await setup(ids.cycle);
    expect(s.cycle).toMatchObject({ state: 'draft', editable: true, year: 2027 });
    expect(s.openingProblems).toEqual([
      '类别“窗口服务类”还没有指标。',
      '类别“窗口服务类”的评价渠道权重合计 0%，应为 100%。',
    ]);
    const aspects = await t.db
      .selectFrom('rating_aspect')
      .select('code')
      .where('cycle_id', '=', ids.cycle)
      .execute();
    expect(aspects.length).toBe(3);
    const refused = await send('POST', `/v1/cycles/${ids.cycle}/transition`, { to: 'open' });
    expect(refused.status).toBe(400);
  });

  it('builds a tree and weights, checks the sums, then opens and freezes them', async () => {
    const top = { categoryId: ids.category, kind: 'qualitative', scaleMin: 0, scaleMax: 100 };
    ids.d1 = await post(`/v1/cycles/${ids.cycle}/indicators`, {
      ...top,
      code: 'd1',
      name: '讲政治',
      weight: 40,
    });
    ids.d2 = await post(`/v1/cycles/${ids.cycle}/indicators`, {
      ...top,
      code: 'd2',
      name: '有效率',
      weight: 50,
    });
    ids.d21 = await post(`/v1/cycles/${ids.cycle}/indicators`, {
      ...top,
      parentId: ids.d2,
      code: 'd2.1',
      name: '办事效率',
      weight: 100,
    });
    ids.old = await post(`/v1/cycles/${ids.cycle}/indicators`, {
      ...top,
      code: 'd9',
      name: '旧指标',
      weight: 10,
    });
    expect(
      (
        await send('PUT', `/v1/cycles/${ids.cycle}/channel-weights/${ids.category}`, {
          weights: { citizen: 70, superior: 30 },
        })
      ).status,
    ).toBe(204);
    // Reorder: d9 up past d2 (the order shown is position, then code), first stays first.
    const topOrder = async () =>
      (await setup(ids.cycle)).categories[0]!.indicators.filter((i) => i.parentId === null).map(
        (i) => i.code,
      );
    expect(await topOrder()).toEqual(['d1', 'd2', 'd9']);
    expect((await send('POST', `/v1/indicators/${ids.old}/move`, { direction: 'up' })).status).toBe(204);
    expect(await topOrder()).toEqual(['d1', 'd9', 'd2']);
    expect((await send('POST', `/v1/indicators/${ids.d1}/move`, { direction: 'up' })).status).toBe(204);
    expect(await topOrder()).toEqual(['d1', 'd9', 'd2']);
    expect((await send('POST', `/v1/indicators/${ids.d1}/move`, { direction: 'sideways' })).status).toBe(400);
    // 40 + 50 + 10 = 100 with the old indicator; retiring it leaves 90.
    expect((await setup(ids.cycle)).openingProblems).toEqual([]);
    expect((await send('PATCH', `/v1/indicators/${ids.old}`, { retired: true })).status).toBe(204);
    expect((await setup(ids.cycle)).openingProblems).toEqual([
      '类别“窗口服务类”中“一级指标”下的指标权重合计 90%，应为 100%。',
    ]);
    // Several weights at once, all or nothing: one foreign id and none is changed.
    const foreign = await send('PUT', `/v1/cycles/${ids.cycle}/indicator-weights`, {
      weights: { [ids.d2]: 60, '00000000-0000-4000-8000-000000000000': 5 },
    });
    expect(foreign.status).toBe(400);
    expect((await setup(ids.cycle)).categories[0]?.indicators.find((i) => i.id === ids.d2)?.weight).toBe(50);
    expect(
      (await send('PUT', `/v1/cycles/${ids.cycle}/indicator-weights`, { weights: { [ids.d2]: 60 } })).status,
    ).toBe(204);
    expect(
      (
        await send('PUT', `/v1/cycles/${ids.cycle}/policy`, {
          policy: { minCitizenSample: 10, excellentQuota: 0.3 },
        })
      ).status,
    ).toBe(204);
    expect((await send('PUT', `/v1/cycles/${ids.cycle}/policy`, { policy: { panelQuorum: 2 } })).status).toBe(
      400,
    );
    expect(
      (
        await send('PUT', `/v1/cycles/${ids.cycle}/phases`, {
          phases: [
            { kind: 'year_end_assessment', name: '年末考核', startsOn: '2027-11-01', endsOn: '2027-12-31' },
          ],
        })
      ).status,
    ).toBe(204);

    expect((await send('POST', `/v1/cycles/${ids.cycle}/transition`, { to: 'open' })).status).toBe(204);
    const open = await setup(ids.cycle);
    expect(open.cycle).toMatchObject({ state: 'open', editable: false });
    expect(open.policy).toEqual({ minCitizenSample: 10, excellentQuota: 0.3 });
    expect(open.phases).toHaveLength(1);
    expect((await send('POST', `/v1/indicators/${ids.d2}/move`, { direction: 'up' })).status).toBe(409);
    const frozen = await send('PATCH', `/v1/indicators/${ids.d1}`, { weight: 10 });
    expect(frozen.status).toBe(409);
    expect(((await frozen.json()) as { error: { message: string } }).error.message).toMatch(/冻结/);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'cycle.open')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('copies last cycle’s tree without retired indicators, and allows one open cycle at a time', async () => {
    const next = await post('/v1/cycles', {
      year: 2028,
      name: '2028 年度考评',
      startsOn: '2028-01-01',
      endsOn: '2028-12-31',
      copyFrom: ids.cycle,
    });
    const copied = await setup(next);
    const tree = copied.categories[0]?.indicators ?? [];
    expect(tree.map((i) => i.code).sort()).toEqual(['d1', 'd2', 'd2.1']);
    const child = tree.find((i) => i.code === 'd2.1');
    expect(child?.parentId).toBe(tree.find((i) => i.code === 'd2')?.id);
    expect(copied.categories[0]?.channelWeights).toEqual({ citizen: 70, superior: 30 });
    expect(copied.policy).toEqual({ minCitizenSample: 10, excellentQuota: 0.3 });
    expect(copied.openingProblems).toEqual([]);
    const second = await send('POST', `/v1/cycles/${next}/transition`, { to: 'open' });
    expect(second.status).toBe(409);
    expect((await send('POST', `/v1/cycles/${ids.cycle}/transition`, { to: 'closed' })).status).toBe(204);
    expect((await send('POST', `/v1/cycles/${next}/transition`, { to: 'open' })).status).toBe(204);
  });
});

describe('audit log viewer', () => {
  it('shows every setup write with who did it, filtered by action, newest first', async () => {
    const res = await t.app.request('/v1/audit-log?action=unit.', { headers: admin });
    expect(res.status).toBe(200);
    const page = auditPageSchema.parse(await res.json());
    expect(page.items.map((e) => e.action)).toEqual(['unit.update', 'unit.create', 'unit.create']);
    expect(page.items.every((e) => e.actor === '测试人员')).toBe(true);
    expect(page.items[2]?.after).toMatchObject({ code: 'tax', name: '省税务局' });
    const all = auditPageSchema.parse(
      await (await t.app.request('/v1/audit-log', { headers: admin })).json(),
    );
    expect(all.items.length).toBeGreaterThan(10);
    expect(all.items.map((e) => e.id)).toEqual([...all.items.map((e) => e.id)].sort((a, b) => b - a));
    expect((await t.app.request('/v1/audit-log?action=DROP%20TABLE', { headers: admin })).status).toBe(400);
  });
});

describe('units by spreadsheet', () => {
  const upload = (kind: 'import/preview' | 'import', csv: string) => {
    const form = new FormData();
    form.append('file', new File([`\ufeff${csv}`], 'units.csv'));
    return t.app.request(`/v1/setup/units/${kind}`, { method: 'POST', body: form, headers: admin });
  };

  it('names every bad line and imports nothing; a good file builds the tree, children before parents allowed', async () => {
    const before = await structure();
    const bad = [
      '单位代码,单位名称,类别代码,上级单位代码',
      'hr,省人社厅,window,', // line 2: fine
      'hr,省人社厅二,window,', // line 3: same code as line 2
      'tax,省税务局重复,window,', // line 4: exists already
      'x1,某单位,no-such,', // line 5: unknown category
      'x2,某单位,window,nowhere', // line 6: unknown parent
      'a,甲,window,b', // line 7 and 8: a loop
      'b,乙,window,a',
    ].join('\r\n');
    const preview = unitImportPreviewSchema.parse(await (await upload('import/preview', bad)).json());
    expect(preview.ok).toBe(false);
    expect(preview.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'code'],
      [4, 'code'],
      [5, 'category'],
      [6, 'parent'],
      [7, 'parent'],
      [8, 'parent'],
    ]);
    expect((await upload('import', bad)).status).toBe(400);
    expect(await structure()).toEqual(before);

    const good = [
      '单位代码,单位名称,类别代码,上级单位代码',
      'hr-hall,人社服务大厅,window,hr',
      'hr,省人社厅,window,',
    ].join('\r\n');
    expect(unitImportPreviewSchema.parse(await (await upload('import/preview', good)).json())).toEqual({
      ok: true,
      units: 2,
      issues: [],
    });
    const res = await upload('import', good);
    expect(res.status).toBe(201);
    const after = await structure();
    const hr = after.units.find((u) => u.code === 'hr');
    expect(after.units.find((u) => u.code === 'hr-hall')?.parentId).toBe(hr?.id);
  });
});

describe('categories by spreadsheet', () => {
  const upload = (kind: 'import/preview' | 'import', body: string | Uint8Array, name = 'categories.csv') => {
    const form = new FormData();
    form.append('file', new File([typeof body === 'string' ? `\ufeff${body}` : body], name));
    return t.app.request(`/v1/setup/categories/${kind}`, { method: 'POST', body: form, headers: admin });
  };

  it('names every bad line and imports nothing; a good file adds the categories, audited', async () => {
    const before = await structure();
    const bad = [
      '类别代码,类别名称,英文名称',
      'social,社会服务类,Social services', // line 2: fine
      'social,社会服务类二,', // line 3: same code as line 2
      'window,窗口重复,', // line 4: exists already
      'bad code!,某类,', // line 5: code format
      'empty-name,,', // line 6: no name
    ].join('\r\n');
    const preview = categoryImportPreviewSchema.parse(await (await upload('import/preview', bad)).json());
    expect(preview.ok).toBe(false);
    expect(preview.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'code'],
      [4, 'code'],
      [5, 'code'],
      [6, 'name'],
    ]);
    expect(preview.issues[0]?.message).toBe('与第 2 行的类别代码重复');
    const refused = await upload('import', bad);
    expect(refused.status).toBe(400);
    expect(await structure()).toEqual(before);
    // Not a table at all: a clear error, nothing written.
    const junk = await upload('import/preview', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), 'x.xlsx');
    expect(junk.status).toBeLessThan(500);
    expect(await structure()).toEqual(before);

    const good = [
      '类别代码,类别名称,英文名称',
      'social,社会服务类,Social services',
      'economy,经济管理类,',
    ].join('\r\n');
    expect(categoryImportPreviewSchema.parse(await (await upload('import/preview', good)).json())).toEqual({
      ok: true,
      categories: 2,
      issues: [],
    });
    expect((await upload('import', good)).status).toBe(201);
    const after = await structure();
    expect(after.categories.map((c) => c.code)).toEqual(expect.arrayContaining(['social', 'economy']));
    expect(after.categories.length).toBe(before.categories.length + 2);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'category.import')
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ categories: ['social', 'economy'] });
    // The same file again: every code now exists.
    expect(
      categoryImportPreviewSchema.parse(await (await upload('import/preview', good)).json()).issues,
    ).toHaveLength(2);
  });
});

describe('rating devices and QR key versions', () => {
  it('issues a device key once, which then asks for per-visit codes, until it is revoked', async () => {
    const res = await send('POST', `/v1/setup/service-points/${ids.window}/devices`, {
      name: '1号窗口评价器',
      kind: 'window_screen',
    });
    expect(res.status).toBe(201);
    const { id, key } = (await res.json()) as { id: string; key: string };
    expect(key).toMatch(/^kd_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db
      .selectFrom('rating_device')
      .select(['api_key_hash', 'api_key_prefix'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.api_key_hash).toString('latin1')).not.toContain(key);
    const listed = servicePointsSchema.parse(
      await (await t.app.request(`/v1/setup/units/${ids.bureau}/service-points`, { headers: staff })).json(),
    );
    expect(listed.servicePoints[0]?.devices).toEqual([
      { id, name: '1号窗口评价器', kind: 'window_screen', keyPrefix: stored.api_key_prefix, revoked: false },
    ]);
    const visit = () =>
      t.app.request(`/v1/service-points/${ids.window}/visits`, {
        method: 'POST',
        headers: { 'x-device-key': key },
      });
    expect((await visit()).status).toBe(201);
    expect((await send('POST', `/v1/setup/devices/${id}/revoke`, {})).status).toBe(204);
    expect(
      await t.db
        .selectFrom('audit_log')
        .select(['before', 'after'])
        .where('action', '=', 'rating_device.revoke')
        .where('entity_id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ before: { revoked: false }, after: { revoked: true } });
    expect((await visit()).status).toBe(401);
    expect((await send('POST', `/v1/setup/devices/${id}/revoke`, {})).status).toBe(404);
  });

  it('lists QR key versions newest first, after a rotation', async () => {
    expect((await send('POST', '/v1/qr-keys', {})).status).toBe(201);
    expect((await send('POST', '/v1/qr-keys', {})).status).toBe(201);
    const body = qrKeyVersionsSchema.parse(
      await (await t.app.request('/v1/qr-keys', { headers: staff })).json(),
    );
    expect(body.versions.map((v) => v.version)).toEqual([2, 1]);
  });
});
