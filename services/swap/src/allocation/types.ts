/**
 * Plain data types of the 共享员工 (employee sharing) allocation engine.
 * No I/O here: the service layer loads open posts and hands them to {@link allocateSwaps}.
 * @module
 */

/** A geographic point in WGS-84 degrees. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * One open post: a firm's SURPLUS (idle staff it can lend) or SHORTAGE (hands it needs).
 * The side is implied by which list the post is passed in.
 */
export interface SwapPost {
  id: string;
  firmId: string;
  /** Remaining headcount, an integer ≥ 1. */
  headcount: number;
  /** Occupation codes of the 2022 classification, any level: '6', '6-05', '6-05-01', '6-05-01-03'. */
  occupationCodes: string[];
  skills: string[];
  /** ISO date (or date-time; the UTC calendar day is used), first day available / needed. */
  from: string;
  /** ISO date, last day available / needed (inclusive). */
  to: string;
  location?: GeoPoint;
  /** GB/T 2260 district code, 6 digits, e.g. '370403'. Its first 4 digits name the city. */
  districtCode?: string;
  /** City code, 4 digits, e.g. '3704'. Wins over the district's prefix when both are given. */
  cityCode?: string;
  /** Monthly wage offered in CNY (shortage posts only). */
  wageOffered?: number;
}

/** Relative weights of the parts of a pair's score. Normalised to sum 1, so scores stay in [0, 1]. */
export interface PairWeights {
  occupation: number;
  skills: number;
  distance: number;
  dates: number;
  wage: number;
}

/** Options of compatibility, scoring and allocation. Every field is optional. */
export interface AllocationOptions {
  /**
   * Hard distance limit, checked when both posts have coordinates (without them, only a same-city
   * pair passes). Also where the distance part reaches 0 (50 km when not given).
   */
  maxDistanceKm?: number;
  /** Require both posts in the same (known) city. Default true; set false to widen. */
  sameCityOnly?: boolean;
  /** Minimum number of shared calendar days. Default 1. */
  minOverlapDays?: number;
  weights?: Partial<PairWeights>;
  /** Wage that earns the full wage part (CNY per month). Default 4000 (see compat.ts). */
  wageReferenceCny?: number;
  /**
   * Start the flow network with only this many best-scoring pairs per post (the union over both
   * sides). The result is the same: after each solve all pairs are priced with the optimal
   * potentials and any that could improve it are added. Saves memory and time on huge inputs.
   * Default: uncapped up to 1,000,000 compatible pairs, 16 beyond (see allocate.ts).
   */
  maxCandidatesPerPost?: number;
  /**
   * Transferable families: sets of occupation code prefixes (middle groups like '4-03' or finer,
   * like '4-02-07') whose work is low-skill and learnt in about a day. Two posts whose codes share
   * no middle group but fall in one family match at the weakest level, `transferable`.
   * Default `DEFAULT_TRANSFERABLE_FAMILIES` (compat.ts); `[]` requires a shared middle group.
   */
  transferableFamilies?: ReadonlyArray<ReadonlyArray<string>>;
}

/** The weighted contribution of each part; they add up to the score. */
export type PairParts = PairWeights;

/**
 * How the two posts' occupation codes relate at best: the same code, minor group or middle group,
 * or, weakest, only the same transferable family (low-skill work learnt in about a day).
 */
export type OccupationMatch = 'exact' | 'minor' | 'middle' | 'transferable';

/** A compatible pair's score with its explanation. */
export interface PairScore {
  /** In [0, 1]: the sum of `parts`. */
  score: number;
  parts: PairParts;
  detail: {
    occupation: OccupationMatch;
    overlapDays: number;
    /** Great-circle distance, when both posts have coordinates. */
    distanceKm?: number;
    sharedSkills: string[];
  };
}

/** One proposed loan: `headcount` staff from the surplus post's firm to the shortage post's firm. */
export interface SwapProposal {
  surplusId: string;
  shortageId: string;
  lenderFirmId: string;
  borrowerFirmId: string;
  headcount: number;
  score: number;
  parts: PairParts;
  detail: PairScore['detail'];
}

/** The optimal allocation and what it cost to find. */
export interface AllocationResult {
  /** Sorted by surplus id, then shortage id. */
  proposals: SwapProposal[];
  /** Σ headcount, maximal over all feasible allocations. */
  matchedHeadcount: number;
  /** Σ headcount × score (floating point). */
  totalQuality: number;
  /** Σ headcount × round(score × 1000): the integer objective that is maximised exactly. */
  scaledQuality: number;
  stats: {
    /** Compatible (surplus, shortage) pairs found. */
    pairs: number;
    /** Pairs in the flow network (all of them unless capped). */
    arcs: number;
    /** Network solves; more than 1 only when the capped network had to be widened. */
    rounds: number;
    ms: number;
  };
}
