import type { Runtime } from '@fugong/http';
import { type StoredVacancy, VacancyStore } from '@fugong/stores';
import { ChangeSequence } from '../changes/sequence.ts';
import type { LoadedVacancy } from './stored.ts';

/** A new version of a stored vacancy (without its sequence number, which the rewrite stamps). */
export interface Rewrite {
  id: string;
  prior: Pick<LoadedVacancy, 'seqNo' | 'primaryTerm'>;
  next: Omit<StoredVacancy, 'changeSeq'>;
}

/** Per rewrite: written, or lost to a concurrent writer (409), or refused. */
export interface RewriteOutcome {
  id: string;
  ok: boolean;
  status: number;
  errorType?: string;
  changeSeq?: number;
  reason?: string;
}

/**
 * Rewrites stored vacancies in one `_bulk` (close, delete, expiry): each under optimistic concurrency control
 * on the version that was read, each with a new change-feed sequence number, so a site syncing from the feed
 * sees the change after anything written before it. `range` names the sequence range (see
 * {@link ChangeSequence.settle}) for a caller that refreshes later itself.
 */
export async function rewriteVacancies(
  rt: Runtime,
  rewrites: readonly Rewrite[],
  refresh: boolean | 'wait_for' = 'wait_for',
): Promise<{ items: RewriteOutcome[]; range: number }> {
  if (rewrites.length === 0) return { items: [], range: 0 };
  const sequence = new ChangeSequence(rt.redis, rt.env.INDEX_PREFIX);
  const first = await sequence.allocate(rewrites.length);
  // Searchable on return when the write refreshed: then the range stops holding the feed's watermark at once.
  let visible = false;
  try {
    const results = await new VacancyStore(rt).write(
      rewrites.map((r, n) => ({
        action: 'replace',
        doc: { ...r.next, changeSeq: first + n } as StoredVacancy,
        prior: r.prior,
      })),
      refresh,
    );
    visible = refresh === 'wait_for' || refresh === true;
    const items = results.map((item, n) => ({
      id: rewrites[n]!.id,
      ok: item.ok,
      status: item.status,
      ...(item.errorType ? { errorType: item.errorType } : {}),
      ...(item.ok ? { changeSeq: first + n } : {}),
      ...(item.ok ? {} : { reason: `${item.errorType ?? item.status} ${item.errorReason ?? ''}`.trim() }),
    }));
    return { items, range: first };
  } finally {
    await sequence.settle(first, visible).catch(() => {});
  }
}
