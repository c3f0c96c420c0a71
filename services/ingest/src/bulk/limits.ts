/**
 * The bounds of one bulk upload (docs/ingest.md "Limits"). Past `maxBodyBytes` or `maxItems` the upload answers
 * 413 (the items before the limit are written and reported); an item longer than
 * `maxItemChars` is rejected on its own (the parser skips to the next line or record) so one runaway line
 * never sinks the others.
 */
export interface BulkLimits {
  /** Bytes of request body (as sent, before decoding). A larger Content-Length is refused before reading. */
  maxBodyBytes: number;
  /** Items (lines, rows, array elements, postings) in one upload. */
  maxItems: number;
  /**
   * Items a JSON (not streamed) report lists; later ones are counted in the summary and `itemsOmitted`, so the
   * answer stays a few MB whatever the upload. The NDJSON report streams every line.
   */
  maxReportItems: number;
  /** Characters of one item: an NDJSON line, a CSV record, one JSON element. */
  maxItemChars: number;
  /** Items per engine write (one `writeVacancies` call, one `_bulk`). */
  batchSize: number;
  /** Batches being written at once: normalising the next batch overlaps the engine indexing this one. */
  concurrency: number;
}

export const DEFAULT_BULK_LIMITS: BulkLimits = {
  maxBodyBytes: 1024 * 1024 * 1024,
  maxItems: 100_000,
  maxReportItems: 10_000,
  maxItemChars: 256 * 1024,
  batchSize: 500,
  concurrency: 2,
};
