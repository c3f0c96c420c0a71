/**
 * Ingest's public write path for programs that load vacancies in bulk in-process (`@fugong/ingest/vacancy-writer`;
 * scripts/load-demo.ts): the batching writer the bulk endpoint uses, so what is loaded is normalised,
 * fingerprinted and in the change feed like any upload, with the firm lookup it needs.
 * @module
 */
import type { Runtime } from '@fugong/http';
import { FirmStore } from '@fugong/stores';
import { BatchWriter } from './bulk/writer.ts';
import { FirmCache } from './vacancies/firms.ts';

export type { BatchWriter } from './bulk/writer.ts';
export type { ReportItem } from './bulk/report.ts';

/** How the writer batches and where its per-item reports go. */
export type VacancyWriterOptions = ConstructorParameters<typeof BatchWriter>[2];

/** A writer of vacancy items (`add` each, then `finish`; `failure` holds the first write error, if any). */
export function createVacancyWriter(rt: Runtime, opts: VacancyWriterOptions): BatchWriter {
  return new BatchWriter(rt, new FirmCache(new FirmStore(rt)), opts);
}
