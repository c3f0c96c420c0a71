import type { firmDocument } from '@fugong/documents';
import { engineCall, existingIds, getSource, searchDocuments } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/** A firm as stored in `firms` (written by ingest). */
export type FirmDoc = ReturnType<typeof firmDocument>;

/** The `firms` index: written by ingest's firm route; read by vacancy and fair writes (and swap). */
export class FirmStore {
  private readonly ctx: StoreContext;
  private readonly index: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.index = ctx.names.firms;
  }

  /** The firm, or undefined. */
  get(id: string): Promise<FirmDoc | undefined> {
    return getSource<FirmDoc>(this.ctx.es, { index: this.index, id }, 'firm');
  }

  /** Creates or replaces a firm, searchable when this returns. */
  async put(id: string, doc: FirmDoc): Promise<'created' | 'updated'> {
    const res = await engineCall(() =>
      this.ctx.es.index({ index: this.index, id, document: doc, refresh: 'wait_for' }),
    );
    return res.result === 'created' ? 'created' : 'updated';
  }

  /** Which of these firm ids are registered. */
  existing(ids: readonly string[]): Promise<Set<string>> {
    return existingIds(this.ctx.es, this.index, ids);
  }

  /** Registered firms by id (one `_mget`); ids not registered are absent from the map. */
  async getMany(ids: readonly string[]): Promise<Map<string, FirmDoc>> {
    const out = new Map<string, FirmDoc>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 5000) {
      const chunk = unique.slice(i, i + 5000);
      const res = await engineCall(() => this.ctx.es.mget<FirmDoc>({ index: this.index, ids: chunk }));
      for (const d of res.docs) if ('found' in d && d.found && d._source) out.set(d._id, d._source);
    }
    return out;
  }

  /**
   * Registered firms by 统一社会信用代码 (stored upper-cased; matched upper-cased), for a spreadsheet that names
   * firms by credit code. A code two records share maps to the one with the smallest id.
   */
  async byCreditCodes(codes: readonly string[]): Promise<Map<string, FirmDoc>> {
    const out = new Map<string, FirmDoc>();
    const unique = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0))];
    for (let i = 0; i < unique.length; i += 1000) {
      const chunk = unique.slice(i, i + 1000);
      const page = await searchDocuments<FirmDoc>(this.ctx.es, {
        index: this.index,
        size: chunk.length * 2,
        query: { terms: { creditCode: chunk } },
        sort: [{ id: 'asc' }],
      });
      for (const doc of page.docs)
        if (doc.creditCode && !out.has(doc.creditCode)) out.set(doc.creditCode, doc);
    }
    return out;
  }
}
