import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { publicSatisfaction } from './public-satisfaction.ts';

describe('public satisfaction per unit', () => {
  it('shows a share only where neither count behind it is 1–4', () => {
    const [big, fewComplaints, allHappy, small] = publicSatisfaction(
      [
        { n: 400, satisfied: 380 },
        { n: 300, satisfied: 297 },
        { n: 120, satisfied: 120 },
        { n: 8, satisfied: 6 },
      ],
      30,
    );
    expect(big).toEqual({ ratings: 400, satisfaction: { n: 400, satisfiedShare: 0.95 }, withheld: null });
    // 3 complaints out of 300: the share would say "three people" to the window's staff.
    expect(fewComplaints?.satisfaction).toBeNull();
    expect(fewComplaints?.withheld).toBe('protected');
    // A zero is published: knowing nobody complained reveals no one.
    expect(allHappy?.satisfaction?.satisfiedShare).toBe(1);
    expect(small).toMatchObject({ satisfaction: null, withheld: 'small_sample' });
  });

  it('never lets a count of 1–4 be worked out from what is published (random tables)', () => {
    const rng = createRandom(7);
    for (let round = 0; round < 200; round++) {
      const units = Array.from({ length: 2 + rng.int(0, 12) }, () => {
        const n = rng.int(0, 4) === 0 ? rng.int(0, 12) : rng.int(10, 400);
        return { n, satisfied: n - Math.min(n, rng.int(0, 3) === 0 ? rng.int(0, 6) : rng.int(0, n)) };
      });
      const shown = publicSatisfaction(units, rng.int(5, 40));
      for (const [i, s] of shown.entries()) {
        const u = units[i]!;
        if (s.satisfaction) {
          const satisfied = Math.round(s.satisfaction.satisfiedShare * s.satisfaction.n);
          for (const count of [satisfied, s.satisfaction.n - satisfied])
            expect(count === 0 || count >= 5, `unit ${JSON.stringify(u)}`).toBe(true);
        }
        if (s.ratings !== null) expect(s.ratings).toBe(u.n);
        expect(s.satisfaction === null).toBe(s.withheld !== null);
      }
    }
  });
});
