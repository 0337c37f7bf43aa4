export * from './auth.ts';
export * from './cases.ts';
export * from './citizen-rating.ts';
export * from './errors.ts';
export * from './health.ts';
export * from './i18n.ts';
export * from './overview.ts';
export * from './validate.ts';
