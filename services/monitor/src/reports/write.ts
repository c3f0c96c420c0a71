import {
  AppError,
  CalendarDay,
  Id,
  type Report,
  ReportInput,
  type ReportRecordedBy,
  reportProblems,
  ValidationError,
} from '@fugong/schemas';
import {
  type FirmDimensions,
  type FirmDoc,
  type FirmStore,
  type MonitoredFirmDoc,
  type MonitorStore,
  onPostBucketOf,
  type ReportDoc,
  type ReportHistoryDoc,
  type Versioned,
  type WrittenReport,
} from '@fugong/stores';
import type { z } from 'zod';
import { isDue, isoWeekday, localDay, TIME_ZONE } from '../time.ts';

/**
 * Writing one firm's report for one day: the rules the PUT route and the spreadsheet upload share. A report
 * is accepted from a registered, monitored firm for a day of its monitoring period that is not after today
 * in Asia/Shanghai. A resubmission replaces it (the previous versions stay in the history); an identical one
 * changes nothing. Writes are optimistic (if_seq_no / if_primary_term, op_type create for the first
 * version): of two racing writers one wins and the other re-reads and writes the next version, so no
 * version is lost and none is overwritten silently.
 */

export interface MonitorDeps {
  monitor: MonitorStore;
  firms: FirmStore;
}

export type RecordedBy = z.infer<typeof ReportRecordedBy>;

export interface WriteRequest {
  firmId: string;
  date: string;
  /** The report as sent (validated here: the route's parsed body and a spreadsheet row alike). */
  input: unknown;
  recordedBy: RecordedBy;
  /**
   * The firm's record and monitoring record when the caller has already read them (a spreadsheet upload reads
   * every row's at once); `null` = known to be absent. Read here when left out.
   */
  known?: { firm: FirmDoc | null; monitored: MonitoredFirmDoc | null };
}

/** Why a report was refused: invalid input (400), no such firm (404), or a firm not monitored then (409). */
export type WriteProblemCode = 'invalid' | 'unknown_firm' | 'not_monitored';

export interface WriteProblem {
  field: string;
  message: string;
}

export type WriteOutcome =
  | { ok: true; result: 'created' | 'updated' | 'unchanged'; report: Report }
  | { ok: false; code: WriteProblemCode; problems: WriteProblem[] };

/**
 * The reports a request of many writes has written so far, each with the version it replaced and what the write
 * made: what {@link MonitorStore.undoReports} needs to take them all back if a later write of the same request is
 * refused (the spreadsheet upload, which writes in batches).
 */
export type WrittenLog = Array<{ doc: ReportDoc; current?: Versioned<ReportDoc>; written: WrittenReport }>;

/** The fields of a report's input, in schema order: what "changed" compares and what a view shows. */
export const INPUT_FIELDS = Object.keys(ReportInput.shape) as Array<keyof ReportInput>;

/** How long a write keeps retrying against concurrent writers of the same report before a 503. */
const CONTENTION_MS = 15_000;

/** Sets (difficulties, policy needs) in one order, so the same answers in another order are not a change. */
function normalise(input: ReportInput): ReportInput {
  return {
    ...input,
    difficulties: [...input.difficulties].sort(),
    policyNeeds: [...input.policyNeeds].sort(),
  };
}

/** The input part of a stored report. */
export function inputOf(doc: ReportDoc): ReportInput {
  const out: Record<string, unknown> = {};
  for (const k of INPUT_FIELDS) if (doc[k] !== undefined) out[k] = doc[k];
  return out as ReportInput;
}

/** The fields whose values differ between two inputs (`undefined` before = every field given now). */
export function changedFields(before: ReportInput | undefined, after: ReportInput): string[] {
  return INPUT_FIELDS.filter((k) =>
    before === undefined
      ? after[k] !== undefined
      : JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
  );
}

/** The report as returned by the API: its input, firm, day, version and who entered it when. */
export function reportView(doc: ReportDoc): Report {
  return {
    ...inputOf(doc),
    firmId: doc.firmId,
    date: doc.date,
    version: doc.version,
    recordedBy: doc.recordedBy,
    recordedAt: doc.recordedAt,
  };
}

/** The dimensions the indicators group by, from the firm's current record. */
export function dimensionsOf(firm: FirmDoc): FirmDimensions {
  const place = firm.place as { code?: string; name?: string } | undefined;
  return {
    ...(place?.code ? { district: { code: place.code, ...(place.name ? { name: place.name } : {}) } } : {}),
    ...(firm.industry ? { industry: firm.industry } : {}),
    ...(firm.size ? { size: firm.size } : {}),
    isKeyEnterprise: Boolean(firm.isKeyEnterprise),
  };
}

const historyOf = (doc: ReportDoc): ReportHistoryDoc => ({
  firmId: doc.firmId,
  date: doc.date,
  version: doc.version,
  changed: doc.changed,
  recordedBy: doc.recordedBy,
  recordedAt: doc.recordedAt,
  report: inputOf(doc),
});

/** The syntactic and cross-field problems of a request, before anything is read. */
export function requestProblems(req: Pick<WriteRequest, 'firmId' | 'date' | 'input'>, now: Date) {
  const problems: WriteProblem[] = [];
  if (!Id.safeParse(req.firmId).success) problems.push({ field: 'firmId', message: 'not a valid firm id' });
  const day = CalendarDay.safeParse(req.date);
  if (!day.success) problems.push({ field: 'date', message: day.error.issues[0]?.message ?? 'invalid date' });
  else if (req.date > localDay(now))
    problems.push({
      field: 'date',
      message: `${req.date} is after today (${localDay(now)} in ${TIME_ZONE}): a report is for a day that has begun`,
    });
  const parsed = ReportInput.safeParse(req.input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.') || '(root)';
      problems.push({
        field,
        message:
          issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
      });
    }
    return { problems };
  }
  problems.push(...reportProblems(parsed.data));
  return { problems, input: normalise(parsed.data) };
}

type Refusal = Extract<WriteOutcome, { ok: false }>;

/** The refusal for a firm that is not registered, not monitored, or not monitored on that date; else null. */
function placeProblem(
  firmId: string,
  date: string,
  firm: FirmDoc | undefined,
  monitored: MonitoredFirmDoc | undefined,
): Refusal | null {
  if (!firm)
    return {
      ok: false,
      code: 'unknown_firm',
      problems: [{ field: 'firmId', message: `unknown firm ${firmId}: the bureau registers firms first` }],
    };
  if (!monitored)
    return {
      ok: false,
      code: 'not_monitored',
      problems: [
        {
          field: 'firmId',
          message: `firm ${firmId} is not monitored: the bureau marks it (PUT /v1/monitor/firms/${firmId}) first`,
        },
      ],
    };
  if (date < monitored.startDate || (monitored.endDate !== undefined && date > monitored.endDate))
    return {
      ok: false,
      code: 'not_monitored',
      problems: [
        {
          field: 'date',
          message: `firm ${firmId} is monitored from ${monitored.startDate}${
            monitored.endDate ? ` to ${monitored.endDate}` : ''
          }; ${date} is outside that period`,
        },
      ],
    };
  return null;
}

/** What to write over `current` (undefined: the first version), or null when nothing changed. */
function nextVersion(
  req: WriteRequest,
  input: ReportInput,
  firm: FirmDoc,
  monitored: MonitoredFirmDoc,
  current: ReportDoc | undefined,
): ReportDoc | null {
  const changed = changedFields(current ? inputOf(current) : undefined, input);
  if (current && changed.length === 0) return null;
  return {
    ...input,
    firmId: req.firmId,
    date: req.date,
    version: (current?.version ?? 0) + 1,
    recordedBy: req.recordedBy,
    recordedAt: new Date().toISOString(),
    ...dimensionsOf(firm),
    weekday: isoWeekday(req.date),
    due: isDue(monitored, req.date),
    isOpen: input.status !== 'not_operating',
    capacityWeight: input.capacityPct * input.employees,
    onPostRatio: input.employees > 0 ? input.onPost / input.employees : null,
    onPostBucket: onPostBucketOf(input.onPost, input.employees),
    changed,
  };
}

/**
 * Validates and stores one report (see the module comment for the rules). `now` decides "today"; the
 * outcome is the stored report with whether it was created, updated or left unchanged, or the problems.
 */
export async function writeReport(
  deps: MonitorDeps,
  req: WriteRequest,
  now: Date = new Date(),
  log?: WrittenLog,
): Promise<WriteOutcome> {
  const checked = requestProblems(req, now);
  if (checked.problems.length > 0 || !checked.input)
    return { ok: false, code: 'invalid', problems: checked.problems };
  const input = checked.input;
  const { firmId, date } = req;
  const [firm, monitored] = req.known
    ? [req.known.firm ?? undefined, req.known.monitored ?? undefined]
    : await Promise.all([deps.firms.get(firmId), deps.monitor.getFirm(firmId)]);
  const refused = placeProblem(firmId, date, firm, monitored);
  if (refused || !firm || !monitored) return refused!;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const current = await deps.monitor.getReport(firmId, date);
    const doc = nextVersion(req, input, firm, monitored, current?.doc);
    if (!doc) return { ok: true, result: 'unchanged', report: reportView(current!.doc) };
    const written = await deps.monitor.writeReport(doc, current);
    if (written) {
      try {
        await deps.monitor.recordHistory(historyOf(doc), current ? historyOf(current.doc) : undefined);
      } catch (err) {
        // A report whose history was not written would be a half-written change: take it back, then refuse.
        await deps.monitor.undoReports([{ doc, current }], [written]).catch(() => {});
        throw err;
      }
      log?.push({ doc, ...(current ? { current } : {}), written });
      return { ok: true, result: current ? 'updated' : 'created', report: reportView(doc) };
    }
    if (Date.now() - started > CONTENTION_MS)
      throw new AppError(503, 'contention', 'this report is under heavy concurrent change; retry', {
        firmId,
        date,
      });
    // Lost the race: back off a little (more as it persists) and decide again on what the winner wrote.
    await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * 2 ** Math.min(attempt, 10))));
  }
}

/**
 * Many reports at once (a spreadsheet upload), by the rules of {@link writeReport} and with the same outcomes,
 * in the order given — in a few engine round trips instead of several per report: the firms, monitoring
 * records and current versions are read with one `_mget` each, the new versions written with one `_bulk` (each
 * still conditional on the version read: if_seq_no / op_type create), their history with another. A report
 * another writer changed in between, and a second report for the same firm and day, go through writeReport one
 * by one afterwards, in order, so the later one is the newer version.
 */
export async function writeReports(
  deps: MonitorDeps,
  reqs: readonly WriteRequest[],
  now: Date = new Date(),
  log?: WrittenLog,
): Promise<WriteOutcome[]> {
  const out = new Array<WriteOutcome>(reqs.length);
  const checked = reqs.map((req) => requestProblems(req, now));
  const unknownIds = reqs.filter((r, i) => !r.known && checked[i]!.input).map((r) => r.firmId);
  const [firms, monitoredFirms] = await Promise.all([
    deps.firms.getMany(unknownIds),
    deps.monitor.getFirms(unknownIds),
  ]);
  const placed: Array<{ i: number; input: ReportInput; firm: FirmDoc; monitored: MonitoredFirmDoc }> = [];
  const later: number[] = [];
  const seen = new Set<string>();
  reqs.forEach((req, i) => {
    const c = checked[i]!;
    if (c.problems.length > 0 || !c.input) {
      out[i] = { ok: false, code: 'invalid', problems: c.problems };
      return;
    }
    const firm = req.known ? (req.known.firm ?? undefined) : firms.get(req.firmId);
    const monitored = req.known ? (req.known.monitored ?? undefined) : monitoredFirms.get(req.firmId);
    const refused = placeProblem(req.firmId, req.date, firm, monitored);
    if (refused || !firm || !monitored) {
      out[i] = refused!;
      return;
    }
    const key = `${req.firmId}:${req.date}`;
    if (seen.has(key)) later.push(i);
    else {
      seen.add(key);
      placed.push({ i, input: c.input, firm, monitored });
    }
  });
  const current = await deps.monitor.getReports(placed.map((p) => reqs[p.i]!));
  const writes: Array<{ i: number; doc: ReportDoc; current?: Versioned<ReportDoc> }> = [];
  for (const p of placed) {
    const req = reqs[p.i]!;
    const cur = current.get(`${req.firmId}:${req.date}`);
    const doc = nextVersion(req, p.input, p.firm, p.monitored, cur?.doc);
    if (!doc) out[p.i] = { ok: true, result: 'unchanged', report: reportView(cur!.doc) };
    else writes.push({ i: p.i, doc, ...(cur ? { current: cur } : {}) });
  }
  const written = await deps.monitor.writeReportsBatch(writes);
  const history: Array<{ current: ReportHistoryDoc; previous?: ReportHistoryDoc }> = [];
  writes.forEach((w, k) => {
    if (!written[k]) {
      later.push(w.i);
      return;
    }
    out[w.i] = { ok: true, result: w.current ? 'updated' : 'created', report: reportView(w.doc) };
    history.push({
      current: historyOf(w.doc),
      ...(w.current ? { previous: historyOf(w.current.doc) } : {}),
    });
  });
  try {
    await deps.monitor.recordHistoryBatch(history);
  } catch (err) {
    await deps.monitor.undoReports(writes, written).catch(() => {});
    throw err;
  }
  writes.forEach((w, k) => {
    const done = written[k];
    if (done) log?.push({ doc: w.doc, ...(w.current ? { current: w.current } : {}), written: done });
  });
  for (const i of later.sort((a, b) => a - b)) {
    const req = reqs[i]!;
    const known = req.known ?? {
      firm: firms.get(req.firmId) ?? null,
      monitored: monitoredFirms.get(req.firmId) ?? null,
    };
    out[i] = await writeReport(deps, { ...req, known }, now, log);
  }
  return out;
}

/** The HTTP error of a refused write: 400 invalid, 404 unknown firm, 409 not monitored; each names the field. */
export function writeError(outcome: Extract<WriteOutcome, { ok: false }>): AppError {
  const issues = outcome.problems.map((p) => ({ path: p.field, message: p.message }));
  const first = outcome.problems[0];
  const message = first ? `${first.field}: ${first.message}` : 'invalid report';
  if (outcome.code === 'unknown_firm') return new AppError(404, 'not_found', message, { issues });
  if (outcome.code === 'not_monitored') return new AppError(409, 'not_monitored', message, { issues });
  return new ValidationError(message, issues);
}
