import type { Client } from '@elastic/elasticsearch';
import { NotFoundError, pageOffset } from '@fugong/schemas';
import { engineCall, getSource, totalHits } from '@fugong/search';

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

/** The dead-letter store: one document per job id, so a job that dies twice is one entry (the latest). */
export class DeadLetterStore {
  constructor(
    private readonly es: Client,
    private readonly index: string,
  ) {}

  /** Writes (or overwrites) the entry; throws on engine errors so the job is retried rather than lost. */
  async put(entry: DeadLetter): Promise<void> {
    await engineCall(() => this.es.index({ index: this.index, id: entry.jobId, document: entry }));
  }

  /** The entry, or 404. */
  async get(jobId: string): Promise<DeadLetter> {
    const entry = await getSource<DeadLetter>(this.es, { index: this.index, id: jobId });
    if (!entry) throw new NotFoundError(`dead letter ${jobId}`);
    return entry;
  }

  /** Newest first; `pending` hides entries already replayed. */
  async list(opts: {
    page: number;
    size: number;
    pending: boolean;
  }): Promise<{ total: number; items: DeadLetter[] }> {
    const res = await engineCall(() =>
      this.es.search<DeadLetter>({
        index: this.index,
        from: pageOffset(opts.page, opts.size),
        size: opts.size,
        sort: [{ failedAt: 'desc' }],
        track_total_hits: true,
        query: opts.pending ? { bool: { must_not: { exists: { field: 'replayedAt' } } } } : { match_all: {} },
      }),
    );
    const total = totalHits(res.hits.total);
    return { total, items: res.hits.hits.map((h) => h._source!).filter(Boolean) };
  }

  /** Marks the entry replayed (visible at once to the next list). */
  async markReplayed(entry: DeadLetter, at: string): Promise<void> {
    await engineCall(() =>
      this.es.index({
        index: this.index,
        id: entry.jobId,
        document: { ...entry, replayedAt: at },
        refresh: 'wait_for',
      }),
    );
  }
}
