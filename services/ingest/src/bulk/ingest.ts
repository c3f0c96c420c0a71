import { type Runtime, loneSurrogatePath } from '@fugong/http';
import { AppError, PayloadTooLargeError, UnavailableError } from '@fugong/schemas';
import { mapEngineError } from '@fugong/search';
import { VacancyStore } from '@fugong/stores';
import type { FirmCache } from '../vacancies/firms.ts';
import { type BulkEncoding, StreamDecoder } from './decode.ts';
import { type FirmScope, itemToWrite } from './items.ts';
import type { BulkLimits } from './limits.ts';
import { type BulkFormat, recordParser } from './parsers.ts';
import type { ParsedRecord } from './records.ts';
import { type ReportItem, type Summary, emptySummary } from './report.ts';
import { BatchWriter } from './writer.ts';

/** Items between two turns of the event loop while parsing. */
const YIELD_EVERY = 1000;

export interface BulkOptions {
  format: BulkFormat;
  scope: FirmScope;
  encoding?: { query?: BulkEncoding; charset?: BulkEncoding };
  limits: BulkLimits;
  /** Receives every item's report in input order (after its batch was written). */
  onItem: (r: ReportItem) => void | Promise<void>;
  /** Make the upload searchable before answering (one index refresh at the end, not one per batch). */
  refresh?: boolean;
  now?: Date;
}

export interface BulkResult {
  summary: Summary;
  encoding?: BulkEncoding;
  /** Set when the upload stopped early: a limit (413), a body that is not the format (400), the engine (503). */
  error?: AppError;
  /** Input positions whose write was not confirmed (engine failure): re-send them; writes are idempotent. */
  unconfirmed: Array<[number, number]>;
}

/**
 * Reads an upload as it streams (never whole), parses it record by record, validates each item and writes
 * them in batches through the shared write path. Everything before a limit or a fatal error is written and
 * reported; nothing after it is read. Memory holds one or two batches, not the upload.
 */
export async function ingestBulk(
  rt: Runtime,
  firms: FirmCache,
  body: AsyncIterable<Buffer | string>,
  opts: BulkOptions,
): Promise<BulkResult> {
  const { limits } = opts;
  const summary = emptySummary();
  const decoder = new StreamDecoder(opts.encoding);
  const parser = recordParser(opts.format, limits.maxItemChars);
  const writer = new BatchWriter(rt, firms, {
    batchSize: limits.batchSize,
    concurrency: limits.concurrency,
    fieldName: parser.fieldName,
    ...(opts.now ? { now: opts.now } : {}),
    emit: (r) => {
      summary.received++;
      summary[r.result]++;
      return opts.onItem(r);
    },
  });
  let index = 0;
  const take = async (rec: ParsedRecord) => {
    if (index >= limits.maxItems) {
      throw new PayloadTooLargeError(
        `more than ${limits.maxItems} items in one upload: split the file (stopped at item ${index})`,
      );
    }
    const at = rec.line !== undefined ? { line: rec.line } : {};
    const i = index++;
    // Rejected items need no I/O, so a long run of them would hold the event loop: let other requests in.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
    // The same scan as every JSON route's (a stored lone surrogate breaks strict JSON readers of the feed).
    const broken = rec.value && !rec.issues ? loneSurrogatePath(rec.value) : undefined;
    if (broken !== undefined) {
      rec.issues = [
        {
          path: broken === '(root)' ? '(item)' : broken,
          message: 'contains a lone UTF-16 surrogate (a \\uD800–\\uDFFF escape without its pair): not text',
        },
      ];
    }
    const res = rec.value && !rec.issues ? itemToWrite(rec.value, opts.scope, i) : undefined;
    if (res && 'write' in res) {
      await writer.add({ write: res.write, ...at, ...(rec.notes ? { notes: rec.notes } : {}) });
      return;
    }
    const issues = (rec.issues ?? res?.issues ?? []).map((x) => ({ ...x, path: parser.fieldName(x.path) }));
    const ref = res && 'externalRef' in res ? res.externalRef : undefined;
    await writer.add({
      report: {
        index: i,
        ...at,
        ...(ref ? { externalRef: ref } : {}),
        ...(ref && res && 'firmId' in res && res.firmId ? { id: `${res.firmId}:${ref}` } : {}),
        result: 'rejected',
        ...(issues[0] ? { field: issues[0].path, reason: issues[0].message } : {}),
        issues,
      },
    });
  };

  let error: AppError | undefined;
  let bytes = 0;
  const chunks = body[Symbol.asyncIterator]();
  try {
    // Pulled one chunk at a time (not for-await, which would destroy the request on an early stop and take
    // the response's socket with it): the socket is read only as fast as batches are written.
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      bytes += chunk.length;
      if (bytes > limits.maxBodyBytes) {
        throw new PayloadTooLargeError(
          `the upload is larger than ${limits.maxBodyBytes} bytes: split the file`,
        );
      }
      for (const rec of parser.push(decoder.write(chunk))) await take(rec);
      if (writer.failure !== undefined) break;
    }
    if (writer.failure === undefined) {
      for (const rec of parser.push(decoder.end())) await take(rec);
      for (const rec of parser.end()) await take(rec);
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err;
  }
  await writer.finish();
  if (writer.failure !== undefined) {
    // The writer stops only on an outage (engine or Redis unreachable); item-level errors are in the report.
    const mapped = mapEngineError(writer.failure);
    error = mapped instanceof AppError ? mapped : new UnavailableError('redis');
  }
  if (opts.refresh && summary.received > 0 && writer.failure === undefined) {
    await new VacancyStore(rt).refresh();
  }
  return {
    summary,
    ...(decoder.encoding ? { encoding: decoder.encoding } : {}),
    ...(error ? { error } : {}),
    unconfirmed: writer.unconfirmed,
  };
}
