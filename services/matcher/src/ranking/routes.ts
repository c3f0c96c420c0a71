import type { estypes } from '@elastic/elasticsearch';
import type { VacancyDoc } from '@fugong/documents';
import type { Api } from '@fugong/http';
import { Id, NotFoundError } from '@fugong/schemas';
import type { Stores } from '@fugong/stores';
import { distanceKm } from '@fugong/text';
import { z } from 'zod';
import { assertSiteConsent, getVacancy, getWorker } from '../common/docs.ts';
import { candidateFilter, candidateFunctions, candidateFactorCaps, unmetRequirements } from './candidates.ts';
import { explain, type ScoreFunction, toEngineFunctions } from './functions.ts';
import { narrowedRanking } from './narrow.ts';
import { recommendationFilter, recommendationFunctions } from './recommendations.ts';
import { CandidatesResponse, RankingQuery, RecommendationsResponse } from './schemas.ts';
import type { RankingWeights } from './weights.ts';

/** The ranked search: hard filters, then the score as the sum of the functions (nothing else counts). */
export function rankingBody(
  filter: estypes.QueryDslQueryContainer[],
  fns: ScoreFunction[],
  page: number,
  size: number,
) {
  return {
    query: {
      function_score: {
        query: { bool: { filter } },
        functions: toEngineFunctions(fns),
        score_mode: 'sum' as const,
        boost_mode: 'replace' as const,
      },
    },
    sort: [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }] as estypes.SortCombinations[],
    track_scores: true,
    from: (page - 1) * size,
    size,
    track_total_hits: true,
  };
}

/** Workers an intention already links to this firm: only these may show name and phone. */
async function linkedContacts(stores: Stores, firmId: string, workerIds: string[]) {
  const out = new Map<string, { name: string; phone?: string }>();
  // Only once the worker has spoken (applied or accepted): a firm's own shortlist or offer must not
  // unlock a phone number the worker never chose to share with it.
  const linked = await stores.intentionPairs.workersWhoSpokeTo(firmId, workerIds);
  for (const [id, doc] of await stores.workers.privateOf(linked)) {
    const p = doc.private;
    out.set(id, { name: p.name, ...(p.phone ? { phone: p.phone } : {}) });
  }
  return out;
}

/** GET /v1/vacancies/{id}/candidates and GET /v1/workers/{id}/recommendations. */
export function registerRankingRoutes(api: Api, stores: Stores, weights: RankingWeights): void {
  const boost = { ...weights.priority };
  api.route({
    method: 'get',
    path: '/v1/vacancies/{id}/candidates',
    summary: 'Seeking workers ranked for a vacancy, each score explained factor by factor',
    tags: ['ranking'],
    operationId: 'listVacancyCandidates',
    auth: ['bureau', 'employer'],
    params: z.strictObject({ id: z.string().min(1).max(300) }),
    query: RankingQuery,
    responses: {
      200: { description: 'ranked candidates', schema: CandidatesResponse },
      404: { description: "no such vacancy, or (to an employer) another firm's vacancy: the same answer" },
    },
    handler: async ({ params, query, principal }) => {
      const vacancy: VacancyDoc = await getVacancy(stores, params.id);
      // Another firm's vacancy answers exactly as a missing one: a 403 would tell a competitor which ids
      // (closed or not yet public postings included) exist.
      if (principal.role === 'employer' && principal.firmId !== vacancy.firmId)
        throw new NotFoundError(`vacancy ${params.id}`);
      const fns = candidateFunctions(vacancy, weights, Date.now());
      // Narrowed before scoring (issue #14, ranking/narrow.ts): the same hits and scores as scoring every
      // filtered worker.
      const res = await narrowedRanking(
        (body) => stores.workers.find(body),
        candidateFilter(vacancy),
        fns,
        candidateFactorCaps(fns, weights),
        query.page,
        query.size,
      );
      const contacts = await linkedContacts(
        stores,
        vacancy.firmId,
        res.hits.map((h) => h.id),
      );
      const here = vacancy.workPlace.location;
      return CandidatesResponse.parse({
        vacancyId: vacancy.id,
        total: res.total,
        totalExact: res.totalExact,
        boost,
        hits: res.hits.map((h) => {
          const w = h.doc;
          const explanation = explain(fns, w as unknown as Record<string, unknown>);
          const unmet = unmetRequirements(vacancy, w as unknown as Record<string, unknown>);
          const there = w.currentPlace.location;
          const contact = contacts.get(w.id);
          return {
            workerId: w.id,
            maskedName: w.maskedName,
            occupations: w.occupations,
            skills: w.skills,
            certificates: w.certificates,
            experienceYears: w.experienceYears,
            currentPlace: {
              ...(w.currentPlace.code ? { code: w.currentPlace.code } : {}),
              ...(w.currentPlace.name ? { name: w.currentPlace.name } : {}),
            },
            ...(here && there ? { distanceKm: Math.round(distanceKm(here, there) * 100) / 100 } : {}),
            expectedMonthlyWage: w.expectedMonthlyWage,
            ...(w.availableFrom ? { availableFrom: w.availableFrom } : {}),
            priorityGroups: w.priorityGroups,
            score: explanation.total,
            engineScore: h.score ?? 0,
            explanation: { ...explanation, ...(unmet.length ? { unmet } : {}) },
            ...(contact ? { contact } : {}),
          };
        }),
      });
    },
  });

  api.route({
    method: 'get',
    path: '/v1/workers/{id}/recommendations',
    summary: 'Open vacancies ranked for a worker, each score explained factor by factor',
    description:
      'The bureau, or a site for a seeker who consented through it. Closed, full and expired vacancies never appear.',
    tags: ['ranking'],
    operationId: 'listWorkerRecommendations',
    auth: ['bureau', 'site'],
    params: z.strictObject({ id: Id }),
    query: RankingQuery,
    responses: {
      200: { description: 'ranked vacancies', schema: RecommendationsResponse },
      404: { description: 'no such worker' },
    },
    handler: async ({ params, query, principal }) => {
      const worker = await getWorker(stores, params.id);
      await assertSiteConsent(stores, principal, worker.id);
      const now = new Date();
      const fns = recommendationFunctions(worker, weights, now.getTime());
      const res = await stores.vacancies.find(
        rankingBody(recommendationFilter(worker, now), fns, query.page, query.size),
      );
      const home = worker.currentPlace.location;
      return RecommendationsResponse.parse({
        workerId: worker.id,
        total: res.total,
        boost,
        hits: res.hits.map((h) => {
          const v = h.doc;
          const explanation = explain(fns, v as unknown as Record<string, unknown>);
          const unmet = unmetRequirements(v, worker as unknown as Record<string, unknown>);
          const there = v.workPlace.location;
          return {
            vacancyId: v.id,
            title: v.title,
            firmId: v.firmId,
            ...(v.firmName ? { firmName: v.firmName } : {}),
            keyEnterprise: v.keyEnterprise,
            workPlace: {
              ...(v.workPlace.code ? { code: v.workPlace.code } : {}),
              ...(v.workPlace.name ? { name: v.workPlace.name } : {}),
            },
            ...(home && there ? { distanceKm: Math.round(distanceKm(home, there) * 100) / 100 } : {}),
            monthlyMax: v.wage?.monthlyMax ?? null,
            openPositions: v.openPositions,
            score: explanation.total,
            engineScore: h.score ?? 0,
            explanation: { ...explanation, ...(unmet.length ? { unmet } : {}) },
          };
        }),
      });
    },
  });
}
