import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from '@fugong/search';
import { IntentionPairStore } from '@fugong/stores';
import { INTENTION_PREREQUISITE, type IntentionJob, type IntentionKind } from '@fugong/schemas';
import { pairKeyOf } from '../domain/pair.ts';

/** A job whose prerequisite step is not recorded yet: retried with backoff, dead-lettered if it never comes. */
export class OutOfOrderError extends Error {
  readonly missing: IntentionKind;

  constructor(missing: IntentionKind, job: IntentionJob) {
    super(
      `an ${job.kind} needs an ${missing} first: none of vacancy ${job.vacancyId} to worker ${job.workerId} is recorded`,
    );
    this.missing = missing;
    this.name = 'OutOfOrderError';
  }
}

/**
 * Refuses a transition whose prerequisite (INTENTION_PREREQUISITE: an offer before an acceptance) is not
 * recorded on the pair, so no race and no producer that skips the matcher's check can record an acceptance
 * without an offer. Pairs only move forward, so a pair seen with the step keeps it: those are remembered
 * (bounded) and cost no further read.
 */
export class OrderGuard {
  private readonly satisfied = new Set<string>();
  private readonly pairs: IntentionPairStore;

  private readonly maxRemembered: number;

  constructor(es: Client, names: IndexNames, maxRemembered = 50_000) {
    this.maxRemembered = maxRemembered;
    this.pairs = new IntentionPairStore({ es, names });
  }

  /** Resolves when the job may be recorded; rejects with OutOfOrderError (or an engine error) otherwise. */
  async check(job: IntentionJob): Promise<void> {
    const needs = INTENTION_PREREQUISITE[job.kind];
    if (!needs) return;
    const pairKey = pairKeyOf(job);
    const seen = `${pairKey}:${needs}`;
    if (this.satisfied.has(seen)) return;
    const kinds = await this.pairs.recordedKinds(pairKey);
    if (!kinds.includes(needs)) throw new OutOfOrderError(needs, job);
    if (this.satisfied.size >= this.maxRemembered)
      this.satisfied.delete(this.satisfied.values().next().value!);
    this.satisfied.add(seen);
  }
}
