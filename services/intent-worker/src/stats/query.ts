import type { IntentionStore, PairCounts } from '@fugong/stores';
import type { Figures, StatsQuery, StatsResponse } from './schemas.ts';

/** A group's figures from its pair counts: one-sided pairs are those not (yet) two-sided. */
const figuresOf = (c: PairCounts): Omit<Figures, 'records'> => ({
  pairs: c.pairs,
  oneSided: c.pairs - c.twoSided,
  twoSided: c.twoSided,
  accepted: c.accepted,
  headcount: c.headcount,
  twoSidedHeadcount: c.twoSidedHeadcount,
});

/** Runs the two aggregations (pairs and records, IntentionStore.grouped) and merges them into one response. */
export async function intentionStats(store: IntentionStore, q: StatsQuery): Promise<StatsResponse> {
  const { totals, pairGroups, recordGroups } = await store.grouped(q, q.groupBy, q.size);
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
  for (const g of pairGroups) groups.set(g.key, { ...empty(g.key), ...figuresOf(g) });
  for (const r of recordGroups) {
    const g = groups.get(r.key) ?? empty(r.key);
    g.records = r.records;
    groups.set(r.key, g);
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
    totals: { records: totals.records, ...figuresOf(totals) },
    groups: sorted.slice(0, q.size),
  };
}
