import type { firmDocument } from '@fugong/documents';
import { engineCall, existingIds, getSource } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/** A firm as stored in `firms` (written by ingest). */
export type FirmDoc = ReturnType<typeof firmDocument>;

/** The `firms` index: written by ingest's firm route; read by vacancy and fair writes (and swap). */
export class FirmStore {
  private readonly index: string;

  constructor(private readonly ctx: StoreContext) {
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
}
