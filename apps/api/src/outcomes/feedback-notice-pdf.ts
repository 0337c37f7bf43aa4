// 反馈通报: the notice a unit receives with its result — score, grade, rank, how the score was
// made, deductions, negative-list reasons and what to rectify. Chinese, A4, printable.

import type { UnitBreakdown } from '@kaimen/contracts';
import {
  channelZh,
  describeIntervalBasis,
  describeNegativeListRule,
  describeUncertainty,
  gradeZh,
} from '@kaimen/domain';
import { CJK_FONT, CJK_FONT_NAME } from '../assets.ts';
import { loadPdfKit } from '../lazy-modules.ts';

export interface NoticeInput {
  cycleName: string;
  revision: number;
  published: boolean;
  unitName: string;
  categoryName: string;
  composite: number | null;
  grade: string | null;
  rank: number | null;
  rankLow: number | null;
  rankHigh: number | null;
  breakdown: UnitBreakdown;
  indicatorNames: Record<string, string>;
  findingNames: Record<string, string>;
  issuedOn: string;
}

const f2 = (x: number | null) => (x === null ? '—' : x.toFixed(2));

export async function renderFeedbackNotice(n: NoticeInput): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `${n.unitName} 反馈通报`, Creator: 'Kaimen 开门考评' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', CJK_FONT, CJK_FONT_NAME);
    doc.font('cjk');
    doc.fontSize(20).text(`${n.cycleName}反馈通报`, { align: 'center' });
    doc.moveDown(0.3).fontSize(10).fillColor('#555555');
    doc.text(`第 ${n.revision} 版${n.published ? '' : '（未公布，仅供审核）'} · ${n.issuedOn}`, {
      align: 'center',
    });
    doc.moveDown(1).fillColor('#000000').fontSize(13).text(`${n.unitName}：`);
    doc.moveDown(0.5).fontSize(11);
    const rank =
      n.rank === null ? '—' : `第 ${n.rank} 名（考虑抽样误差，排名区间为第 ${n.rankLow}–${n.rankHigh} 名）`;
    doc.text(
      `根据本年度开门考评结果，你单位（${n.categoryName}）综合得分 ${f2(n.composite)} 分，等次为「${n.grade ? gradeZh(n.grade) : '—'}」，在同类别单位中排${rank}。`,
      { lineGap: 4 },
    );
    if (n.breakdown.ci)
      doc.text(
        `综合得分 95% 置信区间为 ${f2(n.breakdown.ci[0])}–${f2(n.breakdown.ci[1])} 分（区间依据：${describeIntervalBasis(n.breakdown.channels) || '—'}）。`,
        { lineGap: 4 },
      );

    doc.moveDown(0.8).fontSize(13).text('一、得分构成');
    doc.fontSize(10);
    for (const c of n.breakdown.channels.filter((c) => c.configuredWeight > 0 || c.n > 0)) {
      const basis =
        c.uncertainty && c.uncertainty.basis !== 'none' ? `（${describeUncertainty(c.uncertainty)}）` : '';
      const ci = c.ci ? `，95% 区间 ${f2(c.ci[0])}–${f2(c.ci[1])}${basis}` : '';
      const state =
        c.status === 'counted'
          ? `实际权重 ${f2(c.effectiveWeight)}%，贡献 ${f2(c.contribution)} 分`
          : ({
              no_data: '无数据，不计入',
              insufficient_sample: '样本不足，权重按规则调整',
              quorum_not_met: '参评率不足，不计入',
              below_min_ballots: '评议表少于最低份数，不计入',
              not_weighted: '未设权重',
            }[c.status] ?? c.status);
      doc.text(
        `· ${channelZh(c.channel)}：样本 ${c.n}，得分 ${f2(c.score)}${ci}；设定权重 ${c.configuredWeight}%，${state}。`,
        { lineGap: 3 },
      );
    }
    doc.text(
      `年末考核得分 ${f2(n.breakdown.yearEnd)} 分${n.breakdown.spotCheck === null ? '' : `，日常检查得分 ${f2(n.breakdown.spotCheck)} 分`}。`,
      { lineGap: 3 },
    );

    doc.moveDown(0.8).fontSize(13).text('二、扣分与否决事项');
    doc.fontSize(10);
    if (n.breakdown.deductions.length === 0 && !n.breakdown.petition) doc.text('无。');
    for (const d of n.breakdown.deductions.filter((d) => d.type !== 'petition')) {
      doc.text(
        `· ${n.findingNames[d.type] ?? d.type} ${d.count} 项，扣 ${f2(d.points)} 分${d.veto ? '（一票否决）' : ''}。`,
        { lineGap: 3 },
      );
    }
    const p = n.breakdown.petition;
    if (p) {
      const basis =
        p.basis === 'per_10k_visits' && p.visits !== null
          ? `，服务量 ${p.visits} 人次，折合每万人次 ${p.rate.toFixed(2)} 件`
          : p.fellBackToCount
            ? '，无服务量记录，按件数计'
            : '';
      const effect =
        p.mode === 'indicator'
          ? `信访指标得分 ${f2(p.score)} 分`
          : `扣 ${f2(p.points)} 分${p.capped ? '（已达上限）' : ''}`;
      doc.text(
        `· 信访意见：${p.opinions} 份意见，投诉 ${p.complaints} 件，核实属实 ${p.verified} 件${basis}；${effect}。`,
        { lineGap: 3 },
      );
    }
    if (n.breakdown.negativeList.length > 0) {
      doc
        .moveDown(0.3)
        .text(
          `你单位列入负面清单，原因：${n.breakdown.negativeList.map((r) => describeNegativeListRule(r)).join('、')}。`,
          { lineGap: 3 },
        );
    }

    doc.moveDown(0.8).fontSize(13).text('三、需要整改的方面');
    doc.fontSize(10);
    if (n.breakdown.lowIndicators.length === 0) doc.text('各项指标均达到要求。');
    for (const l of n.breakdown.lowIndicators) {
      doc.text(
        `· ${channelZh(l.channel)}「${n.indicatorNames[l.indicatorId] ?? l.indicatorId}」平均 ${l.mean.toFixed(1)} 分。`,
        { lineGap: 3 },
      );
    }
    doc
      .moveDown(0.8)
      .fontSize(11)
      .text(
        '请对照上述问题制定整改措施，明确责任人和完成时限，在整改清单中逐项报送整改情况和佐证材料，经考评办核查后对账销号。',
        { lineGap: 4 },
      );
    doc.end();
  });
}
