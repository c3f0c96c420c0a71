/**
 * The bounds of one bulk upload. Past `maxBodyBytes` or `maxItems` the upload answers 413; an item longer than
 * `maxItemChars` is rejected on its own (the parser skips to the next line or record) so one runaway line
 * never sinks the others.
 */
export interface BulkLimits {
  /** Bytes of request body (as sent, before decoding). A larger Content-Length is refused before reading. */
  maxBodyBytes: number;
  /** Items (lines, rows, array elements, postings) in one upload. */
  maxItems: number;
  /** Characters of one item: an NDJSON line, a CSV record, one JSON element. */
  maxItemChars: number;
  /** Items per engine write (one `writeVacancies` call, one `_bulk`). */
  batchSize: number;
  /** Batches being written at once: normalising the next batch overlaps the engine indexing this one. */
  concurrency: number;
}

export const DEFAULT_BULK_LIMITS: BulkLimits = {
  maxBodyBytes: 1024 * 1024 * 1024,
  maxItems: 1_000_000,
  maxItemChars: 256 * 1024,
  batchSize: 500,
  concurrency: 2,
};
