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

/** One hit of a search: the document with its id, score (null when sorted by something else) and sort values. */
export interface Hit<T> {
  id: string;
  doc: T;
  score: number | null;
  sort?: estypes.SortResults;
}

/** What a store's search answers: the total (as a number), the documents in order, and any aggregations. */
export interface SearchPage<T> {
  total: number;
  docs: T[];
  hits: Array<Hit<T>>;
  aggregations?: Record<string, estypes.AggregationsAggregate>;
}

/** Runs a search and answers `{ total, docs, hits }`; hits without a source (`_source: false`) are left out. */
export async function searchDocuments<T>(
  client: Client,
  params: estypes.SearchRequest,
  what?: string,
): Promise<SearchPage<T>> {
  const res = await engineCall(() => client.search<T>(params), what);
  const hits = res.hits.hits
    .filter((h) => h._source !== undefined)
    .map((h) => ({
      id: h._id!,
      doc: h._source as T,
      score: h._score ?? null,
      ...(h.sort ? { sort: h.sort } : {}),
    }));
  return {
    total: totalHits(res.hits.total),
    docs: hits.map((h) => h.doc),
    hits,
    ...(res.aggregations ? { aggregations: res.aggregations } : {}),
  };
}

/** The ids among `ids` that exist in `index` (one `_mget`, no sources). */
export async function existingIds(
  client: Client,
  index: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const res = await engineCall(() => client.mget({ index, ids: [...new Set(ids)], _source: false }));
  return new Set(
    (res.docs as estypes.GetGetResult[]).filter((d) => 'found' in d && d.found).map((d) => d._id),
  );
}
