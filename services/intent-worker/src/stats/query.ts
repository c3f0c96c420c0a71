import type { Client, estypes } from '@elastic/elasticsearch';
import { engineCall, type IndexNames, totalHits } from '@fugong/search';
import type { Figures, GroupBy, StatsQuery, StatsResponse } from './schemas.ts';

/** The bureau reports by local day. */
export const TIME_ZONE = 'Asia/Shanghai';

/** The field each grouping buckets on, in the pairs index and in the records index. */
const GROUP_FIELDS: Record<GroupBy, { pairs: string; records: string }> = {
  fair: { pairs: 'fairIds', records: 'fairIds' },
  firm: { pairs: 'firmIds', records: 'firmIds' },
  district: { pairs: 'districtCode', records: 'districtCode' },
  // A pair is dated by its first intention, a record by when it was said.
  day: { pairs: 'firstAt', records: 'at' },
  kind: { pairs: 'kinds', records: 'kind' },
  priorityGroup: { pairs: 'priorityGroups', records: 'priorityGroups' },
};

type Filters = Pick<StatsQuery, 'from' | 'to' | 'fairId' | 'firmId'>;

/** The bool filter for one index: date range on its date field, then fair and firm. */
export function filtersFor(f: Filters, dateField: string): estypes.QueryDslQueryContainer[] {
  const out: estypes.QueryDslQueryContainer[] = [];
  if (f.from || f.to) {
    const range: estypes.QueryDslDateRangeQuery = { time_zone: TIME_ZONE };
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
  groupBy: GroupBy,
  field: string,
  size: number,
  sub: Record<string, estypes.AggregationsAggregationContainer>,
) {
  const bucket: estypes.AggregationsAggregationContainer =
    groupBy === 'day'
      ? {
          date_histogram: {
            field,
            calendar_interval: 'day',
            time_zone: TIME_ZONE,
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
}
type AggMap = AggNode;

function pairFigures(docCount: number, a: AggMap): Omit<Figures, 'records'> {
  const twoSided = a.twoSided?.doc_count ?? 0;
  return {
    pairs: docCount,
    oneSided: docCount - twoSided,
    twoSided,
    accepted: a.accepted?.doc_count ?? 0,
    headcount: Math.round(a.headcount?.value ?? 0),
    twoSidedHeadcount: Math.round(a.twoSided?.headcount?.value ?? 0),
  };
}

/** Runs the two aggregations (pairs and records) and merges them into one response. */
export async function intentionStats(es: Client, names: IndexNames, q: StatsQuery): Promise<StatsResponse> {
  const fields = GROUP_FIELDS[q.groupBy];
  const [pairs, records] = await Promise.all([
    engineCall(() =>
      es.search({
        index: names.intentionPairs,
        size: 0,
        track_total_hits: true,
        query: { bool: { filter: filtersFor(q, 'firstAt') } },
        aggs: { ...pairSubAggs, groups: bucketAgg(q.groupBy, fields.pairs, q.size, pairSubAggs) },
      }),
    ),
    engineCall(() =>
      es.search({
        index: names.intentions,
        size: 0,
        track_total_hits: true,
        query: { bool: { filter: filtersFor(q, 'at') } },
        aggs: { groups: bucketAgg(q.groupBy, fields.records, q.size, {}) },
      }),
    ),
  ]);
  const pairAggs = (pairs.aggregations ?? {}) as AggMap;
  const recordBuckets = ((records.aggregations ?? {}) as AggMap).groups?.buckets ?? [];
  const groups = new Map<string, Figures & { key: string }>();
  const empty = (key: string) => ({
    key,
    records: 0,
    pairs: 0,
    oneSided: 0,
    twoSided: 0,
    accepted: 0,
    headcount: 0,
    twoSidedHeadcount: 0,
  });
  for (const b of pairAggs.groups?.buckets ?? []) {
    const key = String(b.key_as_string ?? b.key);
    groups.set(key, { ...empty(key), ...pairFigures(b.doc_count ?? 0, b) });
  }
  for (const b of recordBuckets) {
    const key = String(b.key_as_string ?? b.key);
    const g = groups.get(key) ?? empty(key);
    g.records = b.doc_count ?? 0;
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((a, b) =>
    q.groupBy === 'day'
      ? a.key.localeCompare(b.key)
      : b.pairs - a.pairs || b.records - a.records || a.key.localeCompare(b.key),
  );
  const filters = Object.fromEntries(
    Object.entries({ from: q.from, to: q.to, fairId: q.fairId, firmId: q.firmId }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  return {
    groupBy: q.groupBy,
    filters,
    totals: { records: totalHits(records.hits.total), ...pairFigures(totalHits(pairs.hits.total), pairAggs) },
    groups: sorted.slice(0, q.size),
  };
}
