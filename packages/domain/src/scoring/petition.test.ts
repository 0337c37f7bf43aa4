import { describe, expect, it } from 'vitest';
import { assessPetitions, DEFAULT_PETITION_RULE, type PetitionRule } from './petition.ts';

const rule = (r: Partial<PetitionRule>): PetitionRule => ({ ...DEFAULT_PETITION_RULE, ...r });
const counts = { complaints: 7, verified: 3, opinions: 2 };

describe('assessPetitions', () => {
  it('counts for nothing while the rule is off', () => {
    expect(assessPetitions(counts, 5000, rule({ mode: 'off' }))).toBeNull();
  });

  it('deducts points per verified complaint, capped, and keeps the counts it used', () => {
    const r = assessPetitions(counts, undefined, rule({ mode: 'deduction', pointsPer: 1.5, cap: 4 }));
    expect(r).toMatchObject({ complaints: 7, verified: 3, opinions: 2, rate: 3, points: 4, capped: true });
    expect(r?.score).toBeNull();
    const small = assessPetitions(counts, undefined, rule({ mode: 'deduction', pointsPer: 1, cap: 4 }));
    expect(small).toMatchObject({ points: 3, capped: false });
  });

  it('charges a busy unit per 10,000 served visits, and by count where no volume is recorded', () => {
    const per = rule({ mode: 'deduction', basis: 'per_10k_visits', pointsPer: 2, cap: 10 });
    expect(assessPetitions(counts, 60_000, per)).toMatchObject({
      visits: 60_000,
      rate: 0.5,
      points: 1,
      fellBackToCount: false,
    });
    expect(assessPetitions(counts, 0, per)).toMatchObject({
      visits: null,
      rate: 3,
      points: 6,
      fellBackToCount: true,
    });
  });

  it('gives an indicator score of 100 less the points, and 100 to a unit without complaints', () => {
    const ind = rule({ mode: 'indicator', pointsPer: 10, cap: 60, share: 0.1 });
    expect(assessPetitions(counts, undefined, ind)).toMatchObject({ points: 30, score: 70 });
    expect(assessPetitions(undefined, undefined, ind)).toMatchObject({ verified: 0, points: 0, score: 100 });
  });
});
