import { expect } from 'chai';
import {
  type AllocationOptions,
  allocateSwaps,
  type SwapPost,
  scaledQuality,
  scorePair,
} from '@fugong/swap/allocation';
import { PairSpace } from '../../services/swap/src/allocation/candidates.ts';
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
