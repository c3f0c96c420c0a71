import { expect } from 'chai';
import {
  type AllocationOptions,
  type AllocationResult,
  allocateSwaps,
  type SwapPost,
  scaledQuality,
  scorePair,
} from '@fugong/swap/allocation';
import { classTableLimit } from '../../services/swap/src/allocation/candidates.ts';
import { generateSwapPosts, seededRandom } from '../support/swap/generate.ts';
import { lpOptimum } from '../support/swap/lp-oracle.ts';

const CODES = [
  '6-05-01-03',
  '6-05-01-02',
  '6-05-02-01',
  '6-05',
  '6-31-05-00',
  '6-31-03-05',
  '4-02-05-01',
  '4-02-06-02',
  '4-02',
  '6',
];
const SKILLS = ['缝纫', '包装', '叉车证', '质检', '分拣'];
const PLACES: Array<{ districtCode?: string; cityCode?: string; lat: number; lon: number }> = [
  { districtCode: '370402', lat: 34.86, lon: 117.56 },
  { districtCode: '370403', lat: 34.8, lon: 117.26 },
  { districtCode: '370481', cityCode: '3704', lat: 35.08, lon: 117.17 },
  { cityCode: '3704', lat: 34.9, lon: 117.4 },
  { districtCode: '330203', lat: 29.87, lon: 121.55 },
];
const OPTIONS: AllocationOptions[] = [
  {},
  {},
  { minOverlapDays: 3 },
  { sameCityOnly: false, maxDistanceKm: 30 },
  { sameCityOnly: false },
  { weights: { occupation: 1, skills: 0, distance: 2, dates: 0.5, wage: 0 } },
];

/**
 * Codes that mostly share no middle group: restaurant, shop, logistics, food and packing work (one
 * default transferable family), with welders, electricians, sewing and drivers outside it, and coarse
 * codes ('4-03' is in the family, '4-02' is not: the family holds only some of its minor groups).
 */
const CROSS_CODES = [
  '4-03-02-05', // 餐厅服务员
  '4-03-01-02', // 客房服务员
  '4-02-07-09', // 快件处理员
  '4-02-05-01', // 装卸搬运工
  '4-02-02-02', // 道路货运汽车驾驶员 (not in the family)
  '4-01-02-04', // 收银员
  '6-02-03-01', // 米面主食制作工
  '6-31-05-00', // 包装工
  '6-31-01-03', // 电工 (not in the family)
  '6-18-02-04', // 焊工 (not in the family)
  '6-05-01-03', // 缝纫工 (not in the family)
  '4-03',
  '4-02',
];
const CROSS_OPTIONS: AllocationOptions[] = [
  {},
  { minOverlapDays: 2 },
  { sameCityOnly: false },
  // Overlapping custom families: a pair may share several, and must still be counted once.
  {
    transferableFamilies: [
      ['4-03', '4-01', '6-05'],
      ['4-03', '4-02', '6-18'],
      ['6-31', '4-02-07'],
    ],
  },
  {
    sameCityOnly: false,
    maxDistanceKm: 40,
    transferableFamilies: [
      ['4-02', '6-05'],
      ['4-03', '6-05'],
    ],
  },
  { transferableFamilies: [] },
];

/** A small random instance; few firms and places so that every rule both passes and fails. */
function randomInstance(
  rnd: () => number,
  codes: readonly string[] = CODES,
): { surplus: SwapPost[]; shortage: SwapPost[] } {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const post = (side: string, k: number): SwapPost => {
    const start = int(0, 20);
    const place = pick(PLACES);
    const p: SwapPost = {
      id: `${side}${k}`,
      firmId: `F${int(1, 5)}`,
      headcount: int(1, 10),
      occupationCodes: Array.from({ length: int(1, 2) }, () => pick(codes)),
      skills: Array.from({ length: int(0, 3) }, () => pick(SKILLS)),
      from: new Date(Date.UTC(2020, 1, 10 + start)).toISOString().slice(0, 10),
      to: new Date(Date.UTC(2020, 1, 10 + start + int(0, 14))).toISOString().slice(0, 10),
    };
    if (place.districtCode && rnd() < 0.9) p.districtCode = place.districtCode;
    if (place.cityCode) p.cityCode = place.cityCode;
    if (rnd() < 0.7)
      p.location = { lat: place.lat + (rnd() - 0.5) * 0.1, lon: place.lon + (rnd() - 0.5) * 0.1 };
    if (side === 'd' && rnd() < 0.7) p.wageOffered = int(25, 60) * 100;
    return p;
  };
  return {
    surplus: Array.from({ length: int(1, 8) }, (_, k) => post('s', k)),
    shortage: Array.from({ length: int(1, 8) }, (_, k) => post('d', k)),
  };
}

/** No post over-committed, only compatible pairs, positive integer headcounts, honest totals. */
function expectFeasible(
  r: AllocationResult,
  surplus: SwapPost[],
  shortage: SwapPost[],
  opts: AllocationOptions,
): void {
  const byId = (posts: SwapPost[]) => new Map(posts.map((p) => [p.id, p]));
  const S = byId(surplus);
  const D = byId(shortage);
  const used = new Map<string, number>();
  let total = 0;
  let scaled = 0;
  for (const x of r.proposals) {
    expect(Number.isInteger(x.headcount) && x.headcount > 0, 'positive integer headcount').to.equal(true);
    const s = S.get(x.surplusId)!;
    const d = D.get(x.shortageId)!;
    const pair = scorePair(s, d, opts);
    expect(pair, `${x.surplusId}→${x.shortageId} compatible`).to.not.equal(null);
    expect(x.score).to.equal(pair!.score);
    expect([x.lenderFirmId, x.borrowerFirmId]).to.deep.equal([s.firmId, d.firmId]);
    used.set(s.id, (used.get(s.id) ?? 0) + x.headcount);
    used.set(d.id, (used.get(d.id) ?? 0) + x.headcount);
    total += x.headcount;
    scaled += x.headcount * scaledQuality(x.score);
  }
  for (const p of [...surplus, ...shortage]) expect(used.get(p.id) ?? 0).to.be.at.most(p.headcount);
  // Each pair enters the network at most once, though pricing may pick it for both of its posts.
  expect(new Set(r.proposals.map((x) => `${x.surplusId} ${x.shortageId}`)).size).to.equal(r.proposals.length);
  expect(r.stats.arcs).to.be.at.most(r.stats.pairs);
  expect(r.matchedHeadcount).to.equal(total);
  expect(r.scaledQuality).to.equal(scaled);
}

describe('swap allocation vs LP oracle (javascript-lp-solver)', function () {
  this.timeout(60_000);
  const INSTANCES = 1000;

  it(`matches the oracle's H* and Q* on ${INSTANCES} random small instances, uncapped and capped`, () => {
    const rnd = seededRandom(20200210);
    let withPairs = 0;
    let widened = 0;
    for (let t = 0; t < INSTANCES; t++) {
      const { surplus, shortage } = randomInstance(rnd);
      const opts = OPTIONS[t % OPTIONS.length]!;
      const best = lpOptimum(surplus, shortage, opts);
      if (best.variables > 0) withPairs++;
      const label = `instance ${t} ${JSON.stringify(opts)}`;
      // Uncapped: every compatible pair is in the network.
      const full = allocateSwaps(surplus, shortage, {
        ...opts,
        maxCandidatesPerPost: Number.POSITIVE_INFINITY,
      });
      expectFeasible(full, surplus, shortage, opts);
      expect(full.stats.pairs, label).to.equal(best.variables);
      expect(full.matchedHeadcount, label).to.equal(best.headcount);
      expect(full.scaledQuality, label).to.equal(best.scaledQuality);
      // Capped to one candidate per post: pricing must add back whatever the optimum needs.
      const capped = allocateSwaps(surplus, shortage, { ...opts, maxCandidatesPerPost: 1 });
      expectFeasible(capped, surplus, shortage, opts);
      expect(capped.matchedHeadcount, `${label} capped`).to.equal(best.headcount);
      expect(capped.scaledQuality, `${label} capped`).to.equal(best.scaledQuality);
      if (capped.stats.rounds > 1) widened++;
    }
    // The generator must exercise the interesting cases, not just empty instances.
    expect(withPairs).to.be.greaterThan(INSTANCES * 0.6);
    expect(widened).to.be.greaterThan(10);
  });

  it('matches the oracle on 600 instances of cross-occupation (transferable) lending', () => {
    const rnd = seededRandom(20200301);
    let transferable = 0;
    let mixed = 0;
    for (let t = 0; t < 600; t++) {
      const { surplus, shortage } = randomInstance(rnd, CROSS_CODES);
      const opts = CROSS_OPTIONS[t % CROSS_OPTIONS.length]!;
      const best = lpOptimum(surplus, shortage, opts);
      const label = `cross instance ${t} ${JSON.stringify(opts)}`;
      for (const maxCandidatesPerPost of [Number.POSITIVE_INFINITY, 1]) {
        const r = allocateSwaps(surplus, shortage, { ...opts, maxCandidatesPerPost });
        expectFeasible(r, surplus, shortage, opts);
        if (maxCandidatesPerPost > 1) expect(r.stats.pairs, label).to.equal(best.variables);
        expect([r.matchedHeadcount, r.scaledQuality], `${label} cap ${maxCandidatesPerPost}`).to.deep.equal([
          best.headcount,
          best.scaledQuality,
        ]);
        const levels = new Set(r.proposals.map((p) => p.detail.occupation));
        if (maxCandidatesPerPost > 1 && levels.has('transferable')) {
          transferable++;
          if (levels.size > 1) mixed++;
        }
      }
    }
    // Transferable pairs are used, often next to closer ones competing for the same posts.
    expect(transferable).to.be.greaterThan(150);
    expect(mixed, `${mixed} mixed`).to.be.greaterThan(50);
  });

  it('matches the oracle on generated mid-size instances (headcount up to 50, long augmenting paths)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { surplus, shortage } = generateSwapPosts(20 + 5 * seed, seed);
      const opts: AllocationOptions = seed % 3 === 0 ? { sameCityOnly: false, maxDistanceKm: 60 } : {};
      // The relaxation is integral (totally unimodular) and far faster than branch-and-bound here.
      const best = lpOptimum(surplus, shortage, opts, { integers: false });
      for (const maxCandidatesPerPost of [Number.POSITIVE_INFINITY, 2]) {
        const r = allocateSwaps(surplus, shortage, { ...opts, maxCandidatesPerPost });
        expectFeasible(r, surplus, shortage, opts);
        const label = `seed ${seed}, cap ${maxCandidatesPerPost}`;
        expect([r.matchedHeadcount, r.scaledQuality], label).to.deep.equal([
          best.headcount,
          best.scaledQuality,
        ]);
      }
    }
  });

  it('matches the oracle without the per-bucket class tables (occupation and skills computed per pair)', () => {
    // Buckets with more distinct code lists or skill sets than the table limit take this path.
    const saved = classTableLimit.cells;
    classTableLimit.cells = 0;
    try {
      const rnd = seededRandom(20200415);
      for (let t = 0; t < 300; t++) {
        const { surplus, shortage } = randomInstance(rnd, t % 2 === 0 ? CODES : CROSS_CODES);
        const opts = t % 2 === 0 ? OPTIONS[t % OPTIONS.length]! : CROSS_OPTIONS[t % CROSS_OPTIONS.length]!;
        const best = lpOptimum(surplus, shortage, opts);
        const label = `instance ${t} ${JSON.stringify(opts)}`;
        for (const maxCandidatesPerPost of [Number.POSITIVE_INFINITY, 1]) {
          const r = allocateSwaps(surplus, shortage, { ...opts, maxCandidatesPerPost });
          expectFeasible(r, surplus, shortage, opts);
          if (maxCandidatesPerPost > 1) expect(r.stats.pairs, label).to.equal(best.variables);
          expect([r.matchedHeadcount, r.scaledQuality], `${label} cap ${maxCandidatesPerPost}`).to.deep.equal(
            [best.headcount, best.scaledQuality],
          );
        }
      }
    } finally {
      classTableLimit.cells = saved;
    }
  });
});
