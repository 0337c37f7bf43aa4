// What each interval stands on. A channel's standard error comes from its own data where it has
// spread to measure (citizen sampling within windows, disagreement between panel ballots or between
// source organisations); a channel scored by a single source has none, so the cycle policy states
// an assumption for it: an assumed standard error in points, or "fixed, no sampling error". The
// basis travels with every interval, so a screen or an export can say which assumption it carries.
import { type Channel, channelZh } from '../vocabulary.ts';
import type { Estimate } from './statistics.ts';

export type UncertaintyBasis =
  /** Citizens: sampling error of the ratings within each window, windows combined by volume. */
  | 'sampling'
  /** Panels: spread between the ballots that make the (trimmed) score. */
  | 'between_ballots'
  /** Superior, third-party, self, peer: spread between the source organisations' scores. */
  | 'between_sources'
  /** One source only: the policy's assumed standard error for the channel. */
  | 'assumed_se'
  /** One source only and no assumption: taken as exact, no sampling error. */
  | 'fixed'
  /** No score. */
  | 'none';

export interface Uncertainty {
  basis: UncertaintyBasis;
  /** The standard error used (0 for fixed); null without a score. */
  se: number | null;
}

/** Per channel, the standard error (points, 0–100 scale) assumed for a single-source score; null = fixed. */
export type SingleSourceSe = Partial<Record<Channel, number | null>>;

/** The estimate with the policy's single-source assumption applied where the data give no spread. */
export function withUncertainty(
  channel: Channel,
  estimate: Estimate,
  measured: UncertaintyBasis,
  assumptions: SingleSourceSe,
): { estimate: Estimate; uncertainty: Uncertainty } {
  if (estimate.score === null) return { estimate, uncertainty: { basis: 'none', se: null } };
  if (estimate.se !== null) return { estimate, uncertainty: { basis: measured, se: estimate.se } };
  const assumed = assumptions[channel] ?? null;
  const se = assumed ?? 0;
  return {
    estimate: { ...estimate, se },
    uncertainty: { basis: assumed === null ? 'fixed' : 'assumed_se', se },
  };
}

const BASIS_ZH: Record<UncertaintyBasis, string> = {
  sampling: '抽样误差',
  between_ballots: '评议表间差异',
  between_sources: '评价单位间差异',
  assumed_se: '假定标准误',
  fixed: '固定值，不计抽样误差',
  none: '无',
};
const BASIS_EN: Record<UncertaintyBasis, string> = {
  sampling: 'sampling error',
  between_ballots: 'spread between ballots',
  between_sources: 'spread between sources',
  assumed_se: 'assumed standard error',
  fixed: 'fixed, no sampling error',
  none: 'none',
};

/** "假定标准误 3 / assumed standard error 3": the basis in words, with the assumed figure. */
export function describeUncertainty(u: Uncertainty, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const words = (lang === 'en' ? BASIS_EN : BASIS_ZH)[u.basis];
  return u.basis === 'assumed_se' && u.se !== null ? `${words} ${u.se}` : words;
}

/**
 * One line naming, for each channel counted in the composite, what its interval stands on:
 * "群众评价：抽样误差；上级机关评价：假定标准误 3 …". The composite's interval is built from these.
 */
export function describeIntervalBasis(
  channels: readonly { channel: string; effectiveWeight: number; uncertainty?: Uncertainty }[],
  lang: 'zh-CN' | 'en' = 'zh-CN',
): string {
  return channels
    .filter((c) => c.effectiveWeight > 0 && c.uncertainty)
    .map(
      (c) =>
        `${lang === 'en' ? c.channel : channelZh(c.channel)}${lang === 'en' ? ': ' : '：'}${describeUncertainty(c.uncertainty as Uncertainty, lang)}`,
    )
    .join(lang === 'en' ? '; ' : '；');
}
