// Grades and ranks within a unit category: thresholds, the veto cap, the 优秀 quota in rank
// order, and a rank interval from the confidence intervals (units whose intervals overlap
// are not clearly different, so each rank is shown as the range it could plausibly take).
import { GRADES, type Grade } from '../vocabulary.ts';
import type { ScoringPolicy } from './policy.ts';

export interface Gradable {
  unitId: string;
  composite: number | null;
  interval: [number, number] | null;
  veto: boolean;
}

export interface Graded {
  grade: Grade | null;
  rank: number | null;
  rankLow: number | null;
  rankHigh: number | null;
  flags: string[];
}

const worse = (a: Grade, b: Grade): Grade => (GRADES.indexOf(a) >= GRADES.indexOf(b) ? a : b);

export function gradeFor(composite: number, policy: ScoringPolicy): Grade {
  const t = policy.gradeThresholds;
  if (composite >= t.excellent) return 'excellent';
  if (composite >= t.good) return 'good';
  if (composite >= t.fair) return 'fair';
  return 'poor';
}

/** Grades and ranks the units of one category. Deterministic: ties are broken by unit id. */
export function gradeCategory(units: readonly Gradable[], policy: ScoringPolicy): Map<string, Graded> {
  const out = new Map<string, Graded>();
  const scored = units
    .filter((u): u is Gradable & { composite: number } => u.composite !== null)
    .sort((a, b) => b.composite - a.composite || (a.unitId < b.unitId ? -1 : 1));
  let excellentLeft =
    policy.excellentQuota === null
      ? Number.POSITIVE_INFINITY
      : Math.floor(policy.excellentQuota * scored.length);
  scored.forEach((u, i) => {
    const flags: string[] = [];
    let grade = gradeFor(u.composite, policy);
    if (u.veto && worse(grade, policy.vetoGradeCap) !== grade) {
      grade = policy.vetoGradeCap;
      flags.push('veto_grade_cap');
    }
    if (grade === 'excellent') {
      if (excellentLeft > 0) excellentLeft--;
      else {
        grade = 'good';
        flags.push('excellent_quota');
      }
    }
    // Competition ranking: equal composites share a rank.
    const rank = scored.findIndex((v) => v.composite === u.composite) + 1;
    const [lo, hi] = u.interval ?? [u.composite, u.composite];
    const clearlyBetter = scored.filter(
      (v) => v !== u && (v.interval ?? [v.composite, v.composite])[0] > hi,
    ).length;
    const clearlyWorse = scored.filter(
      (v) => v !== u && (v.interval ?? [v.composite, v.composite])[1] < lo,
    ).length;
    out.set(u.unitId, {
      grade,
      rank,
      rankLow: clearlyBetter + 1,
      rankHigh: scored.length - clearlyWorse,
      flags,
    });
    void i;
  });
  for (const u of units) {
    if (!out.has(u.unitId))
      out.set(u.unitId, { grade: null, rank: null, rankLow: null, rankHigh: null, flags: [] });
  }
  return out;
}
