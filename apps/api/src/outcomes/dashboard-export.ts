// The numbers behind each dashboard chart as CSV (UTF-8 with BOM so Excel shows Chinese;
// bilingual headers). Suppressed figures stay empty, with their n, as on screen (样本不足).
import type { DashboardChart, DashboardResponse } from '@kaimen/contracts';
import { type Cell, csvFile } from '../exports/spreadsheet-writer.ts';

type Table = { header: string[]; rows: Cell[][] };

const BUCKETS = {
  overdue: '已超期 overdue',
  due_0_2: '0–2天 0–2 days',
  due_3_7: '3–7天 3–7 days',
  due_later: '7天以上 later',
};

function tableOf(d: DashboardResponse, chart: DashboardChart): Table {
  switch (chart) {
    case 'ratings_per_day':
      return { header: ['日期 day', '评价数 n'], rows: d.ratingsPerDay.map((r) => [r.day, r.n]) };
    case 'satisfaction_trend':
      return {
        header: ['周 week', '对象 series', '评价数 n', '满意率 satisfied_share'],
        rows: d.satisfactionTrend.map((r) => [r.week, r.seriesName, r.n, r.satisfiedShare]),
      };
    case 'channels': {
      const channels = [...new Set(d.channels.rows.flatMap((r) => r.contributions.map((c) => c.channel)))];
      return {
        header: ['对象 name', '综合得分 composite', ...channels.map((c) => `${c} contribution`)],
        rows: d.channels.rows.map((r) => [
          r.name,
          r.composite,
          ...channels.map((c) => r.contributions.find((x) => x.channel === c)?.contribution),
        ]),
      };
    }
    case 'score_histogram':
      return {
        header: ['下限 from', '上限 to', '单位数 units'],
        rows: d.scoreHistogram.bins.map((b) => [b.from, b.to, b.n]),
      };
    case 'ranks':
      return {
        header: [
          '单位 unit',
          '评价数 n',
          '类内排名 rank',
          '得分 score',
          '置信下限 ci_low',
          '置信上限 ci_high',
        ],
        rows: d.ranks.map((r) => [r.unitName, r.n, r.rank, r.score, r.ci?.[0], r.ci?.[1]]),
      };
    case 'negative_rate':
      return {
        header: ['单位 unit', '窗口 service_point', '评价数 n', '差评数 negative', '差评率 negative_rate'],
        rows: d.negativeRate.map((r) => [r.unitName, r.servicePointName, r.n, r.negative, r.rate]),
      };
    case 'case_deadlines':
      return {
        header: ['期限 due', '未办结 open_cases'],
        rows: d.caseDeadlines.map((r) => [BUCKETS[r.bucket], r.n]),
      };
  }
}

export function dashboardCsv(d: DashboardResponse, chart: DashboardChart): Buffer {
  const { header, rows } = tableOf(d, chart);
  return csvFile([header, ...rows]);
}
