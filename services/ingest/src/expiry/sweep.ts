import type { estypes } from '@elastic/elasticsearch';
import type { Runtime } from '@fugong/http';
import { engineCall } from '@fugong/search';
import { expiredOpenFilter } from '@fugong/stores';
import { ChangeSequence } from '../changes/sequence.ts';
import { rewriteVacancies } from '../vacancies/rewrite.ts';
import type { LiveDoc } from '../vacancies/stored.ts';

/** What one sweep did. */
export interface ExpirySweep {
  expired: number;
  /** Lost to a concurrent writer (an edit, another ingest copy's sweep): the next sweep looks again. */
  conflicts: number;
  batches: number;
}

/**
 * Marks open vacancies whose validThrough has ended as `expired` (no open positions), in batches, each
 * rewrite under optimistic concurrency with a new change-feed number so sites hear of it. Search already hides
 * them at query time (the live rule of @fugong/stores); this makes the stored status and the feed agree.
 * Core-only engine: no `_update_by_query`, so it is search + `_bulk` with `if_seq_no`.
 */
export async function expireVacancies(
  rt: Runtime,
  now: Date = new Date(),
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<ExpirySweep> {
  const size = opts.batchSize ?? 500;
  const maxBatches = opts.maxBatches ?? 1000;
  const out: ExpirySweep = { expired: 0, conflicts: 0, batches: 0 };
  const iso = now.toISOString();
  let after: estypes.SortResults | undefined;
  const unrefreshed: number[] = [];
  while (out.batches < maxBatches) {
    const res = await engineCall(() =>
      rt.es.search<LiveDoc>({
        index: rt.names.vacancies,
        size,
        seq_no_primary_term: true,
        // search_after walks forward without a refresh between batches (a refresh costs ~1 s each).
        sort: [{ expiresAt: 'asc' }, { id: 'asc' }],
        ...(after ? { search_after: after } : {}),
        // The complement of the live rule within `open`, so what search hides is exactly what gets expired.
        query: { bool: { filter: expiredOpenFilter(now) } },
      }),
    );
    const hits = res.hits.hits.filter((h) => h._source && h._seq_no !== undefined);
    if (hits.length === 0) break;
    out.batches++;
    after = res.hits.hits.at(-1)?.sort;
    const rewrites = hits.map((h) => {
      const { changeSeq: _s, ...doc } = h._source!;
      return {
        id: h._id!,
        prior: { seqNo: h._seq_no!, primaryTerm: h._primary_term! },
        next: { ...doc, status: 'expired' as const, openPositions: 0, updatedAt: iso },
      };
    });
    // No refresh per batch (each costs about a second); one at the end makes the whole sweep searchable.
    const { items, range } = await rewriteVacancies(rt, rewrites, false);
    unrefreshed.push(range);
    out.expired += items.filter((r) => r.ok).length;
    out.conflicts += items.filter((r) => r.status === 409).length;
    if (res.hits.hits.length < size || !after) break;
  }
  if (unrefreshed.length > 0) {
    await engineCall(() => rt.es.indices.refresh({ index: rt.names.vacancies }));
    // Searchable now: the ranges stop holding the feed's watermark back.
    const sequence = new ChangeSequence(rt.redis, rt.env.INDEX_PREFIX);
    await Promise.all(unrefreshed.map((first) => sequence.settle(first, true)));
  }
  return out;
}
