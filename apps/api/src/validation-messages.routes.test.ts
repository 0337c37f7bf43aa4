// Error bodies carry the catalogue's sentences: the field by its label and the allowed range,
// in the reader's language, every issue of the body at once; never the validator's own text.
import { randomUUID } from 'node:crypto';
import { newStaff } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld, rating } from './citizen/citizen-world.ts';
import { json, openTestApp, signInAs, type TestApp } from './testing/test-app.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let admin: Record<string, string>;

const RAW = /期望|expected|无效输入|Invalid input|Too (big|small)|数值过|<=|>=/i;

type Body = {
  error: { code: string; message: string; details?: { issues: { path: string; message: string }[] } };
};

async function issues(path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') {
  const res = await t.app.request(path, { ...json(body, headers), method });
  const answer = (await res.json()) as Body;
  expect(res.status, JSON.stringify(answer)).toBe(400);
  expect(answer.error.code).toBe('validation_failed');
  const found = answer.error.details?.issues ?? [];
  for (const i of found) expect(i.message).not.toMatch(RAW);
  return Object.fromEntries(found.map((i) => [i.path, i.message]));
}

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'messages.admin',
    passwordHash: await hashPassword('pw'),
  });
  admin = await signInAs(t, 'messages.admin', 'pw');
});
afterAll(() => t.close());

describe('validation error bodies', () => {
  it('a citizen rating: a long comment and a phone without consent, both at once, in zh and en', async () => {
    const body = {
      windowCode: w.code(),
      ...rating({ overall: 1, comment: '慢'.repeat(734), callback: { phone: '13800138000' } }),
    };
    expect(await issues('/v1/ratings', body)).toEqual({
      comment: '评论最多 500 字，现在 734 字',
      'callback.consent': '请勾选“同意回访”',
    });
    expect(
      await issues('/v1/ratings', { ...body, idempotencyKey: randomUUID() }, { 'accept-language': 'en' }),
    ).toEqual({
      comment: 'Comment: at most 500 characters (734 given)',
      'callback.consent': 'Please tick “consent to a call back”',
    });
  });

  it('a cycle year out of range names the range', async () => {
    const found = await issues(
      '/v1/cycles',
      { year: 2200, name: '2200 年度考评', startsOn: '2200-01-01', endsOn: '2200-12-31' },
      admin,
    );
    expect(found.year).toBe('年度须在 2000 至 2100 之间');
  });

  it('a release k below its minimum, and a missing name', async () => {
    const found = await issues(
      `/v1/cycles/${w.cycle.id}/releases`,
      { name: '', k: 2, agencyIds: [randomUUID()] },
      {
        ...admin,
        'x-kaimen-lang': 'en',
      },
    );
    expect(found).toMatchObject({
      name: 'Dataset name: required',
      k: 'Minimum ratings per group k: must be between 5 and 100',
    });
  });

  it('a bilingual sentence of a schema’s own comes in the reader’s language only', async () => {
    const zh = await issues(`/v1/cycles/${w.cycle.id}/releases`, { name: '发布', agencyIds: [] }, admin);
    expect(zh.agencyIds).toBe('请至少选择一个评估机构');
    const en = await issues(
      `/v1/cycles/${w.cycle.id}/releases`,
      { name: '发布', agencyIds: [] },
      {
        ...admin,
        'accept-language': 'en',
      },
    );
    expect(en.agencyIds).toBe('choose at least one assessment agency');
  });
});
