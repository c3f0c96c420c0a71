/**
 * The allocation: who lends how many to whom, maximising matched headcount first and the summed
 * quality (headcount × pair score) second — exactly, as one min-cost flow.
 *
 * Network: each surplus post supplies its headcount, each shortage post demands its headcount,
 * and a hub node Z balances them. Arcs: surplus → shortage for each compatible pair, cost
 * −round(score × 1000); surplus → Z (staff left idle), cost M; Z → shortage (need left open),
 * cost 0. Total cost = M × (idle headcount) − quality, and M = 1000 × min(#surplus, #shortage) + 1
 * makes one more matched person worth more than any quality an augmenting path can lose
 * (≤ 1000 per pair it reroutes), so the minimum is lexicographic: headcount first, then quality.
 * Quality is optimal with respect to the rounded integer scores (`scaledQuality`): pairs whose
 * scores differ by less than 0.0005 count as equal. Integer costs keep the arithmetic exact.
 * @module
 */
import { BestK, PairSpace, scaledQuality } from './candidates.ts';
import { evaluatePair, explainLast, type ScoringContext, scoringContext } from './compat.ts';
import { Interner, type PreparedPost, preparePost } from './features.ts';
import { NetworkSimplex } from './simplex.ts';
import type { AllocationOptions, AllocationResult, SwapPost, SwapProposal } from './types.ts';

/** With more compatible pairs than this, and no explicit cap, the network is capped per post. */
export const AUTO_CAP_PAIR_THRESHOLD = 1_000_000;
/** Per-post cap used above the threshold. */
export const AUTO_CANDIDATES_PER_POST = 16;
/** Left-out pairs a post (of either side) may bring into a capped network per pricing round. */
const PRICED_PER_POST = 8;

function checkPosts(posts: SwapPost[], side: string): SwapPost[] {
  const ids = new Set<string>();
  for (const p of posts) {
    if (!(Number.isInteger(p.headcount) && p.headcount >= 1)) {
      throw new RangeError(`${side} post ${p.id}: headcount must be an integer ≥ 1`);
    }
    if (ids.has(p.id)) throw new RangeError(`${side} post ${p.id}: duplicate id`);
    ids.add(p.id);
  }
  // Sorting by id makes the result independent of the order posts arrive in.
  return [...posts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The min-cost flow network of the lexicographic problem (see the module comment): node i is
 * surplus post i, node nS + j shortage post j, the last node the hub.
 */
function hubNetwork(S: PreparedPost[], D: PreparedPost[]): NetworkSimplex {
  const nS = S.length;
  const hub = nS + D.length;
  const supply = new Float64Array(hub + 1);
  S.forEach((s, i) => {
    supply[i] = s.post.headcount;
    supply[hub]! -= s.post.headcount;
  });
  D.forEach((d, j) => {
    supply[nS + j] = -d.post.headcount;
    supply[hub]! += d.post.headcount;
  });
  const M = 1000 * Math.min(nS, D.length) + 1;
  // Potentials stay below M × (nodes); beyond 2^53 the arithmetic would no longer be exact.
  if (M * (hub + 2) > Number.MAX_SAFE_INTEGER) throw new RangeError('too many posts for exact costs');
  return new NetworkSimplex(hub + 1, supply, hub, (v) => (v < nS ? M : 0));
}

/**
 * Adds each post's k best pairs (the union over both sides) to the network, chosen by their
 * cells' values (bounds within 2 of the exact value; offered while scoring) and added with their
 * exact quality.
 */
function addBestPairs(space: PairSpace, bestOfS: BestK, bestOfD: BestK, add: PairAdder): void {
  const nS = bestOfS.posts;
  const nD = bestOfD.posts;
  const chosen = new Set<number>();
  const choose = (id: number) => {
    if (chosen.has(id)) return;
    chosen.add(id);
    const [i, j] = space.pairOf(id);
    add(i, j, space.exact(id));
  };
  for (let i = 0; i < nS; i++) bestOfS.drain(i, choose);
  for (let j = 0; j < nD; j++) bestOfD.drain(j, choose);
}

/**
 * Prices every pair with the optimal potentials and adds, per surplus post and per shortage post,
 * its few most negative reduced-cost pairs, scored exactly first (a cell may hold only a bound);
 * returns how many pairs the bounds offered (0 proves optimality over all pairs). Pairs already in
 * the network have exact cells and reduced cost ≥ 0 at an optimum, so only left-out ones show up.
 * A pair whose exact reduced cost is not negative is not added, but its cell is exact from then
 * on, so every round makes progress. Adding every violator at once would flood the network with
 * pairs the next optimum does not need. Both sides choose (issue #14): a shortage post that many
 * surplus posts could serve, but that is in none of their top few, would otherwise wait for later
 * rounds, and each round re-optimises a large tree (at 20,000 a side: 11 rounds → 7, and the
 * maximum headcount is reached a round earlier).
 */
function priceIn(
  net: NetworkSimplex,
  space: PairSpace,
  enterS: BestK,
  enterD: BestK,
  nS: number,
  add: PairAdder,
): number {
  const pi = net.pi;
  const offered = space.priceAll(pi, nS, enterS, enterD);
  const seen = new Set<number>();
  const consider = (id: number) => {
    if (seen.has(id)) return;
    seen.add(id);
    const [i, j] = space.pairOf(id);
    const q = space.exact(id);
    if (-q + pi[i]! - pi[nS + j]! < 0) add(i, j, q);
  };
  for (let i = 0; i < nS; i++) enterS.drain(i, consider);
  for (let j = 0; j < enterD.posts; j++) enterD.drain(j, consider);
  return offered;
}

type PairAdder = (i: number, j: number, q: number) => void;

/**
 * Proposes swaps between surplus and shortage posts: a maximum-headcount allocation that, among
 * those, has the greatest total scaled quality. Deterministic: the same posts (in any order) and
 * options give the same proposals.
 *
 * With a cap (`maxCandidatesPerPost`, or automatically on very large inputs) the network starts
 * with each post's best few pairs; after each solve every left-out pair is priced with the
 * optimal node potentials, those with negative reduced cost are added, and solving resumes from
 * the current tree. It stops when none is left: by LP duality the flow is then optimal over all
 * pairs, so capping changes the running time, never the result.
 */
export function allocateSwaps(
  surplus: SwapPost[],
  shortage: SwapPost[],
  opts: AllocationOptions = {},
): AllocationResult {
  const started = performance.now();
  const ctx = scoringContext(opts);
  const cap = opts.maxCandidatesPerPost;
  if (cap !== undefined && !(cap === Number.POSITIVE_INFINITY || (Number.isInteger(cap) && cap >= 1))) {
    throw new RangeError('maxCandidatesPerPost must be a positive integer or Infinity');
  }
  const strings = new Interner();
  const S = checkPosts(surplus, 'surplus').map((p) => preparePost(p, strings, ctx.families));
  const D = checkPosts(shortage, 'shortage').map((p) => preparePost(p, strings, ctx.families));
  const nS = S.length;
  const space = new PairSpace(S, D, ctx);

  const net = hubNetwork(S, D);
  const firstPairArc = net.arcCount;
  const add: PairAdder = (i, j, q) => net.addArc(i, nS + j, -q);
  // Whether the network will be capped depends on the number of pairs, known only after scoring;
  // the cell count bounds it, so the best lists are filled while scoring whenever a cap may apply.
  const capFor = (count: number) =>
    cap ?? (count > AUTO_CAP_PAIR_THRESHOLD ? AUTO_CANDIDATES_PER_POST : Number.POSITIVE_INFINITY);
  const reach = Math.max(nS, D.length); // a cap no post can reach changes nothing
  const mayCap = capFor(space.cellCount);
  const best =
    mayCap < reach ? { bestOfS: new BestK(nS, mayCap), bestOfD: new BestK(D.length, mayCap) } : undefined;
  const pairs = space.scoreAll(best);
  const capped = capFor(pairs) < reach;
  if (capped) addBestPairs(space, best!.bestOfS, best!.bestOfD, add);
  else space.forEachExact(add);

  const enterS = new BestK(capped ? nS : 0, PRICED_PER_POST);
  const enterD = new BestK(capped ? D.length : 0, PRICED_PER_POST);
  let rounds = 0;
  do {
    rounds++;
    net.solve();
  } while (capped && priceIn(net, space, enterS, enterD, nS, add) > 0);

  const result = collect(net, firstPairArc, S, D, ctx);
  result.stats = { pairs, arcs: net.arcCount - firstPairArc, rounds, ms: performance.now() - started };
  return result;
}

/** Proposals from the arcs carrying flow, each explained, sorted by surplus then shortage id. */
function collect(
  net: NetworkSimplex,
  firstPairArc: number,
  S: PreparedPost[],
  D: PreparedPost[],
  ctx: ScoringContext,
): AllocationResult {
  const proposals: SwapProposal[] = [];
  let matchedHeadcount = 0;
  let totalQuality = 0;
  let scaled = 0;
  for (let a = firstPairArc; a < net.arcCount; a++) {
    const headcount = net.flowOf(a);
    if (headcount === 0) continue;
    const [i, v] = net.arc(a);
    const s = S[i]!;
    const d = D[v - S.length]!;
    evaluatePair(s, d, ctx);
    const { score, parts, detail } = explainLast(s, d, ctx);
    const { id: surplusId, firmId: lenderFirmId } = s.post;
    const { id: shortageId, firmId: borrowerFirmId } = d.post;
    proposals.push({ surplusId, shortageId, lenderFirmId, borrowerFirmId, headcount, score, parts, detail });
    matchedHeadcount += headcount;
    totalQuality += headcount * score;
    scaled += headcount * scaledQuality(score);
  }
  proposals.sort((a, b) =>
    a.surplusId !== b.surplusId ? (a.surplusId < b.surplusId ? -1 : 1) : a.shortageId < b.shortageId ? -1 : 1,
  );
  const stats = { pairs: 0, arcs: 0, rounds: 0, ms: 0 };
  return { proposals, matchedHeadcount, totalQuality, scaledQuality: scaled, stats };
}
