import type { FieldIssue } from '@fugong/schemas';
import type { WriteResult } from '../vacancies/store.ts';

/** One line of a bulk report. `field`/`reason` repeat the first issue so a spreadsheet can show one column each. */
export interface ReportItem {
  /** 0-based position among the upload's items. */
  index: number;
  /** 1-based line the item starts on (NDJSON, CSV, and JSON bodies). */
  line?: number;
  id?: string;
  externalRef?: string;
  result: WriteResult;
  field?: string;
  reason?: string;
  duplicateOf?: string;
  /** For a rejection every reason; for a stored item warnings (an unknown place kept as text, a mapping note). */
  issues?: FieldIssue[];
}

export type Summary = Record<'received' | WriteResult, number>;

export const emptySummary = (): Summary => ({
  received: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  duplicate: 0,
  rejected: 0,
});

/** `errors`: only items that were rejected, duplicates, or stored with warnings. */
export type ReportMode = 'all' | 'errors';

/** Whether an item belongs in an `errors` report. */
export const worthReporting = (r: ReportItem): boolean =>
  r.result === 'rejected' || r.result === 'duplicate' || (r.issues?.length ?? 0) > 0;

/** Where report items go, in input order: collected for one JSON answer, or written out as NDJSON. */
export interface ReportSink {
  item(r: ReportItem): void | Promise<void>;
}
