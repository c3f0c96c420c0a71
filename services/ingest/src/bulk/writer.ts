import type { FieldIssue } from '@fugong/schemas';
import type { Runtime } from '@fugong/http';
import { vacancyId } from '@fugong/documents';
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
  /** The first write failure; later batches are not sent. */
  failure: unknown;
  /** Input positions of items whose write was not confirmed. */
  unconfirmed: Array<[number, number]> = [];

  constructor(
    private readonly rt: Runtime,
    private readonly firms: FirmCache,
    private readonly opts: {
      batchSize: number;
      concurrency: number;
      emit: (r: ReportItem) => void | Promise<void>;
      fieldName: (path: string) => string;
      now?: Date;
    },
  ) {}

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
          outcomes = await writeVacancies(this.rt, this.firms, writes, {
            fingerprints: this.fingerprints,
            ...(this.opts.now ? { now: this.opts.now } : {}),
          });
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
