/**
 * Candidate pair generation. Posts are bucketed by (city, occupation middle group) and by (city,
 * transferable family) — or by group or family alone when cross-city lending is allowed — because a
 * compatible pair must share the city and a middle group or a family, so only posts within a bucket
 * are ever compared: 20,000 × 20,000 posts never means 400M checks.
 * Each pair is scored once into a per-bucket table of scaled qualities (2 bytes a cell), which
 * the allocator reads again, cheaply, whenever it re-prices the pairs of a capped network.
 * @module
 */
import { evaluatePair, type ScoringContext } from './compat.ts';
import type { PreparedPost } from './features.ts';

// Module-local binding: some loaders (tsx compiling to CommonJS) turn every call of an imported
// function into a getter call, which shows in a loop run 50M times.
const evaluate = evaluatePair;

/** Smallest value two ascending lists share (middle group or family), −1 if none. */
function firstShared(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) return x;
    if (x < y) i++;
    else j++;
  }
  return -1;
}

/** Scaled quality of a score: the integer the optimiser maximises (score in [0, 1] → 0..1000). */
export function scaledQuality(score: number): number {
  return Math.round(score * 1000);
}

/** Table cell of an incompatible pair (or of one owned by another bucket). */
export const NO_PAIR = 0xffff;

/** One bucket: its posts and the scaled quality of each (surplus, shortage) pair in it. */
export interface Bucket {
  surplus: number[];
  shortage: number[];
  /** The bucket's middle group or (when `family`) transferable family, as interned. */
  group: number;
  family: boolean;
  /** Row-major |surplus| × |shortage|: scaled quality, or NO_PAIR. */
  cells: Uint16Array;
}

/**
 * Buckets both sides. Posts that can match nothing are left out: unreadable or reversed dates,
 * and no known city when the same city is required.
 */
export function bucketPosts(S: PreparedPost[], D: PreparedPost[], ctx: ScoringContext): Bucket[] {
  const index = new Map<string, number>();
  const buckets: Bucket[] = [];
  const place = (p: PreparedPost, i: number, side: 'surplus' | 'shortage') => {
    if (!(p.toDay >= p.fromDay) || (ctx.sameCityOnly && p.city < 0)) return;
    const put = (g: number, family: boolean) => {
      // Middle groups and families are interned by one interner, so their ids never collide.
      const key = ctx.sameCityOnly ? `${p.city}:${g}` : `${g}`;
      let k = index.get(key);
      if (k === undefined) {
        if (side === 'shortage') return; // a bucket without surplus posts yields no pairs
        k = buckets.length;
        index.set(key, k);
        buckets.push({ surplus: [], shortage: [], group: g, family, cells: new Uint16Array(0) });
      }
      buckets[k]![side].push(i);
    };
    for (const g of p.groups) put(g, false);
    for (const f of p.families) put(f, true);
  };
  for (let i = 0; i < S.length; i++) place(S[i]!, i, 'surplus');
  for (let j = 0; j < D.length; j++) place(D[j]!, j, 'shortage');
  // Shortage posts by start day, so a surplus post can stop scanning at the first that starts too late.
  for (const b of buckets) b.shortage.sort((x, y) => D[x]!.fromDay - D[y]!.fromDay || x - y);
  return buckets;
}

/**
 * Scores every pair of every bucket into its table and returns the number of compatible pairs.
 * Each compatible pair appears exactly once, scored once at its best level: a pair sharing a middle
 * group is kept only in the bucket of the smallest shared group (its level is middle or closer);
 * a pair sharing none is kept only in the bucket of the smallest transferable family it shares.
 */
export function scoreBuckets(
  S: PreparedPost[],
  D: PreparedPost[],
  buckets: Bucket[],
  ctx: ScoringContext,
): number {
  let pairs = 0;
  for (const b of buckets) {
    const cols = b.shortage.length;
    const row = b.shortage.map((j) => D[j]!);
    b.cells = new Uint16Array(b.surplus.length * cols).fill(NO_PAIR);
    for (let r = 0; r < b.surplus.length; r++) {
      const s = S[b.surplus[r]!]!;
      const single = b.family ? s.families.length === 1 : s.groups.length === 1;
      const lastStart = s.toDay - ctx.minOverlapDays + 1;
      for (let c = 0; c < cols; c++) {
        const d = row[c]!;
        if (d.fromDay > lastStart) break; // sorted: no later post overlaps enough either
        if (b.family) {
          // Pairs sharing a middle group belong to a group bucket; here only transferable ones.
          if (firstShared(s.groups, d.groups) >= 0) continue;
          if (!(single && d.families.length === 1) && firstShared(s.families, d.families) !== b.group)
            continue;
        } else if (!(single && d.groups.length === 1) && firstShared(s.groups, d.groups) !== b.group)
          continue;
        const score = evaluate(s, d, ctx);
        if (score < 0) continue;
        b.cells[r * cols + c] = scaledQuality(score);
        pairs++;
      }
    }
  }
  return pairs;
}

/** Calls back for every compatible pair: surplus i, shortage j, scaled quality q. */
export function forEachPair(buckets: Bucket[], visit: (i: number, j: number, q: number) => void): void {
  for (const b of buckets) {
    const cols = b.shortage.length;
    const cells = b.cells;
    for (let r = 0; r < b.surplus.length; r++) {
      const i = b.surplus[r]!;
      for (let c = 0, at = r * cols; c < cols; c++, at++) {
        const q = cells[at]!;
        if (q !== NO_PAIR) visit(i, b.shortage[c]!, q);
      }
    }
  }
}

/**
 * Keeps, per post, the k smallest (value, partner) pairs — ties to the lower partner — in a
 * fixed-size max-heap, so memory stays O(posts × k) however many pairs stream past.
 */
export class BestK {
  private readonly value: Float64Array;
  private readonly partner: Int32Array;
  private readonly count: Int32Array;
  constructor(
    posts: number,
    readonly k: number,
  ) {
    this.value = new Float64Array(posts * k);
    this.partner = new Int32Array(posts * k);
    this.count = new Int32Array(posts);
  }
  private worse(a: number, b: number): boolean {
    const va = this.value[a]!;
    const vb = this.value[b]!;
    return va > vb || (va === vb && this.partner[a]! > this.partner[b]!);
  }
  /** Offers `partner` with `value` (smaller is better) to post `i`. */
  offer(i: number, partner: number, value: number): void {
    const base = i * this.k;
    const n = this.count[i]!;
    const { value: v, partner: p } = this;
    if (n === this.k) {
      // Full: the root is the worst kept; replace it only by something strictly better.
      const rv = v[base]!;
      if (value > rv || (value === rv && partner > p[base]!)) return;
      v[base] = value;
      p[base] = partner;
      for (let x = 0; ; ) {
        let child = 2 * x + 1;
        if (child >= n) break;
        if (child + 1 < n && this.worse(base + child + 1, base + child)) child++;
        if (!this.worse(base + child, base + x)) break;
        this.swap(base + x, base + child);
        x = child;
      }
      return;
    }
    this.count[i] = n + 1;
    v[base + n] = value;
    p[base + n] = partner;
    for (let x = n; x > 0; ) {
      const parent = (x - 1) >> 1;
      if (!this.worse(base + x, base + parent)) break;
      this.swap(base + x, base + parent);
      x = parent;
    }
  }
  private swap(a: number, b: number): void {
    const { value: v, partner: p } = this;
    const tv = v[a]!;
    v[a] = v[b]!;
    v[b] = tv;
    const tp = p[a]!;
    p[a] = p[b]!;
    p[b] = tp;
  }
  /** Calls back with each kept (partner, value) of post i, then forgets them. */
  drain(i: number, visit: (partner: number, value: number) => void): void {
    const base = i * this.k;
    for (let x = 0; x < this.count[i]!; x++) visit(this.partner[base + x]!, this.value[base + x]!);
    this.count[i] = 0;
  }
}
