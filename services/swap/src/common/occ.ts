import type { Client } from '@elastic/elasticsearch';
import { ConflictError, NotFoundError } from '@fugong/schemas';
import { engineCall } from '@fugong/search';

/** A document as read for a read-modify-write: its source and the version the write must still match. */
export interface Versioned<T> {
  doc: T;
  seqNo: number;
  primaryTerm: number;
}

/** Reads a document in real time (no refresh needed) with its `_seq_no`/`_primary_term`, or null. */
export async function getVersioned<T>(es: Client, index: string, id: string): Promise<Versioned<T> | null> {
  const res = await engineCall(() => es.get<T>({ index, id }, { ignore: [404] }));
  if (!res.found || !res._source || res._seq_no === undefined || res._primary_term === undefined) return null;
  return { doc: res._source, seqNo: res._seq_no, primaryTerm: res._primary_term };
}

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
    if (err instanceof ConflictError) return false;
    throw err;
  }
}

/** What a mutation decided: a new document to write, or nothing to do (the stored one is returned). */
export type Mutation<T> = { write: T } | { keep: true };

/**
 * Read-modify-write with optimistic concurrency: reads the document, asks `mutate` what it should become
 * (it may throw to refuse, e.g. 409 when a post is full), writes it with if_seq_no/if_primary_term and
 * starts over on a version conflict. `mutate` must be a pure function of the document it is given: it may
 * run several times. Many writers of one hot document (a post under a burst of accepts) each retry until
 * they win or are refused, so the retry budget is generous and the backoff jittered.
 */
export async function updateWithRetry<T>(
  es: Client,
  index: string,
  id: string,
  what: string,
  mutate: (current: T) => Mutation<T>,
  opts: { refresh?: false | 'wait_for'; maxAttempts?: number } = {},
): Promise<{ doc: T; changed: boolean }> {
  const maxAttempts = opts.maxAttempts ?? 200;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = await getVersioned<T>(es, index, id);
    if (!current) throw new NotFoundError(what);
    const decision = mutate(current.doc);
    if ('keep' in decision) return { doc: current.doc, changed: false };
    const written = await writeIfUnchanged(es, index, id, decision.write, current, opts.refresh ?? false);
    if (written) return { doc: written.doc, changed: true };
    // Lost the race: back off a little (more as contention persists) so the winners can finish.
    await sleep(Math.random() * Math.min(50, 2 + attempt * 2));
  }
  throw new ConflictError(`${what} is under heavy concurrent change; retry`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
