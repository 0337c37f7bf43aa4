// The demo organiser, built deterministically from a seed: organisations, units, windows,
// the current cycle with its indicator trees and weights, representatives and staff. Pure:
// it returns rows; seed-demo.ts writes them. Ratings come from demo-ratings.ts.
import { createRandom, DEFAULT_RATING_ASPECTS, MODEL_DIMENSIONS } from '@kaimen/domain';
import {
  AFFILIATIONS,
  CHANNEL_WEIGHTS,
  DEDUCTION_RULES,
  DEMO_CATEGORIES,
  DEMO_ORGANISER,
  GIVEN_NAMES,
  HOLIDAYS_2026,
  INDICATORS,
  SURNAMES,
  WINDOW_NAMES,
} from './demo-catalogue.ts';

export const DEMO_PASSWORD = 'kaimen-demo-2026';
export const DEMO_YEAR = 2026;
/** Ratings are spread up to this day, so the demo is the same whenever it is generated. */
export const DEMO_UNTIL = '2026-11-20';

export interface DemoOptions {
  seed: number;
  /** Scales the organiser up for benchmarks (1 = the ~40-unit province). */
  unitMultiplier: number;
  representatives: number;
}

export const DEFAULT_DEMO_OPTIONS: DemoOptions = { seed: 20_260_101, unitMultiplier: 1, representatives: 30 };

export interface DemoServicePoint {
  id: string;
  unitId: string;
  code: string;
  name: string;
  kind: 'counter' | 'hall' | 'online';
  /** Relative service volume: busier windows get more ratings. */
  volume: number;
  /** Service quality offset of this window relative to its unit. */
  offset: number;
  deviceId: string | null;
}

export interface DemoUnit {
  id: string;
  code: string;
  name: string;
  categoryId: string;
  parentCode: string | undefined;
  /** Latent service quality; drives the rating distribution. */
  quality: number;
}

interface DemoOrganisation {
  id: string;
  kind: string;
  organiser_id: string | null;
  code: string;
  name: string;
  name_en: string | null;
  unit_id: string | null;
}

export const DEFAULT_POLICY = {
  levelPoints: [0, 30, 60, 80, 100],
  verifiedWeight: 1.5,
  minCitizenSample: 30,
  insufficientSample: 'redistribute',
  panelTrimAbove: 5,
  panelQuorum: 0.6,
  gradeThresholds: { excellent: 90, good: 80, fair: 60 },
  excellentQuota: 0.2,
  negativeList: { poorGrade: true, veto: true, bottomOfCategory: 1, deductionsOver: null },
  caseDueWorkingDays: 10,
  // Every path of the method is exercised by the demo (see DEMO_PATHS): spot checks by proportion,
  // an overall deduction cap, petition opinions as a capped deduction, the minimum panel ballots,
  // and an assumed standard error for the single superior agency (third-party stays fixed).
  spotCheckShare: 0.1,
  deductionCap: 10,
  petitionRule: { mode: 'deduction', basis: 'count', pointsPer: 0.5, cap: 2, share: 0 },
  panelMinBallots: 3,
  singleSourceSe: { superior: 3 },
};

/**
 * Units (by code) that carry the demo's rarer paths, so every rule of the computation meets data:
 * a unit below the minimum citizen sample, a window with no service volume (its unit falls back to
 * rating weights), a window whose volumes start only in July, a unit whose volumes stop in
 * September while ratings go on, self and peer scores, spot checks.
 */
export const DEMO_PATHS = {
  sparseUnit: 'earthquake',
  sparseMaxRatings: 12,
  windowWithoutVolume: { unit: 'hrss', window: 'w2' },
  windowVolumeFromJuly: { unit: 'tax', window: 'w1' },
  volumesEndSeptember: 'psb-vehicles',
  /** Self-assessment by the liaison's unit; peer review among these three. */
  peers: ['gov-service-centre', 'medical-security', 'housing-fund'],
  spotChecked: ['gov-service-centre', 'psb', 'finance', 'library', 'tax', 'ecology'],
} as const;

export function buildDemoPlan(options: DemoOptions = DEFAULT_DEMO_OPTIONS) {
  const rng = createRandom(options.seed);
  const organiserId = rng.uuid();
  const organisations: DemoOrganisation[] = [
    {
      id: organiserId,
      kind: 'organiser',
      organiser_id: null,
      code: DEMO_ORGANISER.code,
      name: DEMO_ORGANISER.name,
      name_en: DEMO_ORGANISER.nameEn,
      unit_id: null,
    },
  ];
  const otherOrgs = [
    {
      key: 'superior',
      kind: 'superior_agency',
      code: 'demo-superior',
      name: '省委省政府督查室',
      en: 'Provincial Inspection Office',
    },
    {
      key: 'petition',
      kind: 'petition_office',
      code: 'demo-petition',
      name: '省信访局',
      en: 'Provincial Petition Bureau',
    },
    {
      key: 'discipline',
      kind: 'discipline_body',
      code: 'demo-discipline',
      name: '省纪委监委驻省直机关纪检监察工委',
      en: 'Discipline Inspection Committee',
    },
    {
      key: 'agency',
      kind: 'assessment_agency',
      code: 'demo-agency',
      name: '省社会科学院公共治理评估中心',
      en: 'Public Governance Assessment Centre',
    },
  ];
  const orgIds: Record<string, string> = {};
  for (const o of otherOrgs) {
    orgIds[o.key] = rng.uuid();
    organisations.push({
      id: orgIds[o.key] as string,
      kind: o.kind,
      organiser_id: organiserId,
      code: o.code,
      name: o.name,
      name_en: o.en,
      unit_id: null,
    });
  }

  const categories = DEMO_CATEGORIES.map((c) => ({
    id: rng.uuid(),
    organiser_id: organiserId,
    code: c.code,
    name: c.name,
    name_en: c.nameEn,
  }));
  const units: DemoUnit[] = [];
  const servicePoints: DemoServicePoint[] = [];
  for (let copy = 0; copy < options.unitMultiplier; copy++) {
    const suffix = copy === 0 ? '' : `-${copy + 1}`;
    const nameSuffix = copy === 0 ? '' : `（${copy + 1}）`;
    DEMO_CATEGORIES.forEach((category, ci) => {
      for (const u of category.units) {
        const unit: DemoUnit = {
          id: rng.uuid(),
          code: `${u.code}${suffix}`,
          name: `${u.name}${nameSuffix}`,
          categoryId: (categories[ci] as { id: string }).id,
          parentCode: u.parent ? `${u.parent}${suffix}` : undefined,
          quality: 0.6 + rng.normal() * 0.45,
        };
        units.push(unit);
        const windows = rng.int(category.windows[0], category.windows[1]);
        for (let w = 1; w <= windows; w++) {
          const online = w === windows && windows > 2;
          const base = rng.pick(WINDOW_NAMES);
          servicePoints.push({
            id: rng.uuid(),
            unitId: unit.id,
            code: `w${w}`,
            name: online ? '网上办事大厅' : `${w}号${base}`,
            kind: online ? 'online' : 'counter',
            volume: Math.round(
              Math.exp(6 + rng.normal() * 0.7) * (category.code === 'window_service' ? 3 : 1),
            ),
            offset: rng.normal() * 0.3,
            deviceId: category.code === 'window_service' && !online ? rng.uuid() : null,
          });
        }
      }
    });
  }
  // Parents first, so the tree can be inserted in order.
  units.sort((a, b) => Number(a.parentCode !== undefined) - Number(b.parentCode !== undefined));
  const unitIdByCode = new Map(units.map((u) => [u.code, u.id]));

  const liaisonUnit = units.find((u) => u.code === 'gov-service-centre') as DemoUnit;
  const liaisonOrgId = rng.uuid();
  organisations.push({
    id: liaisonOrgId,
    kind: 'unit',
    organiser_id: organiserId,
    code: 'demo-unit-gov-service-centre',
    name: liaisonUnit.name,
    name_en: null,
    unit_id: liaisonUnit.id,
  });

  const cycleId = rng.uuid();
  const cycle = {
    id: cycleId,
    organiser_id: organiserId,
    year: DEMO_YEAR,
    name: `${DEMO_YEAR} 年度模范机关考评`,
    state: 'open',
    starts_on: `${DEMO_YEAR}-01-01`,
    ends_on: `${DEMO_YEAR}-12-31`,
    policy: DEFAULT_POLICY,
  };
  const phases = [
    { kind: 'task_list', name: '年初制定清单', starts_on: '2026-01-05', ends_on: '2026-02-28' },
    { kind: 'mid_year_review', name: '年中综合调度', starts_on: '2026-06-15', ends_on: '2026-07-31' },
    { kind: 'year_end_assessment', name: '年末考核评议', starts_on: '2026-12-01', ends_on: '2026-12-31' },
    { kind: 'spot_check', name: '日常动态调研检查', starts_on: '2026-01-01', ends_on: '2026-12-31' },
  ].map((p) => ({ id: rng.uuid(), cycle_id: cycleId, ...p }));

  const aspects = DEFAULT_RATING_ASPECTS.map((a, i) => ({
    cycle_id: cycleId,
    code: a.code,
    name: a.zh,
    name_en: a.en,
    position: i,
  }));

  const indicators: {
    id: string;
    cycle_id: string;
    category_id: string;
    parent_id: string | null;
    code: string;
    name: string;
    name_en: string | null;
    weight: number;
    kind: string;
    position: number;
  }[] = [];
  for (const category of categories) {
    // Efficiency weighs more for window services, discipline more for law enforcement.
    const dimensionWeights =
      category.code === 'window_service'
        ? [20, 20, 25, 35]
        : category.code === 'law_enforcement'
          ? [25, 30, 25, 20]
          : [25, 25, 25, 25];
    MODEL_DIMENSIONS.forEach((dimension, di) => {
      const dimensionId = rng.uuid();
      indicators.push({
        id: dimensionId,
        cycle_id: cycleId,
        category_id: category.id,
        parent_id: null,
        code: dimension.code,
        name: dimension.zh,
        name_en: dimension.en,
        weight: dimensionWeights[di] as number,
        kind: 'qualitative',
        position: di,
      });
      const children = INDICATORS[dimension.code] ?? [];
      const share = Math.floor(100 / children.length);
      children.forEach((child, i) => {
        // Shares sum to exactly 100: the first child takes the remainder.
        const weight = i === 0 ? 100 - share * (children.length - 1) : share;
        indicators.push({
          id: rng.uuid(),
          cycle_id: cycleId,
          category_id: category.id,
          parent_id: dimensionId,
          code: `${dimension.code}.${child.code}`,
          name: child.name,
          name_en: null,
          weight,
          kind: child.kind,
          position: i,
        });
      });
    });
  }

  const channelWeights = categories.flatMap((category) =>
    Object.entries(CHANNEL_WEIGHTS[category.code] ?? {}).map(([channel, weight]) => ({
      cycle_id: cycleId,
      category_id: category.id,
      channel,
      weight,
    })),
  );
  const deductionRules = DEDUCTION_RULES.map((r) => ({
    cycle_id: cycleId,
    finding_type: r.type,
    name: r.name,
    name_en: r.nameEn,
    points_per_finding: r.points,
    cap: r.cap,
    is_veto: r.veto,
  }));
  const calendarDays = HOLIDAYS_2026.map((h) => ({ organiser_id: organiserId, ...h }));

  const evaluators = Array.from({ length: options.representatives }, (_, i) => {
    const affiliation = AFFILIATIONS[i % AFFILIATIONS.length] as string;
    const kind = ['npc_deputy', 'cppcc_member', 'party_deputy', 'special_supervisor'][i % 4] as string;
    return {
      id: rng.uuid(),
      organiser_id: organiserId,
      kind,
      name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN_NAMES)}`,
      affiliation,
    };
  });
  const assignments = evaluators.flatMap((e) => {
    const chosen = new Set<string>();
    const target = Math.min(12, units.length);
    while (chosen.size < target) chosen.add(rng.pick(units).id);
    return [...chosen].sort().map((unitId) => ({ cycle_id: cycleId, evaluator_id: e.id, unit_id: unitId }));
  });

  const staff = [
    { login: 'organiser', name: '考评办 张主任', org: organiserId, roles: ['organiser_admin'] },
    { login: 'organiser.staff', name: '考评办 李干事', org: organiserId, roles: ['organiser_staff'] },
    { login: 'liaison', name: '政务服务中心 王联络员', org: liaisonOrgId, roles: ['unit_liaison'] },
    {
      login: 'superior',
      name: '督查室 赵处长',
      org: orgIds.superior as string,
      roles: ['superior_reviewer'],
    },
    { login: 'petition', name: '信访局 陈科长', org: orgIds.petition as string, roles: ['petition_officer'] },
    {
      login: 'discipline',
      name: '纪检监察工委 刘主任',
      org: orgIds.discipline as string,
      roles: ['discipline_officer'],
    },
    { login: 'agency', name: '评估中心 周研究员', org: orgIds.agency as string, roles: ['agency_analyst'] },
  ].map((s) => ({ ...s, id: rng.uuid() }));

  return {
    organiserId,
    organisations,
    categories,
    units,
    unitIdByCode,
    servicePoints,
    cycle,
    phases,
    aspects,
    indicators,
    channelWeights,
    deductionRules,
    calendarDays,
    evaluators,
    assignments,
    staff,
    /** Continues the same stream for ratings, so everything hangs off one seed. */
    ratingSeed: Math.floor(rng.next() * 2 ** 31),
  };
}

export type DemoPlan = ReturnType<typeof buildDemoPlan>;
