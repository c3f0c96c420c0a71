export * from './engine.ts';
export * from './fairs.ts';
export * from './firms.ts';
export * from './intention-pairs.ts';
export * from './references.ts';
export * from './vacancies.ts';
export * from './workers.ts';
export * from './stores.ts';
