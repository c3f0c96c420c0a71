/**
 * Loads the demo campaign (firms, fairs, vacancies, workers from @fugong/demo) into the platform's indices.
 * Vacancies go through the ingest write path (`writeVacancies`, in batches), so they are normalised,
 * fingerprinted and in the change feed like any upload; firms, fairs and workers are written as their PUT
 * routes store them. Idempotent: a marker in Redis plus the index counts let a second run skip at once;
 * `--force` reloads, and then every vacancy reports "unchanged".
 *
 *   pnpm exec tsx scripts/load-demo.ts [--scale demo|N] [--base-date YYYY-MM-DD] [--force]
 */
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import {
  DEMO_DEFAULTS,
  DEMO_VERSION,
  type DemoOptions,
  demoFair,
  demoFirm,
  demoMonitoredFirms,
  demoMonitorReports,
  demoStream,
  demoVacancy,
  demoWorker,
  MONITOR_DEMO_DEFAULTS,
  type MonitorReport,
} from '@fugong/demo';
import { fairDocument, firmDocument, workerDocuments } from '@fugong/documents';
import { type Runtime, createRuntime } from '@fugong/http';
import { type BulkOp, allIndices, bulkWrite, ensureIndices } from '@fugong/search';
import { resolvePlace } from '@fugong/text';
import { createVacancyWriter } from '@fugong/ingest/vacancy-writer';
import { dimensionsOf, writeReport } from '@fugong/monitor/reports';
import { enqueueIntention, IntentionQueues, intentionJob, type IntentionJobDraft } from '@fugong/queue';
import type { MonitoredFirmInput } from '@fugong/schemas';
import { createStores, type FirmDoc, type MonitoredFirmDoc } from '@fugong/stores';

export interface LoadDemoOptions {
  /** `demo`: the default campaign (20,000 vacancies, 10,000 workers); a number: that many vacancies, half as many workers. */
  scale?: 'demo' | number;
  /** Dates are relative to this day (default today), so the demo's vacancies are open when loaded. */
  baseDate?: string;
  /** Reload even if the marker says this campaign is loaded. */
  force?: boolean;
  /** Progress lines go here (default: nowhere). */
  log?: (line: string) => void;
}

export interface LoadDemoResult {
  skipped: boolean;
  firms: number;
  fairs: number;
  workers: number;
  vacancies: Record<'created' | 'updated' | 'unchanged' | 'duplicate' | 'rejected', number>;
  seconds: number;
}

/**
 * The environment for a demo loader's runtime: a batch job, not a request, so an engine slowed by a busy
 * machine (every core taken by other work while a cluster forms) gets a minute per request before the load
 * gives up, instead of a request handler's few seconds. An ENGINE_TIMEOUT_MS set longer is kept.
 */
export function loaderEnv<E extends { ENGINE_TIMEOUT_MS: number }>(env: E): E {
  return { ...env, ENGINE_TIMEOUT_MS: Math.max(env.ENGINE_TIMEOUT_MS, 60_000) };
}

/** Loads (or skips, when already loaded) the demo campaign. The caller owns `rt` and closes it. */
export async function loadDemoData(rt: Runtime, opts: LoadDemoOptions = {}): Promise<LoadDemoResult> {
  const started = Date.now();
  const o = demoOptions(opts);
  const log = opts.log ?? (() => {});
  const marker = `${rt.env.INDEX_PREFIX}:demo:loaded`;
  const wanted = JSON.stringify({
    version: DEMO_VERSION,
    seed: o.seed,
    firms: o.firms,
    fairs: o.fairs,
    vacancies: o.vacancies,
    workers: o.workers,
  });
  const vacancies = { created: 0, updated: 0, unchanged: 0, duplicate: 0, rejected: 0 };
  if (opts.scale === undefined || opts.scale === 'demo') await loadDemoMonitoring(rt, o, opts);
  if (!opts.force && (await alreadyLoaded(rt, marker, wanted))) {
    return {
      skipped: true,
      firms: o.firms,
      fairs: o.fairs,
      workers: o.workers,
      vacancies,
      seconds: (Date.now() - started) / 1000,
    };
  }
  const now = new Date();
  await writeDemoFirmsAndFairs(rt, o, now);
  log(`firms ${o.firms}, fairs ${o.fairs} written`);

  const writer = createVacancyWriter(rt, {
    batchSize: 500,
    concurrency: 2,
    fieldName: (p) => p,
    now,
    emit: (r) => {
      vacancies[r.result]++;
    },
  });
  let index = 0;
  for (const v of demoStream(o.vacancies, (i) => demoVacancy(o, i))) {
    await writer.add({
      write: { index: index++, firmId: v.firmId, externalRef: v.externalRef, input: v.input },
    });
  }
  await writer.finish();
  if (writer.failure !== undefined) throw writer.failure;
  log(`vacancies: ${JSON.stringify(vacancies)}`);

  // Private document before the searchable one in the same request, as the worker route does.
  await writeAll(
    rt,
    demoStream(o.workers, (i) => {
      const w = demoWorker(o, i);
      const { doc, privateDoc } = workerDocuments(w.id, w.input, now);
      return [
        { action: 'index', index: rt.names.workerPrivate, id: w.id, doc: privateDoc },
        { action: 'index', index: rt.names.workers, id: w.id, doc },
      ] satisfies BulkOp[];
    }),
    1000,
  );
  log(`workers ${o.workers} written`);
  await rt.es.indices.refresh({ index: [rt.names.vacancies, rt.names.workers, rt.names.workerPrivate] });
  if (opts.scale === undefined || opts.scale === 'demo') {
    const n = await enqueueDemoIntentions(rt, o, now);
    log(
      `intentions: ${n.applications} applications, ${n.firmSide} shortlists and offers queued over 30 days`,
    );
  }
  // The marker records what was stored (the generator's few same-fingerprint postings are duplicates).
  const storedVacancies = vacancies.created + vacancies.updated + vacancies.unchanged;
  await rt.redis.set(marker, JSON.stringify({ wanted, vacancies: storedVacancies, workers: o.workers }));
  return {
    skipped: false,
    firms: o.firms,
    fairs: o.fairs,
    workers: o.workers,
    vacancies,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Writes the campaign's firms and fairs as their PUT routes store them, visible to lookups on return. */
export async function writeDemoFirmsAndFairs(rt: Runtime, o: DemoOptions, now: Date): Promise<void> {
  await writeAll(
    rt,
    demoStream(o.firms, (i) => firmOp(rt, demoFirm(o, i), now)),
    500,
  );
  await writeAll(
    rt,
    demoStream(o.fairs, (i) => fairOp(rt, demoFair(o, i), now)),
    500,
  );
  // Vacancies refer to firms and fairs: make those visible to the write path's lookups first.
  await rt.es.indices.refresh({ index: [rt.names.firms, rt.names.fairs] });
}

function demoOptions(opts: LoadDemoOptions): DemoOptions {
  const base = { ...DEMO_DEFAULTS, ...(opts.baseDate ? { baseDate: opts.baseDate } : {}) };
  if (opts.scale === undefined || opts.scale === 'demo') return base;
  return { ...base, vacancies: opts.scale, workers: Math.max(1, Math.round(opts.scale / 2)) };
}

/** The marker names this campaign and the engine still holds at least what the marker says was stored. */
async function alreadyLoaded(rt: Runtime, marker: string, wanted: string): Promise<boolean> {
  const raw = await rt.redis.get(marker);
  const m = raw ? (JSON.parse(raw) as { wanted?: string; vacancies?: number; workers?: number }) : undefined;
  if (!m || m.wanted !== wanted) return false;
  const [v, w] = await Promise.all([
    rt.es.count({ index: rt.names.vacancies, query: { prefix: { firmId: 'zz-firm-' } } }),
    rt.es.count({ index: rt.names.workers, query: { prefix: { id: 'zz-worker-' } } }),
  ]);
  return (
    v.count >= (m.vacancies ?? Number.POSITIVE_INFINITY) && w.count >= (m.workers ?? Number.POSITIVE_INFINITY)
  );
}

/** Writes ops in `_bulk` requests of `size` ops (two at a time); any refused op stops the load. */
async function writeAll(rt: Runtime, ops: Iterable<BulkOp | BulkOp[]>, size: number): Promise<void> {
  let batch: BulkOp[] = [];
  const inflight: Array<Promise<void>> = [];
  // Two minutes a batch: just after the indices are created a busy cluster may still be allocating their
  // shards, and the engine holds a write up to a minute for a primary before it answers.
  const send = (b: BulkOp[]) =>
    bulkWrite(rt.es, b, { requestTimeoutMs: 120_000 }).then((res) => {
      const bad = res.items.find((i) => !i.ok);
      if (bad) throw new Error(`demo load: ${bad.id} refused: ${bad.errorType} ${bad.errorReason}`);
    });
  for (const op of ops) {
    batch.push(...(Array.isArray(op) ? op : [op]));
    if (batch.length >= size) {
      inflight.push(send(batch));
      batch = [];
      if (inflight.length >= 2) await inflight.shift();
    }
  }
  if (batch.length > 0) inflight.push(send(batch));
  await Promise.all(inflight);
}

/** A firm as PUT /v1/firms/{id} stores it (the demo's inputs are valid: codes checked in its own tests). */
function firmOp(rt: Runtime, f: ReturnType<typeof demoFirm>, now: Date): BulkOp {
  const place = f.input.place.district ? resolvePlace(f.input.place.district) : undefined;
  return { action: 'index', index: rt.names.firms, id: f.id, doc: firmDocument(f.id, f.input, place, now) };
}

/** A fair as PUT /v1/fairs/{id} stores it. */
function fairOp(rt: Runtime, f: ReturnType<typeof demoFair>, now: Date): BulkOp {
  return { action: 'index', index: rt.names.fairs, id: f.id, doc: fairDocument(f.id, f.input, now) };
}

/**
 * The demo campaign's resumption monitoring (issue #11): its 108 monitored firms (the 21 key enterprises and
 * 87 others) marked as the bureau's PUT /v1/monitor/firms stores them, and their 60 days of reports through
 * the monitor's own writer (`writeReport`: validated, versioned, with history), so a late correction arrives
 * as a second version. Runs with the demo scale only (a numeric scale sizes vacancies for benches and the
 * fuzzer, which do not need it). Idempotent: its own marker plus the report count let a second run skip; a
 * forced run writes a report only where none is stored (the rest answer "unchanged"), so history is not doubled.
 */
export async function loadDemoMonitoring(
  rt: Runtime,
  o: DemoOptions,
  opts: Pick<LoadDemoOptions, 'force' | 'log'> = {},
): Promise<{
  skipped: boolean;
  firms: number;
  reports: Record<'created' | 'updated' | 'unchanged', number>;
}> {
  const log = opts.log ?? (() => {});
  const m = { ...MONITOR_DEMO_DEFAULTS, seed: o.seed, baseDate: o.baseDate };
  const stores = createStores(rt);
  const marker = `${rt.env.INDEX_PREFIX}:demo:monitor:loaded`;
  // The window is not part of what is wanted: like the vacancies, the reports stay at the day first loaded.
  const wanted = JSON.stringify({ seed: m.seed, firms: m.firms, days: m.days });
  const reports = { created: 0, updated: 0, unchanged: 0 };
  const raw = await rt.redis.get(marker);
  const loaded = raw ? (JSON.parse(raw) as { wanted?: string; reports?: number }) : undefined;
  if (
    !opts.force &&
    loaded?.wanted === wanted &&
    (await stores.monitor.countReports()) >= (loaded.reports ?? Number.POSITIVE_INFINITY)
  )
    return { skipped: true, firms: m.firms, reports };

  const now = new Date();
  const firms = demoMonitoredFirms(m, o);
  // The monitored firms must be registered: on a first run the demo's firms are not written yet.
  if ((await stores.firms.existing(firms.map((f) => f.id))).size < firms.length)
    await writeDemoFirmsAndFairs(rt, o, now);
  const registered = await stores.firms.getMany(firms.map((f) => f.id));
  const hadReports = (await stores.monitor.countReports()) > 0;
  const marked = new Map(
    firms.map((f) => [f.id, monitoredFirmDoc(f.id, registered.get(f.id)!, f.input, now)]),
  );
  await writeAll(
    rt,
    [...marked.values()].map((doc) => ({
      action: 'index' as const,
      index: rt.names.monitoredFirms,
      id: doc.firmId,
      doc,
    })),
    500,
  );
  await rt.es.indices.refresh({ index: rt.names.monitoredFirms });
  // A re-mark may move the period: the stored reports' due flags follow, as after the route.
  if (hadReports) for (const doc of marked.values()) await stores.monitor.refreshDue(doc.firmId, doc);
  log(`monitoring: ${firms.length} monitored firms marked`);

  // The versions of one firm-day are adjacent in the stream: written in order, eight firm-days at a time.
  const write = async (versions: MonitorReport[]) => {
    const stored = await stores.monitor.getReport(versions[0]!.firmId, versions[0]!.date);
    for (const r of stored ? versions.slice(-1) : versions) {
      const out = await writeReport(
        stores,
        {
          firmId: r.firmId,
          date: r.date,
          input: r.input,
          recordedBy: {
            source: r.source,
            keyId: 'demo',
            ...(r.source === 'bureau_phone' ? { user: '就业服务中心（演示）' } : {}),
          },
          // Both records were just read or written here: the writer need not fetch them per report.
          known: { firm: registered.get(r.firmId) ?? null, monitored: marked.get(r.firmId) ?? null },
        },
        now,
      );
      if (!out.ok) throw new Error(`demo monitoring: ${r.firmId} ${r.date}: ${JSON.stringify(out.problems)}`);
      reports[out.result]++;
    }
  };
  const inflight = new Set<Promise<void>>();
  let group: MonitorReport[] = [];
  let firmDays = 0;
  const flush = async () => {
    if (group.length === 0) return;
    const p = write(group);
    group = [];
    firmDays++;
    inflight.add(p);
    void p.then(
      () => inflight.delete(p),
      () => {},
    );
    if (inflight.size >= 8) await Promise.race(inflight);
  };
  for (const r of demoMonitorReports(m, o)) {
    if (group.length > 0 && (group[0]!.firmId !== r.firmId || group[0]!.date !== r.date)) await flush();
    group.push(r);
  }
  await flush();
  await Promise.all(inflight);
  await rt.es.indices.refresh({ index: [rt.names.monitorReports, rt.names.monitorReportHistory] });
  await rt.redis.set(marker, JSON.stringify({ wanted, reports: firmDays }));
  log(`monitoring: reports ${JSON.stringify(reports)}`);
  return { skipped: false, firms: firms.length, reports };
}

/** A monitored firm as PUT /v1/monitor/firms/{id} stores it, with the firm's dimensions from its record. */
export function monitoredFirmDoc(
  firmId: string,
  firm: FirmDoc,
  input: MonitoredFirmInput,
  now: Date,
): MonitoredFirmDoc {
  const weekdays =
    input.frequency === 'daily'
      ? [1, 2, 3, 4, 5, 6, 7]
      : [...new Set(input.frequency.weekdays)].sort((a, b) => a - b);
  return {
    firmId,
    frequency: input.frequency === 'daily' ? 'daily' : { weekdays },
    weekdays,
    schedule: weekdays.join(','),
    startDate: input.startDate,
    ...(input.endDate ? { endDate: input.endDate } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...dimensionsOf(firm),
    markedBy: { keyId: 'demo' },
    markedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scaleArg = arg('--scale');
  const scale = scaleArg === undefined || scaleArg === 'demo' ? 'demo' : Number(scaleArg);
  if (scale !== 'demo' && !(Number.isInteger(scale) && scale > 0))
    throw new Error('--scale: demo or a positive number of vacancies');
  const env = parseEnv(baseEnvSchema);
  const rt = createRuntime(loaderEnv(env), 'load-demo');
  try {
    await ensureIndices(rt.es, env.INDEX_PREFIX, allIndices);
    const baseDate = arg('--base-date');
    const res = await loadDemoData(rt, {
      scale,
      ...(baseDate ? { baseDate } : {}),
      force: args.includes('--force'),
      log: (l) => console.error(l),
    });
    console.log(JSON.stringify(res));
  } finally {
    await rt.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

/**
 * Thirty days of a campaign's intentions, so the dashboards, fair counters and "my applications" have
 * something to show on first start: seekers apply (more each day as the campaign builds up), firms shortlist
 * or offer some of them a day or two later, and firms approach a few seekers who never applied. They are
 * queued as the matcher queues them (same job builder, dated in the past) and recorded by the intent worker
 * once it starts; keys are idempotent, so a reload adds nothing twice. Acceptances are left out: the worker
 * would refuse one whose offer it has not recorded yet.
 */
async function enqueueDemoIntentions(
  rt: Runtime,
  o: DemoOptions,
  now: Date,
): Promise<{ applications: number; firmSide: number }> {
  let state = (o.seed ^ 0x9e3779b9) >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pairs = 2400;
  const picks = Array.from({ length: pairs }, () => ({
    v: Math.floor(random() * o.vacancies),
    w: Math.floor(random() * o.workers),
    // Days before today (1–30: today's figures are the live platform's own); the campaign builds up, so
    // recent days have more.
    daysAgo: 1 + Math.floor(30 * random() ** 1.6),
    minute: 8 * 60 + Math.floor(random() * 11 * 60),
    applied: random() < 0.9,
    firm: random(),
  }));
  const ids = picks.map((p) => {
    const v = demoVacancy(o, p.v);
    return `${v.firmId}:${v.externalRef}`;
  });
  const found = await rt.es.mget<{
    firmId: string;
    fairIds?: string[];
    keyEnterprise?: boolean;
    workPlace?: { code?: string };
  }>({
    index: rt.names.vacancies,
    ids: [...new Set(ids)],
    _source: ['firmId', 'fairIds', 'keyEnterprise', 'workPlace.code'],
  });
  const stored = new Map(
    found.docs.flatMap((d) => ('found' in d && d.found && d._source ? [[d._id, d._source] as const] : [])),
  );
  const queues = new IntentionQueues(rt.redis, rt.env.QUEUE_PREFIX, rt.env.INTENT_QUEUE_PARTITIONS);
  // Each job to its pair's partition, as the matcher sends them.
  const enqueue = (draft: IntentionJobDraft) => {
    const job = intentionJob(draft);
    return enqueueIntention(queues.forJob(job), job);
  };
  const at = (daysAgo: number, minute: number): string => {
    const local = new Date(now.getTime() + 8 * 3600_000 - daysAgo * 86400_000);
    const date = local.toISOString().slice(0, 10);
    const stamp = new Date(
      `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08:00`,
    );
    return (stamp > now ? now : stamp).toISOString();
  };
  let applications = 0;
  let firmSide = 0;
  try {
    for (const [k, p] of picks.entries()) {
      const vacancy = stored.get(ids[k]!);
      if (!vacancy) continue; // a same-fingerprint posting the writer dropped
      const worker = demoWorker(o, p.w);
      const common = {
        vacancyId: ids[k]!,
        workerId: worker.id,
        firmId: vacancy.firmId,
        headcount: 1,
        fairIds: vacancy.fairIds ?? [],
        ...(vacancy.workPlace?.code ? { districtCode: vacancy.workPlace.code } : {}),
        priorityGroups: worker.input.priorityGroups ?? [],
        keyEnterprise: vacancy.keyEnterprise ?? false,
      };
      if (p.applied) {
        await enqueue({
          ...common,
          kind: 'application',
          actor: { role: 'site', keyId: 'demo' },
          at: at(p.daysAgo, p.minute),
        });
        applications++;
      }
      // A firm answers about half of the applications (a shortlist, sometimes straight an offer) a day or two
      // later, and approaches a few seekers on its own.
      const answers = p.applied ? p.firm < 0.5 : true;
      if (answers) {
        const later = Math.max(1, p.daysAgo - (p.firm < 0.25 ? 1 : 2));
        await enqueue({
          ...common,
          kind: p.firm < 0.15 ? 'offer' : 'shortlist',
          actor: { role: 'employer', keyId: 'demo' },
          at: at(later, Math.min(p.minute + 90, 19 * 60)),
        });
        firmSide++;
      }
    }
  } finally {
    await queues.close();
  }
  return { applications, firmSide };
}
