import type { estypes } from '@elastic/elasticsearch';
import type { Runtime } from '@fugong/http';
import { VacancyStore } from '@fugong/stores';
import { ChangeSequence } from '../changes/sequence.ts';
import { rewriteVacancies } from '../vacancies/rewrite.ts';

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
  const vacancies = new VacancyStore(rt);
  let after: estypes.SortResults | undefined;
  const unrefreshed: number[] = [];
  while (out.batches < maxBatches) {
    // The complement of the live rule within `open` (expiredOpenFilter), so what search hides is exactly what
    // gets expired; search_after walks forward without a refresh between batches (a refresh costs ~1 s each).
    const page = await vacancies.expiredOpen(now, size, after);
    if (page.items.length === 0) break;
    out.batches++;
    after = page.after;
    const rewrites = page.items.map((h) => {
      const { changeSeq: _s, ...doc } = h.doc;
      return {
        id: h.id,
        prior: { seqNo: h.seqNo, primaryTerm: h.primaryTerm },
        next: { ...doc, status: 'expired' as const, openPositions: 0, updatedAt: iso },
      };
    });
    // No refresh per batch (each costs about a second); one at the end makes the whole sweep searchable.
    const { items, range } = await rewriteVacancies(rt, rewrites, false);
    unrefreshed.push(range);
    out.expired += items.filter((r) => r.ok).length;
    out.conflicts += items.filter((r) => r.status === 409).length;
    if (page.size < size || !after) break;
  }
  if (unrefreshed.length > 0) {
    await vacancies.refresh();
    // Searchable now: the ranges stop holding the feed's watermark back.
    const sequence = new ChangeSequence(rt.redis, rt.env.INDEX_PREFIX);
    await Promise.all(unrefreshed.map((first) => sequence.settle(first, true)));
  }
  return out;
}
