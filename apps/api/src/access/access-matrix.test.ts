// Every route × every role (and anonymous): each answer must be what the access table says —
// allowed (anything but 401/403/5xx) or refused (401 without a session, 403 with the wrong role).
// A route missing from the table fails the test, so a new route cannot skip this review.
import { newStaff, newUnitOrganisation, newWorld } from '@kaimen/db/testing/factories';
import { hashPassword, ROLES, type Role } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld } from '../citizen/citizen-world.ts';
import { evaluatorSignIn } from '../panel/panel-world.ts';
import { openTestApp, signInAs, type TestApp } from '../testing/test-app.ts';

// 'evaluator': only an invited evaluator's session (a representative), never a staff member's.
type Access = 'public' | 'evaluator' | readonly Role[];
const EVALUATOR = 'evaluator';
const ORG = ['organiser_admin', 'organiser_staff'] as const;
const ORG_UNIT = [...ORG, 'unit_liaison'] as const;
const ADMIN = ['organiser_admin'] as const;
const ANY_STAFF = ROLES;
const SCORERS = ['superior_reviewer', 'agency_analyst', 'unit_liaison'] as const;

const TABLE: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /v1/overview': 'public',
  'POST /v1/auth/sign-in': 'public',
  'POST /v1/auth/sign-out': 'public',
  'GET /v1/auth/me': ANY_STAFF,
  'POST /v1/auth/totp/setup': ANY_STAFF,
  'POST /v1/auth/totp/enable': ANY_STAFF,
  'POST /v1/auth/totp/disable': ANY_STAFF,
  'GET /v1/rating-form': 'public',
  'POST /v1/ratings': 'public',
  // Device-authenticated (x-device-key), not by staff session.
  'POST /v1/service-points/:id/visits': 'public',
  'GET /v1/device/context': 'public',
  'GET /v1/device/visits/next': 'public',
  'GET /v1/cases': ORG_UNIT,
  'GET /v1/cases/:id': ORG_UNIT,
  'POST /v1/cases/:id/actions': ORG_UNIT,
  'GET /v1/quarantine': ORG,
  'POST /v1/ratings/:id/quarantine-decision': ORG,
  'POST /v1/quarantine/decisions': ORG,
  'POST /v1/ratings/:id/malicious': ADMIN,
  'GET /v1/quarantine/batches': ORG,
  'POST /v1/quarantine/batches/decision': ORG,
  'GET /v1/quarantine/alerts': ORG,
  'GET /v1/service-points/:id/window-bound': ORG,
  'POST /v1/service-points/:id/rating-pause': ORG,
  'POST /v1/service-points/:id/rating-resume': ORG,
  'GET /v1/service-points/:id/qr.svg': ORG_UNIT,
  'GET /v1/service-points/:id/qr.png': ORG_UNIT,
  'GET /v1/service-points/:id/poster.pdf': ORG_UNIT,
  'GET /v1/units/:id/posters.pdf': ORG_UNIT,
  'GET /v1/units/:id/rating-urls': ORG_UNIT,
  'GET /v1/to-dos': ANY_STAFF,
  'DELETE /v1/cycles/:id': ADMIN,
  'POST /v1/qr-keys': ADMIN,
  'POST /v1/qr-keys/:version/revoke': ADMIN,
  'GET /v1/cycles': ANY_STAFF,
  'POST /v1/cycles/:id/outcomes': ADMIN,
  'GET /v1/cycles/:id/outcomes': ORG_UNIT,
  'GET /v1/cycles/:id/standings': ORG,
  'GET /v1/cycles/:id/coverage': ORG,
  'GET /v1/cycles/:id/dashboard': ORG_UNIT,
  'GET /v1/agencies': ORG,
  'GET /v1/openapi.json': 'public',
  'POST /v1/cycles/:id/releases': ADMIN,
  'GET /v1/releases': [...ORG, 'agency_analyst'],
  'GET /v1/releases/:id': [...ORG, 'agency_analyst'],
  'GET /v1/releases/:id/table': [...ORG, 'agency_analyst'],
  'GET /v1/releases/:id/:file': ['agency_analyst'],
  'GET /v1/agency/terms': ['agency_analyst'],
  'POST /v1/agency/terms': ['agency_analyst'],
  'GET /v1/agency/api-keys': ['agency_analyst'],
  'POST /v1/agency/api-keys': ['agency_analyst'],
  'POST /v1/agency/api-keys/:id/revoke': ['agency_analyst'],
  'GET /v1/cycles/:id/dashboard/:chart': ORG_UNIT,
  'GET /v1/outcomes/:id/units': ORG_UNIT,
  'GET /v1/outcomes/:id/units/:unitId': ORG_UNIT,
  'GET /v1/outcomes/:id/export': ORG_UNIT,
  'GET /v1/outcomes/:id/units/:unitId/notice.pdf': ORG_UNIT,
  'POST /v1/outcomes/:id/publish': ADMIN,
  'GET /v1/calendar': ORG_UNIT,
  'PUT /v1/calendar/days/:day': ADMIN,
  'DELETE /v1/calendar/days/:day': ADMIN,
  'GET /v1/rectification-items': ORG_UNIT,
  'POST /v1/rectification-items': ADMIN,
  'GET /v1/rectification-items/:id': ORG_UNIT,
  'PATCH /v1/rectification-items/:id': ['unit_liaison'],
  'POST /v1/rectification-items/:id/review': ADMIN,
  'GET /v1/units': ORG,
  'GET /v1/public/organisers/:code': 'public',
  'GET /v1/model-titles': ORG,
  'POST /v1/model-titles': ADMIN,
  'POST /v1/model-titles/:id/re-reviews': ADMIN,
  'GET /v1/roster-template.csv': ORG,
  'POST /v1/cycles/:id/roster/preview': ADMIN,
  'POST /v1/cycles/:id/roster': ADMIN,
  'POST /v1/cycles/:id/invitations': ADMIN,
  'POST /v1/cycles/:id/invitations/withdraw': ADMIN,
  'GET /v1/cycles/:id/participation': ORG,
  // Exchanges an invitation link for an evaluator session.
  'POST /v1/invitations/exchange': 'public',
  // Reads what a link's page may say (its cycle, whether it still works); changes nothing.
  'POST /v1/invitations/preview': 'public',
  'GET /v1/panel': EVALUATOR,
  'GET /v1/panel/units/:unitId': EVALUATOR,
  'PUT /v1/panel/units/:unitId/draft': EVALUATOR,
  'POST /v1/panel/units/:unitId/submission': EVALUATOR,
  'GET /v1/cycles/:id/score-sheet': SCORERS,
  'GET /v1/cycles/:id/score-sheet/units/:unitId': SCORERS,
  'PUT /v1/cycles/:id/score-sheet/units/:unitId': SCORERS,
  'GET /v1/cycles/:id/score-sheet/template.xlsx': SCORERS,
  'POST /v1/cycles/:id/score-sheet/preview': SCORERS,
  'POST /v1/cycles/:id/score-sheet/import': SCORERS,
  'GET /v1/cycles/:id/petition-opinions': [...ORG, 'petition_officer'],
  'PUT /v1/cycles/:id/petition-opinions': ['petition_officer'],
  'GET /v1/cycles/:id/discipline-findings': [...ORG, 'discipline_officer'],
  'POST /v1/cycles/:id/discipline-findings': ['discipline_officer'],
  'POST /v1/discipline-findings/:id/withdraw': ['discipline_officer'],
  'GET /v1/setup/structure': ORG,
  'POST /v1/setup/categories': ADMIN,
  'PATCH /v1/setup/categories/:id': ADMIN,
  'POST /v1/setup/units': ADMIN,
  'PATCH /v1/setup/units/:id': ADMIN,
  'GET /v1/setup/units/:id/service-points': ORG,
  'POST /v1/setup/units/:id/service-points': ADMIN,
  'PATCH /v1/setup/service-points/:id': ADMIN,
  'PUT /v1/setup/service-points/:id/volumes': ADMIN,
  'POST /v1/cycles': ADMIN,
  'GET /v1/cycles/:id/setup': ORG,
  'PUT /v1/cycles/:id/phases': ADMIN,
  'POST /v1/cycles/:id/indicators': ADMIN,
  'PATCH /v1/indicators/:id': ADMIN,
  'POST /v1/indicators/:id/move': ADMIN,
  'PUT /v1/cycles/:id/channel-weights/:categoryId': ADMIN,
  'PUT /v1/cycles/:id/indicator-weights': ADMIN,
  'PUT /v1/cycles/:id/policy': ADMIN,
  'POST /v1/cycles/:id/transition': ADMIN,
  'GET /v1/audit-log': ADMIN,
  'GET /v1/setup/categories-template.csv': ORG,
  'POST /v1/setup/categories/import/preview': ADMIN,
  'POST /v1/setup/categories/import': ADMIN,
  'POST /v1/setup/units/import/preview': ADMIN,
  'POST /v1/setup/units/import': ADMIN,
  'GET /v1/setup/units-template.csv': ORG,
  'POST /v1/setup/service-points/:id/devices': ADMIN,
  'POST /v1/setup/devices/:id/revoke': ADMIN,
  'GET /v1/qr-keys': ORG,
};

let t: TestApp;
let w: Awaited<ReturnType<typeof citizenWorld>>;
const sessions = new Map<Role, Record<string, string>>();
let foreignUnitId: string;
let evaluatorSession: Record<string, string>;

beforeAll(async () => {
  t = await openTestApp();
  w = await citizenWorld(t);
  const passwordHash = await hashPassword('pw');
  const unitOrg = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: w.unit.id });
  const orgFor = async (kind: string) =>
    (
      await t.db
        .insertInto('organisation')
        .values({ kind, organiser_id: w.organiser.id, code: `m-${kind}`, name: kind })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const homes: Record<Role, string> = {
    organiser_admin: w.organiser.id,
    organiser_staff: w.organiser.id,
    unit_liaison: unitOrg.id,
    superior_reviewer: await orgFor('superior_agency'),
    petition_officer: await orgFor('petition_office'),
    discipline_officer: await orgFor('discipline_body'),
    agency_analyst: await orgFor('assessment_agency'),
  };
  for (const role of ROLES) {
    await newStaff(t.db, {
      organisationId: homes[role],
      roles: [role],
      login: `m.${role.replaceAll('_', '-')}`,
      passwordHash,
    });
    sessions.set(role, await signInAs(t, `m.${role.replaceAll('_', '-')}`, 'pw'));
  }
  evaluatorSession = await evaluatorSignIn(t, w);
  // Another organiser's data must be invisible: its ids answer 404, never its content.
  foreignUnitId = (await newWorld(t.db)).unit.id;
});
afterAll(() => t.close());

const sample: Record<string, string> = {
  ':id': '00000000-0000-4000-8000-000000000000',
  ':unitId': '00000000-0000-4000-8000-000000000000',
  ':categoryId': '00000000-0000-4000-8000-000000000000',
  ':version': '9',
  ':day': '2026-12-25',
  ':chart': 'ratings_per_day.csv',
  ':file': 'rows.csv',
};
const fill = (path: string) => path.replace(/:[a-zA-Z]+/g, (p) => sample[p] ?? p);

function routes(): string[] {
  const seen = new Set<string>();
  for (const r of t.app.routes) {
    if (r.method === 'ALL') continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen].sort();
}

describe('access matrix', () => {
  it('covers every route of the API', () => {
    const missing = routes().filter((r) => !(r in TABLE));
    expect(missing).toEqual([]);
  });

  it('answers every role on every route as the table says', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      const access = TABLE[route] as Access;
      const [method, path] = route.split(' ') as [string, string];
      const url = fill(path) + (path === '/v1/calendar' ? '?year=2026' : '');
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      const callers: [string, Record<string, string>][] = [
        ['anonymous', {}],
        ...[...sessions].map(([r, h]) => [r, h] as [string, Record<string, string>]),
        ['evaluator', evaluatorSession],
      ];
      // Signing out with a real session would end it for the rest of the walk.
      for (const [who, headers] of route === 'POST /v1/auth/sign-out' ? callers.slice(0, 1) : callers) {
        const res = await t.app.request(url, {
          method,
          headers: { 'content-type': 'application/json', ...headers },
          ...(body ? { body } : {}),
        });
        const allowed =
          access === 'public' ||
          (access === 'evaluator'
            ? who === 'evaluator'
            : who !== 'anonymous' && access.includes(who as Role));
        // Without the right kind of session the answer is 401; a staff member without the role gets 403.
        const refusal = who === 'anonymous' || who === 'evaluator' || access === 'evaluator' ? 401 : 403;
        const ok =
          res.status < 500 &&
          (allowed
            ? res.status !== 403 &&
              (res.status !== 401 ||
                route.startsWith('POST /v1/auth') ||
                route.includes('/visits') ||
                route.includes('/device/') ||
                route.includes('/invitations/exchange'))
            : res.status === refusal);
        if (!ok) failures.push(`${route} as ${who}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("hides another organiser's units from a unit's own organiser staff", async () => {
    const res = await t.app.request(`/v1/units/${foreignUnitId}/posters.pdf`, {
      headers: sessions.get('organiser_admin'),
    });
    expect(res.status).toBe(404);
  });
});
