import type { Client } from '@elastic/elasticsearch';
import { type BulkOp, type IndexNames, bulkWrite, engineCall } from '@fugong/search';
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
}

/**
 * Writes intentions in micro-batches: per flush one `mget` for the pairs (and one for unknown references)
 * and one `_bulk` holding a `create` per record (the key is the id: 409 means already recorded, which is
 * success) and an optimistic-concurrency write per pair. Each job gets its own item's outcome.
 */
export class IntentionWriter {
  private readonly batcher: MicroBatcher<IntentionJob, WriteOutcome>;
  private readonly refs: ReferenceChecker;

  constructor(
    private readonly es: Client,
    private readonly names: IndexNames,
    private readonly options: WriterOptions,
  ) {
    this.refs = new ReferenceChecker(es, names);
    this.batcher = new MicroBatcher((jobs) => this.flush(jobs), {
      maxItems: options.maxBatch,
      maxWaitMs: options.maxWaitMs,
      maxInFlight: options.maxInFlight,
    });
  }

  /** Records one intention; rejects with PoisonIntentionError (never retry) or any other error (retry). */
  write(job: IntentionJob): Promise<WriteOutcome> {
    return this.batcher.submit(job);
  }

  /** Resolves once every submitted write has settled. */
  idle(): Promise<void> {
    return this.batcher.idle();
  }

  private async flush(jobs: IntentionJob[]): Promise<Array<WriteOutcome | Error>> {
    const outcomes: Array<WriteOutcome | Error | undefined> = await this.refs.check(jobs);
    const live = jobs.map((job, i) => ({ job, i, pairKey: pairKeyOf(job) })).filter((e) => !outcomes[e.i]);
    const groups = new Map<string, typeof live>();
    for (const entry of live) groups.set(entry.pairKey, [...(groups.get(entry.pairKey) ?? []), entry]);

    const recordedAt = new Date().toISOString();
    const recordOps: BulkOp[] = live.map(({ job, pairKey }) => ({
      action: 'create',
      index: this.names.intentions,
      id: job.key,
      doc: recordOf(job, pairKey, recordedAt),
    }));
    let pending = [...groups.keys()];
    const pairErrors = new Map<string, Error>();
    for (let round = 0; pending.length > 0; round++) {
      const pairOps = await this.pairOps(pending, groups);
      const ops = round === 0 ? [...recordOps, ...pairOps.map((p) => p.op)] : pairOps.map((p) => p.op);
      if (ops.length === 0) break;
      const result = await bulkWrite(this.es, ops);
      if (round === 0) {
        live.forEach((entry, k) => {
          const item = result.items[k]!;
          outcomes[entry.i] = item.ok
            ? 'recorded'
            : item.status === 409
              ? 'duplicate'
              : new Error(`record write failed: ${item.status} ${item.errorReason ?? ''}`);
        });
      }
      const pairItems = result.items.slice(round === 0 ? recordOps.length : 0);
      const conflicted: string[] = [];
      pairOps.forEach((p, k) => {
        const item = pairItems[k]!;
        if (item.ok) return;
        if (item.status === 409 && round < (this.options.pairRetries ?? 5)) conflicted.push(p.pairKey);
        else
          pairErrors.set(p.pairKey, new Error(`pair write failed: ${item.status} ${item.errorReason ?? ''}`));
      });
      // Unchanged pairs produced no op and are done; conflicted ones are read again and refolded.
      pending = conflicted;
    }
    for (const entry of live) {
      const err = pairErrors.get(entry.pairKey);
      // The record may be stored while its pair is not: the retry finds the record (409) and folds again,
      // which is harmless because the fold is idempotent.
      if (err && !(outcomes[entry.i] instanceof Error)) outcomes[entry.i] = err;
    }
    return outcomes.map((o) => o ?? new Error('no outcome'));
  }

  /** Reads the current pairs and folds each group's jobs in; omits pairs the fold leaves unchanged. */
  private async pairOps(
    keys: string[],
    groups: Map<string, Array<{ job: IntentionJob }>>,
  ): Promise<Array<{ pairKey: string; op: BulkOp }>> {
    const res = await engineCall(() =>
      this.es.mget<PairDoc>({ index: this.names.intentionPairs, ids: keys, realtime: true }),
    );
    const ops: Array<{ pairKey: string; op: BulkOp }> = [];
    res.docs.forEach((doc, k) => {
      const pairKey = keys[k]!;
      if ('error' in doc && doc.error) throw new Error(`pair read failed: ${doc.error.reason}`);
      const found = 'found' in doc && doc.found ? doc : undefined;
      const current = found?._source;
      let next = current;
      for (const { job } of groups.get(pairKey) ?? []) next = foldIntention(next, job);
      if (!next || (current && JSON.stringify(next) === JSON.stringify(current))) return;
      const index = this.names.intentionPairs;
      ops.push({
        pairKey,
        op: found
          ? {
              action: 'index',
              index,
              id: pairKey,
              doc: next,
              ifSeqNo: found._seq_no!,
              ifPrimaryTerm: found._primary_term!,
            }
          : { action: 'create', index, id: pairKey, doc: next },
      });
    });
    return ops;
  }
}
