// Coverage warnings for a cycle before it is computed: the same inputs the computation gathers,
// plus each rated window's rating span and volume periods, read by the domain's coverage rules
// and worded for the organiser with what the computation will do about each.
import type { CoverageResponse } from '@kaimen/contracts';
import { loadCycleForScoring, ratedWindowSpans, volumePeriodsOverlapping } from '@kaimen/db';
import { CHANNEL_LABELS, type Channel, type CoverageWarning, coverageWarnings } from '@kaimen/domain';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { gatherCycleInputs } from './scoring-inputs.ts';

type Lang = 'zh-CN' | 'en';
type Worded = { message: string; action: string };

function word(w: CoverageWarning, lang: Lang): Worded {
  const en = lang === 'en';
  switch (w.kind) {
    case 'window_without_volume':
      return en
        ? {
            message: `rated ${w.firstRating} – ${w.lastRating}, but no service volume recorded in the cycle`,
            action: "the unit's windows are weighted by their ratings, not by service volume",
          }
        : {
            message: `${w.firstRating} 至 ${w.lastRating} 有群众评价，但周期内没有服务量记录`,
            action: '该单位各窗口改按评价数加权，不按服务量',
          };
    case 'window_volume_gap':
      return en
        ? {
            message: `${w.days} rated days without a volume period (first ${w.from} – ${w.to})`,
            action: 'weighted by the volume recorded; the days without a record add nothing to its weight',
          }
        : {
            message: `${w.days} 个有评价的日期没有服务量记录（首段 ${w.from} 至 ${w.to}）`,
            action: '按已记录的服务量加权，缺记录的日期不计入权重',
          };
    case 'volume_ends_before_ratings':
      return en
        ? {
            message: `service volumes end ${w.volumeUntil}, ratings go on to ${w.ratingsUntil}`,
            action: `weighted by the volume up to ${w.volumeUntil}; later ratings count with that weight`,
          }
        : {
            message: `服务量记录止于 ${w.volumeUntil}，群众评价持续到 ${w.ratingsUntil}`,
            action: `按截至 ${w.volumeUntil} 的服务量加权，之后的评价沿用该权重`,
          };
    case 'volume_period_outside_cycle':
      return en
        ? {
            message: `volume period ${w.start} – ${w.end} reaches outside the cycle`,
            action: 'that period is not summed (only periods wholly inside the cycle are)',
          }
        : {
            message: `服务量时段 ${w.start} 至 ${w.end} 超出考评周期`,
            action: '该时段不计入（只汇总完全在周期内的时段）',
          };
    case 'citizen_below_minimum':
      return en
        ? {
            message: `${w.n} citizen ratings, below the minimum sample of ${w.min}`,
            action:
              w.action === 'redistribute'
                ? "the citizen channel does not count; its weight goes to the unit's other channels"
                : 'the unit is marked insufficient: no composite, grade or rank',
          }
        : {
            message: `群众评价 ${w.n} 条，少于最低样本 ${w.min} 条`,
            action:
              w.action === 'redistribute'
                ? '群众评价不计入，其权重按比例分给该单位其他渠道'
                : '该单位标记为样本不足，不计算综合得分、等次和排名',
          };
    case 'panel_below_min_ballots':
    case 'panel_quorum_not_met': {
      const channel = CHANNEL_LABELS[w.channel as Channel][en ? 'en' : 'zh'];
      const found =
        w.kind === 'panel_quorum_not_met'
          ? en
            ? `${channel}: ${w.submitted} of ${w.invited} invited submitted, below the quorum (${w.min})`
            : `${channel}：邀请 ${w.invited} 人，提交 ${w.submitted} 人，未达参评率（至少 ${w.min} 人）`
          : en
            ? `${channel}: ${w.ballots} counted ballots, below the minimum of ${w.min}`
            : `${channel}：有效评议表 ${w.ballots} 份，少于最低 ${w.min} 份`;
      return {
        message: found,
        action: en
          ? "the panel does not count; its weight goes to the unit's other channels"
          : '该评议渠道不计入，其权重按比例分给该单位其他渠道',
      };
    }
  }
}

export async function coverageOf(
  deps: AppDeps,
  actor: { organiserId: string },
  cycleId: string,
  lang: Lang,
): Promise<CoverageResponse> {
  const cycle = await loadCycleForScoring(deps.db, cycleId);
  if (!cycle || cycle.organiser_id !== actor.organiserId) throw new AppError('not_found');
  const [{ inputs, unitNames }, spans, periods] = await Promise.all([
    gatherCycleInputs(deps.db, cycle),
    ratedWindowSpans(deps.db, cycle),
    volumePeriodsOverlapping(deps.db, cycle),
  ]);
  const periodsOf = new Map<string, { start: string; end: string }[]>();
  for (const p of periods) {
    const list = periodsOf.get(p.service_point_id) ?? [];
    list.push({ start: p.period_start, end: p.period_end });
    periodsOf.set(p.service_point_id, list);
  }
  const windowNames = new Map(spans.map((s) => [s.service_point_id, s.name]));
  const warnings = coverageWarnings(
    inputs,
    { startsOn: cycle.starts_on, endsOn: cycle.ends_on },
    spans.map((s) => ({
      servicePointId: s.service_point_id,
      unitId: s.unit_id,
      firstRating: s.first_rating,
      lastRating: s.last_rating,
      volumePeriods: periodsOf.get(s.service_point_id) ?? [],
    })),
  );
  const counts: Record<string, number> = {};
  for (const w of warnings) counts[w.kind] = (counts[w.kind] ?? 0) + 1;
  return {
    cycleId,
    counts,
    warnings: warnings.map((w) => {
      const { kind, unitId, action: _action, ...detail } = w;
      const servicePointId = 'servicePointId' in w ? w.servicePointId : null;
      return {
        kind,
        unitId,
        unitName: unitNames.get(unitId) ?? unitId,
        servicePointId,
        servicePointName: servicePointId ? (windowNames.get(servicePointId) ?? null) : null,
        ...word(w, lang),
        detail: { ...detail, rule: w.action },
      };
    }),
  };
}
