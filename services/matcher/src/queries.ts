/**
 * The matcher's public query API (`@fugong/matcher/queries`): the very engine requests the service sends for a
 * vacancy search and for a candidate ranking, and the score it explains, as plain functions with the clock
 * passed in. For offline relevance evaluation (scripts/eval.ts) and for benches that compare the API with the
 * engine, so that what they measure is what the API ranks. HTTP cannot serve them: the routes rank at the
 * current time, while the evaluations pin `now` to their judged corpus's dates.
 * @module
 */
import type { estypes } from '@elastic/elasticsearch';
import type { VacancyDoc, WorkerDoc } from '@fugong/documents';
import { candidateFilter, candidateFunctions, candidateFactorCaps } from './ranking/candidates.ts';
import { explain } from './ranking/functions.ts';
import { type NarrowedPage, narrowedRanking, type Search } from './ranking/narrow.ts';
import { rankingBody } from './ranking/routes.ts';
import { DEFAULT_WEIGHTS, type RankingWeights } from './ranking/weights.ts';
import { planSearch, SearchQuery } from './search/params.ts';
import { buildSearch } from './search/query.ts';

export { DEFAULT_WEIGHTS, type RankingWeights };

/**
 * The engine request GET /v1/vacancies/search sends for these query-string parameters at `now`
 * (validated as the route validates them; bad parameters throw).
 */
export function searchRequest(params: Record<string, string>, now: Date): estypes.SearchRequest {
  return buildSearch(planSearch(SearchQuery.parse(params)), now).body;
}

/**
 * The exhaustive candidates ranking for vacancy `v` at `now` (epoch ms), `page` from 1: every filtered worker
 * scored. GET /v1/vacancies/{id}/candidates narrows before scoring (rankCandidates) and returns the same hits
 * and scores; this one request is the reference it is checked against, and its fallback.
 */
export function candidatesRequest(
  v: VacancyDoc,
  opts: { now: number; page?: number; size: number; weights?: RankingWeights },
) {
  const fns = candidateFunctions(v, opts.weights ?? DEFAULT_WEIGHTS, opts.now);
  return rankingBody(candidateFilter(v), fns, opts.page ?? 1, opts.size);
}

/**
 * A worker's candidate score for vacancy `v` at `now` (epoch ms), as the candidates ranking explains it: the
 * explanation's total, which equals the engine's score to float precision.
 */
export function candidateScorer(
  v: VacancyDoc,
  now: number,
  weights: RankingWeights = DEFAULT_WEIGHTS,
): (worker: WorkerDoc) => number {
  const fns = candidateFunctions(v, weights, now);
  return (worker) => explain(fns, worker as unknown as Record<string, unknown>).total;
}

/**
 * The candidates ranking exactly as GET /v1/vacancies/{id}/candidates runs it for vacancy `v` at `now`:
 * narrowed before scoring (occupation tiers scored best first, stopping once no remaining tier can reach the page;
 * see ranking/narrow.ts). `search` sends one body to the workers index.
 */
export function rankCandidates<T>(
  search: Search<T>,
  v: VacancyDoc,
  opts: { now: number; page?: number; size: number; weights?: RankingWeights },
): Promise<NarrowedPage<T>> {
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  const fns = candidateFunctions(v, w, opts.now);
  return narrowedRanking(
    search,
    candidateFilter(v),
    fns,
    candidateFactorCaps(fns, w),
    opts.page ?? 1,
    opts.size,
  );
}
export type { NarrowedPage, Search };
