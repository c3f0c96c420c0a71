import type { estypes } from '@elastic/elasticsearch';
import { FACTORS, type Factor, type ScoreFunction, toEngineFunctions } from './functions.ts';
import { gauss } from './weights.ts';

/**
 * Candidates at scale (issue #14): the exact score (`function_score`, see functions.ts) is computed for the
 * workers who can still reach the page, not for every worker that passes the hard filters.
 *
 * The filtered workers are split into disjoint tiers, each with a bound on the score a worker in it can
 * reach: by occupation (same occupation, same minor group, same middle group, none; its functions exclude
 * each other), each tier worth its occupation weight plus every other factor's cap, and then by distance
 * (within NEAR_SCALES decay scales of the workplace or not: a worker further away gets at most the decay
 * there). The tiers are ranked best bound first, each by the exact score over that tier only, and merged in
 * the exhaustive ranking's order (score, then id). Once the merged page's last score is above every
 * remaining tier's bound, those tiers cannot change the page and are never scored. The hits are then
 * exactly the exhaustive ranking's, ids and scores, ties included (strictly above: no worker of a remaining
 * tier can tie). The count of matching workers is a separate count, exact below TOTAL_LIMIT.
 */

/** The count of matching workers is exact below this, a lower bound from it on. */
export const TOTAL_LIMIT = 10_000;
/** Float slack between a bound and the engine's float score. */
const EPSILON = 1e-5;
/** "Near": within the geo decay's offset plus this many scales (1: where the decay has fallen to `decay`). */
const NEAR_SCALES = 1;

/** One tier: its filter (on top of the hard filters) and the most a worker in it can score. */
export interface Tier {
  filter: estypes.QueryDslQueryContainer;
  max: number;
}

const and = (...filters: estypes.QueryDslQueryContainer[]): estypes.QueryDslQueryContainer =>
  filters.length === 1 ? filters[0]! : { bool: { filter: filters } };

/**
 * The tiers of a ranking, best bound first (see above). `caps` is the most each factor can add; the distance
 * functions exclude each other (a location, or none and a named place).
 */
export function rankingTiers(fns: readonly ScoreFunction[], caps: Record<Factor, number>): Tier[] {
  const rest = FACTORS.filter((f) => f !== 'occupation').reduce((t, f) => t + caps[f], 0);
  const occ = fns.filter((f) => f.factor === 'occupation' && f.weight > 0 && f.filter);
  const byOccupation: Tier[] = occ.map((f) => ({ filter: f.filter!, max: f.weight + rest }));
  byOccupation.push({
    filter: occ.length ? { bool: { must_not: occ.map((f) => f.filter!) } } : { match_all: {} },
    max: rest,
  });
  const geo = fns.find((f) => f.factor === 'distance' && f.weight > 0 && f.decay?.kind === 'geo');
  let tiers = byOccupation;
  if (geo?.decay?.kind === 'geo') {
    const d = geo.decay;
    const radius = d.offsetKm + NEAR_SCALES * d.scaleKm;
    const near: estypes.QueryDslQueryContainer = {
      geo_distance: { distance: `${radius}km`, [d.field]: d.origin },
    };
    // Beyond the radius (a metre of slack: the query and the decay compute distances a little differently)
    // the location scores at most its decay there; the other distance functions keep their weight.
    const far = Math.max(
      ...fns
        .filter((f) => f.factor === 'distance' && f.weight > 0)
        .map((f) =>
          f === geo ? f.weight * gauss(radius - 0.001, d.scaleKm, d.decay, d.offsetKm) : f.weight,
        ),
    );
    const loss = Math.max(0, caps.distance - far);
    tiers = byOccupation.flatMap((t) => [
      { filter: and(t.filter, near), max: t.max },
      { filter: { bool: { filter: [t.filter], must_not: [near] } }, max: t.max - loss },
    ]);
  }
  return tiers.sort((a, b) => b.max - a.max);
}

/** A hit as the callers' engine clients give it back. */
export interface RankedHit<T> {
  id: string;
  score: number | null;
  doc: T;
}
export type Search<T> = (body: estypes.SearchRequest) => Promise<{ total: number; hits: RankedHit<T>[] }>;

export interface NarrowedPage<T> {
  /** Matching workers: exact when totalExact, else at least TOTAL_LIMIT. */
  total: number;
  totalExact: boolean;
  hits: RankedHit<T>[];
  /** How many tiers were scored (of `tiers`) and in how many requests, for tests and benches. */
  scored: number;
  requests: number;
  tiers: number;
}

/** The exhaustive ranking (every filtered worker scored): the reference in tests and benches. */
export function exhaustiveBody(
  filter: estypes.QueryDslQueryContainer[],
  fns: readonly ScoreFunction[],
  page: number,
  size: number,
): estypes.SearchRequest {
  return {
    query: {
      function_score: {
        query: { bool: { filter } },
        functions: toEngineFunctions(fns),
        score_mode: 'sum',
        boost_mode: 'replace',
      },
    },
    sort: [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }],
    track_scores: true,
    from: (page - 1) * size,
    size,
    track_total_hits: true,
  };
}

/** The count of the filtered workers, up to TOTAL_LIMIT (the engine stops counting there). */
export function countBody(filter: estypes.QueryDslQueryContainer[]): estypes.SearchRequest {
  return { query: { bool: { filter } }, size: 0, track_total_hits: TOTAL_LIMIT };
}

/** The engine's keyword order (bytes of UTF-8), as the exhaustive ranking breaks ties. */
const byId = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * One page of the candidates ranking, narrowed before scoring (see above). `search` sends a body to the
 * workers index; `caps` is the most each factor can add. The hits are the
 * exhaustive ranking's.
 */
export async function narrowedRanking<T>(
  search: Search<T>,
  filter: estypes.QueryDslQueryContainer[],
  fns: readonly ScoreFunction[],
  caps: Record<Factor, number>,
  page: number,
  size: number,
): Promise<NarrowedPage<T>> {
  const k = page * size;
  const tiers = rankingTiers(fns, caps);
  const counted = search(countBody(filter));
  let merged: RankedHit<T>[] = [];
  let scored = 0;
  let requests = 0;
  let next = 0;
  while (next < tiers.length) {
    // The tiers that must be scored now: the next one, and with a full page every further tier whose bound
    // reaches the page's last score (all of them would be scored in turn anyway): one request for them all.
    const last = merged[k - 1];
    let end = next + 1;
    while (last && end < tiers.length && (last.score ?? 0) <= tiers[end]!.max + EPSILON) end++;
    const batch = tiers.slice(next, end);
    const tierFilter =
      batch.length === 1
        ? batch[0]!.filter
        : { bool: { should: batch.map((t) => t.filter), minimum_should_match: 1 } };
    // Their own top k (no page offset: the page is taken from the merge).
    const res = await search({
      ...exhaustiveBody([...filter, tierFilter], fns, 1, k),
      track_total_hits: false,
    });
    scored += batch.length;
    requests++;
    next = end;
    merged = [...merged, ...res.hits]
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || byId(a.id, b.id))
      .slice(0, k);
    const bottom = merged[k - 1];
    // Strictly above every remaining bound: no remaining worker can reach the page, not even by a tie.
    if (next < tiers.length && bottom && (bottom.score ?? 0) > tiers[next]!.max + EPSILON) break;
  }
  const total = (await counted).total;
  return {
    total,
    totalExact: total < TOTAL_LIMIT,
    hits: merged.slice((page - 1) * size),
    scored,
    requests,
    tiers: tiers.length,
  };
}
