// Computes every unit's outcome for a cycle from aggregated inputs. Pure and deterministic:
// the same inputs in any order give the same result, so a revision can be recomputed and
// checked against its stored inputs' hash.
import type { Channel, Grade } from '../vocabulary.ts';
import { aspectMean, type ServicePointRatings, scoreCitizenChannel } from './citizen-score.ts';
import { type DeductionRule, deductionsOf } from './deductions.ts';
import { type Gradable, gradeCategory } from './grading.ts';
import type { IndicatorNode } from './indicator-tree.ts';
import { type SourceScores, scoreInstitutionalChannel } from './institutional-score.ts';
import { type PanelBallot, scorePanelChannel } from './panel-score.ts';
import { assessPetitions, type PetitionCounts, type PetitionResult } from './petition.ts';
import type { ChannelWeights, ScoringPolicy } from './policy.ts';
import { type Estimate, interval, round3 } from './statistics.ts';
import { type Uncertainty, type UncertaintyBasis, withUncertainty } from './uncertainty.ts';

export type PanelChannel = 'representative' | 'special_supervisor';
export type InstitutionalChannel = 'superior' | 'third_party' | 'self' | 'peer';

export interface CycleInputs {
  policy: ScoringPolicy;
  units: readonly { id: string; categoryId: string }[];
  /** Per category, in % of the composite. */
  channelWeights: ReadonlyMap<string, ChannelWeights>;
  trees: ReadonlyMap<string, readonly IndicatorNode[]>;
  citizen: ReadonlyMap<string, readonly ServicePointRatings[]>;
  volumes: ReadonlyMap<string, number>;
  aspects: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  panels: ReadonlyMap<
    string,
    ReadonlyMap<PanelChannel, { ballots: readonly PanelBallot[]; invited: number; submitted: number }>
  >;
  institutional: ReadonlyMap<string, ReadonlyMap<InstitutionalChannel, readonly SourceScores[]>>;
  findings: ReadonlyMap<string, readonly { type: string; count: number }[]>;
  deductionRules: ReadonlyMap<string, DeductionRule>;
  spotChecks: ReadonlyMap<string, readonly number[]>;
  /** Petition opinions summed per unit (信访意见). */
  petitions?: ReadonlyMap<string, PetitionCounts>;
  /** Served visits per unit over the cycle: the petition rule's per-10,000 basis. */
  unitVisits?: ReadonlyMap<string, number>;
}

/** The deduction type the petition rule's points are listed under. */
export const PETITION_DEDUCTION = 'petition';

export type ChannelStatus =
  | 'counted'
  | 'no_data'
  | 'insufficient_sample'
  | 'quorum_not_met'
  | 'below_min_ballots'
  | 'not_weighted';

export interface ChannelResult {
  channel: Channel;
  status: ChannelStatus;
  configuredWeight: number;
  effectiveWeight: number;
  score: number | null;
  n: number;
  ci: [number, number] | null;
  /** What the interval stands on: measured spread, the policy's single-source assumption, or fixed. */
  uncertainty: Uncertainty;
  contribution: number;
  indicators: { indicatorId: string; mean: number; n: number }[];
  detail: Record<string, unknown>;
}

export interface UnitOutcome {
  unitId: string;
  categoryId: string;
  channels: ChannelResult[];
  yearEnd: number | null;
  spotCheck: number | null;
  deductions: { type: string; count: number; points: number; veto: boolean }[];
  deductionTotal: number;
  veto: boolean;
  /** What the petition rule made of the unit's petition opinions, with the counts; null when off. */
  petition: PetitionResult | null;
  composite: number | null;
  ci: [number, number] | null;
  grade: Grade | null;
  rank: number | null;
  rankLow: number | null;
  rankHigh: number | null;
  insufficient: boolean;
  negativeList: string[];
  flags: string[];
  lowIndicators: { channel: Channel; indicatorId: string; mean: number }[];
}

const CHANNEL_ORDER: Channel[] = [
  'citizen',
  'representative',
  'special_supervisor',
  'superior',
  'third_party',
  'self',
  'peer',
];

interface RawChannel {
  channel: Channel;
  status: ChannelStatus;
  estimate: Estimate;
  uncertainty: Uncertainty;
  indicators: { indicatorId: string; mean: number; n: number }[];
  detail: Record<string, unknown>;
}

function channelEstimates(unitId: string, categoryId: string, inputs: CycleInputs): RawChannel[] {
  const { policy } = inputs;
  const tree = inputs.trees.get(categoryId) ?? [];
  const out: RawChannel[] = [];
  const push = (c: Omit<RawChannel, 'uncertainty'>, measured: UncertaintyBasis) => {
    const u = withUncertainty(c.channel, c.estimate, measured, policy.singleSourceSe);
    out.push({ ...c, estimate: u.estimate, uncertainty: u.uncertainty });
  };
  const citizen = scoreCitizenChannel(inputs.citizen.get(unitId) ?? [], inputs.volumes, policy);
  const aspects = [...(inputs.aspects.get(unitId) ?? new Map())]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, counts]) => ({ code, ...aspectMean(counts, policy) }));
  push(
    {
      channel: 'citizen',
      status:
        citizen.score === null
          ? 'no_data'
          : citizen.n < policy.minCitizenSample
            ? 'insufficient_sample'
            : 'counted',
      estimate: citizen,
      indicators: [],
      detail: { volumeWeighted: citizen.volumeWeighted, aspects, minSample: policy.minCitizenSample },
    },
    'sampling',
  );
  for (const channel of ['representative', 'special_supervisor'] as const) {
    const panel = inputs.panels.get(unitId)?.get(channel);
    const result = scorePanelChannel(
      tree,
      panel?.ballots ?? [],
      { invited: panel?.invited ?? 0, submitted: panel?.submitted ?? 0 },
      policy,
    );
    const status: ChannelStatus =
      result.n === 0
        ? 'no_data'
        : !result.quorumMet
          ? 'quorum_not_met'
          : result.n < policy.panelMinBallots
            ? 'below_min_ballots'
            : 'counted';
    push(
      {
        channel,
        status,
        estimate: result,
        indicators: [...result.indicators]
          .map(([indicatorId, v]) => ({ indicatorId, mean: v.mean, n: v.n }))
          .sort((a, b) => (a.indicatorId < b.indicatorId ? -1 : 1)),
        detail: {
          invited: result.invited,
          submitted: result.submitted,
          suspiciousBallots: result.suspiciousBallots.length,
          voidBallots: result.voidBallots.length,
          minBallots: policy.panelMinBallots,
          trimmed: [...result.indicators.values()].some((i) => i.trimmed),
        },
      },
      'between_ballots',
    );
  }
  for (const channel of ['superior', 'third_party', 'self', 'peer'] as const) {
    const result = scoreInstitutionalChannel(tree, inputs.institutional.get(unitId)?.get(channel) ?? []);
    push(
      {
        channel,
        status: result.score === null ? 'no_data' : 'counted',
        estimate: result,
        indicators: [...result.indicators]
          .map(([indicatorId, v]) => ({ indicatorId, ...v }))
          .sort((a, b) => (a.indicatorId < b.indicatorId ? -1 : 1)),
        detail: { sources: result.n },
      },
      'between_sources',
    );
  }
  return out;
}

interface Combined {
  channels: ChannelResult[];
  yearEnd: number | null;
  se: number | null;
  insufficient: boolean;
}

/** Σ weight × score over the channels that count, weights renormalised to 100%. */
export function combineChannels(
  raw: readonly RawChannel[],
  weights: ChannelWeights,
  policy: ScoringPolicy,
): Combined {
  const insufficient =
    policy.insufficientSample === 'insufficient' &&
    raw.some((c) => c.status === 'insufficient_sample' && (weights[c.channel] ?? 0) > 0);
  const counted = raw.filter((c) => c.status === 'counted' && (weights[c.channel] ?? 0) > 0);
  const total = counted.reduce((a, c) => a + (weights[c.channel] ?? 0), 0);
  let yearEnd: number | null = null;
  let variance: number | null = 0;
  if (total > 0 && !insufficient) {
    yearEnd = 0;
    for (const c of counted) {
      const w = (weights[c.channel] ?? 0) / total;
      yearEnd += w * (c.estimate.score as number);
      variance =
        c.estimate.se === null || variance === null ? variance : variance + w * w * c.estimate.se ** 2;
    }
  }
  const channels = CHANNEL_ORDER.map((name) => {
    const c = raw.find((r) => r.channel === name) as RawChannel;
    const configured = weights[name] ?? 0;
    const isCounted = counted.includes(c) && yearEnd !== null;
    const effective = isCounted ? (configured / total) * 100 : 0;
    return {
      channel: name,
      status: configured === 0 && c.status === 'counted' ? ('not_weighted' as const) : c.status,
      configuredWeight: configured,
      effectiveWeight: round3(effective),
      score: c.estimate.score === null ? null : round3(c.estimate.score),
      n: c.estimate.n,
      ci: (interval(c.estimate)?.map(round3) as [number, number] | undefined) ?? null,
      uncertainty: {
        basis: c.uncertainty.basis,
        se: c.uncertainty.se === null ? null : round3(c.uncertainty.se),
      },
      contribution: isCounted ? round3((effective / 100) * (c.estimate.score as number)) : 0,
      indicators: c.indicators.map((i) => ({ ...i, mean: round3(i.mean) })),
      detail: c.detail,
    };
  });
  return { channels, yearEnd, se: variance === null ? null : Math.sqrt(variance), insufficient };
}

function deductionsFor(unitId: string, inputs: CycleInputs) {
  const petition = assessPetitions(
    inputs.petitions?.get(unitId),
    inputs.unitVisits?.get(unitId),
    inputs.policy.petitionRule,
  );
  const extra =
    petition?.mode === 'deduction' && petition.points > 0
      ? [{ type: PETITION_DEDUCTION, count: petition.verified, points: petition.points, veto: false }]
      : [];
  return {
    ...deductionsOf(
      inputs.findings.get(unitId) ?? [],
      inputs.deductionRules,
      inputs.policy.deductionCap,
      extra,
    ),
    petition,
  };
}

interface Partial {
  unitId: string;
  categoryId: string;
  raw: RawChannel[];
  spotCheck: number | null;
  deductions: ReturnType<typeof deductionsFor>;
}

function compositeOf(p: Partial, weights: ChannelWeights, policy: ScoringPolicy) {
  const combined = combineChannels(p.raw, weights, policy);
  if (combined.yearEnd === null) return { combined, composite: null, ci: null };
  const share = p.spotCheck === null ? 0 : policy.spotCheckShare;
  // The petition indicator (indicator mode) takes its share like spot checks; a count has no sampling error.
  const petition = p.deductions.petition?.score ?? null;
  const petitionShare = petition === null ? 0 : policy.petitionRule.share;
  const base =
    (1 - share - petitionShare) * combined.yearEnd +
    share * (p.spotCheck ?? 0) +
    petitionShare * (petition ?? 0);
  const composite = Math.max(0, Math.min(100, base - p.deductions.total));
  const se = combined.se === null ? null : (1 - share - petitionShare) * combined.se;
  return { combined, composite, ci: se === null ? null : interval({ score: composite, n: 1, se }) };
}

export function computeCycle(inputs: CycleInputs): UnitOutcome[] {
  const { policy } = inputs;
  const units = [...inputs.units].sort((a, b) => (a.id < b.id ? -1 : 1));
  const partials: Partial[] = units.map((u) => {
    const spot = inputs.spotChecks.get(u.id) ?? [];
    return {
      unitId: u.id,
      categoryId: u.categoryId,
      raw: channelEstimates(u.id, u.categoryId, inputs),
      spotCheck: spot.length > 0 ? spot.reduce((a, b) => a + b, 0) / spot.length : null,
      deductions: deductionsFor(u.id, inputs),
    };
  });
  const weightsOf = (categoryId: string) => inputs.channelWeights.get(categoryId) ?? {};
  const base = new Map(partials.map((p) => [p.unitId, compositeOf(p, weightsOf(p.categoryId), policy)]));

  const categories = [...new Set(units.map((u) => u.categoryId))].sort();
  const graded = new Map<string, ReturnType<typeof gradeCategory> extends Map<string, infer G> ? G : never>();
  const sensitive = new Map<string, string[]>();
  for (const category of categories) {
    const members = partials.filter((p) => p.categoryId === category);
    const gradables = (weights: ChannelWeights): Gradable[] =>
      members.map((p) => {
        const r =
          weights === weightsOf(category)
            ? (base.get(p.unitId) as ReturnType<typeof compositeOf>)
            : compositeOf(p, weights, policy);
        return { unitId: p.unitId, composite: r.composite, interval: r.ci, veto: p.deductions.veto };
      });
    const baseGrades = gradeCategory(gradables(weightsOf(category)), policy);
    for (const [id, g] of baseGrades) graded.set(id, g);
    // Sensitivity: each channel's weight moved by ±policy.sensitivity, the others renormalised.
    const weights = weightsOf(category);
    for (const channel of CHANNEL_ORDER.filter((c) => (weights[c] ?? 0) > 0)) {
      for (const sign of [1, -1]) {
        const moved = { ...weights, [channel]: (weights[channel] ?? 0) * (1 + sign * policy.sensitivity) };
        for (const [id, g] of gradeCategory(gradables(moved), policy)) {
          if (g.grade !== baseGrades.get(id)?.grade) {
            sensitive.set(id, [
              ...(sensitive.get(id) ?? []),
              `${channel}${sign > 0 ? '+' : '-'}${Math.round(policy.sensitivity * 100)}%`,
            ]);
          }
        }
      }
    }
  }

  const outcomes: UnitOutcome[] = partials.map((p) => {
    const r = base.get(p.unitId) as ReturnType<typeof compositeOf>;
    const g = graded.get(p.unitId) as NonNullable<ReturnType<typeof graded.get>>;
    const flags = [...g.flags];
    if (r.combined.channels.some((c) => c.status === 'insufficient_sample'))
      flags.push('citizen_sample_below_minimum');
    // Panel flags only where the panel carries weight: an unweighted panel changes nothing.
    const weighted = r.combined.channels.filter((c) => c.configuredWeight > 0);
    if (weighted.some((c) => c.status === 'quorum_not_met')) flags.push('panel_quorum_not_met');
    if (weighted.some((c) => c.status === 'below_min_ballots')) flags.push('panel_below_min_ballots');
    if (sensitive.has(p.unitId))
      flags.push(`grade_sensitive:${(sensitive.get(p.unitId) as string[]).join(',')}`);
    const lowIndicators = r.combined.channels.flatMap((c) =>
      c.indicators
        .filter((i) => i.mean < policy.lowIndicatorThreshold)
        .map((i) => ({ channel: c.channel, indicatorId: i.indicatorId, mean: i.mean })),
    );
    return {
      unitId: p.unitId,
      categoryId: p.categoryId,
      channels: r.combined.channels,
      yearEnd: r.combined.yearEnd === null ? null : round3(r.combined.yearEnd),
      spotCheck: p.spotCheck === null ? null : round3(p.spotCheck),
      deductions: p.deductions.items,
      deductionTotal: p.deductions.total,
      veto: p.deductions.veto,
      petition: p.deductions.petition,
      composite: r.composite === null ? null : round3(r.composite),
      ci: r.ci ? [round3(r.ci[0]), round3(r.ci[1])] : null,
      grade: g.grade,
      rank: g.rank,
      rankLow: g.rankLow,
      rankHigh: g.rankHigh,
      insufficient: r.combined.insufficient,
      negativeList: [],
      flags,
      lowIndicators,
    };
  });
  applyNegativeList(outcomes, policy);
  return outcomes;
}

/** 负面清单: each unit with the rules that put it there. */
function applyNegativeList(outcomes: UnitOutcome[], policy: ScoringPolicy): void {
  const rules = policy.negativeList;
  const sizes = new Map<string, number>();
  for (const o of outcomes) if (o.rank !== null) sizes.set(o.categoryId, (sizes.get(o.categoryId) ?? 0) + 1);
  for (const o of outcomes) {
    if (rules.poorGrade && o.grade === 'poor') o.negativeList.push('poor_grade');
    if (rules.veto && o.veto) o.negativeList.push('veto');
    if (
      rules.bottomOfCategory > 0 &&
      o.rank !== null &&
      o.rank > (sizes.get(o.categoryId) ?? 0) - rules.bottomOfCategory
    ) {
      o.negativeList.push(`bottom_${rules.bottomOfCategory}_of_category`);
    }
    if (rules.deductionsOver !== null && o.deductionTotal > rules.deductionsOver)
      o.negativeList.push(`deductions_over_${rules.deductionsOver}`);
  }
}
