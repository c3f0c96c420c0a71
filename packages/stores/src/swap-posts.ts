import type { estypes } from '@elastic/elasticsearch';
import type { PostDoc, PostKind } from '@fugong/documents';
import { pageOffset } from '@fugong/schemas';
import { engineCall, getVersioned, searchDocuments, type Versioned } from '@fugong/search';
import type { StoreContext } from './engine.ts';
import { createIfAbsent, type Mutation, updateWithRetry, writeIfUnchanged } from './occ.ts';

export type { PostDoc, PostKind, Reservation, SwapActor } from '@fugong/documents';

/** What the post list filters on. */
export interface PostFilter {
  firmId?: string | undefined;
  status?: string | undefined;
  page: number;
  size: number;
}

/** Posts read per page when loading every open post of a side. */
const OPEN_PAGE = 5000;

/**
 * The `swap-surplus` and `swap-shortage` indices (one per side, same mapping): written only by swap (posts,
 * and the reservations its agreements hold on them, always under optimistic concurrency, so `committed` never
 * exceeds `headcount`); read by swap (lists, proposals, accepts, the repair).
 */
export class SwapPostStore {
  private readonly ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  /** The alias of a side's index (also a key for sharing in-flight reads of one post within a process). */
  index(kind: PostKind): string {
    return kind === 'surplus' ? this.ctx.names.surplus : this.ctx.names.shortage;
  }

  /** The post with its version, read in real time; undefined when unknown. */
  get(kind: PostKind, id: string): Promise<Versioned<PostDoc> | undefined> {
    return getVersioned<PostDoc>(this.ctx.es, { index: this.index(kind), id });
  }

  /** Stores a new post, listed when this returns; false when the id exists already (a concurrent create). */
  create(post: PostDoc): Promise<boolean> {
    return createIfAbsent(this.ctx.es, this.index(post.kind), post.id, post);
  }

  /** Writes `post` if it is still at `seen`'s version; false when someone wrote first. */
  writeIfUnchanged(
    post: PostDoc,
    seen: Pick<Versioned<PostDoc>, 'seqNo' | 'primaryTerm'>,
    refresh: false | 'wait_for' = false,
  ): Promise<Versioned<PostDoc> | false> {
    return writeIfUnchanged(this.ctx.es, this.index(post.kind), post.id, post, seen, refresh);
  }

  /**
   * Read-modify-write until it wins (see updateWithRetry): an unknown id is a 404 naming the post; losing
   * races past `deadline` a 503.
   */
  update(
    kind: PostKind,
    id: string,
    mutate: (current: PostDoc) => Mutation<PostDoc>,
    opts: { refresh?: false | 'wait_for'; deadline?: number } = {},
  ): Promise<{ doc: PostDoc; changed: boolean }> {
    return updateWithRetry<PostDoc>(this.ctx.es, this.index(kind), id, `${kind} post ${id}`, mutate, opts);
  }

  /** One page of a side's posts, newest first (ties by id), by firm and status; near real time. */
  async list(kind: PostKind, filter: PostFilter): Promise<{ total: number; items: PostDoc[] }> {
    const terms: estypes.QueryDslQueryContainer[] = [];
    if (filter.firmId) terms.push({ term: { firmId: filter.firmId } });
    if (filter.status) terms.push({ term: { status: filter.status } });
    const page = await searchDocuments<PostDoc>(this.ctx.es, {
      index: this.index(kind),
      query: { bool: { filter: terms } },
      sort: [{ updatedAt: 'desc' }, { id: 'asc' }],
      from: pageOffset(filter.page, filter.size),
      size: filter.size,
      track_total_hits: true,
    });
    return { total: page.total, items: page.docs };
  }

  /**
   * Every open post of one side, paged through with search_after (ids are unique, so the order is total),
   * without the fields the allocation does not read (reservations, creator, conditions).
   */
  async open(kind: PostKind): Promise<PostDoc[]> {
    const out: PostDoc[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await searchDocuments<PostDoc>(this.ctx.es, {
        index: this.index(kind),
        query: { bool: { filter: [{ term: { status: 'open' } }] } },
        sort: [{ id: 'asc' }],
        size: OPEN_PAGE,
        _source_excludes: ['reservations', 'createdBy', 'conditions'],
        ...(after ? { search_after: after } : {}),
      });
      out.push(...page.docs);
      if (page.hits.length < OPEN_PAGE) return out;
      after = page.hits.at(-1)!.sort;
    }
  }

  /** The ids of a side's posts that hold any headcount (what the repair looks at), up to 10,000. */
  async holding(kind: PostKind): Promise<string[]> {
    const res = await engineCall(() =>
      this.ctx.es.search({
        index: this.index(kind),
        query: { range: { committed: { gt: 0 } } },
        _source: false,
        size: 10_000,
      }),
    );
    return res.hits.hits.map((h) => h._id!);
  }
}
