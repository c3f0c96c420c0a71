import { actingFirm } from '@fugong/http';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type ShortageInput,
  type SurplusInput,
} from '@fugong/schemas';
import type { Stores } from '@fugong/stores';
import { type Actor, type Caller, actsFor } from '../common/access.ts';
import { assertKnownFirm } from '../common/firms.ts';
import { type PostDoc, type PostKind, resolvePostFields } from './document.ts';

/*
 * The rules of writing a post (who may, what a replacement keeps); the engine calls are SwapPostStore's
 * (@fugong/stores).
 */

/** What post writes use: the posts, and the firms (a post's firm must be registered). */
export type PostStores = Pick<Stores, 'swapPosts' | 'firms'>;

/** Reads a post; an unknown id is a 404. */
export async function getPost(stores: PostStores, kind: PostKind, id: string): Promise<PostDoc> {
  const found = await stores.swapPosts.get(kind, id);
  if (!found) throw new NotFoundError(`${kind} post ${id}`);
  return found.doc;
}

/**
 * Creates or replaces a post. A replacement keeps what agreements hold (committed, reservations), may not
 * move the post to another firm or lower its headcount below what is committed, and is written with
 * if_seq_no so a concurrent accept is never overwritten. Refresh waits, so a list right after sees it.
 */
export async function putPost(
  stores: PostStores,
  kind: PostKind,
  id: string,
  input: SurplusInput | ShortageInput,
  caller: Caller,
  actor: Actor,
): Promise<{ post: PostDoc; result: 'created' | 'updated' }> {
  const firmId = actingFirm(caller, input.firmId, { what: 'the post' });
  const fields = resolvePostFields(input);
  await assertKnownFirm(stores.firms, firmId);
  const posts = stores.swapPosts;
  for (;;) {
    const now = new Date().toISOString();
    const current = await posts.get(kind, id);
    if (!current) {
      const post: PostDoc = {
        id,
        kind,
        firmId,
        status: 'open',
        committed: 0,
        reservations: {},
        ...fields,
        createdAt: now,
        updatedAt: now,
        createdBy: actor,
      };
      // op_type create: two concurrent first writes of one id cannot both "create"; the loser looks again.
      if (await posts.create(post)) return { post, result: 'created' };
      continue;
    }
    const old = current.doc;
    if (!actsFor(caller, old.firmId))
      throw new ForbiddenError("an employer key may only touch its own firm's posts");
    if (old.firmId !== firmId)
      throw new ConflictError(`post ${id} belongs to firm ${old.firmId}; a post cannot move to another firm`);
    if (old.status === 'closed') throw new ConflictError(`post ${id} is closed`);
    if (fields.headcount < old.committed)
      throw new ConflictError(
        `headcount ${fields.headcount} is below the ${old.committed} already committed`,
        {
          issues: [{ path: 'headcount', message: `must be at least ${old.committed} (committed)` }],
        },
      );
    const post: PostDoc = {
      ...fields,
      id,
      kind,
      firmId,
      status: old.status,
      committed: old.committed,
      reservations: old.reservations,
      createdAt: old.createdAt,
      createdBy: old.createdBy,
      updatedAt: now,
    };
    if (await posts.writeIfUnchanged(post, current, 'wait_for')) return { post, result: 'updated' };
  }
}

/** Closes a post: it leaves the allocation; agreements already accepted keep their reservations. */
export async function closePost(
  stores: PostStores,
  kind: PostKind,
  id: string,
  caller: Caller,
  actor: Actor,
  reason: string | undefined,
): Promise<PostDoc> {
  const { doc } = await stores.swapPosts.update(
    kind,
    id,
    (post) => {
      if (!actsFor(caller, post.firmId))
        throw new ForbiddenError("an employer key may only touch its own firm's posts");
      if (post.status === 'closed') return { keep: true };
      const at = new Date().toISOString();
      return {
        write: {
          ...post,
          status: 'closed',
          updatedAt: at,
          closed: { at, by: actor, ...(reason ? { reason } : {}) },
        },
      };
    },
    { refresh: 'wait_for' },
  );
  return doc;
}
