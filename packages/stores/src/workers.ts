import type { estypes } from '@elastic/elasticsearch';
import type { WorkerDoc, WorkerPrivateDoc } from '@fugong/documents';
import {
  type BulkItemResult,
  type BulkOp,
  bulkWrite,
  itemFailure,
  engineCall,
  getSource,
  getVersioned,
  type SearchPage,
  searchDocuments,
  type Versioned,
} from '@fugong/search';
import type { StoreContext } from './engine.ts';

export type { WorkerDoc, WorkerPrivateDoc } from '@fugong/documents';

/**
 * The `workers` index (searchable, masked profiles) and `worker-private` (name, phone, ID number, consent; never
 * searched): both written by ingest's worker routes; read by the matcher (ranking, consent, contacts) and by
 * ingest (the bureau's read). The private document is written first and under optimistic concurrency, so a
 * profile is never searchable without its consent record.
 */
export class WorkerStore {
  private readonly ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  /** The searchable profile, or undefined. */
  get(id: string): Promise<WorkerDoc | undefined> {
    return getSource<WorkerDoc>(this.ctx.es, { index: this.ctx.names.workers, id }, 'worker');
  }

  /** The private document, or undefined. */
  getPrivate(id: string): Promise<WorkerPrivateDoc | undefined> {
    return getSource<WorkerPrivateDoc>(this.ctx.es, { index: this.ctx.names.workerPrivate, id }, 'worker');
  }

  /** Only the consent record of the private document (who may act for the seeker), or undefined. */
  getConsent(id: string): Promise<Pick<WorkerPrivateDoc, 'consent'> | undefined> {
    return getSource<Pick<WorkerPrivateDoc, 'consent'>>(this.ctx.es, {
      index: this.ctx.names.workerPrivate,
      id,
      _source_includes: ['consent'],
    });
  }

  /** The private document with its version, for a read-modify-write; undefined when new. */
  getPrivateVersioned(id: string): Promise<Versioned<WorkerPrivateDoc> | undefined> {
    return getVersioned<WorkerPrivateDoc>(this.ctx.es, { index: this.ctx.names.workerPrivate, id });
  }

  /** The masked names (张*) of these workers' searchable profiles, in one `_mget`; missing workers absent. */
  async maskedNames(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    const res = await engineCall(() =>
      this.ctx.es.mget<Pick<WorkerDoc, 'maskedName'>>({
        index: this.ctx.names.workers,
        ids: [...new Set(ids)],
        _source_includes: ['maskedName'],
      }),
    );
    for (const d of res.docs as Array<estypes.GetGetResult<Pick<WorkerDoc, 'maskedName'>>>) {
      if (d.found && d._source?.maskedName) out.set(d._id, d._source.maskedName);
    }
    return out;
  }

  /** The private documents of these workers (missing ones absent), in one `_mget`. */
  async privateOf(ids: readonly string[]): Promise<Map<string, WorkerPrivateDoc>> {
    const out = new Map<string, WorkerPrivateDoc>();
    if (ids.length === 0) return out;
    const res = await engineCall(() =>
      this.ctx.es.mget<WorkerPrivateDoc>({ index: this.ctx.names.workerPrivate, ids: [...ids] }),
    );
    for (const d of res.docs as Array<estypes.GetGetResult<WorkerPrivateDoc>>) {
      if (d.found && d._source) out.set(d._id, d._source);
    }
    return out;
  }

  /**
   * Writes the private document: created when `prior` is undefined (a 409 if someone created it meanwhile),
   * otherwise only if it is still at `prior`'s version. The item's outcome is returned, never thrown.
   */
  async putPrivate(
    id: string,
    doc: WorkerPrivateDoc,
    prior: Pick<Versioned<WorkerPrivateDoc>, 'seqNo' | 'primaryTerm'> | undefined,
  ): Promise<BulkItemResult> {
    const index = this.ctx.names.workerPrivate;
    const op: BulkOp = prior
      ? { action: 'index', index, id, doc, ifSeqNo: prior.seqNo, ifPrimaryTerm: prior.primaryTerm }
      : { action: 'create', index, id, doc };
    return (await bulkWrite(this.ctx.es, [op], { refresh: 'wait_for' })).items[0]!;
  }

  /** Writes the searchable profile, searchable when this returns. */
  async putProfile(id: string, doc: WorkerDoc): Promise<BulkItemResult> {
    const op: BulkOp = { action: 'index', index: this.ctx.names.workers, id, doc };
    return (await bulkWrite(this.ctx.es, [op], { refresh: 'wait_for' })).items[0]!;
  }

  /**
   * Deletes the profile, then the private document (the consent record); false when neither existed. The
   * profile goes first, so a profile is never left searchable without its consent record; a refused delete (a
   * write-blocked index during a migration) throws (503) instead of reading as done.
   */
  async remove(id: string): Promise<boolean> {
    const one = async (index: string) => {
      const [item] = (
        await bulkWrite(this.ctx.es, [{ action: 'delete', index, id }], { refresh: 'wait_for' })
      ).items;
      if (!item!.ok) throw itemFailure(item!, 'the worker');
      return item!.result !== 'not_found';
    };
    const profile = await one(this.ctx.names.workers);
    const privateDoc = await one(this.ctx.names.workerPrivate);
    return profile || privateDoc;
  }

  /** A search over profiles (the caller's query, filters and sort): `{ total, docs, hits }`. */
  find(body: Omit<estypes.SearchRequest, 'index'>): Promise<SearchPage<WorkerDoc>> {
    return searchDocuments<WorkerDoc>(this.ctx.es, { index: this.ctx.names.workers, ...body });
  }
}
