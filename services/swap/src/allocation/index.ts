/**
 * 共享员工 allocation engine: pair compatibility and explainable scores, and an exact allocation
 * (maximum matched headcount, then maximum quality) by min-cost maximum flow. The service's public
 * `@fugong/swap/allocation` entry: plain functions over plain data, used by benches and tests.
 * @module
 */
export { AUTO_CANDIDATES_PER_POST, AUTO_CAP_PAIR_THRESHOLD, allocateSwaps } from './allocate.ts';
export { scaledQuality } from './candidates.ts';
export {
  DEFAULT_DISTANCE_DECAY_KM,
  DEFAULT_PAIR_WEIGHTS,
  DEFAULT_TRANSFERABLE_FAMILIES,
  DEFAULT_WAGE_REFERENCE_CNY,
  FALLBACK_PROXIMITY,
  OCCUPATION_MATCH_VALUE,
  occupationMatch,
  resolveWeights,
  scorePair,
  UNKNOWN_WAGE_VALUE,
} from './compat.ts';
export { cityOf } from './features.ts';
export type {
  AllocationOptions,
  AllocationResult,
  GeoPoint,
  OccupationMatch,
  PairParts,
  PairScore,
  PairWeights,
  SwapPost,
  SwapProposal,
} from './types.ts';
