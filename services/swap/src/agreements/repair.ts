import type { Stores } from '@fugong/stores';
import type { PostDoc, PostKind } from '../posts/document.ts';
import { type AgreementDoc, HOLDING, TERMINAL } from './document.ts';
import { releaseOnPost } from './reserve.ts';

/**
 * Whether a post's entry for (agreement, attempt) still holds headcount legitimately:
 * - 'keep': the agreement is accepted/active by this attempt, or this attempt is in flight (its lease is live);
 * - 'release': the agreement is gone or terminal, or another attempt is the one that counts — this attempt
 *   can never commit, because committing is an OCC write on the agreement version its lease created;
 * - 'abort': this attempt's lease expired (its accept crashed or stalled): abort the lease first, then release.
 */
export function entryVerdict(
  agreement: AgreementDoc | null,
  attempt: number,
  now: number,
  leaseMs: number,
): 'keep' | 'release' | 'abort' {
  if (!agreement || TERMINAL.includes(agreement.status)) return 'release';
  if (HOLDING.includes(agreement.status)) {
    return (agreement.reservation?.attempt ?? 0) > attempt ? 'release' : 'keep';
  }
  const lease = agreement.reserving;
  if (!lease || lease.attempt > attempt) return 'release';
  if (lease.attempt < attempt) return 'keep'; // cannot happen: an entry's attempt was leased first
  return now - Date.parse(lease.at) > leaseMs ? 'abort' : 'keep';
}

/** What the repair reads and writes: posts and the agreements that hold headcount on them. */
export type RepairStores = Pick<Stores, 'agreements' | 'swapPosts'>;

/** What a repair of one post found: the post as read, the headcount freed, and what is settled. */
export interface PostRepair {
  post: PostDoc | null;
  freed: number;
  /**
   * Headcount per accepted or active agreement (as read after the post): held for good. Every other entry
   * belongs to an accept in flight or is being freed, so it may yet come back.
   */
  settled: Record<string, number>;
}

/**
 * Frees headcount a post holds for agreements that can never be accepted (crashed accepts, cancels whose
 * release did not finish). Safe to run at any time, concurrently with anything: every step is OCC-guarded.
 * Returns the headcount freed.
 */
export async function repairPost(
  stores: RepairStores,
  kind: PostKind,
  postId: string,
  leaseMs: number,
): Promise<number> {
  return (await inspectPost(stores, kind, postId, leaseMs)).freed;
}

/**
 * repairPost, also telling what the post holds for accepted agreements (settled) from the rest (accepts in
 * flight, entries being freed): an accept that finds the post full waits for the rest rather than being refused.
 */
export async function inspectPost(
  stores: RepairStores,
  kind: PostKind,
  postId: string,
  leaseMs: number,
): Promise<PostRepair> {
  const post = await stores.swapPosts.get(kind, postId);
  const settled: Record<string, number> = {};
  const entries = Object.entries(post?.doc.reservations ?? {});
  if (entries.length === 0) return { post: post?.doc ?? null, freed: 0, settled };
  const agreements = await stores.agreements.getMany(entries.map(([id]) => id));
  let freed = 0;
  for (const [i, [agreementId, entry]] of entries.entries()) {
    const found = agreements[i];
    const verdict = entryVerdict(found?.doc ?? null, entry.attempt, Date.now(), leaseMs);
    if (verdict === 'keep') {
      if (found && HOLDING.includes(found.doc.status)) settled[agreementId] = entry.headcount;
      continue;
    }
    if (verdict === 'abort' && found) {
      // Drop the stale lease with OCC: after this write the stalled attempt's commit can only fail.
      const { reserving: _stale, ...rest } = found.doc;
      const ok = await stores.agreements.writeIfUnchanged(rest, found);
      if (!ok) continue; // the agreement moved on; the next repair looks again
    }
    if (await releaseOnPost(stores.swapPosts, kind, postId, agreementId, entry.attempt))
      freed += entry.headcount;
  }
  return { post: post?.doc ?? null, freed, settled };
}

/** Repairs every post that holds any headcount (the periodic sweep and the bureau's repair endpoint). */
export async function repairAll(
  stores: RepairStores,
  leaseMs: number,
): Promise<{ posts: number; freed: number }> {
  let posts = 0;
  let freed = 0;
  for (const kind of ['surplus', 'shortage'] as const) {
    for (const postId of await stores.swapPosts.holding(kind)) {
      posts++;
      freed += await repairPost(stores, kind, postId, leaseMs);
    }
  }
  return { posts, freed };
}
