import { engineCall, getSource } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/** One thing the monitor published from a report: a vacancy (through ingest) or a shortage post (through swap). */
export interface PublishedItem {
  kind: 'vacancy' | 'shortage';
  /** The id the other service answered with (a vacancy's `{firmId}:{ref}`, a post's id). */
  id: string;
  /** The client reference the monitor chose (deterministic, so publishing again replaces, never duplicates). */
  ref: string;
  /** Which of the report's hiring needs it came from (indexes into `hiringNeeds`); all of them for a post. */
  needs: number[];
  /** What the other service said: created, updated, unchanged — or `duplicate` of an existing vacancy. */
  result: string;
  publishedAt: string;
}

/** What the monitor published from one report (`monitor-publications`, id `${firmId}:${date}`). */
export interface PublicationDoc {
  firmId: string;
  date: string;
  vacancyIds: string[];
  shortageId?: string;
  items: PublishedItem[];
  updatedAt: string;
}

/** The `monitor-publications` index: written and read by the monitor service only (the loop and follow-up). */
export class MonitorPublicationStore {
  private readonly ctx: StoreContext;
  private readonly index: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.index = ctx.names.monitorPublications;
  }

  /** What was published from this report, or undefined. */
  get(firmId: string, date: string): Promise<PublicationDoc | undefined> {
    return getSource<PublicationDoc>(
      this.ctx.es,
      { index: this.index, id: `${firmId}:${date}` },
      'publication',
    );
  }

  /** Replaces the record of what was published from this report (the caller merges with what was there). */
  async put(doc: PublicationDoc): Promise<void> {
    await engineCall(() =>
      this.ctx.es.index({
        index: this.index,
        id: `${doc.firmId}:${doc.date}`,
        document: doc,
        refresh: 'wait_for',
      }),
    );
  }

  /** The latest publication of each of these firms (at most one per firm), for the follow-up list. */
  async latestByFirm(firmIds: readonly string[]): Promise<Map<string, PublicationDoc>> {
    const out = new Map<string, PublicationDoc>();
    if (firmIds.length === 0) return out;
    const res = await engineCall(() =>
      this.ctx.es.search<PublicationDoc>({
        index: this.index,
        size: Math.min(firmIds.length, 1000),
        query: { terms: { firmId: [...firmIds] } },
        collapse: { field: 'firmId' },
        sort: [{ date: 'desc' }],
      }),
    );
    for (const h of res.hits.hits) if (h._source) out.set(h._source.firmId, h._source);
    return out;
  }
}
