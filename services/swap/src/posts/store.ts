import type { Client, estypes } from '@elastic/elasticsearch';
import { actingFirm, type Runtime } from '@fugong/http';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type ShortageInput,
  type SurplusInput,
  pageOffset,
} from '@fugong/schemas';
import { engineCall, totalHits } from '@fugong/search';
import { type Actor, type Caller, actsFor } from '../common/access.ts';
import { assertKnownFirm } from '../common/firms.ts';
import { getVersioned, isVersionConflict, updateWithRetry, writeIfUnchanged } from '../common/occ.ts';
import { type PostDoc, type PostKind, resolvePostFields } from './document.ts';

/** The alias of a side's index. */
export const postIndex = (rt: Runtime, kind: PostKind): string =>
  kind === 'surplus' ? rt.names.surplus : rt.names.shortage;

/** Reads a post; an unknown id is a 404. */
export async function getPost(rt: Runtime, kind: PostKind, id: string): Promise<PostDoc> {
  const found = await getVersioned<PostDoc>(rt.es, postIndex(rt, kind), id);
  if (!found) throw new NotFoundError(`${kind} post ${id}`);
  return found.doc;
}

/**
 * Creates or replaces a post. A replacement keeps what agreements hold (committed, reservations), may not
 * move the post to another firm or lower its headcount below what is committed, and is written with
 * if_seq_no so a concurrent accept is never overwritten. Refresh waits, so a list right after sees it.
 */
export async function putPost(
  rt: Runtime,
  kind: PostKind,
  id: string,
  input: SurplusInput | ShortageInput,
  caller: Caller,
  actor: Actor,
): Promise<{ post: PostDoc; result: 'created' | 'updated' }> {
  const firmId = actingFirm(caller, input.firmId, { what: 'the post' });
  const fields = resolvePostFields(input);
  await assertKnownFirm(rt, firmId);
  const index = postIndex(rt, kind);
  for (;;) {
    const now = new Date().toISOString();
    const current = await getVersioned<PostDoc>(rt.es, index, id);
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
      try {
        // op_type create: two concurrent first writes of one id cannot both "create".
        await engineCall(() => rt.es.create({ index, id, document: post, refresh: 'wait_for' }));
        return { post, result: 'created' };
      } catch (err) {
        if (isVersionConflict(err)) continue;
        throw err;
      }
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
    if (await writeIfUnchanged(rt.es, index, id, post, current, 'wait_for'))
      return { post, result: 'updated' };
  }
}

/** Closes a post: it leaves the allocation; agreements already accepted keep their reservations. */
export async function closePost(
  rt: Runtime,
  kind: PostKind,
  id: string,
  caller: Caller,
  actor: Actor,
  reason: string | undefined,
): Promise<PostDoc> {
  const { doc } = await updateWithRetry<PostDoc>(
    rt.es,
    postIndex(rt, kind),
    id,
    `${kind} post ${id}`,
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

/** One page of posts, newest first, with filters on firm and status. */
export async function listPosts(
  rt: Runtime,
  kind: PostKind,
  filter: { firmId?: string; status?: string; page: number; size: number },
): Promise<{ total: number; items: PostDoc[] }> {
  const terms: estypes.QueryDslQueryContainer[] = [];
  if (filter.firmId) terms.push({ term: { firmId: filter.firmId } });
  if (filter.status) terms.push({ term: { status: filter.status } });
  const res = await engineCall(() =>
    rt.es.search<PostDoc>({
      index: postIndex(rt, kind),
      query: { bool: { filter: terms } },
      sort: [{ updatedAt: 'desc' }, { id: 'asc' }],
      from: pageOffset(filter.page, filter.size),
      size: filter.size,
      track_total_hits: true,
    }),
  );
  const total = totalHits(res.hits.total);
  return { total, items: res.hits.hits.flatMap((h) => (h._source ? [h._source] : [])) };
}

/** Every open post of one side, paged through with search_after (ids are unique, so the order is total). */
export async function loadOpenPosts(es: Client, index: string): Promise<PostDoc[]> {
  const out: PostDoc[] = [];
  let after: estypes.SortResults | undefined;
  for (;;) {
    const res = await engineCall(() =>
      es.search<PostDoc>({
        index,
        query: { bool: { filter: [{ term: { status: 'open' } }] } },
        sort: [{ id: 'asc' }],
        size: 5000,
        _source_excludes: ['reservations', 'createdBy', 'conditions'],
        ...(after ? { search_after: after } : {}),
      }),
    );
    const hits = res.hits.hits;
    for (const h of hits) if (h._source) out.push(h._source);
    if (hits.length < 5000) return out;
    after = hits[hits.length - 1]!.sort;
  }
}
