import { pageOffset } from '@fugong/schemas';
import { engineCall, getSource, searchDocuments } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/** Why a job was given up on. */
export type DeadLetterReason =
  | 'invalid_payload'
  | 'unknown_reference'
  | 'out_of_order'
  | 'attempts_exhausted';

/** A job given up on, with the payload exactly as received so it can be inspected and replayed. */
export interface DeadLetter {
  jobId: string;
  queue: string;
  reason: DeadLetterReason;
  message: string;
  attemptsMade: number;
  failedAt: string;
  replayedAt?: string;
  payload: unknown;
}

/**
 * The `dead-letters` index: written by the intent-worker (a job given up on; a replay marks it), read by the
 * bureau's operations routes. One document per job id, so a job that dies twice is one entry (the latest).
 */
export class DeadLetterStore {
  private readonly ctx: StoreContext;
  private readonly index: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.index = ctx.names.deadLetters;
  }

  /** Writes (or overwrites) the entry; throws on engine errors so the job is retried rather than lost. */
  async put(entry: DeadLetter): Promise<void> {
    await engineCall(() => this.ctx.es.index({ index: this.index, id: entry.jobId, document: entry }));
  }

  /** The entry, or undefined. */
  get(jobId: string): Promise<DeadLetter | undefined> {
    return getSource<DeadLetter>(this.ctx.es, { index: this.index, id: jobId });
  }

  /** Newest first; `pending` hides entries already replayed. */
  async list(opts: {
    page: number;
    size: number;
    pending: boolean;
  }): Promise<{ total: number; items: DeadLetter[] }> {
    const page = await searchDocuments<DeadLetter>(this.ctx.es, {
      index: this.index,
      from: pageOffset(opts.page, opts.size),
      size: opts.size,
      sort: [{ failedAt: 'desc' }],
      track_total_hits: true,
      query: opts.pending ? { bool: { must_not: { exists: { field: 'replayedAt' } } } } : { match_all: {} },
    });
    return { total: page.total, items: page.docs };
  }

  /** Marks the entry replayed (visible at once to the next list). */
  async markReplayed(entry: DeadLetter, at: string): Promise<void> {
    await engineCall(() =>
      this.ctx.es.index({
        index: this.index,
        id: entry.jobId,
        document: { ...entry, replayedAt: at },
        refresh: 'wait_for',
      }),
    );
  }
}
