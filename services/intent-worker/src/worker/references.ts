import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from '@fugong/search';
import { ownersOf, type Reference } from '@fugong/stores';
import type { IntentionJob } from '@fugong/schemas';

/** A job that can never succeed as sent: it goes to the dead-letter store instead of being retried. */
export class PoisonIntentionError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
    this.name = 'PoisonIntentionError';
  }
}

/** The firms a vacancy or agreement belongs to, as the store knows them. */
type Owners = string[];

/**
 * Checks that each job's vacancy or agreement exists and belongs to the firms the job names. Known
 * references are cached (bounded): vacancies and agreements are not renumbered, so a hit never goes stale
 * in a way that matters to a record, and the hot path costs no engine round trip.
 */
export class ReferenceChecker {
  private readonly cache = new Map<string, Owners>();

  private readonly es: Client;
  private readonly names: IndexNames;
  private readonly maxCached: number;

  constructor(es: Client, names: IndexNames, maxCached = 50_000) {
    this.es = es;
    this.names = names;
    this.maxCached = maxCached;
  }

  /** One outcome per job: undefined when fine, a PoisonIntentionError otherwise. Engine errors throw. */
  async check(jobs: IntentionJob[]): Promise<Array<PoisonIntentionError | undefined>> {
    const wanted = new Map<string, Reference>();
    for (const job of jobs) {
      const ref = this.refOf(job);
      if (!this.cache.has(ref.cacheKey)) wanted.set(ref.cacheKey, { kind: ref.kind, id: ref.id });
    }
    if (wanted.size > 0) await this.load([...wanted.entries()]);
    return jobs.map((job) => {
      const ref = this.refOf(job);
      const owners = this.cache.get(ref.cacheKey);
      if (!owners || owners.length === 0) {
        return new PoisonIntentionError(
          job.kind === 'swap' ? `unknown agreement ${ref.id}` : `unknown vacancy ${ref.id}`,
        );
      }
      const named = [job.firmId, ...(job.counterpartFirmId ? [job.counterpartFirmId] : [])];
      const stranger = named.find((f) => !owners.includes(f));
      return stranger === undefined
        ? undefined
        : new PoisonIntentionError(`firm ${stranger} is not a party to ${ref.id}`);
    });
  }

  private refOf(job: IntentionJob) {
    const swap = job.kind === 'swap';
    const id = (swap ? job.agreementId : job.vacancyId) ?? '';
    return {
      kind: swap ? ('agreement' as const) : ('vacancy' as const),
      id,
      cacheKey: `${swap ? 'a' : 'v'}:${id}`,
    };
  }

  private async load(refs: Array<[string, Reference]>): Promise<void> {
    const owners = await ownersOf(
      { es: this.es, names: this.names },
      refs.map(([, r]) => r),
    );
    owners.forEach((found, i) => {
      if (!found) return; // unknown: not cached, so a later creation is seen
      if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(refs[i]![0], found);
    });
  }
}
