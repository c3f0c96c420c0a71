import type { estypes } from '@elastic/elasticsearch';
import { engineCall, getSource, type SearchPage, searchDocuments } from '@fugong/search';
import { pageOffset } from '@fugong/schemas';
import type { StoreContext } from './engine.ts';

/**
 * What the pair list reads of a worker–vacancy pair document (the intent-worker's `PairDoc`, written by
 * services/intent-worker/src/worker/writer.ts): who, which vacancy, what was said and when.
 */
export interface VacancyPairListing {
  pairKey: string;
  vacancyId: string;
  workerId: string;
  firmId: string;
  fairIds: string[];
  /** The furthest step reached (applied < shortlisted < offered < accepted): it never moves back. */
  status: 'applied' | 'shortlisted' | 'offered' | 'accepted';
  /** Intention kinds said about the pair. */
  kinds: string[];
  /** First time each status was reached. */
  steps: Partial<Record<string, string>>;
  twoSided: boolean;
  twoSidedAt?: string;
  workerSideAt?: string;
  firmSideAt?: string;
  firstAt: string;
  /** The time of the latest intention said about the pair. */
  updatedAt: string;
}

/** The filters of a pair list; every one given must hold (the caller has already applied its role's scope). */
export interface PairListFilter {
  workerId?: string;
  /** Any of these workers. */
  workerIds?: readonly string[];
  vacancyId?: string;
  firmId?: string;
  /** Pairs on which this kind of intention was said (`kinds` holds it). */
  kind?: string;
  status?: string;
  twoSided?: boolean;
}

const PAIR_LIST_FIELDS = [
  'pairKey',
  'vacancyId',
  'workerId',
  'firmId',
  'fairIds',
  'status',
  'kinds',
  'steps',
  'twoSided',
  'twoSidedAt',
  'workerSideAt',
  'firmSideAt',
  'firstAt',
  'updatedAt',
];

/**
 * The `intention-pairs` index as the matcher reads it (written by the intent-worker, whose writer owns the
 * document shape: services/intent-worker/src/worker/writer.ts).
 */
export class IntentionPairStore {
  private readonly ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  /**
   * The intention kinds already recorded on a pair (empty when there is no pair yet), read in real time: no
   * refresh needed. `pairId` is the pair's key as the intent-worker writes it.
   */
  async recordedKinds(pairId: string): Promise<string[]> {
    const pair = await getSource<{ kinds?: string[] }>(this.ctx.es, {
      index: this.ctx.names.intentionPairs,
      id: pairId,
      _source_includes: ['kinds'],
      realtime: true,
    });
    return pair?.kinds ?? [];
  }

  /**
   * Of these workers, those who have themselves spoken to the firm (applied or accepted): only their contact
   * may be shown to it. A firm's own shortlist or offer does not count.
   */
  async workersWhoSpokeTo(firmId: string, workerIds: readonly string[]): Promise<string[]> {
    if (workerIds.length === 0) return [];
    const res = await engineCall(() =>
      this.ctx.es.search<{ workerId: string }>({
        index: this.ctx.names.intentionPairs,
        size: workerIds.length,
        _source: ['workerId'],
        query: {
          bool: {
            filter: [
              { term: { firmId } },
              { terms: { workerId: [...workerIds] } },
              { exists: { field: 'workerSideAt' } },
            ],
          },
        },
      }),
    );
    return [...new Set(res.hits.hits.map((h) => h._source?.workerId).filter((x): x is string => !!x))];
  }

  /**
   * One page of worker–vacancy pairs (swap pairs never), latest activity first (`updatedAt`, then the pair key
   * so pages do not shuffle on ties). Near real time: a pair written a second ago may be missing.
   */
  list(filter: PairListFilter, page: number, size: number): Promise<SearchPage<VacancyPairListing>> {
    const clauses: estypes.QueryDslQueryContainer[] = [{ term: { kind: 'vacancy' } }];
    if (filter.workerId) clauses.push({ term: { workerId: filter.workerId } });
    if (filter.workerIds) clauses.push({ terms: { workerId: [...filter.workerIds] } });
    if (filter.vacancyId) clauses.push({ term: { vacancyId: filter.vacancyId } });
    if (filter.firmId) clauses.push({ term: { firmId: filter.firmId } });
    if (filter.kind) clauses.push({ term: { kinds: filter.kind } });
    if (filter.status) clauses.push({ term: { status: filter.status } });
    if (filter.twoSided !== undefined) clauses.push({ term: { twoSided: filter.twoSided } });
    return searchDocuments<VacancyPairListing>(this.ctx.es, {
      index: this.ctx.names.intentionPairs,
      from: pageOffset(page, size),
      size,
      track_total_hits: true,
      _source: PAIR_LIST_FIELDS,
      sort: [{ updatedAt: 'desc' }, { pairKey: 'asc' }],
      query: { bool: { filter: clauses } },
    });
  }

  /**
   * 初步达成就业意向 per local day (Asia/Shanghai): two-sided pairs by the day their second side first spoke
   * (`twoSidedAt`), the count the intent statistics call `twoSided`. Days without any are absent.
   */
  async twoSidedByDay(from: string, to: string): Promise<Map<string, number>> {
    const res = await engineCall(() =>
      this.ctx.es.search({
        index: this.ctx.names.intentionPairs,
        size: 0,
        query: {
          bool: {
            filter: [
              { term: { twoSided: true } },
              { range: { twoSidedAt: { gte: from, lte: `${to}||/d`, time_zone: 'Asia/Shanghai' } } },
            ],
          },
        },
        aggs: {
          days: {
            date_histogram: {
              field: 'twoSidedAt',
              calendar_interval: 'day',
              time_zone: 'Asia/Shanghai',
              format: 'yyyy-MM-dd',
              min_doc_count: 1,
            },
          },
        },
      }),
    );
    const buckets =
      (res.aggregations?.days as { buckets?: Array<{ key_as_string?: string; doc_count: number }> })
        ?.buckets ?? [];
    return new Map(buckets.map((b) => [String(b.key_as_string), b.doc_count]));
  }
}
