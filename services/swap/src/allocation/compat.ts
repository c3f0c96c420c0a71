/**
 * Pair compatibility and score: when may a surplus post lend to a shortage post, and how good is it.
 * All weights and scoring constants live here, in one place.
 * @module
 */
import { cleanSkills, haversineRad, Interner, type PreparedPost, preparePost } from './features.ts';
import type { AllocationOptions, OccupationMatch, PairScore, PairWeights, SwapPost } from './types.ts';

/** Default relative weights; occupation dominates because it decides whether the staff can do the work. */
export const DEFAULT_PAIR_WEIGHTS: Readonly<PairWeights> = Object.freeze({
  occupation: 0.35,
  skills: 0.2,
  distance: 0.15,
  dates: 0.2,
  wage: 0.1,
});

/**
 * Occupation part value by the closest level two codes share. `transferable` (only the same
 * transferable family) is half of `middle`: such a pair is a fallback that fills a need nobody
 * closer can, never one that outranks a same-trade pair on occupation alone.
 */
export const OCCUPATION_MATCH_VALUE: Readonly<Record<OccupationMatch, number>> = Object.freeze({
  exact: 1,
  minor: 0.7,
  middle: 0.4,
  transferable: 0.2,
});

/**
 * Transferable families: occupations whose work is low-skill, needs no licence and is learnt in
 * about a day, so that idle staff of one can fill a need of another although the codes share no
 * middle group — the 2020 共享员工 story: restaurant, hotel and shop staff lent to supermarkets,
 * warehouses, couriers and food or PPE plants. Members are code prefixes of the 2022 classification:
 * a whole middle group where all of it fits, a minor group where the middle group mixes short-training
 * work with licensed or skilled trades. Deliberately left out: drivers, rail, water and air transport
 * (4-02-01..04, licences), security guards (4-07, 保安员证), health (4-14), IT (4-04), machine and
 * equipment repair, electricians, testing, safety officers and robot operators (6-31-01..03, 06, 07),
 * welders and machining (6-18), construction (6-29), garments and PPE assembly (6-05, 6-21: skilled
 * machine work; their compatibility stays by middle group).
 */
export const DEFAULT_TRANSFERABLE_FAMILIES: ReadonlyArray<ReadonlyArray<string>> = Object.freeze([
  Object.freeze([
    '4-01-01', // 购销服务人员 (purchasing and sales clerks)
    '4-01-02', // 销售人员: 营业员, 收银员
    '4-01-04', // 再生物资回收人员
    '4-01-06', // 电子商务服务人员 (order handling, packing)
    '4-01-99', // 其他批发与零售服务人员
    '4-02-05', // 装卸搬运和运输代理服务人员: 装卸搬运工
    '4-02-06', // 仓储物流服务人员: 仓储管理员, 理货员
    '4-02-07', // 邮政和快递服务人员: 邮件分拣员, 快递员, 快件处理员
    '4-03', // 住宿和餐饮服务人员: 服务员, kitchen staff
    '4-09-08', // 环境卫生服务人员: 保洁员 (disinfection, cleaning)
    '4-10-08', // 社区生活服务人员: 网约配送员 (delivery)
    '6-01', // 农副产品加工人员 (food line work)
    '6-02', // 食品、饮料生产加工人员
    '6-31-04', // 称重计量人员
    '6-31-05', // 包装人员: 包装工
    '6-31-99', // 其他生产辅助人员
    '6-99', // 其他生产制造及有关人员
  ]),
]);

const CODE_PREFIX = /^\d+(-\d+){1,3}$/;

/** Checks transferable families: lists of occupation codes with at least a middle group ('4-03'). */
export function checkFamilies(
  families: ReadonlyArray<ReadonlyArray<string>>,
): ReadonlyArray<ReadonlyArray<string>> {
  for (const members of families) {
    for (const m of members) {
      if (typeof m !== 'string' || !CODE_PREFIX.test(m)) {
        throw new RangeError(`transferableFamilies: '${m}' is not an occupation code of ≥ 2 segments`);
      }
    }
  }
  return families;
}

/** Where the distance part reaches 0 when no `maxDistanceKm` is given. */
export const DEFAULT_DISTANCE_DECAY_KM = 50;
/** Wage earning the full wage part: roughly a 2020 manufacturing wage in Zaozhuang (CNY / month). */
export const DEFAULT_WAGE_REFERENCE_CNY = 4000;
/** Wage part of a shortage that states no wage: neutral, neither rewarded nor punished. */
export const UNKNOWN_WAGE_VALUE = 0.5;
/** Distance part without coordinates: coarse knowledge must not outrank a measured short distance. */
export const FALLBACK_PROXIMITY = Object.freeze({ sameDistrict: 0.75, sameCity: 0.5, other: 0 });

/** Occupation part value by level (index 0 unused: incompatible). */
export const LEVEL_VALUE: readonly number[] = [
  0,
  OCCUPATION_MATCH_VALUE.transferable,
  OCCUPATION_MATCH_VALUE.middle,
  OCCUPATION_MATCH_VALUE.minor,
  OCCUPATION_MATCH_VALUE.exact,
];
const LEVEL_NAME: OccupationMatch[] = ['transferable', 'transferable', 'middle', 'minor', 'exact'];

/** Weights with defaults filled in, normalised to sum 1 so that a score stays in [0, 1]. */
export function resolveWeights(weights?: Partial<PairWeights>): PairWeights {
  const w: PairWeights = { ...DEFAULT_PAIR_WEIGHTS };
  for (const [key, value] of Object.entries(weights ?? {}) as Array<
    [keyof PairWeights, number | undefined]
  >) {
    if (value !== undefined) w[key] = value;
  }
  const values = Object.values(w);
  if (values.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new RangeError('weights must be finite and ≥ 0');
  }
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new RangeError('at least one weight must be positive');
  return {
    occupation: w.occupation / sum,
    skills: w.skills / sum,
    distance: w.distance / sum,
    dates: w.dates / sum,
    wage: w.wage / sum,
  };
}

/** Everything a pair evaluation needs besides the two posts; also holds the last pair's raw values. */
export interface ScoringContext {
  weights: PairWeights;
  sameCityOnly: boolean;
  maxDistanceKm: number | undefined;
  decayKm: number;
  minOverlapDays: number;
  wageReference: number;
  /** Transferable families (code prefixes), validated. */
  families: ReadonlyArray<ReadonlyArray<string>>;
  /** Raw part values of the last compatible pair: occupation, skills, distance, dates, wage. */
  values: Float64Array;
  /** Of the last compatible pair: occupation level (1 transferable, 2 middle, 3 minor, 4 exact), overlap days, km (NaN). */
  level: number;
  overlapDays: number;
  distanceKm: number;
}

/** Builds the scoring context from options, validating them. */
export function scoringContext(opts: AllocationOptions = {}): ScoringContext {
  const { maxDistanceKm, minOverlapDays = 1, wageReferenceCny = DEFAULT_WAGE_REFERENCE_CNY } = opts;
  if (maxDistanceKm !== undefined && !(maxDistanceKm > 0)) throw new RangeError('maxDistanceKm must be > 0');
  if (!(Number.isInteger(minOverlapDays) && minOverlapDays >= 1)) throw new RangeError('minOverlapDays ≥ 1');
  if (!(wageReferenceCny > 0)) throw new RangeError('wageReferenceCny must be > 0');
  return {
    weights: resolveWeights(opts.weights),
    sameCityOnly: opts.sameCityOnly ?? true,
    maxDistanceKm,
    decayKm: maxDistanceKm ?? DEFAULT_DISTANCE_DECAY_KM,
    minOverlapDays,
    wageReference: wageReferenceCny,
    families: checkFamilies(opts.transferableFamilies ?? DEFAULT_TRANSFERABLE_FAMILIES),
    values: new Float64Array(5),
    level: 0,
    overlapDays: 0,
    distanceKm: Number.NaN,
  };
}

// Module-local binding: some loaders (tsx compiling to CommonJS) turn every call of an imported
// function into a getter call, which shows in a loop run 50M times.
const haversine = haversineRad;

/** Size of the intersection of two ascending lists. */
function intersectionSize(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Jaccard index of two ascending skill lists (0 when both are empty). */
export function jaccard(a: Int32Array, b: Int32Array): number {
  const shared = intersectionSize(a, b);
  const union = a.length + b.length - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * Closest shared level over all code pairs: 4 exact, 3 minor, 2 middle, 1 transferable (no shared
 * middle group, but a shared transferable family), 0 incompatible.
 */
export function occupationLevel(a: PreparedPost, b: PreparedPost): number {
  let best = 0;
  for (let i = 0; i < a.middle.length; i++) {
    for (let j = 0; j < b.middle.length; j++) {
      if (a.middle[i] !== b.middle[j]) continue;
      const ex = a.exact[i]!;
      const mi = a.minor[i]!;
      const level = ex >= 0 && ex === b.exact[j] ? 4 : mi >= 0 && mi === b.minor[j] ? 3 : 2;
      if (level > best) best = level;
    }
  }
  // Family membership is per code, so sharing a family means some code pair is in that family.
  if (best === 0 && intersectionSize(a.families, b.families) > 0) best = 1;
  return best;
}

/**
 * Scores a (surplus, shortage) pair, or returns −1 when they are incompatible.
 * The single implementation behind both {@link scorePair} and the allocator's hot loop, so the
 * explained score and the optimised one can never disagree. Raw values are left in `ctx`.
 * The allocator passes the occupation level (> 0) and the skills' Jaccard index (≥ 0) when it
 * already knows them from its per-bucket class tables (they depend only on the code lists and
 * skill sets); the values are the same, so the score is bit for bit the same.
 */
export function evaluatePair(
  s: PreparedPost,
  d: PreparedPost,
  ctx: ScoringContext,
  knownLevel = 0,
  knownSkills = -1,
): number {
  if (s.firm === d.firm) return -1;
  const overlap = Math.min(s.toDay, d.toDay) - Math.max(s.fromDay, d.fromDay) + 1;
  if (!(overlap >= ctx.minOverlapDays)) return -1; // also rejects NaN dates
  const sameCity = s.city >= 0 && s.city === d.city;
  if (ctx.sameCityOnly && !sameCity) return -1;
  const km =
    s.hasGeo && d.hasGeo ? haversine(s.latRad, s.lonRad, s.cosLat, d.latRad, d.lonRad, d.cosLat) : Number.NaN;
  if (ctx.maxDistanceKm !== undefined) {
    // Without both coordinates the limit cannot be checked; only a same-city pair is then safe.
    if (Number.isNaN(km) ? !sameCity : km > ctx.maxDistanceKm) return -1;
  }
  const level = knownLevel > 0 ? knownLevel : occupationLevel(s, d);
  if (level === 0) return -1;

  const v = ctx.values;
  v[0] = LEVEL_VALUE[level]!;
  v[1] = knownSkills >= 0 ? knownSkills : jaccard(s.skills, d.skills);
  v[2] = !Number.isNaN(km)
    ? Math.max(0, 1 - km / ctx.decayKm)
    : s.district >= 0 && s.district === d.district
      ? FALLBACK_PROXIMITY.sameDistrict
      : sameCity
        ? FALLBACK_PROXIMITY.sameCity
        : FALLBACK_PROXIMITY.other;
  v[3] = Math.min(1, overlap / (d.toDay - d.fromDay + 1));
  v[4] = Number.isNaN(d.wage) ? UNKNOWN_WAGE_VALUE : Math.min(1, Math.max(0, d.wage / ctx.wageReference));
  ctx.level = level;
  ctx.overlapDays = overlap;
  ctx.distanceKm = km;
  const w = ctx.weights;
  // Same association order as the parts in explainLast, so Σ parts === score bit for bit.
  return w.occupation * v[0]! + w.skills * v[1]! + w.distance * v[2]! + w.dates * v[3]! + w.wage * v[4]!;
}

/** Builds the explanation of the pair last evaluated (compatible) in `ctx`. */
export function explainLast(s: PreparedPost, d: PreparedPost, ctx: ScoringContext): PairScore {
  const w = ctx.weights;
  const v = ctx.values;
  const parts = {
    occupation: w.occupation * v[0]!,
    skills: w.skills * v[1]!,
    distance: w.distance * v[2]!,
    dates: w.dates * v[3]!,
    wage: w.wage * v[4]!,
  };
  const score = parts.occupation + parts.skills + parts.distance + parts.dates + parts.wage;
  const theirs = new Set(cleanSkills(d.post.skills));
  const detail: PairScore['detail'] = {
    occupation: LEVEL_NAME[ctx.level]!,
    overlapDays: ctx.overlapDays,
    sharedSkills: [...new Set(cleanSkills(s.post.skills))].filter((x) => theirs.has(x)).sort(),
  };
  if (!Number.isNaN(ctx.distanceKm)) detail.distanceKm = Math.round(ctx.distanceKm * 100) / 100;
  return { score, parts, detail };
}

/**
 * Compatibility and score of lending from `surplus` to `shortage`; null when incompatible
 * (same firm, too little date overlap, location rule, occupations sharing neither a middle group
 * nor a transferable family).
 */
export function scorePair(surplus: SwapPost, shortage: SwapPost, opts?: AllocationOptions): PairScore | null {
  const ctx = scoringContext(opts);
  const strings = new Interner();
  const s = preparePost(surplus, strings, ctx.families);
  const d = preparePost(shortage, strings, ctx.families);
  return evaluatePair(s, d, ctx) < 0 ? null : explainLast(s, d, ctx);
}

/**
 * Closest occupation match between two code lists, null when they share neither a middle group nor
 * a transferable family (default {@link DEFAULT_TRANSFERABLE_FAMILIES}).
 */
export function occupationMatch(
  a: string[],
  b: string[],
  families: ReadonlyArray<ReadonlyArray<string>> = DEFAULT_TRANSFERABLE_FAMILIES,
): OccupationMatch | null {
  const strings = new Interner();
  const stub = { firmId: '', headcount: 1, skills: [], from: '', to: '' };
  checkFamilies(families);
  const level = occupationLevel(
    preparePost({ ...stub, id: 'a', occupationCodes: a }, strings, families),
    preparePost({ ...stub, id: 'b', occupationCodes: b }, strings, families),
  );
  return level === 0 ? null : LEVEL_NAME[level]!;
}
