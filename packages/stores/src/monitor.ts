import type { estypes } from '@elastic/elasticsearch';
import type { Report, ReportingFrequency, ReportInput } from '@fugong/schemas';
import {
  bulkWrite,
  engineCall,
  getSource,
  getVersioned,
  itemFailure,
  searchDocuments,
  totalHits,
  type Versioned,
} from '@fugong/search';
import { AppError, pageOffset } from '@fugong/schemas';
import type { StoreContext } from './engine.ts';

/**
 * Resumption monitoring (复工监测, issue #11): the `monitored-firms`, `monitor-reports` and
 * `monitor-report-history` indices, written and read by services/monitor only. The firm's dimensions are copied
 * in (at mark time into the monitored firm, at report time into the report) so the indicators need no join.
 */

/** The firm's dimensions the indicators group by, as copied from its record in `firms`. */
export interface FirmDimensions {
  district?: { code: string; name?: string };
  industry?: string;
  size?: string;
  isKeyEnterprise: boolean;
}

/** A monitored firm (id = firm id). `weekdays` is 1…7 for a daily firm, so the due rule is one term. */
export interface MonitoredFirmDoc extends FirmDimensions {
  firmId: string;
  frequency: ReportingFrequency;
  weekdays: number[];
  /** `weekdays` joined with commas: the due count groups the firms of one schedule in one bucket. */
  schedule: string;
  startDate: string;
  endDate?: string;
  note?: string;
  markedBy: { keyId: string; user?: string };
  markedAt: string;
  updatedAt: string;
}

/** A firm's 到岗率 bucket: ≥ 90 %, 50–90 %, < 50 %, or none (no employees on the payroll). */
export type OnPostBucket = 'ge90' | 'from50to90' | 'lt50' | 'none';
export const ON_POST_BUCKETS: readonly OnPostBucket[] = ['ge90', 'from50to90', 'lt50', 'none'];

/** The bucket of one report, in integers (no rounding at the 90 % or 50 % edge). */
export function onPostBucketOf(onPost: number, employees: number): OnPostBucket {
  if (employees <= 0) return 'none';
  if (onPost * 10 >= employees * 9) return 'ge90';
  if (onPost * 2 >= employees) return 'from50to90';
  return 'lt50';
}

/** The current version of a report (id `${firmId}:${date}`), with the firm's dimensions and derived fields. */
export type ReportDoc = Report &
  FirmDimensions & {
    /** ISO weekday of `date` (1 = Monday). */
    weekday: number;
    /** Whether the firm's schedule had this report due (recomputed when the firm is re-marked). */
    due: boolean;
    /** Operating or partly operating: the numerator of 开工率. */
    isOpen: boolean;
    /** capacityPct × employees, summed for the employee-weighted capacity use. */
    capacityWeight: number;
    /** onPost ÷ employees, null without employees: the follow-up threshold filters on it. */
    onPostRatio: number | null;
    onPostBucket: OnPostBucket;
    /** Fields that differ from the previous version (all fields given, for the first). */
    changed: string[];
  };

/** One version of a report as kept in the history (id `${firmId}:${date}:v${version}`). */
export interface ReportHistoryDoc {
  firmId: string;
  date: string;
  version: number;
  changed: string[];
  recordedBy: Report['recordedBy'];
  recordedAt: string;
  report: ReportInput;
}

/** What the indicators sum for one day (and group): counts and sums, no rate. */
export interface RawFigures {
  reports: number;
  dueReports: number;
  open: number;
  employees: number;
  onPost: number;
  openPositions: number;
  capacityWeight: number;
  buckets: Record<OnPostBucket, number>;
}

export interface DailyRaw {
  date: string;
  total: RawFigures;
  groups: Map<string, RawFigures & { name?: string }>;
}

/** The grouping the indicators offer, and the field each groups on (in both indices). */
export type MonitorGroupBy = 'district' | 'industry' | 'keyEnterprise' | 'size';
export const MONITOR_GROUP_FIELDS: Record<MonitorGroupBy, string> = {
  district: 'district.code',
  industry: 'industry',
  keyEnterprise: 'isKeyEnterprise',
  size: 'size',
};
/** The group key of a firm without the dimension (no district, industry or size on its record). */
export const NO_GROUP = '(none)';

/** Firms of one schedule, period and group: the due count of a day is a sum over these. */
export interface ScheduleCount {
  weekdays: number[];
  startDate: string;
  endDate?: string;
  group?: string;
  count: number;
}

const reportId = (firmId: string, date: string) => `${firmId}:${date}`;
const historyId = (firmId: string, date: string, version: number) => `${firmId}:${date}:v${version}`;
const isConflict = (err: unknown) => err instanceof AppError && err.status === 409;

/** The version a report write made: what taking it back must still find. */
export type WrittenReport = Pick<Versioned<ReportDoc>, 'seqNo' | 'primaryTerm'>;
const day = (v: string | number) => new Date(v).toISOString().slice(0, 10);

/** The engine query of "due on `date`": in the period, and the date's weekday among the firm's. */
export function dueOnQuery(date: string, weekday: number): estypes.QueryDslQueryContainer {
  return {
    bool: {
      filter: [
        { range: { startDate: { lte: date } } },
        { term: { weekdays: weekday } },
        {
          bool: {
            should: [
              { range: { endDate: { gte: date } } },
              { bool: { must_not: { exists: { field: 'endDate' } } } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
    },
  };
}

/** The three monitoring indices. Routes reach the engine only through here. */
export class MonitorStore {
  private readonly ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  private get names() {
    return this.ctx.names;
  }

  // ── monitored firms ────────────────────────────────────────────────────────────────────────────────

  getFirm(firmId: string): Promise<MonitoredFirmDoc | undefined> {
    return getSource<MonitoredFirmDoc>(
      this.ctx.es,
      { index: this.names.monitoredFirms, id: firmId },
      'monitored firm',
    );
  }

  /** Monitored firms by id (one `_mget` per 5,000); ids not monitored are absent. */
  async getFirms(ids: readonly string[]): Promise<Map<string, MonitoredFirmDoc>> {
    const out = new Map<string, MonitoredFirmDoc>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 5000) {
      const chunk = unique.slice(i, i + 5000);
      const res = await engineCall(() =>
        this.ctx.es.mget<MonitoredFirmDoc>({ index: this.names.monitoredFirms, ids: chunk }),
      );
      for (const d of res.docs) if ('found' in d && d.found && d._source) out.set(d._id, d._source);
    }
    return out;
  }

  /** Creates or replaces a monitored firm, searchable when this returns. */
  async putFirm(doc: MonitoredFirmDoc): Promise<'created' | 'updated'> {
    const res = await engineCall(() =>
      this.ctx.es.index({
        index: this.names.monitoredFirms,
        id: doc.firmId,
        document: doc,
        // Marking is rare and the due counts read the index at once: refresh now rather than wait up to 1 s.
        refresh: true,
      }),
    );
    return res.result === 'created' ? 'created' : 'updated';
  }

  async removeFirm(firmId: string): Promise<void> {
    await engineCall(() =>
      this.ctx.es.delete({ index: this.names.monitoredFirms, id: firmId, refresh: true }, { ignore: [404] }),
    );
  }

  /** A page of monitored firms, by firm id. `activeOn`: only those whose period contains that day. */
  async listFirms(q: {
    page: number;
    size: number;
    activeOn?: string;
  }): Promise<{ total: number; docs: MonitoredFirmDoc[] }> {
    const filter: estypes.QueryDslQueryContainer[] = [];
    if (q.activeOn) {
      filter.push({ range: { startDate: { lte: q.activeOn } } });
      filter.push({
        bool: {
          should: [
            { range: { endDate: { gte: q.activeOn } } },
            { bool: { must_not: { exists: { field: 'endDate' } } } },
          ],
          minimum_should_match: 1,
        },
      });
    }
    const page = await searchDocuments<MonitoredFirmDoc>(this.ctx.es, {
      index: this.names.monitoredFirms,
      from: pageOffset(q.page, q.size),
      size: q.size,
      track_total_hits: true,
      query: { bool: { filter } },
      sort: [{ firmId: 'asc' }],
    });
    return { total: page.total, docs: page.docs };
  }

  /** Every firm due on `date` (paged through internally, by firm id). */
  async dueFirms(date: string, weekday: number): Promise<MonitoredFirmDoc[]> {
    const out: MonitoredFirmDoc[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await searchDocuments<MonitoredFirmDoc>(this.ctx.es, {
        index: this.names.monitoredFirms,
        size: 5000,
        query: dueOnQuery(date, weekday),
        sort: [{ firmId: 'asc' }],
        ...(after ? { search_after: after } : {}),
      });
      out.push(...page.docs);
      if (page.hits.length < 5000) return out;
      after = page.hits.at(-1)?.sort;
    }
  }

  /**
   * The firms of each (schedule, period, group) combination, for the due counts: a composite aggregation,
   * so ten thousand firms of a few schedules come back as a few buckets instead of ten thousand documents.
   */
  async scheduleCounts(groupField?: string): Promise<ScheduleCount[]> {
    const sources: Array<Record<string, estypes.AggregationsCompositeAggregationSource>> = [
      { schedule: { terms: { field: 'schedule' } } },
      { start: { terms: { field: 'startDate' } } },
      { end: { terms: { field: 'endDate', missing_bucket: true } } },
    ];
    if (groupField) sources.push({ group: { terms: { field: groupField, missing_bucket: true } } });
    const out: ScheduleCount[] = [];
    let after: Record<string, estypes.FieldValue> | undefined;
    for (;;) {
      const res = await engineCall(() =>
        this.ctx.es.search({
          index: this.names.monitoredFirms,
          size: 0,
          aggs: {
            combos: { composite: { size: 5000, sources, ...(after ? { after } : {}) } },
          },
        }),
      );
      const agg = res.aggregations?.combos as estypes.AggregationsCompositeAggregate | undefined;
      const buckets = (agg?.buckets ?? []) as estypes.AggregationsCompositeBucket[];
      for (const b of buckets) {
        const k = b.key as Record<string, string | number | boolean | null>;
        const group = groupField ? groupKey(k.group ?? null) : undefined;
        out.push({
          weekdays: String(k.schedule)
            .split(',')
            .map(Number)
            .filter((n) => n >= 1 && n <= 7),
          startDate: day(k.start as number),
          ...(k.end !== null && k.end !== undefined ? { endDate: day(k.end as number) } : {}),
          ...(group !== undefined ? { group } : {}),
          count: b.doc_count,
        });
      }
      if (!agg?.after_key || buckets.length < 5000) return out;
      after = agg.after_key as Record<string, estypes.FieldValue>;
    }
  }

  /**
   * Re-derives the `due` flag of a firm's stored reports after its schedule changed (re-marked or stopped):
   * a report is due when its date is in the period and its weekday among the firm's weekdays (null: none is).
   * Each flag is written only if the report is unchanged since it was read; a report rewritten meanwhile is
   * read again (its writer may have seen the old schedule). The engine's update-by-query is not used: the
   * embedded core-only node has no reindex module.
   */
  async refreshDue(
    firmId: string,
    schedule: { weekdays: number[]; startDate: string; endDate?: string } | null,
  ): Promise<void> {
    const dueOf = (date: string, weekday: number): boolean => {
      if (schedule === null) return false;
      const { weekdays, startDate, endDate } = schedule;
      return weekdays.includes(weekday) && date >= startDate && (endDate === undefined || date <= endDate);
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const ops: Parameters<typeof bulkWrite>[1] = [];
      let after: estypes.SortResults | undefined;
      for (;;) {
        const res = await engineCall(() =>
          this.ctx.es.search<ReportDoc>({
            index: this.names.monitorReports,
            size: 5000,
            seq_no_primary_term: true,
            query: { term: { firmId } },
            sort: [{ date: 'asc' }],
            ...(after ? { search_after: after } : {}),
          }),
        );
        for (const h of res.hits.hits) {
          const doc = h._source;
          if (!doc || doc.due === dueOf(doc.date, doc.weekday)) continue;
          ops.push({
            action: 'index',
            index: this.names.monitorReports,
            id: h._id!,
            doc: { ...doc, due: !doc.due },
            ifSeqNo: h._seq_no!,
            ifPrimaryTerm: h._primary_term!,
          });
        }
        if (res.hits.hits.length < 5000) break;
        after = res.hits.hits.at(-1)?.sort;
      }
      if (ops.length === 0) return;
      const outcome = await bulkWrite(this.ctx.es, ops, { refresh: true });
      const failed = outcome.items.find((i) => !i.ok && i.status !== 409);
      if (failed) throw itemFailure(failed, 'due flag');
      if (outcome.failed === 0) return;
      // Some report was rewritten meanwhile: make it visible to the search, then look again.
      await engineCall(() => this.ctx.es.indices.refresh({ index: this.names.monitorReports }));
    }
  }

  // ── reports ────────────────────────────────────────────────────────────────────────────────────────

  /** The current version of a report with the version a replacing write must still match, or undefined. */
  getReport(firmId: string, date: string): Promise<Versioned<ReportDoc> | undefined> {
    return getVersioned<ReportDoc>(
      this.ctx.es,
      { index: this.names.monitorReports, id: reportId(firmId, date) },
      'report',
    );
  }

  /**
   * Writes a report: the first version only if none exists (`seen` undefined), a later one only if the stored
   * one is still at `seen`. Undefined when another writer came first (the caller re-reads and decides again),
   * else the version written, which {@link undoReports} needs.
   */
  async writeReport(
    doc: ReportDoc,
    seen?: Pick<Versioned<ReportDoc>, 'seqNo' | 'primaryTerm'>,
  ): Promise<WrittenReport | undefined> {
    try {
      const res = await engineCall(
        () =>
          this.ctx.es.index({
            index: this.names.monitorReports,
            id: reportId(doc.firmId, doc.date),
            document: doc,
            ...(seen ? { if_seq_no: seen.seqNo, if_primary_term: seen.primaryTerm } : { op_type: 'create' }),
          }),
        'report',
      );
      return { seqNo: res._seq_no!, primaryTerm: res._primary_term! };
    } catch (err) {
      if (isConflict(err)) return undefined;
      throw err;
    }
  }

  /**
   * Takes back report writes, so that a refused request leaves no half-written change: each report written
   * (`written[k]` set) gets back the version it replaced (`current`), or is removed if it was new, only if it is
   * still the version that write made (a later writer's stays). Best effort: what cannot be taken back stays, and
   * the next write of that report records its history.
   */
  async undoReports(
    writes: ReadonlyArray<{ doc: ReportDoc; current?: Versioned<ReportDoc> | undefined }>,
    written: ReadonlyArray<WrittenReport | undefined>,
  ): Promise<void> {
    const index = this.names.monitorReports;
    const ops = writes.flatMap(({ doc, current }, k) => {
      const w = written[k];
      if (!w) return [];
      const id = reportId(doc.firmId, doc.date);
      const cond = { ifSeqNo: w.seqNo, ifPrimaryTerm: w.primaryTerm };
      return [
        current
          ? { action: 'index' as const, index, id, doc: current.doc, ...cond }
          : { action: 'delete' as const, index, id, ...cond },
      ];
    });
    if (ops.length > 0) await bulkWrite(this.ctx.es, ops);
  }

  /** The current versions of these reports (one `_mget`, real time), by `${firmId}:${date}`. */
  async getReports(
    keys: ReadonlyArray<{ firmId: string; date: string }>,
  ): Promise<Map<string, Versioned<ReportDoc>>> {
    const out = new Map<string, Versioned<ReportDoc>>();
    const ids = [...new Set(keys.map((k) => reportId(k.firmId, k.date)))];
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const res = await engineCall(() =>
        this.ctx.es.mget<ReportDoc>({ index: this.names.monitorReports, ids: chunk }),
      );
      for (const d of res.docs)
        if ('found' in d && d.found && d._source && d._seq_no !== undefined && d._primary_term !== undefined)
          out.set(d._id, { doc: d._source, seqNo: d._seq_no, primaryTerm: d._primary_term });
    }
    return out;
  }

  /**
   * {@link writeReport} for many reports in one `_bulk`: each written only if its stored version is still the
   * one given (`current`; none: only if it does not exist yet). True per item when written, false when another
   * writer came first.
   */
  async writeReportsBatch(
    items: ReadonlyArray<{ doc: ReportDoc; current?: Versioned<ReportDoc> }>,
  ): Promise<Array<WrittenReport | undefined>> {
    if (items.length === 0) return [];
    const index = this.names.monitorReports;
    const outcome = await bulkWrite(
      this.ctx.es,
      items.map(({ doc, current }) =>
        current
          ? {
              action: 'index' as const,
              index,
              id: reportId(doc.firmId, doc.date),
              doc,
              ifSeqNo: current.seqNo,
              ifPrimaryTerm: current.primaryTerm,
            }
          : { action: 'create' as const, index, id: reportId(doc.firmId, doc.date), doc },
      ),
    );
    const written = outcome.items.map((r) =>
      r.ok ? { seqNo: r.seqNo!, primaryTerm: r.primaryTerm! } : undefined,
    );
    const failed = outcome.items.find((r) => !r.ok && r.status !== 409);
    if (failed) {
      // All or nothing: the reports this batch did write are taken back before refusing it.
      await this.undoReports(items, written).catch(() => {});
      throw itemFailure(failed, 'report');
    }
    return written;
  }

  /** {@link recordHistory} for many reports in one `_bulk`. */
  async recordHistoryBatch(
    entries: ReadonlyArray<{ current: ReportHistoryDoc; previous?: ReportHistoryDoc }>,
  ): Promise<void> {
    if (entries.length === 0) return;
    const index = this.names.monitorReportHistory;
    const ops: Parameters<typeof bulkWrite>[1] = [];
    for (const { current, previous } of entries) {
      if (previous)
        ops.push({
          action: 'create',
          index,
          id: historyId(previous.firmId, previous.date, previous.version),
          doc: previous,
        });
      ops.push({
        action: 'index',
        index,
        id: historyId(current.firmId, current.date, current.version),
        doc: current,
      });
    }
    const outcome = await bulkWrite(this.ctx.es, ops);
    const failed = outcome.items.find((i) => !i.ok && i.status !== 409);
    if (failed) throw itemFailure(failed, 'report history');
  }

  /**
   * Records versions in the history: `current` (the one just written) by id, so repeating it is harmless, and
   * `previous` only if it is not there yet — a process that died between writing a report and its history
   * leaves that version out until the next write of the report puts it in.
   */
  recordHistory(current: ReportHistoryDoc, previous?: ReportHistoryDoc): Promise<void> {
    return this.recordHistoryBatch([previous ? { current, previous } : { current }]);
  }

  /**
   * The stored versions 1…`upTo` of a report, oldest first, read by id in real time (a version written a
   * moment ago is there without a refresh). A version whose record is missing is left out.
   */
  async history(firmId: string, date: string, upTo: number): Promise<ReportHistoryDoc[]> {
    if (upTo < 1) return [];
    const ids = Array.from({ length: upTo }, (_, i) => historyId(firmId, date, i + 1));
    const res = await engineCall(() =>
      this.ctx.es.mget<ReportHistoryDoc>({ index: this.names.monitorReportHistory, ids }),
    );
    return res.docs
      .flatMap((d) => ('found' in d && d.found && d._source ? [d._source] : []))
      .sort((a, b) => a.version - b.version);
  }

  /** Reports by firm and date range, newest day first then by firm. */
  async findReports(q: {
    firmId?: string;
    from?: string;
    to?: string;
    page: number;
    size: number;
  }): Promise<{ total: number; docs: ReportDoc[] }> {
    const filter: estypes.QueryDslQueryContainer[] = [];
    if (q.firmId) filter.push({ term: { firmId: q.firmId } });
    if (q.from || q.to)
      filter.push({
        range: { date: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } },
      });
    const page = await searchDocuments<ReportDoc>(this.ctx.es, {
      index: this.names.monitorReports,
      from: pageOffset(q.page, q.size),
      size: q.size,
      track_total_hits: true,
      query: { bool: { filter } },
      sort: [{ date: 'desc' }, { firmId: 'asc' }],
    });
    return { total: page.total, docs: page.docs };
  }

  /** The firms among `firmIds` that have a report for `date` (real time: by id). */
  async reportedOn(date: string, firmIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < firmIds.length; i += 5000) {
      const chunk = firmIds.slice(i, i + 5000);
      const res = await engineCall(() =>
        this.ctx.es.mget({
          index: this.names.monitorReports,
          ids: chunk.map((f) => reportId(f, date)),
          _source: false,
        }),
      );
      res.docs.forEach((d, j) => {
        if ('found' in d && d.found) out.add(chunk[j]!);
      });
    }
    return out;
  }

  /**
   * Reports of `date` under the follow-up thresholds: a key enterprise with 到岗率 below `keyOnPostBelow`
   * (a ratio), or any firm with more than `openPositionsAbove` open positions.
   */
  async underThresholds(
    date: string,
    t: { keyOnPostBelow: number; openPositionsAbove: number },
  ): Promise<ReportDoc[]> {
    const out: ReportDoc[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await searchDocuments<ReportDoc>(this.ctx.es, {
        index: this.names.monitorReports,
        size: 5000,
        query: {
          bool: {
            filter: [{ term: { date } }],
            should: [
              {
                bool: {
                  filter: [
                    { term: { isKeyEnterprise: true } },
                    { range: { onPostRatio: { lt: t.keyOnPostBelow } } },
                  ],
                },
              },
              { range: { openPositions: { gt: t.openPositionsAbove } } },
            ],
            minimum_should_match: 1,
          },
        },
        sort: [{ firmId: 'asc' }],
        ...(after ? { search_after: after } : {}),
      });
      out.push(...page.docs);
      if (page.hits.length < 5000) return out;
      after = page.hits.at(-1)?.sort;
    }
  }

  /**
   * Counts and sums per day from `from` to `to` (every day present, zeros where nothing was reported), and
   * per group of `groupField` within each day: one date_histogram with terms and sums, never the reports.
   */
  async dailyFigures(from: string, to: string, groupField?: string): Promise<DailyRaw[]> {
    const metrics: Record<string, estypes.AggregationsAggregationContainer> = {
      due: { filter: { term: { due: true } } },
      open: { filter: { term: { isOpen: true } } },
      employees: { sum: { field: 'employees' } },
      onPost: { sum: { field: 'onPost' } },
      openPositions: { sum: { field: 'openPositions' } },
      capacityWeight: { sum: { field: 'capacityWeight' } },
      onPostBuckets: { terms: { field: 'onPostBucket', size: ON_POST_BUCKETS.length } },
    };
    const groupAgg: Record<string, estypes.AggregationsAggregationContainer> = groupField
      ? {
          groups: {
            terms: {
              field: groupField,
              size: 1000,
              ...(groupField === 'isKeyEnterprise' ? {} : { missing: NO_GROUP }),
            },
            aggs: {
              ...metrics,
              ...(groupField === 'district.code'
                ? { name: { terms: { field: 'district.name', size: 1 } } }
                : {}),
            },
          },
        }
      : {};
    const res = await engineCall(() =>
      this.ctx.es.search({
        index: this.names.monitorReports,
        size: 0,
        query: { range: { date: { gte: from, lte: to } } },
        aggs: {
          days: {
            date_histogram: {
              field: 'date',
              calendar_interval: 'day',
              format: 'yyyy-MM-dd',
              min_doc_count: 0,
              extended_bounds: { min: from, max: to },
            },
            aggs: { ...metrics, ...groupAgg },
          },
        },
      }),
    );
    const days = (res.aggregations?.days as { buckets?: AggNode[] } | undefined)?.buckets ?? [];
    return days.map((b) => {
      const groups = new Map<string, RawFigures & { name?: string }>();
      for (const g of b.groups?.buckets ?? []) {
        const name = g.name?.buckets?.[0]?.key;
        groups.set(groupKey(g.key_as_string ?? g.key ?? null), {
          ...rawOf(g),
          ...(name !== undefined ? { name: String(name) } : {}),
        });
      }
      return { date: String(b.key_as_string), total: rawOf(b), groups };
    });
  }

  /** Every stored report of a date range (tests and the brute-force check only: the routes aggregate). */
  async allReports(from: string, to: string): Promise<ReportDoc[]> {
    const out: ReportDoc[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const res = await searchDocuments<ReportDoc>(this.ctx.es, {
        index: this.names.monitorReports,
        size: 5000,
        query: { range: { date: { gte: from, lte: to } } },
        sort: [{ firmId: 'asc' }, { date: 'asc' }],
        ...(after ? { search_after: after } : {}),
      });
      out.push(...res.docs);
      if (res.hits.length < 5000) return out;
      after = res.hits.at(-1)?.sort;
    }
  }

  /** How many reports exist (all days). */
  async countReports(): Promise<number> {
    const res = await engineCall(() =>
      this.ctx.es.search({ index: this.names.monitorReports, size: 0, track_total_hits: true }),
    );
    return totalHits(res.hits.total);
  }
}

/** The parts of an aggregation response read here. */
interface AggNode {
  key?: string | number;
  key_as_string?: string;
  doc_count?: number;
  value?: number | null;
  buckets?: AggNode[];
  due?: AggNode;
  open?: AggNode;
  employees?: AggNode;
  onPost?: AggNode;
  openPositions?: AggNode;
  capacityWeight?: AggNode;
  groups?: AggNode;
  name?: AggNode;
  onPostBuckets?: AggNode;
}

function rawOf(n: AggNode): RawFigures {
  const buckets = { ge90: 0, from50to90: 0, lt50: 0, none: 0 } as Record<OnPostBucket, number>;
  for (const b of n.onPostBuckets?.buckets ?? []) {
    const k = String(b.key) as OnPostBucket;
    if (k in buckets) buckets[k] = b.doc_count ?? 0;
  }
  return {
    reports: n.doc_count ?? 0,
    dueReports: n.due?.doc_count ?? 0,
    open: n.open?.doc_count ?? 0,
    employees: n.employees?.value ?? 0,
    onPost: n.onPost?.value ?? 0,
    openPositions: n.openPositions?.value ?? 0,
    capacityWeight: n.capacityWeight?.value ?? 0,
    buckets,
  };
}

/** A group's key as a string: booleans as `true`/`false` (the engine answers 1/0 or "true"), none as NO_GROUP. */
function groupKey(k: string | number | boolean | null): string {
  if (k === null || k === undefined) return NO_GROUP;
  if (k === 1 || k === true || k === 'true') return 'true';
  if (k === 0 || k === false || k === 'false') return 'false';
  return String(k);
}
