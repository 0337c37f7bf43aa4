import { mkdirSync, writeFileSync } from 'node:fs';
import { ratingUrlsSchema } from '@kaimen/contracts';
import { newServicePoint, newStaff, newUnit, newUnitOrganisation } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld } from '../citizen/citizen-world.ts';
import { openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
let organiser: Record<string, string>;
let liaison: Record<string, string>;
let otherUnitId: string;

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  await newServicePoint(t.db, w.unit.id, '2号窗口');
  const other = await newUnit(t.db, { organiserId: w.organiser.id, categoryId: w.category.id });
  otherUnitId = other.id;
  await newServicePoint(t.db, other.id);
  const passwordHash = await hashPassword('pw');
  const unitOrg = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: w.unit.id });
  await newStaff(t.db, {
    organisationId: w.organiser.id,
    roles: ['organiser_admin'],
    login: 'qr.admin',
    passwordHash,
  });
  await newStaff(t.db, {
    organisationId: unitOrg.id,
    roles: ['unit_liaison'],
    login: 'qr.liaison',
    passwordHash,
  });
  organiser = await signInAs(t, 'qr.admin', 'pw');
  liaison = await signInAs(t, 'qr.liaison', 'pw');
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string>) => t.app.request(path, { headers });

describe('window QR codes and posters', () => {
  it('serve the signed window URL as SVG and PNG', async () => {
    const svg = await get(`/v1/service-points/${w.servicePoint.id}/qr.svg`, organiser);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const png = await get(`/v1/service-points/${w.servicePoint.id}/qr.png`, organiser);
    expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('print an A4 poster per window and one PDF for all windows of a unit, Chinese font embedded', async () => {
    const one = Buffer.from(
      await (await get(`/v1/service-points/${w.servicePoint.id}/poster.pdf`, organiser)).arrayBuffer(),
    );
    expect(one.subarray(0, 5).toString()).toBe('%PDF-');
    expect(one.toString('latin1')).toMatch(/WenQuanYiMicroHei/);
    expect(one.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    const all = Buffer.from(await (await get(`/v1/units/${w.unit.id}/posters.pdf`, organiser)).arrayBuffer());
    expect(all.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
    mkdirSync('artifacts', { recursive: true });
    writeFileSync('artifacts/posters-unit.pdf', all);
  });

  it('let a unit liaison print only their own unit', async () => {
    expect((await get(`/v1/units/${w.unit.id}/posters.pdf`, liaison)).status).toBe(200);
    expect((await get(`/v1/units/${otherUnitId}/posters.pdf`, liaison)).status).toBe(404);
    expect((await get(`/v1/units/${w.unit.id}/posters.pdf`, {})).status).toBe(401);
    expect((await t.app.request('/v1/qr-keys', { method: 'POST', headers: liaison })).status).toBe(403);
  });

  it('give each window’s rating address as text, the one its QR carries, to the unit’s own liaison', async () => {
    const res = await get(`/v1/units/${w.unit.id}/rating-urls`, organiser);
    expect(res.status).toBe(200);
    const { urls } = ratingUrlsSchema.parse(await res.json());
    expect(urls.map((u) => u.name).sort()).toEqual(['1号窗口', '2号窗口'].sort());
    for (const u of urls) {
      const code = decodeURIComponent(new URL(u.url).pathname.replace(/^\/r\//, ''));
      expect((await t.app.request(`/v1/rating-form?code=${encodeURIComponent(code)}`)).status).toBe(200);
    }
    // The QR image encodes the very same address.
    const svg = await (await get(`/v1/service-points/${w.servicePoint.id}/qr.svg`, organiser)).text();
    const own = urls.find((u) => u.servicePointId === w.servicePoint.id)?.url ?? '';
    expect(svg).toBe(await QRCode.toString(own, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    expect((await get(`/v1/units/${w.unit.id}/rating-urls`, liaison)).status).toBe(200);
    expect((await get(`/v1/units/${otherUnitId}/rating-urls`, liaison)).status).toBe(404);
    expect((await get(`/v1/units/${w.unit.id}/rating-urls`, {})).status).toBe(401);
  });

  it('rotate keys: new posters use the new version, old ones work until revoked', async () => {
    const rotated = await t.app.request('/v1/qr-keys', { method: 'POST', headers: organiser });
    expect(await rotated.json()).toEqual({ version: 2 });
    const svg = await (await get(`/v1/service-points/${w.servicePoint.id}/qr.svg`, organiser)).text();
    expect(svg.length).toBeGreaterThan(100);
    const formFor = (code: string) => t.app.request(`/v1/rating-form?code=${encodeURIComponent(code)}`);
    expect((await formFor(w.code(1))).status).toBe(200);
    expect((await formFor(w.code(2))).status).toBe(200);
    expect((await t.app.request('/v1/qr-keys/1/revoke', { method: 'POST', headers: organiser })).status).toBe(
      204,
    );
    t.setNow(new Date(Date.now() + 60_000)); // past the key-version cache
    expect((await formFor(w.code(1))).status).toBe(404);
    expect((await formFor(w.code(2))).status).toBe(200);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('action', 'like', 'qr_key.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['qr_key.rotate', 'qr_key.revoke']);
    expect(audit[1]).toMatchObject({ before: { revoked: false }, after: { revoked: true } });
  });
});
