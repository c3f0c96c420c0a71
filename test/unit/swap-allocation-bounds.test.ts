import { expect } from 'chai';
import {
  AUTO_CAP_PAIR_THRESHOLD,
  type AllocationOptions,
  allocateSwaps,
  type SwapPost,
  scaledQuality,
  scorePair,
} from '@fugong/swap/allocation';
import { BestK, PairSpace } from '../../services/swap/src/allocation/candidates.ts';
import { scoringContext } from '../../services/swap/src/allocation/compat.ts';
import { Interner, preparePost } from '../../services/swap/src/allocation/features.ts';
import { generateSwapPosts, seededRandom } from '../support/swap/generate.ts';

/**
 * Generated posts with some coordinates and districts taken away (fallback proximity), and a few
 * moved far away (Ningbo ↔ Zhaotong is ~1,700 km), so that every branch of the bound is taken.
 */
function posts(n: number, seed: number): { surplus: SwapPost[]; shortage: SwapPost[] } {
  const rnd = seededRandom(seed);
  const { surplus, shortage } = generateSwapPosts(n, seed);
  for (const p of [...surplus, ...shortage]) {
    const x = rnd();
    if (x < 0.15) delete p.location;
    else if (x < 0.2) {
      delete p.location;
      delete p.districtCode;
      p.cityCode = '3704';
    } else if (x < 0.25 && p.location) p.location = { lat: p.location.lat + 0.3, lon: p.location.lon - 0.3 };
  }
  return { surplus, shortage };
}

const OPTIONS: AllocationOptions[] = [
  {},
  { sameCityOnly: false },
  { minOverlapDays: 5, maxDistanceKm: 25 },
  { weights: { occupation: 0.1, skills: 0.1, distance: 3, dates: 0.1, wage: 0 } },
  { sameCityOnly: false, weights: { distance: 1 }, transferableFamilies: [] },
];

describe('swap allocation: pair bounds', () => {
  it('holds, for every compatible pair, a bound within 2 above the exact scaled quality (or the exact value)', () => {
    let bounded = 0;
    let tight = 0;
    for (const [k, opts] of OPTIONS.entries()) {
      const { surplus, shortage } = posts(90, 11 + k);
      const ctx = scoringContext(opts);
      const strings = new Interner();
      const S = surplus.map((p) => preparePost(p, strings, ctx.families));
      const D = shortage.map((p) => preparePost(p, strings, ctx.families));
      const space = new PairSpace(S, D, ctx);
      const pairs = space.scoreAll();
      let seen = 0;
      space.forEachPair((i, j, id) => {
        seen++;
        const exact = scorePair(surplus[i]!, shortage[j]!, opts);
        expect(exact, `${i}→${j} ${JSON.stringify(opts)}`).to.not.equal(null);
        const q = scaledQuality(exact!.score);
        const cell = space.cellValue(id);
        if (cell.exact) expect(cell.value).to.equal(q);
        else {
          bounded++;
          expect(cell.value, `${i}→${j} bound`).to.be.within(q, q + 2);
          if (cell.value <= q + 1) tight++;
        }
        expect(space.exact(id)).to.equal(q);
        expect(space.cellValue(id)).to.deep.equal({ value: q, exact: true });
      });
      // Every compatible pair has exactly one cell.
      const brute = surplus.flatMap((s) => shortage.filter((d) => scorePair(s, d, opts))).length;
      expect([pairs, seen]).to.deep.equal([brute, brute]);
    }
    expect(bounded).to.be.greaterThan(5000);
    expect(tight / bounded).to.be.greaterThan(0.9);
  });

  it('offers each post the same best pairs while scoring as in a pass over the scored cells', () => {
    let offers = 0;
    for (const [k, opts] of OPTIONS.entries()) {
      const { surplus, shortage } = posts(120, 51 + k);
      const ctx = scoringContext(opts);
      const strings = new Interner();
      const S = surplus.map((p) => preparePost(p, strings, ctx.families));
      const D = shortage.map((p) => preparePost(p, strings, ctx.families));
      for (const keep of [1, 4]) {
        const lists = () => ({ bestOfS: new BestK(S.length, keep), bestOfD: new BestK(D.length, keep) });
        const during = lists();
        const pairs = new PairSpace(S, D, ctx).scoreAll(during);
        const after = lists();
        const space = new PairSpace(S, D, ctx);
        expect(space.scoreAll()).to.equal(pairs);
        space.offerAll(after.bestOfS, after.bestOfD);
        const drained = (best: BestK) =>
          Array.from({ length: best.posts }, (_, x) => {
            const kept: Array<[number, number]> = [];
            best.drain(x, (id, value) => kept.push([id, value]));
            offers += kept.length;
            return kept.sort((a, b) => a[0] - b[0]);
          });
        const label = `${JSON.stringify(opts)} keep ${keep}`;
        expect(drained(during.bestOfS), label).to.deep.equal(drained(after.bestOfS));
        expect(drained(during.bestOfD), label).to.deep.equal(drained(after.bestOfD));
      }
    }
    expect(offers).to.be.greaterThan(1000);
  });

  it('stays uncapped when more cells than the automatic threshold hold fewer pairs than it', () => {
    // One bucket of 1,100 × 1,000 cells; half the shortage posts start after every surplus post ends.
    const post = (id: string, k: number, from: string, to: string): SwapPost => ({
      id,
      firmId: `F${id}`,
      headcount: 1 + (k % 3),
      occupationCodes: ['4-02-05-01'],
      skills: [],
      from,
      to,
      districtCode: '370402',
      location: { lat: 34.86 + (k % 37) * 0.001, lon: 117.55 + (k % 41) * 0.001 },
    });
    const surplus = Array.from({ length: 1100 }, (_, k) => post(`s${k}`, k, '2020-02-01', '2020-02-05'));
    const shortage = Array.from({ length: 1000 }, (_, k) =>
      k % 2 === 0
        ? post(`d${k}`, k, '2020-02-03', '2020-02-10')
        : post(`d${k}`, k, '2020-03-01', '2020-03-10'),
    );
    const auto = allocateSwaps(surplus, shortage);
    expect(auto.stats.pairs).to.equal(550_000).and.be.below(AUTO_CAP_PAIR_THRESHOLD);
    expect(auto.stats.arcs, 'every pair in the network').to.equal(auto.stats.pairs);
    const full = allocateSwaps(surplus, shortage, { maxCandidatesPerPost: Number.POSITIVE_INFINITY });
    expect([auto.matchedHeadcount, auto.scaledQuality]).to.deep.equal([
      full.matchedHeadcount,
      full.scaledQuality,
    ]);
  });

  it('gives the same allocation capped (bounds priced, few pairs scored) as uncapped', () => {
    for (const [k, opts] of OPTIONS.entries()) {
      const { surplus, shortage } = posts(150, 31 + k);
      const full = allocateSwaps(surplus, shortage, {
        ...opts,
        maxCandidatesPerPost: Number.POSITIVE_INFINITY,
      });
      for (const maxCandidatesPerPost of [1, 3]) {
        const capped = allocateSwaps(surplus, shortage, { ...opts, maxCandidatesPerPost });
        const label = `${JSON.stringify(opts)} cap ${maxCandidatesPerPost}`;
        expect(capped.stats.rounds, label).to.be.greaterThan(1);
        expect([capped.matchedHeadcount, capped.scaledQuality], label).to.deep.equal([
          full.matchedHeadcount,
          full.scaledQuality,
        ]);
      }
    }
  });
});
