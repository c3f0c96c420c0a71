import type { estypes } from '@elastic/elasticsearch';
import { engineCall, totalHits } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/** The bureau reports by local day. */
export const STATS_TIME_ZONE = 'Asia/Shanghai';

/** What intention statistics can be grouped by. */
export type IntentionGrouping = 'fair' | 'firm' | 'district' | 'day' | 'kind' | 'priorityGroup';

/** The field each grouping buckets on, in the pairs index and in the records index. */
const GROUP_FIELDS: Record<IntentionGrouping, { pairs: string; records: string }> = {
  fair: { pairs: 'fairIds', records: 'fairIds' },
  firm: { pairs: 'firmIds', records: 'firmIds' },
  district: { pairs: 'districtCode', records: 'districtCode' },
  // A pair is dated by its first intention, a record by when it was said.
  day: { pairs: 'firstAt', records: 'at' },
  kind: { pairs: 'kinds', records: 'kind' },
  priorityGroup: { pairs: 'priorityGroups', records: 'priorityGroups' },
};

/** Which pairs and records count: a date range (a bare `to` date is the whole day, local time), a fair, a firm. */
export interface IntentionFilter {
  from?: string | undefined;
  to?: string | undefined;
  fairId?: string | undefined;
  firmId?: string | undefined;
}

/** What the pairs of one group (or of all) add up to. */
export interface PairCounts {
  pairs: number;
  twoSided: number;
  accepted: number;
  headcount: number;
  twoSidedHeadcount: number;
}

/** The answer of {@link IntentionStore.grouped}: totals, then per group (largest first; days in order). */
export interface GroupedIntentions {
  totals: PairCounts & { records: number };
  pairGroups: Array<PairCounts & { key: string }>;
  recordGroups: Array<{ key: string; records: number }>;
}

/** A fair's intention figures: pairs whose vacancy (or agreement) is in the fair. */
export interface FairIntentions {
  /** Pairs with any intention. */
  interest: number;
  /** 初步达成就业意向: both sides spoke. */
  twoSided: number;
  accepted: number;
  /** People in two-sided pairs at key enterprises (a swap counts its headcount), and how many such firms. */
  keyEnterprisePlacements: number;
  keyEnterprisesWithPlacements: number;
}

/** The bool filter for one index: date range on its date field, then fair and firm. */
export function intentionFilters(f: IntentionFilter, dateField: string): estypes.QueryDslQueryContainer[] {
  const out: estypes.QueryDslQueryContainer[] = [];
  if (f.from || f.to) {
    const range: estypes.QueryDslDateRangeQuery = { time_zone: STATS_TIME_ZONE };
    if (f.from) range.gte = f.from;
    // A bare date means the whole day: round up to its last millisecond.
    if (f.to) range.lte = f.to.length === 10 ? `${f.to}||/d` : f.to;
    out.push({ range: { [dateField]: range } });
  }
  if (f.fairId) out.push({ term: { fairIds: f.fairId } });
  if (f.firmId) out.push({ term: { firmIds: f.firmId } });
  return out;
}

function bucketAgg(
  groupBy: IntentionGrouping,
  field: string,
  size: number,
  sub: Record<string, estypes.AggregationsAggregationContainer>,
): estypes.AggregationsAggregationContainer {
  const bucket: estypes.AggregationsAggregationContainer =
    groupBy === 'day'
      ? {
          date_histogram: {
            field,
            calendar_interval: 'day',
            time_zone: STATS_TIME_ZONE,
            format: 'yyyy-MM-dd',
            min_doc_count: 1,
          },
        }
      : { terms: { field, size, order: { _count: 'desc' } } };
  return { ...bucket, aggs: sub };
}

const pairSubAggs: Record<string, estypes.AggregationsAggregationContainer> = {
  headcount: { sum: { field: 'headcount' } },
  twoSided: { filter: { term: { twoSided: true } }, aggs: { headcount: { sum: { field: 'headcount' } } } },
  accepted: { filter: { term: { status: 'accepted' } } },
};

/** The parts of an aggregation response read here. */
interface AggNode {
  doc_count?: number;
  value?: number | null;
  key?: string | number;
  key_as_string?: string;
  buckets?: AggNode[];
  headcount?: AggNode;
  twoSided?: AggNode;
  accepted?: AggNode;
  groups?: AggNode;
  keyPlaced?: AggNode;
  firms?: AggNode;
}

function pairCounts(docCount: number, a: AggNode): PairCounts {
  return {
    pairs: docCount,
    twoSided: a.twoSided?.doc_count ?? 0,
    accepted: a.accepted?.doc_count ?? 0,
    headcount: Math.round(a.headcount?.value ?? 0),
    twoSidedHeadcount: Math.round(a.twoSided?.headcount?.value ?? 0),
  };
}

const keyOf = (b: AggNode): string => String(b.key_as_string ?? b.key);

/**
 * The read side of `intentions` (one record per thing said) and `intention-pairs` (one per worker–vacancy
 * pair or swap agreement), both written by the intent-worker (services/intent-worker/src/worker/writer.ts owns
 * their shapes): the statistics and a fair's figures. Aggregates only: no personal data leaves.
 */
export class IntentionStore {
  private readonly ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  /** Pairs and records under `filter`, grouped: the two aggregations are sent together. */
  async grouped(
    filter: IntentionFilter,
    groupBy: IntentionGrouping,
    size: number,
  ): Promise<GroupedIntentions> {
    const fields = GROUP_FIELDS[groupBy];
    const { es, names } = this.ctx;
    const [pairs, records] = await Promise.all([
      engineCall(() =>
        es.search({
          index: names.intentionPairs,
          size: 0,
          track_total_hits: true,
          query: { bool: { filter: intentionFilters(filter, 'firstAt') } },
          aggs: { ...pairSubAggs, groups: bucketAgg(groupBy, fields.pairs, size, pairSubAggs) },
        }),
      ),
      engineCall(() =>
        es.search({
          index: names.intentions,
          size: 0,
          track_total_hits: true,
          query: { bool: { filter: intentionFilters(filter, 'at') } },
          aggs: { groups: bucketAgg(groupBy, fields.records, size, {}) },
        }),
      ),
    ]);
    const pairAggs = (pairs.aggregations ?? {}) as AggNode;
    const recordAggs = (records.aggregations ?? {}) as AggNode;
    return {
      totals: {
        records: totalHits(records.hits.total),
        ...pairCounts(totalHits(pairs.hits.total), pairAggs),
      },
      pairGroups: (pairAggs.groups?.buckets ?? []).map((b) => ({
        key: keyOf(b),
        ...pairCounts(b.doc_count ?? 0, b),
      })),
      recordGroups: (recordAggs.groups?.buckets ?? []).map((b) => ({
        key: keyOf(b),
        records: b.doc_count ?? 0,
      })),
    };
  }

  /** The intention figures of one fair: one aggregation over its pairs. */
  async ofFair(fairId: string): Promise<FairIntentions> {
    const res = await engineCall(() =>
      this.ctx.es.search({
        index: this.ctx.names.intentionPairs,
        size: 0,
        track_total_hits: true,
        query: { bool: { filter: [{ term: { fairIds: fairId } }] } },
        aggs: {
          twoSided: { filter: { term: { twoSided: true } } },
          accepted: { filter: { term: { status: 'accepted' } } },
          keyPlaced: {
            filter: { bool: { filter: [{ term: { twoSided: true } }, { term: { keyEnterprise: true } }] } },
            aggs: { headcount: { sum: { field: 'headcount' } }, firms: { cardinality: { field: 'firmId' } } },
          },
        },
      }),
    );
    const a = (res.aggregations ?? {}) as AggNode;
    return {
      interest: totalHits(res.hits.total),
      twoSided: a.twoSided?.doc_count ?? 0,
      accepted: a.accepted?.doc_count ?? 0,
      keyEnterprisePlacements: Math.round(a.keyPlaced?.headcount?.value ?? 0),
      keyEnterprisesWithPlacements: Math.round(a.keyPlaced?.firms?.value ?? 0),
    };
  }
}
