// The text boundary over real routes: NUL and other controls, lone surrogates, bidi overrides
// and invalid UTF-8 are refused with 400 naming the field and change nothing; text/plain gets
// 415; what is accepted is stored NFC-normalised; imported cells follow the same rules.
import { COMMON_FIELD_LABELS } from '@kaimen/contracts';
import { databaseChecksum } from '@kaimen/db/testing/db-checksum';
import { newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld, rating } from './citizen/citizen-world.ts';
import { json, openTestApp, signInAs, type TestApp } from './testing/test-app.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let admin: Record<string, string>;
let ratingId: string;
let caseId: string;

// Requests touch sessions (last use) and throttling counters; nothing else may change.
const VOLATILE = ['session', 'rate_limit_counter', 'sign_in_attempt'];
const checksum = async () => {
  const sums = await databaseChecksum(t.db);
  for (const name of VOLATILE) delete sums[name];
  return sums;
};

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'text.admin',
    passwordHash: await hashPassword('pw'),
  });
  admin = await signInAs(t, 'text.admin', 'pw');
  const res = await t.app.request(
    '/v1/ratings',
    json({ windowCode: w.code(), ...rating({ overall: 1, comment: '态度很差' }) }),
  );
  ratingId = ((await res.json()) as { ratingId: string }).ratingId;
  const cases = await (await t.app.request('/v1/cases', { headers: admin })).json();
  caseId = (cases as { items: { id: string }[] }).items[0]!.id;
});
afterAll(() => t.close());

/** The write routes the outside probe found answering 500, each with the field it fills. */
const targets = () =>
  [
    { method: 'PATCH', path: `/v1/setup/units/${w.unit.id}`, field: 'name', body: {} },
    { method: 'PATCH', path: `/v1/setup/categories/${w.category.id}`, field: 'name', body: {} },
    { method: 'PATCH', path: `/v1/setup/service-points/${w.servicePoint.id}`, field: 'name', body: {} },
    {
      method: 'POST',
      path: '/v1/setup/categories',
      field: 'name',
      body: { code: 'c2' },
    },
    {
      method: 'POST',
      path: '/v1/setup/units',
      field: 'name',
      body: { code: 'u2', categoryId: w.category.id },
    },
    {
      method: 'POST',
      path: `/v1/setup/units/${w.unit.id}/service-points`,
      field: 'name',
      body: { code: 'sp2' },
    },
    { method: 'POST', path: `/v1/cycles/${w.cycle.id}/releases`, field: 'name', body: {} },
    {
      method: 'POST',
      path: `/v1/ratings/${ratingId}/quarantine-decision`,
      field: 'reason',
      body: { decision: 'release' },
    },
    { method: 'POST', path: `/v1/ratings/${ratingId}/malicious`, field: 'reason', body: {} },
    { method: 'POST', path: `/v1/cases/${caseId}/actions`, field: 'text', body: { action: 'verify' } },
    { method: 'PUT', path: '/v1/calendar/days/2026-11-02', field: 'name', body: { kind: 'holiday' } },
    { method: 'POST', path: `/v1/cycles/${w.cycle.id}/outcomes`, field: 'reason', body: {} },
    { method: 'POST', path: '/v1/rectification-items', field: 'problem', body: { unitId: w.unit.id } },
  ] as const;

const HOSTILE = {
  nul: 'a\u0000b',
  bell: '好\u0007的',
  'lone high surrogate': '\ud800x',
  'lone low surrogate': 'x\udc00y',
  'right-to-left override': '窗口\u202e口窗',
};

describe('hostile text in a JSON body', () => {
  for (const [kind, value] of Object.entries(HOSTILE)) {
    it(`refuses ${kind} with 400 naming the field, in both languages, changing nothing`, async () => {
      const before = await checksum();
      for (const target of targets()) {
        for (const lang of ['zh-CN', 'en'] as const) {
          const res = await t.app.request(target.path, {
            ...json({ ...target.body, [target.field]: `理由${value}` }, { ...admin, 'x-kaimen-lang': lang }),
            method: target.method,
          });
          const body = (await res.json()) as {
            error: { code: string; details?: { issues: { path: string; message: string }[] } };
          };
          expect(res.status, `${target.method} ${target.path}`).toBe(400);
          expect(body.error.code).toBe('validation_failed');
          const issue = body.error.details?.issues.find((i) => i.path === target.field);
          // Named by its label in the reader's language ("理由", "Reason"), never by its key.
          const label = COMMON_FIELD_LABELS[target.field]?.[lang] ?? target.field;
          expect(issue?.message.toLowerCase(), `${target.path}: ${JSON.stringify(body)}`).toContain(
            label.toLowerCase(),
          );
        }
      }
      expect(await checksum()).toEqual(before);
    });
  }

  it('refuses a body that is not valid UTF-8 with 400 instead of storing U+FFFD', async () => {
    const before = await checksum();
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"name":"a'),
      0xff,
      0xfe,
      ...new TextEncoder().encode('b"}'),
    ]);
    for (const target of targets()) {
      const res = await t.app.request(target.path, {
        method: target.method,
        headers: { ...admin, 'content-type': 'application/json' },
        body: bytes,
      });
      expect(res.status, target.path).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_utf8');
    }
    expect(await checksum()).toEqual(before);
  });

  it('answers 415 to a body sent as text/plain or form data', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const res = await t.app.request(`/v1/setup/units/${w.unit.id}`, {
        method: 'PATCH',
        headers: { ...admin, ...(type ? { 'content-type': type } : {}) },
        body: JSON.stringify({ name: '新名字' }),
      });
      expect(res.status, String(type)).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
  });

  it('accepts tab and line breaks in a multi-line field but not in a name', async () => {
    const multi = await t.app.request(
      `/v1/ratings/${ratingId}/malicious`,
      json({ reason: '第一行\r\n第二行\t同一号码反复提交' }, admin),
    );
    expect(multi.status, await multi.clone().text()).toBe(204);
    const single = await t.app.request(`/v1/setup/units/${w.unit.id}`, {
      ...json({ name: '第一行\n第二行' }, admin),
      method: 'PATCH',
    });
    expect(single.status).toBe(400);
  });

  it('stores names NFC-normalised, so the same name typed two ways is one name', async () => {
    const decomposed = 'Cafe\u0301 服务台';
    const res = await t.app.request(`/v1/setup/units/${w.unit.id}`, {
      ...json({ name: decomposed }, admin),
      method: 'PATCH',
    });
    expect(res.status).toBe(204);
    const unit = await t.db
      .selectFrom('unit')
      .select('name')
      .where('id', '=', w.unit.id)
      .executeTakeFirstOrThrow();
    expect(unit.name).toBe('Café 服务台');
    expect(unit.name.length).toBe(decomposed.length - 1);
  });

  it('refuses a control character in a query string', async () => {
    const res = await t.app.request(`/v1/audit-log?entityId=${encodeURIComponent('a\u0000b')}`, {
      headers: admin,
    });
    expect(res.status).toBe(400);
  });
});

describe('hostile text in an imported file', () => {
  const upload = (body: Uint8Array | string, name = 'units.csv') => {
    const form = new FormData();
    form.append('file', new Blob([body]), name);
    return t.app.request('/v1/setup/units/import/preview', { method: 'POST', body: form, headers: admin });
  };
  const preview = async (res: Response) =>
    (await res.json()) as { ok: boolean; issues: { line: number; message: string }[] };

  it('refuses a NUL, a control or a bidi override in a cell, naming the line and column', async () => {
    const code = (await t.db.selectFrom('unit_category').select('code').executeTakeFirstOrThrow()).code;
    for (const value of ['a\u0000b', '窗\u001b口', '窗口\u202e口']) {
      const res = await upload(`单位代码,单位名称,类别代码\nn1,${value},${code}\n`);
      expect(res.status).toBe(200);
      const p = await preview(res);
      expect(p.ok).toBe(false);
      expect(p.issues[0]?.line, JSON.stringify(p)).toBe(2);
      expect(p.issues[0]?.message).toContain('单位名称');
    }
  });

  it('refuses a CSV that is not UTF-8 (a GBK file) instead of importing U+FFFD', async () => {
    // "单位代码" in GBK: not valid UTF-8.
    const gbk = new Uint8Array([0xb5, 0xa5, 0xce, 0xbb, 0xb4, 0xfa, 0xc2, 0xeb, 0x0a]);
    const p = await preview(await upload(gbk));
    expect(p.ok).toBe(false);
    expect(p.issues[0]?.message).toContain('UTF-8');
    // A surrogate encoded on its own (CESU-8 bytes ED A0 80) is not UTF-8 either.
    const lone = new Uint8Array([
      ...new TextEncoder().encode('单位代码,单位名称,类别代码\nn1,x'),
      0xed,
      0xa0,
      0x80,
      0x0a,
    ]);
    expect((await preview(await upload(lone))).issues[0]?.message).toContain('UTF-8');
  });
});
