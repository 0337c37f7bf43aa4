// Colours of the dashboard charts: distinguishable, and readable on white for text-free fills.
export const PALETTE = [
  '#1a56a0',
  '#c2410c',
  '#15803d',
  '#7e22ce',
  '#b91c1c',
  '#0e7490',
  '#a16207',
  '#be185d',
  '#4d7c0f',
  '#475569',
] as const;

export const colour = (i: number): string => PALETTE[i % PALETTE.length] as string;
