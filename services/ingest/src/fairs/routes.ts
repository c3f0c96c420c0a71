import type { estypes } from '@elastic/elasticsearch';
import { fairDocument } from '@fugong/documents';
import type { Api, Runtime } from '@fugong/http';
import { Fair, FairInput, Id, NotFoundError, Page, ValidationError, pageOffset } from '@fugong/schemas';
import { engineCall, getSource, totalHits } from '@fugong/search';
import { liveVacancyFilter } from '@fugong/stores';
import { z } from 'zod';

const FairParams = z.strictObject({ id: Id });
const FairList = z.object({
  fairs: z.array(Fair),
  total: z.number().int(),
  page: z.number(),
  size: z.number(),
});
type StoredFair = Omit<Fair, 'vacancies' | 'positions'> & { nameSeg: string };

/** Fairs (专场招聘会): run by the bureau, read by anyone; vacancies join one through their `fairIds`. */
export function registerFairRoutes(api: Api, rt: Runtime): void {
  api.route({
    method: 'put',
    path: '/v1/fairs/{id}',
    summary: 'Create or replace a fair (bureau only); every participating firm must be registered',
    tags: ['fairs'],
    auth: ['bureau'],
    params: FairParams,
    body: FairInput,
    responses: {
      200: {
        description: 'stored',
        schema: z.object({ id: z.string(), result: z.enum(['created', 'updated']) }),
      },
    },
    handler: async ({ params, body }) => {
      await assertFirmsExist(rt, body.firmIds);
      const doc: StoredFair = fairDocument(params.id, body, new Date());
      const res = await engineCall(() =>
        rt.es.index({ index: rt.names.fairs, id: params.id, document: doc, refresh: 'wait_for' }),
      );
      return { id: params.id, result: res.result === 'created' ? 'created' : 'updated' };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/fairs/{id}',
    summary: 'Read a fair with live counts of its vacancies and open positions',
    tags: ['fairs'],
    auth: 'public',
    params: FairParams,
    responses: { 200: { description: 'the fair', schema: Fair } },
    handler: async ({ params }) => {
      const fair = await getSource<StoredFair>(rt.es, { index: rt.names.fairs, id: params.id });
      if (!fair) throw new NotFoundError('fair');
      const counts = await liveCounts(rt, [params.id]);
      return Fair.parse({ ...fair, ...(counts.get(params.id) ?? { vacancies: 0, positions: 0 }) });
    },
  });

  api.route({
    method: 'get',
    path: '/v1/fairs',
    summary: 'List fairs, latest first, with live vacancy counts',
    tags: ['fairs'],
    auth: 'public',
    query: Page.strict(),
    responses: { 200: { description: 'a page of fairs', schema: FairList } },
    handler: async ({ query }) => {
      const res = await engineCall(() =>
        rt.es.search<StoredFair>({
          index: rt.names.fairs,
          from: pageOffset(query.page, query.size),
          size: query.size,
          sort: [{ startDate: 'desc' }, { id: 'asc' }],
          track_total_hits: true,
        }),
      );
      const fairs = res.hits.hits.map((h) => h._source!);
      const counts = await liveCounts(
        rt,
        fairs.map((f) => f.id),
      );
      return {
        fairs: fairs.map((f) =>
          Fair.parse({ ...f, ...(counts.get(f.id) ?? { vacancies: 0, positions: 0 }) }),
        ),
        total: totalHits(res.hits.total),
        page: query.page,
        size: query.size,
      };
    },
  });
}

/** Live (open, unexpired) vacancies and their open positions per fair: one aggregation. */
async function liveCounts(
  rt: Runtime,
  fairIds: string[],
): Promise<Map<string, { vacancies: number; positions: number }>> {
  const out = new Map<string, { vacancies: number; positions: number }>();
  if (fairIds.length === 0) return out;
  const res = await engineCall(() =>
    rt.es.search({
      index: rt.names.vacancies,
      size: 0,
      query: {
        bool: {
          filter: [{ terms: { fairIds } }, ...liveVacancyFilter(new Date())],
        },
      },
      aggs: {
        fairs: {
          terms: { field: 'fairIds', include: fairIds, size: fairIds.length },
          aggs: { positions: { sum: { field: 'openPositions' } } },
        },
      },
    }),
  );
  const agg = res.aggregations?.['fairs'] as estypes.AggregationsStringTermsAggregate | undefined;
  const buckets = (agg?.buckets ?? []) as Array<
    estypes.AggregationsStringTermsBucket & { positions: { value: number } }
  >;
  for (const b of buckets)
    out.set(String(b.key), { vacancies: b.doc_count, positions: Math.round(b.positions.value) });
  return out;
}

/** Every participating firm must be registered: 400 naming `firmIds.N` otherwise. */
async function assertFirmsExist(rt: Runtime, firmIds: string[]): Promise<void> {
  if (firmIds.length === 0) return;
  const res = await engineCall(() =>
    rt.es.mget({ index: rt.names.firms, ids: [...new Set(firmIds)], _source: false }),
  );
  const known = new Set((res.docs as estypes.GetGetResult[]).filter((d) => d.found).map((d) => d._id));
  const issues = firmIds.flatMap((id, n) =>
    known.has(id)
      ? []
      : [{ path: `firmIds.${n}`, message: `unknown firm "${id}": register it first (PUT /v1/firms/{id})` }],
  );
  if (issues.length > 0) throw new ValidationError(`${issues[0]!.path}: ${issues[0]!.message}`, issues);
}
