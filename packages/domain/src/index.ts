export * from './random.ts';
export * from './security/password.ts';
export * from './security/token.ts';
export * from './vocabulary.ts';
export * from './working-days.ts';
