import type { Client, estypes } from '@elastic/elasticsearch';
import { ConflictError } from '@fugong/schemas';
import { engineUnavailable, mapEngineError, passingRefusal } from './errors.ts';

export type BulkOp =
  | { action: 'index'; index: string; id: string; doc: unknown; ifSeqNo?: number; ifPrimaryTerm?: number }
  | { action: 'create'; index: string; id: string; doc: unknown }
  | { action: 'delete'; index: string; id: string; ifSeqNo?: number; ifPrimaryTerm?: number };

export interface BulkItemResult {
  /** Position in the ops array given to {@link bulkWrite}. */
  index: number;
  id: string;
  ok: boolean;
  status: number;
  /** `created`, `updated`, `deleted`, `noop`, `not_found`; absent when the item failed. */
  result?: string;
  errorType?: string;
  errorReason?: string;
  /** `_seq_no` / `_primary_term` of a successful write: what the next OCC write of the document must name. */
  seqNo?: number;
  primaryTerm?: number;
}

// Only what the outcome needs: a large batch's response shrinks to a fraction.
const ITEM_FIELDS = [
  'errors',
  'items.*._id',
  'items.*.status',
  'items.*.result',
  'items.*.error',
  'items.*._seq_no',
  'items.*._primary_term',
];

/** An op's action line: index and id, and the version it is conditional on, if any. */
function opMeta(op: BulkOp): Record<string, unknown> {
  const meta: Record<string, unknown> = { _index: op.index, _id: op.id };
  if (op.action !== 'create' && op.ifSeqNo !== undefined) {
    meta['if_seq_no'] = op.ifSeqNo;
    meta['if_primary_term'] = op.ifPrimaryTerm;
  }
  return meta;
}

export interface BulkOutcome {
  items: BulkItemResult[];
  failed: number;
  tookMs: number;
}

/**
 * Sends one `_bulk` request and accounts for every item: the outcome has exactly one result per op, in order.
 * Items the engine rejected with 429 (queue full) are retried with backoff up to `retries` times; every other
 * failure is reported, never dropped. Connection failures throw (mapped to 503): nothing is known to be stored.
 */
export async function bulkWrite(
  client: Client,
  ops: BulkOp[],
  options: { refresh?: boolean | 'wait_for'; retries?: number; requestTimeoutMs?: number } = {},
): Promise<BulkOutcome> {
  const started = Date.now();
  const results: BulkItemResult[] = new Array(ops.length);
  let pending = ops.map((_, i) => i);
  const retries = options.retries ?? 3;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const operations: unknown[] = [];
    for (const i of pending) {
      const op = ops[i]!;
      if (op.action === 'delete') operations.push({ delete: opMeta(op) });
      else if (op.action === 'create') operations.push({ create: opMeta(op) }, op.doc);
      else operations.push({ index: opMeta(op) }, op.doc);
    }
    let response: estypes.BulkResponse;
    try {
      // A large batch may legitimately take longer than a request-path call (ENGINE_TIMEOUT_MS) is allowed.
      response = await client.bulk(
        { operations, refresh: options.refresh ?? false, filter_path: ITEM_FIELDS },
        { requestTimeout: options.requestTimeoutMs ?? 30_000 },
      );
    } catch (err) {
      throw mapEngineError(err);
    }
    const retry: number[] = [];
    response.items.forEach((item, k) => {
      const i = pending[k]!;
      const entry = Object.values(item)[0] as estypes.BulkResponseItem;
      const status = entry.status;
      if (status === 429 && attempt < retries) {
        retry.push(i);
        return;
      }
      const ok = status >= 200 && status < 300;
      const notFoundDelete = ops[i]!.action === 'delete' && status === 404;
      results[i] = {
        index: i,
        id: entry._id ?? ops[i]!.id,
        ok: ok || notFoundDelete,
        status,
        ...(ok || notFoundDelete ? { result: entry.result } : {}),
        ...(entry.error ? { errorType: entry.error.type, errorReason: entry.error.reason ?? undefined } : {}),
        ...(ok && entry._seq_no != null && entry._primary_term != null
          ? { seqNo: entry._seq_no, primaryTerm: entry._primary_term }
          : {}),
      };
    });
    pending = retry;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt + Math.random() * 50));
  }
  return { items: results, failed: results.filter((r) => !r.ok).length, tookMs: Date.now() - started };
}

/** An item the engine refused for a moment, not for what it holds ({@link passingRefusal}): send it again later. */
export function transientItemFailure(item: Pick<BulkItemResult, 'status' | 'errorType'>): boolean {
  return passingRefusal(item.status, item.errorType);
}

/** The error a request that wrote one refused item answers with: 409, 503 for a passing refusal, else a 500. */
export function itemFailure(
  item: Pick<BulkItemResult, 'status' | 'errorType' | 'errorReason'>,
  what: string,
): Error {
  if (item.status === 409) return new ConflictError(`${what} was written concurrently; retry`);
  if (transientItemFailure(item)) return engineUnavailable();
  return new Error(`${what} write refused: ${item.errorType} ${item.errorReason}`);
}
