/**
 * `pnpm bench monitor [--firms 10000] [--days 90] [--writer-sample 5000] [--concurrency 32] [--batch 2000]
 * [--calls 30] [--upload-rows 10000]`: resumption monitoring (issue #11) at city scale, in its own index
 * prefix on the engine in ELASTICSEARCH_URL, the monitor app in this process (startTestService).
 *
 * 1. Registers N synthetic firms (@fugong/demo `monitorCampaign`, across the city's districts and industries)
 *    and marks them monitored as PUT /v1/monitor/firms stores them.
 * 2. Loads N × D daily reports (every firm every day, ~2 % late corrections as second versions) through the
 *    monitor's own writer: the first `--writer-sample` one at a time as PUT /v1/monitor/reports does
 *    (`writeReport`, `--concurrency` firm-days in flight), all the rest in batches as the spreadsheet upload
 *    does (`writeReports`, `--batch` reports a call, two in flight). Baseline in the same run: the same
 *    documents (report + history version), built here as the writer builds them and checked against what it
 *    stored, by raw `_bulk` into twin indices, each part timed apart.
 * 3. GET /v1/monitor/indicators for the whole range by district: `--calls` calls after 3 warm-ups, p50/p95/max
 *    (target p95 ≤ 300 ms), against the engine aggregation alone (`MonitorStore.dailyFigures`) as baseline.
 * 4. If POST /v1/monitor/reports/bulk exists: a `--upload-rows` XLSX sheet (test/support/monitor-sheet-gen.ts)
 *    for the last day (target ≤ 10 s), against reading the sheet alone and `_bulk` of as many documents.
 * Prints this process's memory (RSS, peak) and the engine's heap, then removes its indices.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { type MonitorCampaign, type MonitorReport, monitorCampaign } from '@fugong/demo';
import { firmDocument } from '@fugong/documents';
import { buildApp } from '@fugong/monitor/app';
import { LOOKBACK_DAYS } from '@fugong/monitor/indicators';
import {
  changedFields,
  type RecordedBy,
  requestProblems,
  writeReport,
  writeReports,
} from '@fugong/monitor/reports';
import { parseReportSheet } from '@fugong/monitor/sheets';
import type { ReportInput } from '@fugong/schemas';
import {
  bulkWrite,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexNames,
  monitorReportHistoryIndex,
  monitorReportsIndex,
} from '@fugong/search';
import {
  createStores,
  type FirmDimensions,
  type FirmDoc,
  type MonitoredFirmDoc,
  onPostBucketOf,
  type ReportDoc,
  type ReportHistoryDoc,
} from '@fugong/stores';
import { resolvePlace } from '@fugong/text';
import { monitoredFirmDoc } from '../scripts/load-demo.ts';
import { reportSheetXlsx } from '../test/support/monitor-sheet-gen.ts';
import { startTestService, type TestService } from '../test/support/service.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const firms = flag('firms', 10_000);
const days = flag('days', 90);
const writerSample = flag('writer-sample', 5000);
const writerBatch = flag('batch', 2000);
const concurrency = flag('concurrency', 32);
const calls = flag('calls', 30);
const uploadRows = flag('upload-rows', 10_000);
const seed = flag('seed', 2020);
// UTC today is never ahead of the bureau's day (Asia/Shanghai), so the writer accepts every date.
const baseDate = new Date().toISOString().slice(0, 10);
const BATCH = 1000;

/** Each firm's dimensions and schedule, as marked: the raw documents copy them as the writer does. */
const schedules = new Map<string, { dims: FirmDimensions; doc: MonitoredFirmDoc; firm: FirmDoc }>();
let svc: TestService | undefined;
let rawPrefix: string | undefined;
const say = (line: string) => console.log(line);
const secs = (ms: number) => (ms / 1000).toFixed(1);

try {
  svc = await startTestService((rt) => buildApp(rt), { LOG_LEVEL: 'silent' });
  const { rt } = svc;
  const stores = createStores(rt);
  rawPrefix = `${rt.env.INDEX_PREFIX}-raw`;
  const raw = indexNames(rawPrefix);
  await ensureIndices(rt.es, rawPrefix, [monitorReportsIndex, monitorReportHistoryIndex]);
  const campaign = monitorCampaign({ firms, days, seed, baseDate, gaps: false });
  const from = campaign.firm(0).input.startDate;
  const now = new Date();
  say(
    `bench monitor: ${firms} firms × ${days} days (${from} … ${baseDate}), seed ${seed}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  // 1. Firms, registered and marked as their routes store them.
  let t = performance.now();
  await bulkAll(
    rt.es,
    (function* () {
      for (const f of campaign.firms()) {
        const place = f.firm.place.district ? resolvePlace(f.firm.place.district) : undefined;
        yield {
          action: 'index' as const,
          index: rt.names.firms,
          id: f.id,
          doc: firmDocument(f.id, f.firm, place, now),
        };
      }
    })(),
  );
  await rt.es.indices.refresh({ index: rt.names.firms });
  for (let k = 0; k < firms; k += 5000) {
    const chunk = Array.from({ length: Math.min(5000, firms - k) }, (_, j) => campaign.firm(k + j));
    const registered = await stores.firms.getMany(chunk.map((f) => f.id));
    const docs = chunk.map((f) => monitoredFirmDoc(f.id, registered.get(f.id)!, f.input, now));
    for (const d of docs) {
      const { district, industry, size, isKeyEnterprise } = d;
      schedules.set(d.firmId, {
        dims: {
          ...(district ? { district } : {}),
          ...(industry ? { industry } : {}),
          ...(size ? { size } : {}),
          isKeyEnterprise,
        },
        doc: d,
        firm: registered.get(d.firmId)!,
      });
    }
    await bulkAll(
      rt.es,
      docs.map((doc) => ({ action: 'index' as const, index: rt.names.monitoredFirms, id: doc.firmId, doc })),
    );
  }
  await rt.es.indices.refresh({ index: rt.names.monitoredFirms });
  say(`  firms       ${firms} registered and marked monitored in ${secs(performance.now() - t)} s (_bulk)`);

  // 2a. One report at a time, as PUT /v1/monitor/reports does (writeReport), on the first reports of the
  // stream; a firm-day's versions are never split between parts or batches.
  const recordedBy = (r: MonitorReport): RecordedBy => ({ source: r.source, keyId: 'bench' });
  const stream = campaign.reports();
  const sample: MonitorReport[] = [];
  let carry: IteratorResult<MonitorReport> = stream.next();
  while (!carry.done && (sample.length < writerSample || carry.value.version > 1)) {
    sample.push(carry.value);
    carry = stream.next();
  }
  const single = { created: 0, updated: 0, unchanged: 0 };
  t = performance.now();
  {
    const inflight = new Set<Promise<void>>();
    for (let i = 0; i < sample.length; ) {
      let j = i + 1;
      while (j < sample.length && sample[j]!.version > 1) j++;
      const group = sample.slice(i, j);
      i = j;
      const p = (async () => {
        for (const r of group) {
          const out = await writeReport(
            stores,
            { firmId: r.firmId, date: r.date, input: r.input, recordedBy: recordedBy(r) },
            now,
          );
          if (!out.ok)
            throw new Error(`writer refused ${r.firmId} ${r.date}: ${JSON.stringify(out.problems)}`);
          single[out.result]++;
        }
      })();
      inflight.add(p);
      void p.then(
        () => inflight.delete(p),
        () => {},
      );
      if (inflight.size >= concurrency) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  }
  const singleMs = performance.now() - t;

  // 2b. All the rest in batches, as the spreadsheet upload does (writeReports), two batches in flight.
  const batched = { created: 0, updated: 0, unchanged: 0 };
  let rest = 0;
  const batches = (function* () {
    let b: MonitorReport[] = [];
    while (!carry.done) {
      if (b.length >= writerBatch && carry.value.version === 1) {
        yield b;
        b = [];
      }
      b.push(carry.value);
      carry = stream.next();
    }
    if (b.length > 0) yield b;
  })();
  const rssWriter = sampler();
  t = performance.now();
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = batches.next(); !next.done; next = batches.next()) {
        const b = next.value;
        const outs = await writeReports(
          stores,
          b.map((r) => ({ firmId: r.firmId, date: r.date, input: r.input, recordedBy: recordedBy(r) })),
          now,
        );
        outs.forEach((out, i) => {
          if (!out.ok)
            throw new Error(`writer refused ${b[i]!.firmId} ${b[i]!.date}: ${JSON.stringify(out.problems)}`);
          batched[out.result]++;
        });
        rest += b.length;
      }
    }),
  );
  const batchedMs = performance.now() - t;
  rssWriter.stop();

  // 2c. The baseline: the same documents, built here as the writer builds them, by raw _bulk into the twin
  // indices — the first part and the rest timed apart. Generating and building are inside the clock, as
  // they are inside the writer's.
  const again = campaign.reports();
  const part = (n: number) =>
    (function* () {
      for (let i = 0; i < n; i++) {
        const next = again.next();
        if (next.done) return;
        yield next.value;
      }
    })();
  let rawDocs = 0;
  const counted = (bodies: Iterable<{ body: string; docs: number }>) =>
    (function* () {
      for (const b of bodies) {
        rawDocs += b.docs;
        yield b.body;
      }
    })();
  t = performance.now();
  await rawBulk(counted(bodiesOf(part(sample.length), raw)));
  const rawSingleMs = performance.now() - t;
  const rssRaw = sampler();
  t = performance.now();
  await rawBulk(counted(bodiesOf(part(rest), raw)));
  const rawRestMs = performance.now() - t;
  rssRaw.stop();

  // The twin's documents are the writer's: compare a spread of firm-days (all but the instant each was written).
  await rt.es.indices.refresh({
    index: [
      rt.names.monitorReports,
      rt.names.monitorReportHistory,
      raw.monitorReports,
      raw.monitorReportHistory,
    ],
  });
  const dates = Array.from({ length: days }, (_, d) => addDays(from, d));
  const checkIds = Array.from(
    { length: 200 },
    (_, i) => `${campaign.firm(Math.floor((i * firms) / 200)).id}:${dates[(i * 7) % days]}`,
  );
  const [a, b] = await Promise.all([
    rt.es.mget<ReportDoc>({ index: rt.names.monitorReports, ids: checkIds }),
    rt.es.mget<ReportDoc>({ index: raw.monitorReports, ids: checkIds }),
  ]);
  const sourceOf = (d: (typeof a.docs)[number] | undefined) =>
    d && '_source' in d && d._source ? { ...d._source, recordedAt: '' } : undefined;
  const differing = a.docs.filter((d, i) => {
    const mine = sourceOf(d);
    return mine === undefined || !isDeepStrictEqual(mine, sourceOf(b.docs[i]));
  }).length;

  const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0).padStart(7);
  say(
    `  writeReport  ${rate(sample.length, singleMs)} reports/s  (${sample.length} report versions one at a time, as PUT does, ${concurrency} firm-days in flight, in ${secs(singleMs)} s; ${JSON.stringify(single)})`,
  );
  say(
    `  raw _bulk    ${rate(sample.length, rawSingleMs)} reports/s  (the same ${sample.length}, report + history documents, in ${secs(rawSingleMs)} s)`,
  );
  say(
    `  writeReports ${rate(rest, batchedMs)} reports/s  (${rest} report versions in batches of ~${writerBatch}, as the upload does, 2 in flight, in ${secs(batchedMs)} s; ${JSON.stringify(batched)})`,
  );
  say(
    `  raw _bulk    ${rate(rest, rawRestMs)} reports/s  (the same ${rest}, report + history documents, in ${secs(rawRestMs)} s; ${rawDocs} raw documents in all, batches of ${BATCH}, 2 in flight)`,
  );
  say(
    `  ratios       writeReport ${(rawSingleMs / singleMs).toFixed(3)}x, writeReports ${(rawRestMs / batchedMs).toFixed(2)}x of raw _bulk; the twin's documents equal the writer's (all but recordedAt) for ${checkIds.length - differing}/${checkIds.length} firm-days checked`,
  );
  const [stored, history] = await Promise.all([
    rt.es.count({ index: rt.names.monitorReports }),
    rt.es.count({ index: rt.names.monitorReportHistory }),
  ]);
  say(
    `  stored       ${stored.count} reports (of ${firms * days} firm-days), ${history.count} history versions`,
  );

  // 3. The indicators by district over the whole range, against the engine aggregation alone.
  const path = `/v1/monitor/indicators?from=${from}&to=${baseDate}&by=district`;
  let shape = '';
  for (let i = 0; i < 3; i++) {
    const res = await svc.call('GET', path, { key: svc.keys.bureau });
    if (res.status !== 200)
      throw new Error(`indicators: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    const d = res.body.days as Array<{
      date: string;
      total: Record<string, number | null>;
      groups?: unknown[];
    }>;
    const pct = (x: number | null | undefined) =>
      x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`;
    shape = `${d.length} days × ${d[0]?.groups?.length ?? 0} districts; 开工率 ${pct(d[0]?.total.resumptionRate)} on ${d[0]?.date} → ${pct(d.at(-1)?.total.resumptionRate)} on ${d.at(-1)?.date}, 到岗率 ${pct(d[0]?.total.staffReturnRate)} → ${pct(d.at(-1)?.total.staffReturnRate)}, coverage ${pct(d.at(-1)?.total.coverage)}`;
  }
  const route = await timeCalls(calls, async () => {
    const res = await svc!.call('GET', path, { key: svc!.keys.bureau });
    if (res.status !== 200) throw new Error(`indicators: ${res.status}`);
  });
  const engine = await timeCalls(calls, () =>
    stores.monitor.dailyFigures(addDays(from, -LOOKBACK_DAYS), baseDate, 'district.code'),
  );
  say(`  indicators  GET ${path.split('?')[0]} ${days} days by district: ${shape}`);
  say(
    `              route  p50 ${route.p50.toFixed(0)} ms, p95 ${route.p95.toFixed(0)} ms, max ${route.max.toFixed(0)} ms over ${calls} calls after 3 warm-ups (target p95 ≤ 300 ms)`,
  );
  say(
    `              engine p50 ${engine.p50.toFixed(0)} ms, p95 ${engine.p95.toFixed(0)} ms, max ${engine.max.toFixed(0)} ms (the daily × district aggregation alone, MonitorStore.dailyFigures)`,
  );

  // 4. A day's XLSX from a district bureau, if the bulk route is there.
  const upload = await uploadBench(svc, campaign);
  say(`  upload      ${upload}`);

  // Memory.
  const jvm = await rt.es.nodes.stats({ metric: 'jvm' });
  const heap = Object.values(jvm.nodes).map((n) => n.jvm?.mem);
  say(
    `  memory      this process (generator + app + load) RSS ${mb(kb('VmRSS'))} MB now (JS heap used ${mb(process.memoryUsage().heapUsed / 1024)} MB), peak ${mb(kb('VmHWM'))} MB; RSS during the batched load peak ${mb(rssWriter.max)} MB (at 25/50/75/100 % of it: ${rssWriter.quarters()} MB), during the raw _bulk peak ${mb(rssRaw.max)} MB (${rssRaw.quarters()} MB); engine heap ${heap
      .map(
        (m) => `${mb((m?.heap_used_in_bytes ?? 0) / 1024)} of ${mb((m?.heap_max_in_bytes ?? 0) / 1024)} MB`,
      )
      .join(', ')}`,
  );
} finally {
  if (rawPrefix && svc) await deleteIndicesWithPrefix(svc.rt.es, rawPrefix).catch(() => {});
  await svc?.close();
}

/** Report and history documents of a stream of report versions, as the writer stores them, in `_bulk` bodies. */
function* bodiesOf(
  reports: Iterable<MonitorReport>,
  names: { monitorReports: string; monitorReportHistory: string },
): Generator<{ body: string; docs: number; reports: number }> {
  const at = new Date();
  let lines: string[] = [];
  let n = 0;
  let previous: { key: string; input: ReportInput } | undefined;
  for (const r of reports) {
    const key = `${r.firmId}:${r.date}`;
    const before = previous?.key === key ? previous.input : undefined;
    const { doc, history } = documentsOf(r, before, at);
    previous = { key, input: history.report };
    lines.push(
      JSON.stringify({ index: { _index: names.monitorReports, _id: key } }),
      JSON.stringify(doc),
      JSON.stringify({ index: { _index: names.monitorReportHistory, _id: `${key}:v${doc.version}` } }),
      JSON.stringify(history),
    );
    n++;
    if (lines.length >= BATCH * 2) {
      yield { body: `${lines.join('\n')}\n`, docs: lines.length / 2, reports: n };
      lines = [];
      n = 0;
    }
  }
  if (lines.length > 0) yield { body: `${lines.join('\n')}\n`, docs: lines.length / 2, reports: n };
}

/** One report version as `writeReport` stores it: the normalised input, the firm's dimensions and the derived fields. */
function documentsOf(
  r: MonitorReport,
  before: ReportInput | undefined,
  at: Date,
): { doc: ReportDoc; history: ReportHistoryDoc } {
  const checked = requestProblems({ firmId: r.firmId, date: r.date, input: r.input }, at);
  if (!checked.input || checked.problems.length > 0)
    throw new Error(`invalid generated report ${r.firmId} ${r.date}: ${JSON.stringify(checked.problems)}`);
  const input = checked.input;
  const firm = schedules.get(r.firmId)!;
  const weekday = new Date(`${r.date}T00:00:00Z`).getUTCDay() || 7;
  const changed = changedFields(before, input);
  const recordedBy: RecordedBy = { source: r.source, keyId: 'bench' };
  const doc: ReportDoc = {
    ...input,
    firmId: r.firmId,
    date: r.date,
    version: r.version,
    recordedBy,
    recordedAt: at.toISOString(),
    ...firm.dims,
    weekday,
    due:
      r.date >= firm.doc.startDate &&
      (firm.doc.endDate === undefined || r.date <= firm.doc.endDate) &&
      firm.doc.weekdays.includes(weekday),
    isOpen: input.status !== 'not_operating',
    capacityWeight: input.capacityPct * input.employees,
    onPostRatio: input.employees > 0 ? input.onPost / input.employees : null,
    onPostBucket: onPostBucketOf(input.onPost, input.employees),
    changed,
  };
  return {
    doc,
    history: {
      firmId: r.firmId,
      date: r.date,
      version: r.version,
      changed,
      recordedBy,
      recordedAt: doc.recordedAt,
      report: input,
    },
  };
}

/** Ops through the search package's `bulkWrite`, BATCH at a time, two requests in flight; a refused op stops the run. */
async function bulkAll(
  es: TestService['rt']['es'],
  ops: Iterable<Parameters<typeof bulkWrite>[1][number]>,
): Promise<void> {
  let batch: Parameters<typeof bulkWrite>[1] = [];
  const inflight: Array<Promise<void>> = [];
  const send = (b: typeof batch) =>
    bulkWrite(es, b).then((res) => {
      const bad = res.items.find((i) => !i.ok);
      if (bad) throw new Error(`bench: ${bad.id} refused: ${bad.errorType} ${bad.errorReason}`);
    });
  for (const op of ops) {
    batch.push(op);
    if (batch.length >= BATCH) {
      inflight.push(send(batch));
      batch = [];
      if (inflight.length >= 2) await inflight.shift();
    }
  }
  if (batch.length > 0) inflight.push(send(batch));
  await Promise.all(inflight);
}

/** Raw `_bulk` bodies, two requests in flight, pulled from one iterator; any refused item fails the run. */
async function rawBulk(bodies: Iterable<string>): Promise<void> {
  const it = bodies[Symbol.iterator]();
  const worker = async () => {
    for (let next = it.next(); !next.done; next = it.next()) {
      const res = await svc!.rt.es.bulk({ body: next.value, refresh: false } as never, {
        requestTimeout: 120_000,
      });
      if (res.errors) throw new Error('raw _bulk refused items');
    }
  };
  await Promise.all([worker(), worker()]);
}

/** Wall-clock times of `n` sequential calls: median, 95th percentile, maximum (ms). */
async function timeCalls(
  n: number,
  f: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  ms.sort((x, y) => x - y);
  const q = (p: number) => ms[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  return { p50: q(0.5), p95: q(0.95), max: ms[n - 1]! };
}

/**
 * A district's sheet for the last day, uploaded as a bureau does, if the bulk route exists; against `_bulk`
 * of as many report documents (the first ones of the campaign, into the raw twin index).
 */
async function uploadBench(s: TestService, c: MonitorCampaign): Promise<string> {
  const rows = Math.min(uploadRows, c.options.firms);
  const url = `${s.url}/v1/monitor/reports/bulk`;
  const probe = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${s.keys.bureau}` } });
  await probe.arrayBuffer();
  if (probe.status === 404) return 'POST /v1/monitor/reports/bulk is not there (404): not measured';
  const sheetFirms = Array.from({ length: rows }, (_, k) => {
    const f = c.firm(k);
    return { creditCode: f.firm.creditCode, name: f.firm.name };
  });
  const xlsx = await reportSheetXlsx(rows, seed, { firms: sheetFirms, date: c.options.baseDate });
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${s.keys.bureau}`,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    body: xlsx,
  });
  const text = await res.text();
  const uploadMs = performance.now() - t0;
  let summary = text.slice(0, 300);
  try {
    const body = JSON.parse(text);
    summary = JSON.stringify(body.summary ?? body.error ?? body).slice(0, 300);
  } catch {
    // an NDJSON or text report: its first 300 characters are shown
  }
  // Where the upload's time goes: reading the workbook alone, in this process.
  const t2 = performance.now();
  const parsed = await parseReportSheet(xlsx, 'xlsx');
  const parseMs = performance.now() - t2;
  const sample: MonitorReport[] = [];
  for (const r of c.reports()) {
    if (sample.length >= rows) break;
    sample.push({ ...r, version: 1 });
  }
  const bodies = [...bodiesOf(sample, indexNames(rawPrefix!))];
  const t1 = performance.now();
  await rawBulk(bodies.map((b) => b.body));
  const rawMs = performance.now() - t1;
  return `${rows}-row XLSX (${(xlsx.length / 1024).toFixed(0)} KB, merged two-row header): HTTP ${res.status} in ${secs(uploadMs)} s (target ≤ 10 s) — ${summary}; reading the sheet alone ${(parseMs / 1000).toFixed(2)} s (${parsed.rows.length} rows); _bulk of ${rows} report documents (+ history) ${(rawMs / 1000).toFixed(2)} s`;
}

/** RSS of this process sampled every 250 ms while it runs (kB): the peak, and the samples at 25/50/75/100 %. */
function sampler(): { max: number; quarters: () => string; stop: () => void } {
  const samples: number[] = [kb('VmRSS')];
  const timer = setInterval(() => samples.push(kb('VmRSS')), 250);
  return {
    get max() {
      return Math.max(...samples);
    },
    quarters: () =>
      [0.25, 0.5, 0.75, 1].map((q) => mb(samples[Math.max(0, Math.ceil(q * samples.length) - 1)]!)).join('/'),
    stop: () => {
      samples.push(kb('VmRSS'));
      clearInterval(timer);
    },
  };
}

/** A memory figure of this process in kB, from /proc (Linux). */
function kb(field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

function mb(kib: number): string {
  return (kib / 1024).toFixed(0);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
