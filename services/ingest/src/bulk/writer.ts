import { AppError, type FieldIssue } from '@fugong/schemas';
import { mapEngineError } from '@fugong/search';
import type { Runtime } from '@fugong/http';
import { vacancyId } from '@fugong/documents';
import { KnownFairs } from '../vacancies/fair-refs.ts';
import type { FirmCache } from '../vacancies/firms.ts';
import {
  UploadFingerprints,
  type VacancyWrite,
  type WriteOutcome,
  writeVacancies,
} from '../vacancies/store.ts';
import type { ReportItem } from './report.ts';

/** An item on its way: a write, or a report already decided (rejected while parsing or validating). */
export type Entry = { write: VacancyWrite; line?: number; notes?: FieldIssue[] } | { report: ReportItem };

/** How a BatchWriter batches, and where its reports go (in input order). */
export interface BatchWriterOptions {
  batchSize: number;
  concurrency: number;
  emit: (r: ReportItem) => void | Promise<void>;
  fieldName: (path: string) => string;
  now?: Date;
}

interface Inflight {
  ids: Set<string>;
  done: Promise<void>;
}

/**
 * Groups items into batches for `writeVacancies` (the one write path) and keeps up to `concurrency` batches
 * in flight, so this process normalises the next batch while the engine indexes the last. Reports leave in
 * input order. The same vacancy twice in one upload is written in order (the later batch waits for the
 * earlier), never raced. If a batch fails (engine down), its items are not reported: nothing is reported as
 * stored that the engine did not acknowledge.
 */
export class BatchWriter {
  private batch: Entry[] = [];
  private batchIds = new Set<string>();
  private inflight: Inflight[] = [];
  private tail: Promise<void> = Promise.resolve();
  /** The upload's fingerprints: a repeat of an earlier item is a duplicate even before a search can see it. */
  private readonly fingerprints = new UploadFingerprints();
  /** Fairs the upload's items named that exist: each is looked up once per upload, not once per batch. */
  private readonly knownFairs = new KnownFairs();
  /** The first write failure; later batches are not sent. */
  failure: unknown;
  /** Input positions of items whose write was not confirmed. */
  unconfirmed: Array<[number, number]> = [];

  private readonly rt: Runtime;
  private readonly firms: FirmCache;
  private readonly opts: BatchWriterOptions;

  constructor(rt: Runtime, firms: FirmCache, opts: BatchWriterOptions) {
    this.rt = rt;
    this.firms = firms;
    this.opts = opts;
  }

  async add(entry: Entry): Promise<void> {
    if ('write' in entry) {
      const id = vacancyId(entry.write.firmId, entry.write.externalRef);
      if (this.batchIds.has(id) || this.inflight.some((b) => b.ids.has(id))) {
        await this.flush();
        await this.drain();
      }
      this.batchIds.add(id);
    }
    this.batch.push(entry);
    if (this.batch.length >= this.opts.batchSize) await this.flush();
  }

  /** Sends what is batched, then waits until every batch is written and reported. */
  async finish(): Promise<void> {
    await this.flush();
    await this.drain();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const entries = this.batch;
    const ids = this.batchIds;
    this.batch = [];
    this.batchIds = new Set();
    const writes = entries.flatMap((e) => ('write' in e ? [e.write] : []));
    const prev = this.tail;
    const done = (async () => {
      let outcomes: WriteOutcome[] | undefined;
      if (this.failure === undefined && writes.length > 0) {
        try {
          outcomes = await this.write(writes);
        } catch (err) {
          this.failure ??= err;
        }
      }
      await prev;
      if (writes.length > 0 && !outcomes) {
        this.unconfirmed.push([writes[0]!.index, writes.at(-1)!.index]);
        return;
      }
      let k = 0;
      for (const e of entries)
        await this.opts.emit('write' in e ? this.toReport(e, outcomes![k++]!) : e.report);
    })();
    this.tail = done;
    this.inflight.push({ ids, done });
    while (this.inflight.length >= this.opts.concurrency) await this.inflight.shift()!.done;
  }

  /**
   * One batch through the shared write path. Only an outage (engine or Redis unreachable) fails the batch;
   * any other error is an item's problem: the batch is retried item by item, and an item that fails alone
   * is rejected in the report while its neighbours are written.
   */
  private async write(writes: VacancyWrite[]): Promise<WriteOutcome[]> {
    const opts = {
      fingerprints: this.fingerprints,
      knownFairs: this.knownFairs,
      ...(this.opts.now ? { now: this.opts.now } : {}),
    };
    try {
      return await writeVacancies(this.rt, this.firms, writes, opts);
    } catch (err) {
      if (isOutage(err)) throw err;
      if (writes.length === 1) return [this.itemFailure(writes[0]!, err)];
      this.rt.logger.warn({ err }, 'bulk batch failed; writing its items one by one');
    }
    const out: WriteOutcome[] = [];
    for (const w of writes) {
      try {
        out.push(...(await writeVacancies(this.rt, this.firms, [w], opts)));
      } catch (err) {
        if (isOutage(err)) throw err;
        out.push(this.itemFailure(w, err));
      }
    }
    return out;
  }

  private itemFailure(w: VacancyWrite, err: unknown): WriteOutcome {
    const known = err instanceof AppError && err.status < 500;
    if (!known) this.rt.logger.error({ err, index: w.index }, 'bulk item could not be written');
    return {
      index: w.index,
      id: vacancyId(w.firmId, w.externalRef),
      externalRef: w.externalRef,
      result: 'rejected',
      issues: [
        {
          path: '(item)',
          message: known
            ? (err as AppError).message
            : 'could not be stored (an internal error, logged); the rest of the upload was written',
        },
      ],
    };
  }

  private async drain(): Promise<void> {
    while (this.inflight.length > 0) await this.inflight.shift()!.done;
  }

  private toReport(e: Extract<Entry, { write: VacancyWrite }>, o: WriteOutcome): ReportItem {
    const issues = [...(o.issues ?? []), ...(e.notes ?? [])].map((i) => ({
      ...i,
      path: this.opts.fieldName(i.path),
    }));
    const first = o.result === 'rejected' ? issues[0] : undefined;
    return {
      index: o.index,
      ...(e.line !== undefined ? { line: e.line } : {}),
      id: o.id,
      externalRef: o.externalRef,
      result: o.result,
      ...(first ? { field: first.path, reason: first.message } : {}),
      ...(o.duplicateOf ? { duplicateOf: o.duplicateOf } : {}),
      ...(issues.length > 0 ? { issues } : {}),
    };
  }
}

/**
 * Whether an error means the engine or Redis cannot be reached (the upload stops with 503) rather than a
 * problem of the items being written: a 503 of ours, an engine connection error, or a Redis connection error.
 */
export function isOutage(err: unknown): boolean {
  const mapped = mapEngineError(err);
  if (mapped instanceof AppError) return mapped.status === 503;
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /^(Command timed out|Connection is closed|Stream isn't writeable|connect E|read ECONNRESET|write EPIPE)/.test(
      err.message,
    )
  );
}
