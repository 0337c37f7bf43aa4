// Test fixture: a representative on a cycle's roster, assigned to the world's unit, with two
// indicators to score and a personal invitation link (its raw token returned).
import { newToken } from '@kaimen/domain';
import type { TestApp } from '../testing/test-app.ts';
import { json } from '../testing/test-app.ts';

interface World {
  organiser: { id: string };
  category: { id: string };
  unit: { id: string };
  cycle: { id: string };
}

export async function panelWorld(t: TestApp, w: World, opts: { name?: string; expiresAt?: Date } = {}) {
  const evaluator = await t.db
    .insertInto('evaluator')
    .values({ organiser_id: w.organiser.id, kind: 'npc_deputy', name: opts.name ?? '王代表' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('evaluator_assignment')
    .values({ cycle_id: w.cycle.id, evaluator_id: evaluator.id, unit_id: w.unit.id })
    .execute();
  let indicators = await t.db
    .selectFrom('indicator')
    .select('id')
    .where('cycle_id', '=', w.cycle.id)
    .where('category_id', '=', w.category.id)
    .orderBy('code')
    .execute();
  if (indicators.length === 0) {
    indicators = await t.db
      .insertInto('indicator')
      .values(
        ['作风', '效能'].map((name, i) => ({
          cycle_id: w.cycle.id,
          category_id: w.category.id,
          code: `p${i + 1}`,
          name,
          weight: 50,
          kind: 'qualitative',
          scale_min: 0,
          scale_max: 10,
          position: i,
        })),
      )
      .returning('id')
      .execute();
  }
  const { token, hash } = newToken();
  await t.db
    .insertInto('invitation')
    .values({
      cycle_id: w.cycle.id,
      evaluator_id: evaluator.id,
      token_hash: hash,
      expires_at: opts.expiresAt ?? new Date(Date.now() + 30 * 86_400_000),
    })
    .execute();
  return { evaluatorId: evaluator.id, token, indicatorIds: indicators.map((i) => i.id) };
}

/** Exchanges a link for a session and returns the Authorization header. */
export async function exchangeFor(t: TestApp, token: string): Promise<Record<string, string>> {
  const res = await t.app.request('/v1/invitations/exchange', json({ token }));
  if (res.status !== 201) throw new Error(`exchange failed: ${res.status}`);
  const { session } = (await res.json()) as { session: { token: string } };
  return { authorization: `Bearer ${session.token}` };
}

export async function evaluatorSignIn(t: TestApp, w: World): Promise<Record<string, string>> {
  const { token } = await panelWorld(t, w, { name: '矩阵代表' });
  return exchangeFor(t, token);
}
