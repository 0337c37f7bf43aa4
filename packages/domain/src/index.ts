export * from './random.ts';
export * from './vocabulary.ts';
