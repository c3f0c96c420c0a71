import type { Client } from '@elastic/elasticsearch';
import { idempotencyKey } from '@fugong/queue';
import type { IndexNames } from '@fugong/search';
import type { IntentionJob, IntentionKind } from '@fugong/schemas';

/** Polls until `check` returns a value other than undefined, or fails with the last seen state. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  label = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${label}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stores vacancies the way ingest would (id `{firmId}:{ref}`), visible at once. */
export async function seedVacancies(
  es: Client,
  names: IndexNames,
  vacancies: Array<{
    firmId: string;
    ref: string;
    openPositions?: number;
    fairIds?: string[];
    keyEnterprise?: boolean;
  }>,
): Promise<void> {
  const operations = vacancies.flatMap((v) => [
    { index: { _index: names.vacancies, _id: `${v.firmId}:${v.ref}` } },
    {
      id: `${v.firmId}:${v.ref}`,
      externalRef: v.ref,
      firmId: v.firmId,
      title: '普工',
      totalJobOpenings: v.openPositions ?? 1,
      openPositions: v.openPositions ?? 1,
      fairIds: v.fairIds ?? [],
      keyEnterprise: v.keyEnterprise ?? false,
      status: 'open',
    },
  ]);
  const res = await es.bulk({ operations, refresh: 'wait_for' });
  if (res.errors) throw new Error('seeding vacancies failed');
}

/** An intention job as the matcher would enqueue it, keyed deterministically by what was said. */
export function intention(
  kind: IntentionKind,
  firmId: string,
  ref: string,
  workerId: string,
  extra: Partial<IntentionJob> = {},
): IntentionJob {
  return {
    key: idempotencyKey(kind, `${firmId}:${ref}`, workerId),
    kind,
    vacancyId: `${firmId}:${ref}`,
    workerId,
    firmId,
    headcount: 1,
    fairIds: [],
    priorityGroups: [],
    keyEnterprise: false,
    actor: { role: kind === 'application' ? 'site' : 'employer', keyId: 'test' },
    at: new Date('2020-03-02T02:00:00Z').toISOString(),
    ...extra,
  } as IntentionJob;
}

/** Documents in an index after a refresh. */
export async function countDocs(es: Client, index: string, query?: object): Promise<number> {
  await es.indices.refresh({ index });
  return (await es.count({ index, ...(query ? { query } : {}) })).count;
}
