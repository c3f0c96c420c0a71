import type { fairDocument } from '@fugong/documents';
import { engineCall, existingIds, getSource, type SearchPage, searchDocuments } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/** A fair as stored in `fairs` (its vacancy counts are not stored: they are counted live, see liveCountsByFair). */
export type FairDoc = ReturnType<typeof fairDocument>;

/** The `fairs` index: written by ingest's fair route (bureau); read by anyone through it, and by stats. */
export class FairStore {
  private readonly index: string;

  private readonly ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.index = ctx.names.fairs;
  }

  /** The fair, or undefined. */
  get(id: string): Promise<FairDoc | undefined> {
    return getSource<FairDoc>(this.ctx.es, { index: this.index, id }, 'fair');
  }

  /** Creates or replaces a fair, searchable when this returns. */
  async put(id: string, doc: FairDoc): Promise<'created' | 'updated'> {
    const res = await engineCall(() =>
      this.ctx.es.index({ index: this.index, id, document: doc, refresh: 'wait_for' }),
    );
    return res.result === 'created' ? 'created' : 'updated';
  }

  /** Which of these fair ids exist (one `_mget`, no sources): a vacancy may join only those. */
  existing(ids: readonly string[]): Promise<Set<string>> {
    return existingIds(this.ctx.es, this.index, ids);
  }

  /**
   * Suggestions for an unknown fair id: ids within edit distance 2 (the engine's fuzzy `AUTO`), else the five
   * fairs that end last.
   */
  async nearestIds(id: string): Promise<string[]> {
    const fuzzy = await searchDocuments<{ id: string }>(this.ctx.es, {
      index: this.index,
      size: 5,
      _source: ['id'],
      query: { fuzzy: { id: { value: id, fuzziness: 'AUTO' } } },
    });
    if (fuzzy.hits.length > 0) return fuzzy.hits.map((h) => h.doc.id ?? h.id);
    const recent = await searchDocuments<{ id: string }>(this.ctx.es, {
      index: this.index,
      size: 5,
      _source: ['id'],
      sort: [{ endDate: 'desc' }],
    });
    return recent.hits.map((h) => h.doc.id ?? h.id);
  }

  /** A page of fairs, latest start first (ties by id, so pages never overlap). */
  latest(from: number, size: number): Promise<SearchPage<FairDoc>> {
    return searchDocuments<FairDoc>(this.ctx.es, {
      index: this.index,
      from,
      size,
      sort: [{ startDate: 'desc' }, { id: 'asc' }],
      track_total_hits: true,
    });
  }
}
