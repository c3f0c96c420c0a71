import type { Client, estypes } from '@elastic/elasticsearch';
import { engineCall } from './errors.ts';

/** A stored document with the version a later write must still match (optimistic concurrency). */
export interface Versioned<T> {
  doc: T;
  seqNo: number;
  primaryTerm: number;
}

/** `hits.total` as a number: the engine answers a number or `{ value, relation }`, or nothing without tracking. */
export const totalHits = (total: estypes.SearchTotalHits | number | undefined): number =>
  typeof total === 'number' ? total : (total?.value ?? 0);

/**
 * Reads one document by id in real time; a missing document (or a missing index) is `found: false`, never an
 * error. Engine failures are mapped by {@link engineCall}. The one place that casts the `ignore: [404]` answer.
 */
export async function getDocument<T>(
  client: Client,
  params: estypes.GetRequest,
  what?: string,
): Promise<estypes.GetResponse<T>> {
  return engineCall(() => client.get<T>(params, { ignore: [404] }) as Promise<estypes.GetResponse<T>>, what);
}

/** The document's source, or undefined when it does not exist. */
export async function getSource<T>(
  client: Client,
  params: estypes.GetRequest,
  what?: string,
): Promise<T | undefined> {
  const res = await getDocument<T>(client, params, what);
  return res.found && res._source ? res._source : undefined;
}

/** The document with its `_seq_no`/`_primary_term`, or undefined when it does not exist. */
export async function getVersioned<T>(
  client: Client,
  params: estypes.GetRequest,
  what?: string,
): Promise<Versioned<T> | undefined> {
  const res = await getDocument<T>(client, params, what);
  if (!res.found || !res._source || res._seq_no === undefined || res._primary_term === undefined)
    return undefined;
  return { doc: res._source, seqNo: res._seq_no, primaryTerm: res._primary_term };
}
