export * from './catalog.ts';
export * from './generate.ts';
export { itemRandom, Random } from './random.ts';
