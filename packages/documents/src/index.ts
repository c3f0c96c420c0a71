export * from './firm.ts';
export * from './occupations.ts';
export * from './place.ts';
export * from './swap.ts';
export * from './vacancy.ts';
export * from './worker.ts';
