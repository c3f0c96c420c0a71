import type { estypes } from '@elastic/elasticsearch';
import { endOfDay, type VacancyDoc } from '@fugong/documents';
import { engineCall, getSource, type SearchPage, searchDocuments, totalHits } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/*
 * The live-vacancy rule, written once: open, and not past the end of its validThrough day. `expiresAt` (the end
 * of the validThrough day in UTC+8, written by the shared document builder) is exact; a document written before
 * `expiresAt` existed falls back to the calendar day of `validThrough` in UTC+8; one with neither never expires.
 * Search, the fair page's counts, a single read and the expiry sweep all use these, so they cannot disagree.
 */

/** The fields the rule reads. */
export interface LiveFields {
  status: string;
  expiresAt?: string;
  validThrough?: string;
}

/** When the document stops being live, in epoch milliseconds (Infinity when it never expires). */
export function vacancyEnds(doc: Pick<LiveFields, 'expiresAt' | 'validThrough'>): number {
  if (doc.expiresAt) return Date.parse(doc.expiresAt);
  return doc.validThrough ? endOfDay(doc.validThrough) : Infinity;
}

/** The rule over one stored document. */
export function isLiveVacancy(doc: LiveFields, now: Date): boolean {
  return doc.status === 'open' && vacancyEnds(doc) > now.getTime();
}

/** The time half of the rule as an engine clause: not past its end at `now`. */
export function unexpiredClause(now: Date): estypes.QueryDslQueryContainer {
  const iso = now.toISOString();
  return {
    bool: {
      should: [
        { range: { expiresAt: { gt: iso } } },
        {
          bool: {
            must_not: [{ exists: { field: 'expiresAt' } }],
            should: [
              { bool: { must_not: [{ exists: { field: 'validThrough' } }] } },
              { range: { validThrough: { gte: `${iso}||/d`, time_zone: '+08:00' } } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
      minimum_should_match: 1,
    },
  };
}

/** The rule as engine filter clauses (for a `bool.filter`): what search, ranking and fair counts show. */
export function liveVacancyFilter(now: Date): estypes.QueryDslQueryContainer[] {
  return [{ term: { status: 'open' } }, unexpiredClause(now)];
}

/** Still `open` but past its end: what the expiry sweep marks `expired`. The exact complement within `open`. */
export function expiredOpenFilter(now: Date): estypes.QueryDslQueryContainer[] {
  return [{ term: { status: 'open' } }, { bool: { must_not: [unexpiredClause(now)] } }];
}

/** What a typeahead suggestion reads of a vacancy. */
export type SuggestFields = Pick<
  VacancyDoc,
  'title' | 'occupations' | 'firmName' | 'status' | 'validThrough' | 'expiresAt'
>;

/** Live vacancies and their open positions in one fair. */
export interface FairCounts {
  vacancies: number;
  positions: number;
}

/**
 * The `vacancies` index as its readers see it: written by ingest (routes, bulk, expiry sweep, whose storage layer
 * is services/ingest/src/vacancies/store.ts); read by the matcher (search, ranking, intentions), ingest's fair
 * pages and the intent-worker (references, stats).
 */
export class VacancyStore {
  private readonly index: string;

  constructor(private readonly ctx: StoreContext) {
    this.index = ctx.names.vacancies;
  }

  /**
   * A vacancy document (open, closed, filled or expired), or undefined. A deleted one is a tombstone of a few
   * fields (kept for the change feed), not a vacancy: it reads as missing.
   */
  async get(id: string): Promise<VacancyDoc | undefined> {
    const doc = await getSource<VacancyDoc | { status: 'deleted' }>(
      this.ctx.es,
      { index: this.index, id },
      'vacancy',
    );
    return doc && doc.status !== 'deleted' ? (doc as VacancyDoc) : undefined;
  }

  /** Live vacancies and their open positions per fair (fairs without any are absent): one aggregation. */
  async liveCountsByFair(fairIds: readonly string[], now: Date): Promise<Map<string, FairCounts>> {
    const out = new Map<string, FairCounts>();
    if (fairIds.length === 0) return out;
    const ids = [...fairIds];
    const res = await engineCall(() =>
      this.ctx.es.search({
        index: this.index,
        size: 0,
        query: { bool: { filter: [{ terms: { fairIds: ids } }, ...liveVacancyFilter(now)] } },
        aggs: {
          fairs: {
            terms: { field: 'fairIds', include: ids, size: ids.length },
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

  /**
   * Typeahead: completions of `prefix` (titles, occupations, firms, pinyin keys) with the fields a suggestion
   * and the live rule need. The caller filters by {@link isLiveVacancy}: completions cannot be filtered in the engine.
   */
  async completions(prefix: string, size: number): Promise<Array<{ text: string; doc: SuggestFields }>> {
    const res = await engineCall(() =>
      this.ctx.es.search<SuggestFields>({
        index: this.index,
        _source: ['title', 'occupations', 'firmName', 'status', 'validThrough', 'expiresAt'],
        suggest: { s: { prefix, completion: { field: 'suggest', size, skip_duplicates: true } } },
      }),
    );
    const options = (res.suggest?.['s']?.[0]?.options ??
      []) as estypes.SearchCompletionSuggestOption<SuggestFields>[];
    return options.flatMap((o) => (o._source ? [{ text: o.text, doc: o._source }] : []));
  }

  /**
   * What a fair offered: every vacancy that joined it (whatever its status now: the dashboard counts what was
   * offered), their open positions and their firms. One aggregation.
   */
  async fairOffer(fairId: string): Promise<{ vacancies: number; positions: number; firmIds: string[] }> {
    const res = await engineCall(() =>
      this.ctx.es.search({
        index: this.index,
        size: 0,
        track_total_hits: true,
        query: { bool: { filter: [{ term: { fairIds: fairId } }] } },
        aggs: {
          positions: { sum: { field: 'openPositions' } },
          firms: { terms: { field: 'firmId', size: 10_000 } },
        },
      }),
    );
    const aggs = (res.aggregations ?? {}) as {
      positions?: { value?: number | null };
      firms?: { buckets?: Array<{ key: string }> };
    };
    return {
      vacancies: totalHits(res.hits.total),
      positions: Math.round(aggs.positions?.value ?? 0),
      firmIds: (aggs.firms?.buckets ?? []).map((b) => String(b.key)),
    };
  }

  /** A search over vacancies (the caller's query, filters and sort): `{ total, docs, hits }`. */
  find(body: Omit<estypes.SearchRequest, 'index'>): Promise<SearchPage<VacancyDoc>> {
    return searchDocuments<VacancyDoc>(this.ctx.es, { index: this.index, ...body });
  }
}
