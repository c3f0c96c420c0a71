import type { Client } from '@elastic/elasticsearch';
import { type BulkItemResult, type BulkOp, type IndexNames, bulkWrite, engineCall } from '@fugong/search';
import type { IntentionJob } from '@fugong/schemas';
import { type PairDoc, foldIntention, pairKeyOf, recordOf } from '../domain/pair.ts';
import { MicroBatcher } from './batcher.ts';
import { ReferenceChecker } from './references.ts';

/** `recorded`: a new record; `duplicate`: the key was already stored (redelivery, retry, double submit). */
export type WriteOutcome = 'recorded' | 'duplicate';

export interface WriterOptions {
  maxBatch: number;
  maxWaitMs: number;
  maxInFlight: number;
  /** Rounds of re-read + rewrite for a pair another writer changed meanwhile. */
  pairRetries?: number;
  /** Pair documents (with their `_seq_no`/`_primary_term`) kept in process; 0 turns the cache off. */
  pairCacheSize?: number;
}

/** Counters for benchmarks and diagnosis (not exported as metrics). */
export interface WriterStats {
  flushes: number;
  jobs: number;
  /** Sum of flush durations, ms. */
  flushMs: number;
  bulks: number;
  /** `mget` round trips for pairs (re-reads after a conflict or a cache miss that turned out to exist). */
  pairReads: number;
  /** Pairs written or skipped from the cache without reading them. */
  cacheHits: number;
  /** Pairs not in the cache, sent as `create` (new pairs: the common case). */
  cacheMisses: number;
  /** Jobs held back because another flush of this process was writing their pair. */
  deferred: number;
  /** Pair writes refused with 409 (stale cache entry, a pair that already existed, or a concurrent writer). */
  conflicts: number;
}

interface KnownPair {
  doc: PairDoc;
  seqNo: number;
  primaryTerm: number;
}

type Group = Array<{ job: IntentionJob }>;
/** A pair being written by a flush: the jobs held back for it resume when the write settles. */
interface Busy {
  waiters: Array<() => void>;
}
/** A job waiting for a flush; `deferred` once it was held back for its pair already. */
interface Submitted {
  job: IntentionJob;
  deferred: boolean;
}
interface PairWrite {
  pairKey: string;
  op: BulkOp;
  doc: PairDoc;
  /** The cached version the write was based on, if any: forgotten when the engine refuses it. */
  basedOn?: KnownPair;
}

/**
 * Writes intentions in micro-batches: per flush one `_bulk` holding a `create` per record (the key is the id:
 * 409 means already recorded, which is success) and an optimistic-concurrency write per pair. Each job gets its
 * own item's outcome.
 *
 * Pairs are written from an in-process cache of the documents this process last wrote or read, with the
 * `_seq_no`/`_primary_term` the engine returned, so the common flush costs no read: a cached pair is written
 * with `if_seq_no`/`if_primary_term`, an unknown one with `create`. The cache is only a guess: when another
 * process (or another flush) changed the pair, or an unknown pair already exists, the engine answers 409 and
 * that pair alone is read again (`mget`, realtime), refolded and rewritten, as before. A cached pair that the
 * fold leaves unchanged is not written: pairs only move forward (every field is a join), so the stored pair
 * already holds at least what the cached one holds.
 */
export class IntentionWriter {
  private readonly batcher: MicroBatcher<Submitted, WriteOutcome>;
  private readonly refs: ReferenceChecker;
  private readonly pairs = new Map<string, KnownPair>();
  /**
   * Pairs a flush of this process is writing now, each with the jobs waiting for that write (its retries
   * included) to settle. Nothing is allocated for the common pair that nobody waits for.
   */
  private readonly writing = new Map<string, Busy>();
  private readonly pairCacheSize: number;
  readonly stats: WriterStats = {
    flushes: 0,
    jobs: 0,
    flushMs: 0,
    bulks: 0,
    pairReads: 0,
    cacheHits: 0,
    cacheMisses: 0,
    deferred: 0,
    conflicts: 0,
  };

  private readonly es: Client;
  private readonly names: IndexNames;
  private readonly options: WriterOptions;

  constructor(es: Client, names: IndexNames, options: WriterOptions) {
    this.es = es;
    this.names = names;
    this.options = options;
    this.refs = new ReferenceChecker(es, names);
    this.pairCacheSize = options.pairCacheSize ?? 100_000;
    this.batcher = new MicroBatcher((jobs) => this.flush(jobs), {
      maxItems: options.maxBatch,
      maxWaitMs: options.maxWaitMs,
      maxInFlight: options.maxInFlight,
    });
  }

  /** Records one intention; rejects with PoisonIntentionError (never retry) or any other error (retry). */
  write(job: IntentionJob): Promise<WriteOutcome> {
    return this.batcher.submit({ job, deferred: false });
  }

  /** Resolves once every submitted write has settled. */
  idle(): Promise<void> {
    return this.batcher.idle();
  }

  private async flush(submitted: Submitted[]): Promise<Array<WriteOutcome | Error | Promise<WriteOutcome>>> {
    const started = performance.now();
    const jobs = submitted.map((s) => s.job);
    try {
      return await this.flushBatch(jobs, submitted);
    } finally {
      this.stats.flushes++;
      this.stats.jobs += jobs.length;
      this.stats.flushMs += performance.now() - started;
    }
  }

  private async flushBatch(
    jobs: IntentionJob[],
    submitted: Submitted[],
  ): Promise<Array<WriteOutcome | Error | Promise<WriteOutcome>>> {
    const outcomes: Array<WriteOutcome | Error | Promise<WriteOutcome> | undefined> =
      await this.refs.check(jobs);
    const live = jobs
      .map((job, i) => ({ job, i, pairKey: pairKeyOf(job) }))
      .filter((e) => {
        if (outcomes[e.i]) return false;
        // Its pair is being written by another flush of this process right now: writing it too would only
        // earn a 409 and a re-read. It waits for that write and goes out with a later batch, against the
        // version that write left in the cache (once: a second time it is written whatever happens).
        const busy = this.writing.get(e.pairKey);
        if (!busy || submitted[e.i]!.deferred) return true;
        this.stats.deferred++;
        outcomes[e.i] = new Promise<void>((resolve) => {
          busy.waiters.push(resolve);
        }).then(() => this.batcher.submit({ job: e.job, deferred: true }));
        return false;
      });
    const groups = new Map<string, Group>();
    for (const entry of live) {
      const group = groups.get(entry.pairKey);
      if (group) group.push(entry);
      else groups.set(entry.pairKey, [entry]);
    }

    const settle = this.markWriting([...groups.keys()]);
    try {
      return await this.writeBatch(live, groups, outcomes, settle);
    } finally {
      // Pairs handed to a retry were taken out of `settle`: they settle when the retry does.
      for (const [pairKey, busy] of settle) this.release(pairKey, busy);
    }
  }

  /** Registers pairs as being written; each is {@link release}d once its write settled. */
  private markWriting(pairKeys: string[]): Map<string, Busy> {
    const settle = new Map<string, Busy>();
    if (this.pairCacheSize <= 0) return settle;
    for (const pairKey of pairKeys) {
      const busy: Busy = { waiters: [] };
      this.writing.set(pairKey, busy);
      settle.set(pairKey, busy);
    }
    return settle;
  }

  /** Marks a pair's write as settled: the jobs held back for it go out again. */
  private release(pairKey: string, busy: Busy): void {
    if (this.writing.get(pairKey) === busy) this.writing.delete(pairKey);
    for (const resolve of busy.waiters) resolve();
  }

  private async writeBatch(
    live: Array<{ job: IntentionJob; i: number; pairKey: string }>,
    groups: Map<string, Group>,
    outcomes: Array<WriteOutcome | Error | Promise<WriteOutcome> | undefined>,
    settle: Map<string, Busy>,
  ): Promise<Array<WriteOutcome | Error | Promise<WriteOutcome>>> {
    const recordedAt = new Date().toISOString();
    const recordOps: BulkOp[] = live.map(({ job, pairKey }) => ({
      action: 'create',
      index: this.names.intentions,
      id: job.key,
      doc: recordOf(job, pairKey, recordedAt),
    }));
    // Round 0: every record and every pair in one `_bulk`, the pairs from the cache (or read first when the
    // cache is off).
    const pairWrites =
      this.pairCacheSize > 0
        ? this.pairWritesFromCache([...groups.keys()], groups)
        : await this.pairWritesFromEngine([...groups.keys()], groups);
    const ops = [...recordOps, ...pairWrites.map((p) => p.op)];
    if (ops.length === 0) return outcomes.map((o) => o ?? new Error('no outcome'));
    this.stats.bulks++;
    const items = await bulkWrite(this.es, ops).then((r) => r.items);
    live.forEach((entry, k) => {
      const item = items[k]!;
      outcomes[entry.i] = item.ok
        ? 'recorded'
        : item.status === 409
          ? 'duplicate'
          : new Error(`record write failed: ${item.status} ${item.errorReason ?? ''}`);
    });
    const pairErrors = new Map<string, Error>();
    const conflicted = this.settlePairWrites(pairWrites, items.slice(recordOps.length), pairErrors, true);
    // A pair another writer changed meanwhile (or that existed though not cached) is read again, refolded
    // and rewritten in later rounds; only its own jobs wait for that, the rest of the batch completes now.
    const retried = conflicted.length > 0 ? this.retryPairs(conflicted, groups, pairErrors) : undefined;
    if (retried) {
      const later = conflicted.map((pairKey) => [pairKey, settle.get(pairKey)] as const);
      for (const pairKey of conflicted) settle.delete(pairKey);
      void retried.finally(() => {
        for (const [pairKey, busy] of later) if (busy) this.release(pairKey, busy);
      });
    }
    const waiting = new Set(conflicted);
    for (const entry of live) {
      const outcome = outcomes[entry.i];
      // The record may be stored while its pair is not: the retry finds the record (409) and folds again,
      // which is harmless because the fold is idempotent.
      if (outcome instanceof Error || outcome === undefined || outcome instanceof Promise) continue;
      const err = pairErrors.get(entry.pairKey);
      if (err) outcomes[entry.i] = err;
      else if (retried && waiting.has(entry.pairKey)) {
        outcomes[entry.i] = retried.then((errors) => {
          const e = errors.get(entry.pairKey);
          if (e) throw e;
          return outcome;
        });
      }
    }
    return outcomes.map((o) => o ?? new Error('no outcome'));
  }

  /**
   * Re-read, refold, rewrite: rounds for the pairs whose write the engine refused with 409. Resolves with the
   * pairs that could not be written (each job of such a pair fails and is retried by BullMQ).
   */
  private async retryPairs(
    pending: string[],
    groups: Map<string, Group>,
    pairErrors: Map<string, Error>,
  ): Promise<Map<string, Error>> {
    const errors = new Map<string, Error>();
    try {
      for (let round = 1; pending.length > 0; round++) {
        const writes = await this.pairWritesFromEngine(pending, groups);
        if (writes.length === 0) break;
        this.stats.bulks++;
        const items = await bulkWrite(
          this.es,
          writes.map((p) => p.op),
        ).then((r) => r.items);
        pending = this.settlePairWrites(writes, items, errors, round < this.retryRounds());
      }
    } catch (err) {
      // Engine unavailable during a retry: every pair still pending fails, so its jobs are retried later.
      for (const pairKey of pending) errors.set(pairKey, err instanceof Error ? err : new Error(String(err)));
    }
    for (const [pairKey, err] of pairErrors) errors.set(pairKey, err);
    return errors;
  }

  /** How many re-read rounds a conflicted pair gets (the speculative cache round does not count). */
  private retryRounds(): number {
    return (this.options.pairRetries ?? 5) + (this.pairCacheSize > 0 ? 1 : 0);
  }

  /** Updates the cache from the engine's answers; returns the pairs to read again, records the others' errors. */
  private settlePairWrites(
    writes: PairWrite[],
    items: BulkItemResult[],
    errors: Map<string, Error>,
    mayRetry: boolean,
  ): string[] {
    const conflicted: string[] = [];
    writes.forEach((p, k) => {
      const item = items[k]!;
      if (item.ok) {
        if (item.seqNo !== undefined && item.primaryTerm !== undefined)
          this.remember(p.pairKey, { doc: p.doc, seqNo: item.seqNo, primaryTerm: item.primaryTerm });
        return;
      }
      this.forget(p.pairKey, p.basedOn);
      if (item.status === 409) this.stats.conflicts++;
      if (item.status === 409 && mayRetry) conflicted.push(p.pairKey);
      else errors.set(p.pairKey, new Error(`pair write failed: ${item.status} ${item.errorReason ?? ''}`));
    });
    return conflicted;
  }

  /** Folds each group into the cached pair (or a new one) without reading; omits cached pairs left unchanged. */
  private pairWritesFromCache(keys: string[], groups: Map<string, Group>): PairWrite[] {
    const writes: PairWrite[] = [];
    for (const pairKey of keys) {
      const known = this.pairs.get(pairKey);
      if (known) this.stats.cacheHits++;
      else this.stats.cacheMisses++;
      const write = this.pairWrite(pairKey, groups.get(pairKey) ?? [], known);
      if (write) writes.push(write);
    }
    return writes;
  }

  /** Reads the current pairs and folds each group's jobs in; omits pairs the fold leaves unchanged. */
  private async pairWritesFromEngine(keys: string[], groups: Map<string, Group>): Promise<PairWrite[]> {
    this.stats.pairReads++;
    const res = await engineCall(() =>
      this.es.mget<PairDoc>({ index: this.names.intentionPairs, ids: keys, realtime: true }),
    );
    const writes: PairWrite[] = [];
    res.docs.forEach((doc, k) => {
      const pairKey = keys[k]!;
      if ('error' in doc && doc.error) throw new Error(`pair read failed: ${doc.error.reason}`);
      const found = 'found' in doc && doc.found && doc._source ? doc : undefined;
      const current: KnownPair | undefined = found
        ? { doc: found._source!, seqNo: found._seq_no!, primaryTerm: found._primary_term! }
        : undefined;
      if (current) this.remember(pairKey, current);
      const write = this.pairWrite(pairKey, groups.get(pairKey) ?? [], current);
      if (write) writes.push(write);
    });
    return writes;
  }

  /** The write that folds `group` into `current` (OCC on its version), or `create` when there is none. */
  private pairWrite(pairKey: string, group: Group, current: KnownPair | undefined): PairWrite | undefined {
    let next = current?.doc;
    for (const { job } of group) next = foldIntention(next, job, pairKey);
    if (!next || (current && JSON.stringify(next) === JSON.stringify(current.doc))) return undefined;
    const index = this.names.intentionPairs;
    return current
      ? {
          pairKey,
          doc: next,
          basedOn: current,
          op: {
            action: 'index',
            index,
            id: pairKey,
            doc: next,
            ifSeqNo: current.seqNo,
            ifPrimaryTerm: current.primaryTerm,
          },
        }
      : { pairKey, doc: next, op: { action: 'create', index, id: pairKey, doc: next } };
  }

  /** Keeps the newest version seen (responses of concurrent flushes may arrive out of order). */
  private remember(pairKey: string, known: KnownPair): void {
    if (this.pairCacheSize <= 0) return;
    const had = this.pairs.get(pairKey);
    if (
      had &&
      (had.primaryTerm > known.primaryTerm ||
        (had.primaryTerm === known.primaryTerm && had.seqNo >= known.seqNo))
    )
      return;
    this.pairs.delete(pairKey); // re-inserted last: eviction drops the least recently written
    this.pairs.set(pairKey, known);
    if (this.pairs.size > this.pairCacheSize) this.pairs.delete(this.pairs.keys().next().value!);
  }

  /** Drops a cached pair the engine refused, unless a newer version replaced it meanwhile. */
  private forget(pairKey: string, basedOn: KnownPair | undefined): void {
    if (basedOn !== undefined && this.pairs.get(pairKey) === basedOn) this.pairs.delete(pairKey);
  }
}
