// Hostile input at every route. The route list comes from the app itself (Hono's app.routes),
// so a new route is fuzzed without anyone adding it here. Each route is called as a role that
// may call it, with a corpus of bad bodies (writes), bad queries (reads) and bad path
// parameters; every answer must be < 500 with the one error shape, writes must be refused
// (4xx), and the database must be exactly as before.
import { randomUUID } from 'node:crypto';
import { newStaff, newUnitOrganisation } from '@kaimen/db/testing/factories';
import { hashPassword } from '@kaimen/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWorld } from './citizen/citizen-world.ts';
import { type Fill, fuzzChecksum, fuzzRoutes, mountedRoutes } from './testing/fuzz-runner.ts';
import { openTestApp, signInAs, type TestApp } from './testing/test-app.ts';

let t: TestApp;
let callers: Record<string, Record<string, string>>;

const checksum = () => fuzzChecksum(t);

beforeAll(async () => {
  t = await openTestApp();
  const w = await citizenWorld(t);
  const passwordHash = await hashPassword('fuzz-pass');
  const org = (kind: string, code: string) =>
    t.db
      .insertInto('organisation')
      .values({ kind, organiser_id: kind === 'assessment_agency' ? null : w.organiser.id, code, name: code })
      .returning('id')
      .executeTakeFirstOrThrow();
  const unitOrg = await newUnitOrganisation(t.db, { organiserId: w.organiser.id, unitId: w.unit.id });
  const orgOf: Record<string, string> = {
    organiser_admin: w.organiser.id,
    organiser_staff: w.organiser.id,
    unit_liaison: unitOrg.id,
    superior_reviewer: (await org('superior_agency', 'fz-superior')).id,
    petition_officer: (await org('petition_office', 'fz-petition')).id,
    discipline_officer: (await org('discipline_body', 'fz-discipline')).id,
    agency_analyst: (await org('assessment_agency', 'fz-agency')).id,
  };
  callers = { anonymous: {} };
  for (const [role, organisationId] of Object.entries(orgOf)) {
    await newStaff(t.db, { organisationId, roles: [role], login: `fz.${role}`, passwordHash });
    callers[role] = await signInAs(t, `fz.${role}`, 'fuzz-pass');
  }
}, 120_000);
afterAll(() => t.close());

/** A route's path with its parameters filled: random ids (nothing exists), or hostile values. */
const fill: Fill = ({ path }, hostile) =>
  path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (hostile !== undefined) return hostile;
    if (name === 'day') return '2026-12-24';
    if (name === 'version') return '999';
    if (name === 'chart') return 'ranks.csv';
    if (name === 'file') return 'rows.csv';
    if (name === 'code') return 'no-such-organiser';
    return randomUUID();
  });

describe('fuzz every route', () => {
  it('answers hostile input with 4xx and the error shape, and changes nothing', async () => {
    const before = await checksum();
    const { counts, failures } = await fuzzRoutes(t, mountedRoutes(t), Object.values(callers), fill);
    console.log(
      `fuzz: routes=${counts.routes} requests=${counts.requests} 4xx=${counts.status4xx} 5xx=${counts.status5xx}`,
    );
    expect(failures).toEqual([]);
    expect(counts.status5xx).toBe(0);
    expect(await checksum()).toEqual(before);
  }, 300_000);
});
