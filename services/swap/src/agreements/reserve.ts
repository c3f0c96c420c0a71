import { AppError } from '@fugong/schemas';
import type { SwapPostStore } from '@fugong/stores';
import type { PostDoc, PostKind } from '../posts/document.ts';

/**
 * A post cannot give the headcount an accept asks for: 409 `post_closed`, or `post_full` naming the post,
 * what is left and what was asked. Thrown to the client only once the post is truly full (what accepted
 * agreements hold leaves no room); while other accepts are still in flight the accept waits instead.
 */
export class CapacityError extends AppError {
  /** `held`: what settled (accepted) agreements hold, when known; else the post's `committed`. */
  constructor(kind: PostKind, post: PostDoc, wanted: number, held = post.committed) {
    const available = Math.max(0, post.headcount - held);
    const closed = post.status !== 'open';
    super(
      409,
      closed ? 'post_closed' : 'post_full',
      closed
        ? `${kind} post ${post.id} is closed`
        : `${kind} post ${post.id} is full: ${available} of ${post.headcount} left; ${wanted} asked`,
      { post: post.id, kind, headcount: post.headcount, available, wanted },
    );
  }
}

/**
 * Reserves `headcount` on a post for one reservation attempt of an agreement, in one OCC-guarded write:
 * `committed + headcount ≤ headcount` holds in the version written, and a concurrent writer forces a
 * re-read. Idempotent per (agreement, attempt): a retry finds its own entry and writes nothing. An entry of
 * an EARLIER attempt of the same agreement is dead (that attempt can no longer commit) and is taken over;
 * one of a LATER attempt means this attempt was superseded, so nothing is written and 'superseded' returned.
 * Losing races past `deadline` is a ContentionError (503).
 */
export async function reserveOnPost(
  posts: SwapPostStore,
  kind: PostKind,
  postId: string,
  agreementId: string,
  headcount: number,
  attempt: number,
  deadline?: number,
): Promise<'reserved' | 'superseded'> {
  let outcome: 'reserved' | 'superseded' = 'reserved';
  await posts.update(
    kind,
    postId,
    (post) => {
      const held = post.reservations[agreementId];
      outcome = held && held.attempt > attempt ? 'superseded' : 'reserved';
      if (held && held.attempt >= attempt) return { keep: true };
      const committed = post.committed - (held?.headcount ?? 0) + headcount;
      if (post.status !== 'open' || committed > post.headcount)
        throw new CapacityError(kind, post, headcount);
      const at = new Date().toISOString();
      return {
        write: {
          ...post,
          committed,
          reservations: { ...post.reservations, [agreementId]: { headcount, attempt, at } },
        },
      };
    },
    deadline === undefined ? {} : { deadline },
  );
  return outcome;
}

/**
 * Removes an agreement's entry from a post if its attempt is at most `upToAttempt` (Infinity: any), in one
 * OCC-guarded write; `committed` drops by the entry's headcount. A later attempt's entry is left alone, so a
 * slow, superseded accept can never free headcount that a newer one holds.
 */
export async function releaseOnPost(
  posts: SwapPostStore,
  kind: PostKind,
  postId: string,
  agreementId: string,
  upToAttempt: number,
): Promise<boolean> {
  const { changed } = await posts
    .update(kind, postId, (post) => {
      const held = post.reservations[agreementId];
      if (!held || held.attempt > upToAttempt) return { keep: true };
      const { [agreementId]: _gone, ...rest } = post.reservations;
      return { write: { ...post, committed: post.committed - held.headcount, reservations: rest } };
    })
    .catch((err: unknown) => {
      // A post deleted out of band holds nothing.
      if ((err as { status?: number }).status === 404) return { changed: false };
      throw err;
    });
  return changed;
}

/** Releases an agreement's entries on both of its posts. */
export async function releaseBoth(
  posts: SwapPostStore,
  a: { id: string; surplusId: string; shortageId: string },
  upToAttempt: number,
): Promise<void> {
  await releaseOnPost(posts, 'surplus', a.surplusId, a.id, upToAttempt);
  await releaseOnPost(posts, 'shortage', a.shortageId, a.id, upToAttempt);
}
