export * from './catalog.ts';
export * from './generate.ts';
export { itemRandom, Random } from './random.ts';
export * from './monitor.ts';
export * from './towns.ts';
