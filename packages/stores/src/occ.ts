import type { Client } from '@elastic/elasticsearch';
import { AppError, NotFoundError } from '@fugong/schemas';
import { engineCall, getVersioned, type Versioned } from '@fugong/search';

/** A document as read for a read-modify-write: its source and the version the write must still match. */
export type { Versioned } from '@fugong/search';

/*
 * Optimistic concurrency over one document (if_seq_no / if_primary_term), for stores whose documents are
 * changed by read-modify-write under contention: swap posts (reservations) and agreements (leases).
 */

/**
 * The engine refused a write because the version moved (mapped to 409 by @fugong/search). Checked by status,
 * so that an engine outage (503) surfaces at once instead of being retried as if it were a race.
 */
export const isVersionConflict = (err: unknown): boolean => err instanceof AppError && err.status === 409;

/** How long a read-modify-write keeps trying against other writers before it gives up with a 503. */
export const CONTENTION_DEADLINE_MS = 15_000;

/**
 * Too many concurrent writers for too long: the request did nothing and may be repeated as is. A 503 with
 * Retry-After rather than a 409, because nothing about the request or the data is wrong.
 */
export class ContentionError extends AppError {
  /** Seconds a client should wait before repeating the request (the Retry-After header). */
  readonly retryAfterSeconds = 1;
  constructor(what: string, waitedMs: number, message?: string) {
    super(
      503,
      'contention',
      message ?? `${what} is under heavy concurrent change; retry after the time in Retry-After`,
      { what, waitedMs },
    );
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A jittered, capped exponential back-off: a random wait in [0, min(capMs, baseMs * 2^attempt)). */
export const backoff = (attempt: number, baseMs = 2, capMs = 100): Promise<void> =>
  sleep(Math.random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16)));

/** What a mutation decided: a new document to write, or nothing to do (the stored one is returned). */
export type Mutation<T> = { write: T } | { keep: true };

/**
 * Writes `doc` only if the stored document is still at `seen`'s version. Returns false on a version
 * conflict (someone else wrote first), so the caller re-reads and decides again.
 */
export async function writeIfUnchanged<T>(
  es: Client,
  index: string,
  id: string,
  doc: T,
  seen: Pick<Versioned<T>, 'seqNo' | 'primaryTerm'>,
  refresh: false | 'wait_for' = false,
): Promise<Versioned<T> | false> {
  try {
    const res = await engineCall(() =>
      es.index({
        index,
        id,
        document: doc,
        if_seq_no: seen.seqNo,
        if_primary_term: seen.primaryTerm,
        refresh,
      }),
    );
    // An index response always carries both; a missing one would be an engine bug, not a race.
    return { doc, seqNo: res._seq_no ?? -1, primaryTerm: res._primary_term ?? -1 };
  } catch (err) {
    if (isVersionConflict(err)) return false;
    throw err;
  }
}

/**
 * Creates `doc` under `id` (op_type create): false when a document with that id exists already, so two
 * concurrent first writes of one id cannot both "create".
 */
export async function createIfAbsent<T>(
  es: Client,
  index: string,
  id: string,
  doc: T,
  refresh: false | 'wait_for' = 'wait_for',
): Promise<boolean> {
  try {
    await engineCall(() => es.create({ index, id, document: doc, refresh }));
    return true;
  } catch (err) {
    if (isVersionConflict(err)) return false;
    throw err;
  }
}

/**
 * Read-modify-write with optimistic concurrency: reads the document, asks `mutate` what it should become
 * (it may throw to refuse, e.g. 409 when a post is full), writes it with if_seq_no/if_primary_term and
 * starts over on a version conflict. `mutate` must be a pure function of the document it is given: it may
 * run several times. Many writers of one hot document (a post under a burst of accepts) each retry, with a
 * jittered back-off, until they win or are refused; on a busy machine that can take seconds, so the budget is
 * a deadline (not a count of attempts), and running out of it is a ContentionError (503), never a refusal.
 * A missing document is a 404 naming `what`.
 */
export async function updateWithRetry<T>(
  es: Client,
  index: string,
  id: string,
  what: string,
  mutate: (current: T) => Mutation<T>,
  opts: { refresh?: false | 'wait_for'; deadline?: number } = {},
): Promise<{ doc: T; changed: boolean }> {
  const started = Date.now();
  const deadline = opts.deadline ?? started + CONTENTION_DEADLINE_MS;
  for (let attempt = 0; ; attempt++) {
    const current = await getVersioned<T>(es, { index, id });
    if (!current) throw new NotFoundError(what);
    const decision = mutate(current.doc);
    if ('keep' in decision) return { doc: current.doc, changed: false };
    const written = await writeIfUnchanged(es, index, id, decision.write, current, opts.refresh ?? false);
    if (written) return { doc: written.doc, changed: true };
    if (Date.now() >= deadline) throw new ContentionError(what, Date.now() - started);
    // Lost the race: back off a little (more as contention persists) so the winners can finish.
    await backoff(attempt, 2, 50);
  }
}
