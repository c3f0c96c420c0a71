import type { estypes } from '@elastic/elasticsearch';
import { endOfDay, type VacancyDoc } from '@fugong/documents';
import {
  type BulkItemResult,
  type BulkOp,
  bulkWrite,
  engineCall,
  getSource,
  getVersioned,
  type SearchPage,
  searchDocuments,
  totalHits,
  type Versioned,
} from '@fugong/search';
import { pageOffset } from '@fugong/schemas';
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

/** A deleted vacancy leaves a tombstone, so the change feed can tell sites to remove it. */
export interface VacancyTombstone {
  id: string;
  externalRef: string;
  firmId: string;
  status: 'deleted';
  changeSeq: number;
  updatedAt: string;
}

/** A stored vacancy document (with its change-feed number) or a tombstone: what the index holds. */
export type StoredVacancy = (VacancyDoc & { changeSeq: number }) | VacancyTombstone;

/**
 * One write of a batch: a new document (`create`: fails with 409 if the id exists meanwhile) or a replacement
 * of the version that was read (`replace`: 409 if someone wrote in between).
 */
export type VacancyWriteOp =
  | { action: 'create'; doc: StoredVacancy }
  | { action: 'replace'; doc: StoredVacancy; prior: Pick<Versioned<StoredVacancy>, 'seqNo' | 'primaryTerm'> };

/** A page of the expiry sweep: open vacancies past their end, with versions, and where the next page starts. */
export interface ExpiredPage {
  items: Array<Versioned<VacancyDoc & { changeSeq: number }> & { id: string }>;
  /** The sort values of the last hit; undefined when the page was empty. */
  after: estypes.SortResults | undefined;
  /** How many hits the engine answered (a page shorter than asked is the last). */
  size: number;
}

/** What a typeahead suggestion reads of a vacancy. */
export type SuggestFields = Pick<
  VacancyDoc,
  'title' | 'occupations' | 'firmName' | 'status' | 'validThrough' | 'expiresAt'
>;

/** What a list of intentions shows of each vacancy: its title, firm and whether it still takes applications. */
export type VacancySummaryFields = Pick<
  VacancyDoc,
  'title' | 'firmName' | 'status' | 'validThrough' | 'expiresAt'
>;

/**
 * The statuses a firm's own list filters by: `open` is the live rule ({@link isLiveVacancy}), `expired` is
 * what the sweep marked plus what it has not reached yet (open but past its end), `all` every one but deleted.
 */
export type OwnVacancyStatus = 'open' | 'closed' | 'filled' | 'expired' | 'all';

/** Live vacancies and their open positions in one fair. */
export interface FairCounts {
  vacancies: number;
  positions: number;
}

/**
 * The `vacancies` index: written by ingest (PUT, close, delete, bulk, expiry sweep: the reads and writes of its
 * write path are here, its rules — normalising, duplicates, change-feed numbers — in
 * services/ingest/src/vacancies/store.ts); read by the matcher (search, ranking, intentions), ingest's fair
 * pages and the intent-worker (references, stats).
 */
export class VacancyStore {
  private readonly ctx: StoreContext;
  private readonly index: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
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

  /**
   * The stored document or tombstone with its version (the write path's read), in real time; undefined when
   * the id never existed.
   */
  getStored(id: string): Promise<Versioned<StoredVacancy> | undefined> {
    return getVersioned<StoredVacancy>(this.ctx.es, { index: this.index, id });
  }

  /** The stored documents (tombstones included) of these ids with their versions: one real-time `_mget`. */
  async storedMany(ids: readonly string[]): Promise<Map<string, Versioned<StoredVacancy>>> {
    const out = new Map<string, Versioned<StoredVacancy>>();
    if (ids.length === 0) return out;
    const res = await engineCall(() => this.ctx.es.mget<StoredVacancy>({ index: this.index, ids: [...ids] }));
    for (const d of res.docs as Array<estypes.GetGetResult<StoredVacancy>>) {
      if (d.found && d._source)
        out.set(d._id, { doc: d._source, seqNo: d._seq_no!, primaryTerm: d._primary_term! });
    }
    return out;
  }

  /** Which stored vacancy (not a tombstone) holds each of these fingerprints: one search (near real time). */
  async fingerprintOwners(fingerprints: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (fingerprints.length === 0) return out;
    const res = await engineCall(() =>
      this.ctx.es.search<{ fingerprint: string; id: string }>({
        index: this.index,
        size: fingerprints.length,
        _source: ['fingerprint', 'id'],
        query: {
          bool: {
            filter: [{ terms: { fingerprint: [...new Set(fingerprints)] } }],
            must_not: [{ term: { status: 'deleted' } }],
          },
        },
      }),
    );
    for (const h of res.hits.hits) if (h._source) out.set(h._source.fingerprint, h._source.id);
    return out;
  }

  /**
   * Writes a batch in one `_bulk`: one outcome per op, in order (a conflict or refusal is the item's outcome,
   * not thrown; an outage throws). The caller stamps each document's change-feed number.
   */
  async write(
    ops: readonly VacancyWriteOp[],
    refresh: boolean | 'wait_for' = false,
  ): Promise<BulkItemResult[]> {
    if (ops.length === 0) return [];
    const index = this.index;
    const bulk: BulkOp[] = ops.map((op) =>
      op.action === 'create'
        ? { action: 'create', index, id: op.doc.id, doc: op.doc }
        : {
            action: 'index',
            index,
            id: op.doc.id,
            doc: op.doc,
            ifSeqNo: op.prior.seqNo,
            ifPrimaryTerm: op.prior.primaryTerm,
          },
    );
    return (await bulkWrite(this.ctx.es, bulk, { refresh })).items;
  }

  /**
   * A page of what the expiry sweep marks expired ({@link expiredOpenFilter}), oldest end first, with the
   * versions its rewrites must match. `after` continues from the previous page without a refresh in between.
   */
  async expiredOpen(now: Date, size: number, after?: estypes.SortResults): Promise<ExpiredPage> {
    const res = await engineCall(() =>
      this.ctx.es.search<VacancyDoc & { changeSeq: number }>({
        index: this.index,
        size,
        seq_no_primary_term: true,
        sort: [{ expiresAt: 'asc' }, { id: 'asc' }],
        ...(after ? { search_after: after } : {}),
        query: { bool: { filter: expiredOpenFilter(now) } },
      }),
    );
    const hits = res.hits.hits;
    return {
      items: hits
        .filter((h) => h._source && h._seq_no !== undefined)
        .map((h) => ({ id: h._id!, doc: h._source!, seqNo: h._seq_no!, primaryTerm: h._primary_term! })),
      after: hits.at(-1)?.sort,
      size: hits.length,
    };
  }

  /** Makes every write so far searchable (after a sweep or an upload written without per-batch refreshes). */
  async refresh(): Promise<void> {
    await engineCall(() => this.ctx.es.indices.refresh({ index: this.index }));
  }

  /**
   * The change feed's read: vacancies and tombstones whose change sequence lies in (since, upTo], in
   * sequence order, at most `size` (the segmented search fields left out: the feed never shows them).
   */
  async changed(since: number, upTo: number, size: number): Promise<StoredVacancy[]> {
    const res = await engineCall(() =>
      this.ctx.es.search<StoredVacancy>({
        index: this.index,
        size,
        sort: [{ changeSeq: 'asc' }],
        query: { range: { changeSeq: { gt: since, lte: upTo } } },
        _source_excludes: [
          'titleSeg',
          'descriptionSeg',
          'occupationSeg',
          'skillsSeg',
          'firmNameSeg',
          'suggest',
        ],
      }),
    );
    return res.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
  }

  /**
   * A firm's vacancies (or every firm's, for the bureau, when `firmId` is undefined) whatever their status,
   * tombstones never, newest first (`createdAt`, then id). The status filter follows the live rule at `now`.
   */
  ofFirm(
    filter: { firmId?: string; status: OwnVacancyStatus },
    page: number,
    size: number,
    now: Date,
  ): Promise<SearchPage<VacancyDoc>> {
    const clauses: estypes.QueryDslQueryContainer[] = [];
    if (filter.firmId) clauses.push({ term: { firmId: filter.firmId } });
    const byStatus: Record<OwnVacancyStatus, estypes.QueryDslQueryContainer[]> = {
      open: liveVacancyFilter(now),
      closed: [{ term: { status: 'closed' } }],
      filled: [{ term: { status: 'filled' } }],
      expired: [
        {
          bool: {
            should: [{ term: { status: 'expired' } }, { bool: { filter: expiredOpenFilter(now) } }],
            minimum_should_match: 1,
          },
        },
      ],
      all: [],
    };
    clauses.push(...byStatus[filter.status]);
    return searchDocuments<VacancyDoc>(this.ctx.es, {
      index: this.index,
      from: pageOffset(page, size),
      size,
      track_total_hits: true,
      sort: [{ createdAt: 'desc' }, { id: 'asc' }],
      query: { bool: { filter: clauses, must_not: [{ term: { status: 'deleted' } }] } },
      _source_excludes: [
        'titleSeg',
        'descriptionSeg',
        'occupationSeg',
        'skillsSeg',
        'firmNameSeg',
        'suggest',
        'fingerprint',
      ],
    });
  }

  /** Title, firm name and the live rule's fields of these vacancies (tombstones and missing ones absent). */
  async summaries(ids: readonly string[]): Promise<Map<string, VacancySummaryFields>> {
    const out = new Map<string, VacancySummaryFields>();
    if (ids.length === 0) return out;
    const res = await engineCall(() =>
      this.ctx.es.mget<VacancySummaryFields>({
        index: this.index,
        ids: [...new Set(ids)],
        _source_includes: ['title', 'firmName', 'status', 'validThrough', 'expiresAt'],
      }),
    );
    for (const d of res.docs as Array<estypes.GetGetResult<VacancySummaryFields>>) {
      if (d.found && d._source && (d._source.status as string) !== 'deleted') out.set(d._id, d._source);
    }
    return out;
  }

  /** A search over vacancies (the caller's query, filters and sort): `{ total, docs, hits }`. */
  find(body: Omit<estypes.SearchRequest, 'index'>): Promise<SearchPage<VacancyDoc>> {
    return searchDocuments<VacancyDoc>(this.ctx.es, { index: this.index, ...body });
  }
}
