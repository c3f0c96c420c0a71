import { occupationByCode } from '@fugong/text';
import { expect } from 'chai';
import { allocateSwaps, scaledQuality, scorePair } from '@fugong/swap/allocation';
import { NetworkSimplex } from '../../services/swap/src/allocation/simplex.ts';
import type { AllocationResult, SwapPost } from '../../services/swap/src/allocation/types.ts';
import { GENERATOR_OCCUPATION_CODES, generateSwapPosts, seededRandom } from '../support/swap/generate.ts';

const post = (
  id: string,
  firmId: string,
  headcount: number,
  codes: string[],
  skills: string[] = [],
): SwapPost => ({
  id,
  firmId,
  headcount,
  occupationCodes: codes,
  skills,
  from: '2020-02-10',
  to: '2020-03-31',
  districtCode: '370402',
});

/** First come, first served: each shortage in posting order takes from surplus posts in order. */
function greedyFirstCome(surplus: SwapPost[], shortage: SwapPost[]): number {
  const left = new Map(surplus.map((s) => [s.id, s.headcount]));
  let matched = 0;
  for (const d of shortage) {
    let need = d.headcount;
    for (const s of surplus) {
      const take = Math.min(need, left.get(s.id)!);
      if (take === 0 || !scorePair(s, d)) continue;
      left.set(s.id, left.get(s.id)! - take);
      need -= take;
      matched += take;
    }
  }
  return matched;
}

/** Best pair first, as much as fits, until nothing fits: returns [headcount, Σ headcount × score]. */
function greedyBestPair(surplus: SwapPost[], shortage: SwapPost[], opts = {}): [number, number] {
  const pairs = surplus.flatMap((s) => shortage.map((d) => ({ s, d, p: scorePair(s, d, opts) })));
  const left = new Map([...surplus, ...shortage].map((p) => [p.id, p.headcount]));
  let matched = 0;
  let quality = 0;
  for (const { s, d, p } of pairs.filter((x) => x.p).sort((a, b) => b.p!.score - a.p!.score)) {
    const take = Math.min(left.get(s.id)!, left.get(d.id)!);
    if (take === 0) continue;
    left.set(s.id, left.get(s.id)! - take);
    left.set(d.id, left.get(d.id)! - take);
    matched += take;
    quality += take * p!.score;
  }
  return [matched, quality];
}

const withoutTiming = (r: AllocationResult) => ({ ...r, stats: { ...r.stats, ms: 0 } });

describe('swap allocation: allocateSwaps', () => {
  it('beats a first-come greedy pass on headcount', () => {
    // The workshop's staff fit both the garment line and the mask plant; the tailor's only the garment line.
    // (Skilled machine work: no transferable family joins 6-05 and 6-21.)
    const surplus = [
      post('s-workshop', 'W', 2, ['6-05-01-03', '6-21-06-04']),
      post('s-tailor', 'T', 2, ['6-05-01-02']),
    ];
    const shortage = [post('d-garment', 'G', 2, ['6-05-01-02']), post('d-mask', 'M', 2, ['6-21-06-04'])];
    expect(greedyFirstCome(surplus, shortage)).to.equal(2);
    const r = allocateSwaps(surplus, shortage);
    expect(r.matchedHeadcount).to.equal(4);
    expect(r.proposals.map((p) => [p.surplusId, p.shortageId, p.headcount])).to.deep.equal([
      ['s-tailor', 'd-garment', 2],
      ['s-workshop', 'd-mask', 2],
    ]);
  });

  it('beats a best-pair-first greedy pass on quality at equal headcount', () => {
    const opts = { weights: { occupation: 1, skills: 0.1, distance: 0, dates: 0, wage: 0 } };
    // A fits X best (exact + a shared skill) but also fits Y exactly; B fits X fairly, Y poorly.
    const surplus = [
      post('A', 'a', 1, ['6-05-01-03', '6-05-02-01'], ['平车']),
      post('B', 'b', 1, ['6-05-01-02']),
    ];
    const shortage = [post('X', 'x', 1, ['6-05-01-03'], ['平车']), post('Y', 'y', 1, ['6-05-02-01'])];
    const [greedyCount, greedyQuality] = greedyBestPair(surplus, shortage, opts);
    const r = allocateSwaps(surplus, shortage, opts);
    expect(r.matchedHeadcount).to.equal(greedyCount);
    expect(r.totalQuality).to.be.greaterThan(greedyQuality + 0.1);
    expect(r.proposals.map((p) => `${p.surplusId}→${p.shortageId}`)).to.deep.equal(['A→Y', 'B→X']);
  });

  it('is deterministic and independent of input order', () => {
    const { surplus, shortage } = generateSwapPosts(150, 11);
    const a = allocateSwaps(surplus, shortage);
    const b = allocateSwaps(surplus, shortage);
    expect(withoutTiming(a)).to.deep.equal(withoutTiming(b));
    const rnd = seededRandom(3);
    const shuffle = <T>(xs: T[]) =>
      xs
        .map((x) => [rnd(), x] as const)
        .sort((p, q) => p[0] - q[0])
        .map(([, x]) => x);
    const c = allocateSwaps(shuffle(surplus), shuffle(shortage));
    expect(withoutTiming(c)).to.deep.equal(withoutTiming(a));
    expect(a.matchedHeadcount).to.be.greaterThan(0);
  });

  it('gives the same optimum capped (with pricing rounds) as uncapped', () => {
    const { surplus, shortage } = generateSwapPosts(400, 2);
    const full = allocateSwaps(surplus, shortage, { maxCandidatesPerPost: Number.POSITIVE_INFINITY });
    for (const k of [1, 3]) {
      const capped = allocateSwaps(surplus, shortage, { maxCandidatesPerPost: k });
      expect(capped.stats.rounds).to.be.greaterThan(1);
      expect(capped.stats.arcs).to.be.lessThan(full.stats.arcs);
      expect([capped.matchedHeadcount, capped.scaledQuality]).to.deep.equal([
        full.matchedHeadcount,
        full.scaledQuality,
      ]);
    }
  });

  it('never over-commits a post and explains every proposal', () => {
    const { surplus, shortage } = generateSwapPosts(300, 4);
    const r = allocateSwaps(surplus, shortage);
    const used = new Map<string, number>();
    for (const p of r.proposals) {
      used.set(p.surplusId, (used.get(p.surplusId) ?? 0) + p.headcount);
      used.set(p.shortageId, (used.get(p.shortageId) ?? 0) + p.headcount);
      const { occupation, skills, distance, dates, wage } = p.parts;
      expect(occupation + skills + distance + dates + wage).to.equal(p.score);
      expect(p.lenderFirmId).to.not.equal(p.borrowerFirmId);
    }
    for (const p of [...surplus, ...shortage]) expect(used.get(p.id) ?? 0).to.be.at.most(p.headcount);
    const sum = r.proposals.reduce((a, p) => a + p.headcount * scaledQuality(p.score), 0);
    expect(r.scaledQuality).to.equal(sum);
  });

  it('handles empty sides and rejects bad input', () => {
    const one = [post('s', 'f', 3, ['4-02-05-01'])];
    expect(allocateSwaps([], []).matchedHeadcount).to.equal(0);
    expect(allocateSwaps(one, []).proposals).to.deep.equal([]);
    expect(() => allocateSwaps([post('s', 'f', 0, ['4-02'])], [])).to.throw(RangeError, /headcount/);
    expect(() => allocateSwaps([post('s', 'f', 1.5, ['4-02'])], [])).to.throw(RangeError, /headcount/);
    expect(() => allocateSwaps([...one, ...one], [])).to.throw(RangeError, /duplicate/);
    expect(() => allocateSwaps(one, [], { maxCandidatesPerPost: 0 })).to.throw(RangeError);
    expect(() => allocateSwaps(one, [], { minOverlapDays: 0 })).to.throw(RangeError);
  });
});

describe('swap allocation: network simplex', () => {
  it('solves a small transportation problem to its known optimum', () => {
    // Hub 4 balances nothing here; its arcs cost 100 so the real arcs are used.
    const ns = new NetworkSimplex(5, [3, 2, -2, -3, 0], 4, () => 100);
    const arcs = [ns.addArc(0, 2, 1), ns.addArc(0, 3, 5), ns.addArc(1, 2, 2), ns.addArc(1, 3, 1)];
    ns.solve();
    expect(arcs.map((a) => ns.flowOf(a))).to.deep.equal([2, 1, 0, 2]); // cost 9
  });
});

describe('swap allocation: generator', () => {
  it('uses only real 2022 occupation codes and plausible posts, reproducibly', () => {
    for (const code of GENERATOR_OCCUPATION_CODES)
      expect(occupationByCode(code), code).to.not.equal(undefined);
    const a = generateSwapPosts(200, 9);
    expect(generateSwapPosts(200, 9)).to.deep.equal(a);
    const all = [...a.surplus, ...a.shortage];
    const zaozhuang = all.filter((p) => p.districtCode?.startsWith('3704')).length;
    expect(zaozhuang / all.length).to.be.within(0.75, 0.95);
    for (const p of all) {
      expect(p.headcount).to.be.within(1, 50);
      expect(p.from <= p.to).to.equal(true);
    }
  });
});
