/**
 * `pnpm bench ingest [--count 20000] [--batch 500] [--corpus demo|varied] [--rounds 1] [--trace]
 * [--profile DIR]`: N vacancies through POST /v1/vacancies/bulk (HTTP, NDJSON, the service running as a child
 * process) against raw `_bulk` of the same final documents (vacancyDocument, the same batch size, two requests
 * in flight like the endpoint's writer, refresh left to the index's own interval in both) into a fresh index
 * with the same mapping, in the same round. Prints both rates, the ratio, CPU seconds of the service and the
 * engine, what the engine did (index stats) and the service's peak resident memory (VmHWM). Bodies are built
 * before each clock starts, so neither side pays for the generator.
 *
 * - `--corpus demo` (default): the demo campaign's postings (`@fugong/demo`); `varied`: postings whose titles
 *   come from the whole occupation classification with colloquial variants and whose descriptions never
 *   repeat (bench/_ingest-corpus.ts), so caches cannot flatter the figures.
 * - `--rounds N`: N paired rounds (fresh indices and a fresh service each), the order of the two sides
 *   alternating (endpoint first in odd rounds), then the median, min and max of each figure.
 * - `--trace`: the service talks to the engine through a counting proxy in this process; prints every engine
 *   request the endpoint made, by method and path, per batch, with bytes and round-trip time. It slows the
 *   endpoint a little (the proxy's own CPU): use it to account for requests, not for the headline ratio.
 * - `--profile DIR`: a CPU profile of the service (`node --cpu-prof`, written when it exits).
 *
 * Between the two sides of a round the engine is refreshed and left to finish its merges (not timed), so the
 * second side does not pay for the first one's background work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { DEMO_DEFAULTS, type DemoOptions, demoFirm, demoVacancy } from '@fugong/demo';
import { vacancyDocument } from '@fugong/documents';
import { createRuntime, generateApiKey, type Runtime, storeApiKey } from '@fugong/http';
import type { VacancyInput } from '@fugong/schemas';
import {
  allIndices,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexNames,
  vacanciesIndex,
} from '@fugong/search';
import { writeDemoFirmsAndFairs } from '../scripts/load-demo.ts';
import { variedCorpus } from './_ingest-corpus.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const count = flag('count', 20_000);
const batch = flag('batch', 500);
const port = flag('port', 3191);
const rounds = flag('rounds', 1);
const corpus = option('corpus', 'demo');
if (corpus !== 'demo' && corpus !== 'varied') throw new Error('--corpus demo|varied');
const trace = argv.includes('--trace');
const runId = `bench-ingest-${Date.now().toString(36)}`;

const env = parseEnv(baseEnvSchema, {
  ...process.env,
  INDEX_PREFIX: runId,
  QUEUE_PREFIX: runId,
  LOG_LEVEL: 'warn',
});
const rt = createRuntime(env, 'bench-ingest');

type Item = { firmId: string; externalRef: string; input: VacancyInput };
const items = (o: DemoOptions): Iterable<Item> =>
  corpus === 'varied'
    ? variedCorpus(o, count)
    : (function* () {
        for (let i = 0; i < count; i++) yield demoVacancy(o, i);
      })();

/** What one round measured. */
interface Round {
  endpointRate: number;
  rawRate: number;
  ratio: number;
  endpointSec: number;
  rawSec: number;
  serviceCpu: number;
  endpointEngineCpu: number;
  rawEngineCpu: number;
  /** Items (documents) per second counted until all are searchable, and engine CPU until merges are done. */
  endpointSearchableRate: number;
  rawSearchableRate: number;
  endpointEngineCpuQuiet: number;
  rawEngineCpuQuiet: number;
  peakMb: number;
  rssBeforeMb: number;
  quartersMb: number[];
  stored: number;
  summary: Record<string, number>;
  engine: { endpoint: EngineStats; raw: EngineStats };
  load: number[];
}

const results: Round[] = [];
try {
  for (let k = 0; k < rounds; k++) {
    const r = await round(k);
    results.push(r);
    printRound(k, r);
  }
  if (rounds > 1) printSummary(results);
} finally {
  await deleteIndicesWithPrefix(rt.es, runId).catch(() => {});
  const keys = await rt.redis.keys(`*${runId}*`).catch(() => [] as string[]);
  if (keys.length > 0) await rt.redis.del(...keys);
  await rt.close();
}

async function round(k: number): Promise<Round> {
  const prefix = `${runId}-${k}`;
  const rawPrefix = `${prefix}-raw`;
  let child: ChildProcess | undefined;
  let proxy: TraceProxy | undefined;
  try {
    await ensureIndices(rt.es, prefix, allIndices);
    await ensureIndices(rt.es, rawPrefix, [vacanciesIndex]);
    const names = indexNames(prefix);
    const rtk: Runtime = { ...rt, names } as Runtime;
    const o = { ...DEMO_DEFAULTS, vacancies: count };
    const now = new Date();
    await writeDemoFirmsAndFairs(rtk, o, now);
    const { key, record } = generateApiKey({ role: 'bureau', label: 'bench' });
    await storeApiKey(rt.es, names.apiKeys, record);

    // The upload, as a client would send it: one NDJSON line per vacancy, firmId on each. The raw side gets
    // the same final documents, built by the same function, minus the duplicates the endpoint must refuse (a
    // later item with an earlier one's fingerprint: every item of both corpora is valid and has its own id).
    const lines: string[] = [];
    const firms = new Map<string, { id: string; name: string; keyEnterprise: boolean }>();
    const fingerprints = new Set<string>();
    const expectedDuplicates = new Set<number>();
    const bodies: string[] = [];
    let ops: string[] = [];
    let docs = 0;
    let i = 0;
    for (const v of items(o)) {
      lines.push(JSON.stringify({ externalRef: v.externalRef, ...v.input, firmId: v.firmId }));
      if (!firms.has(v.firmId)) {
        const f = demoFirm(o, Number(v.firmId.slice(-4)) - 1);
        firms.set(v.firmId, { id: f.id, name: f.input.name, keyEnterprise: Boolean(f.input.keyEnterprise) });
      }
      const { doc } = vacancyDocument(v.externalRef, v.input, firms.get(v.firmId)!, now);
      if (fingerprints.has(doc.fingerprint)) {
        expectedDuplicates.add(i++);
        continue;
      }
      fingerprints.add(doc.fingerprint);
      ops.push(
        JSON.stringify({ create: { _index: indexNames(rawPrefix).vacancies, _id: doc.id } }),
        JSON.stringify({ ...doc, changeSeq: i + 1 }),
      );
      docs++;
      i++;
      if (ops.length >= batch * 2) {
        bodies.push(`${ops.join('\n')}\n`);
        ops = [];
      }
    }
    if (ops.length > 0) bodies.push(`${ops.join('\n')}\n`);
    const body = Buffer.from(`${lines.join('\n')}\n`);
    lines.length = 0;

    // --profile DIR: a CPU profile of the service (written when it exits), to see where an upload's time goes.
    const profile = argv.includes('--profile')
      ? ['--cpu-prof', `--cpu-prof-dir=${argv[argv.indexOf('--profile') + 1]}`]
      : [];
    if (trace) proxy = await startTraceProxy(env.ELASTICSEARCH_URL, prefix);
    child = spawn(
      process.execPath,
      [...profile, '--import', 'tsx', fileURLToPath(import.meta.resolve('@fugong/ingest/main'))],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: String(port),
          INDEX_PREFIX: prefix,
          QUEUE_PREFIX: prefix,
          LOG_LEVEL: 'warn',
          INGEST_EXPIRY_INTERVAL_MS: '0',
          ...(proxy ? { ELASTICSEARCH_URL: proxy.url } : {}),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    await waitReady(`http://127.0.0.1:${port}/readyz`);
    const pid = child.pid!;
    const rssBefore = memoryKb(pid, 'VmRSS');
    await settle([names.firms, names.fairs, names.apiKeys]);

    const endpoint = async () => {
      proxy?.reset();
      // RSS sampled through the upload: flat memory shows as a plateau, not a climb with the item count.
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(memoryKb(pid, 'VmRSS')), 250);
      const s0 = await engineStats(names.vacancies);
      const cpu0 = cpuMs(pid);
      const t0 = performance.now();
      const report = await upload(`http://127.0.0.1:${port}/v1/vacancies/bulk?report=errors`, key, body);
      const sec = (performance.now() - t0) / 1000;
      const serviceCpu = cpuMs(pid) - cpu0;
      const engine = diffStats(s0, await engineStats(names.vacancies));
      clearInterval(sampler);
      if (!report.complete) throw new Error(`the upload stopped: ${JSON.stringify(report)}`);
      const dupes = new Set(report.duplicates);
      if (dupes.size !== expectedDuplicates.size || [...dupes].some((d) => !expectedDuplicates.has(d)))
        console.warn(
          `  (the endpoint reported ${dupes.size} duplicates, the corpus holds ${expectedDuplicates.size})`,
        );
      const quarters = [0.25, 0.5, 0.75, 1].map(
        (q) => samples[Math.max(0, Math.ceil(q * samples.length) - 1)] ?? Number.NaN,
      );
      if (proxy) proxy.print(Math.ceil(count / batch));
      const after = await untilQuiet(names.vacancies, s0, t0);
      return {
        sec,
        serviceCpu,
        engine,
        quarters,
        summary: report.summary as Record<string, number>,
        ...after,
      };
    };
    const raw = async () => {
      const s0 = await engineStats(indexNames(rawPrefix).vacancies);
      const t1 = performance.now();
      await rawBulk(bodies, 2);
      const sec = (performance.now() - t1) / 1000;
      const engine = diffStats(s0, await engineStats(indexNames(rawPrefix).vacancies));
      const after = await untilQuiet(indexNames(rawPrefix).vacancies, s0, t1);
      return { sec, engine, ...after };
    };
    const endpointFirst = k % 2 === 0;
    let e: Awaited<ReturnType<typeof endpoint>>;
    let r: Awaited<ReturnType<typeof raw>>;
    if (endpointFirst) {
      e = await endpoint();
      r = await raw();
    } else {
      r = await raw();
      e = await endpoint();
    }
    const peakKb = memoryKb(pid, 'VmHWM');

    const [a, b] = await Promise.all([
      rt.es.count({ index: names.vacancies }),
      rt.es.count({ index: indexNames(rawPrefix).vacancies }),
    ]);
    if (a.count !== b.count || b.count !== docs)
      console.warn(`  (stored: endpoint ${a.count}, raw ${b.count}, expected ${docs})`);
    const endpointRate = count / e.sec;
    const rawRate = docs / r.sec;
    return {
      endpointRate,
      rawRate,
      ratio: endpointRate / rawRate,
      endpointSec: e.sec,
      rawSec: r.sec,
      serviceCpu: e.serviceCpu / 1000,
      endpointEngineCpu: e.engine.cpuMs / 1000,
      rawEngineCpu: r.engine.cpuMs / 1000,
      endpointSearchableRate: count / e.searchableSec,
      rawSearchableRate: docs / r.searchableSec,
      endpointEngineCpuQuiet: e.engineCpuQuietMs / 1000,
      rawEngineCpuQuiet: r.engineCpuQuietMs / 1000,
      peakMb: peakKb / 1024,
      rssBeforeMb: rssBefore / 1024,
      quartersMb: e.quarters.map((q) => q / 1024),
      stored: a.count,
      summary: e.summary,
      engine: { endpoint: e.engine, raw: r.engine },
      load: loadavg(),
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await proxy?.close();
    await deleteIndicesWithPrefix(rt.es, prefix).catch(() => {});
  }
}

function printRound(k: number, r: Round): void {
  const first = k % 2 === 0 ? 'endpoint first' : 'raw first';
  console.log(
    `bench ingest round ${k + 1}/${rounds} (${first}): ${count} ${corpus} vacancies, batches of ${batch}, 2 batches in flight on both sides`,
  );
  console.log(
    `  endpoint  ${r.endpointRate.toFixed(0).padStart(7)} items/s  (${r.endpointSec.toFixed(1)} s; ${JSON.stringify(r.summary)}; ${r.stored} stored)`,
  );
  console.log(`  raw _bulk ${r.rawRate.toFixed(0).padStart(7)} docs/s   (${r.rawSec.toFixed(1)} s)`);
  console.log(`  ratio     ${r.ratio.toFixed(2)}x  (target 0.8x)`);
  console.log(
    `  until searchable (a refresh after the last answer): endpoint ${r.endpointSearchableRate.toFixed(0)} items/s, raw ${r.rawSearchableRate.toFixed(0)} docs/s, ratio ${(r.endpointSearchableRate / r.rawSearchableRate).toFixed(2)}x; engine CPU s until its merges finished: endpoint ${r.endpointEngineCpuQuiet.toFixed(1)}, raw ${r.rawEngineCpuQuiet.toFixed(1)}`,
  );
  console.log(
    `  CPU seconds: endpoint run ${r.serviceCpu.toFixed(1)} service + ${r.endpointEngineCpu.toFixed(1)} engine; raw run ${r.rawEngineCpu.toFixed(1)} engine (+ this process's sending); load average ${r.load
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const row = (s: EngineStats) =>
    `indexed ${s.indexed}, gets ${s.gets}, searches ${s.searches}, refreshes ${s.refreshes} (${s.externalRefreshes} external), merges ${s.merges} (${(s.mergeMs / 1000).toFixed(1)} s, ${s.mergedDocs} docs), flushes ${s.flushes}, young GC ${(s.gcMs / 1000).toFixed(1)} s`;
  console.log(`  engine, endpoint: ${row(r.engine.endpoint)}`);
  console.log(`  engine, raw:      ${row(r.engine.raw)}`);
  console.log(
    `  ingest process memory: ${r.rssBeforeMb.toFixed(0)} MB before the upload, peak ${r.peakMb.toFixed(0)} MB (VmHWM); RSS at 25/50/75/100% of the upload: ${r.quartersMb.map((m) => m.toFixed(0)).join('/')} MB`,
  );
}

function printSummary(all: Round[]): void {
  const stat = (f: (r: Round) => number, digits = 0) => {
    const v = all.map(f).sort((x, y) => x - y);
    const median = v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
    return `${median.toFixed(digits)} (min ${v[0]!.toFixed(digits)}, max ${v.at(-1)!.toFixed(digits)})`;
  };
  console.log(`summary over ${all.length} rounds (${count} ${corpus} vacancies): median (min, max)`);
  console.log(`  ratio            ${stat((r) => r.ratio, 2)}`);
  console.log(`  endpoint items/s ${stat((r) => r.endpointRate)}`);
  console.log(`  raw docs/s       ${stat((r) => r.rawRate)}`);
  console.log(`  service CPU s    ${stat((r) => r.serviceCpu, 1)}`);
  console.log(
    `  engine CPU s     ${stat((r) => r.endpointEngineCpu, 1)} endpoint, ${stat((r) => r.rawEngineCpu, 1)} raw`,
  );
  console.log(`  until searchable ${stat((r) => r.endpointSearchableRate / r.rawSearchableRate, 2)} ratio`);
  console.log(
    `  engine CPU s until merges finished ${stat((r) => r.endpointEngineCpuQuiet, 1)} endpoint, ${stat((r) => r.rawEngineCpuQuiet, 1)} raw`,
  );
  console.log(`  service peak MB  ${stat((r) => r.peakMb)}`);
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the ingest service did not become ready');
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** What the engine did: its CPU and GC (the node: one local node) and one index's operation counters. */
interface EngineStats {
  cpuMs: number;
  gcMs: number;
  indexed: number;
  gets: number;
  searches: number;
  refreshes: number;
  externalRefreshes: number;
  merges: number;
  mergeMs: number;
  mergedDocs: number;
  flushes: number;
}

async function engineStats(index: string): Promise<EngineStats> {
  const [nodes, idx] = await Promise.all([
    rt.es.nodes.stats({ metric: ['process', 'jvm'] }),
    rt.es.indices.stats({ index, metric: ['indexing', 'get', 'search', 'refresh', 'merge', 'flush'] }),
  ]);
  const n = Object.values(nodes.nodes);
  const t = idx._all.total!;
  return {
    cpuMs: n.reduce((s, x) => s + (x.process?.cpu?.total_in_millis ?? 0), 0),
    gcMs: n.reduce((s, x) => s + (x.jvm?.gc?.collectors?.['young']?.collection_time_in_millis ?? 0), 0),
    indexed: t.indexing?.index_total ?? 0,
    gets: t.get?.total ?? 0,
    searches: t.search?.query_total ?? 0,
    refreshes: t.refresh?.total ?? 0,
    externalRefreshes: t.refresh?.external_total ?? 0,
    merges: t.merges?.total ?? 0,
    mergeMs: t.merges?.total_time_in_millis ?? 0,
    mergedDocs: t.merges?.total_docs ?? 0,
    flushes: t.flush?.total ?? 0,
  };
}

function diffStats(a: EngineStats, b: EngineStats): EngineStats {
  const out = {} as EngineStats;
  for (const k of Object.keys(a) as Array<keyof EngineStats>) out[k] = b[k] - a[k];
  return out;
}

/**
 * After a side's clock stopped: how long until its documents are all searchable (a refresh right away, timed
 * from the side's start), and the engine's CPU from the start until its merges are done too. Work a side leaves
 * behind when its last `_bulk` returns (the in-memory buffer written as a segment, merges) is counted for both
 * sides alike here; the headline ratio counts only what happened before the last acknowledgement.
 */
async function untilQuiet(
  index: string,
  s0: EngineStats,
  t0: number,
): Promise<{ searchableSec: number; engineCpuQuietMs: number }> {
  await rt.es.indices.refresh({ index });
  const searchableSec = (performance.now() - t0) / 1000;
  await settle([index]);
  return { searchableSec, engineCpuQuietMs: (await engineStats(index)).cpuMs - s0.cpuMs };
}

/** Makes the indices searchable and waits (bounded) until the engine has no merge running: not timed. */
async function settle(indices: string[]): Promise<void> {
  await rt.es.indices.refresh({ index: indices });
  for (let i = 0; i < 120; i++) {
    const s = await rt.es.nodes.stats({ metric: 'indices', index_metric: ['merge'] } as never);
    const running = Object.values(s.nodes).reduce((sum, n) => sum + (n.indices?.merges?.current ?? 0), 0);
    if (running === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 1000));
}

/** A memory figure of a process in kB, from /proc (Linux). */
function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

/** Sends the body in 64 KB chunks and reads the streamed NDJSON report: duplicates' indices and the summary. */
function upload(
  url: string,
  key: string,
  body: Buffer,
): Promise<{ summary: unknown; complete: boolean; duplicates: number[] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/x-ndjson',
        'content-length': body.length,
        accept: 'application/x-ndjson',
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        const entries = text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        const last = entries.pop();
        const bad = entries.filter((e) => e.result === 'rejected');
        if (bad.length > 0) return reject(new Error(`rejected items: ${JSON.stringify(bad.slice(0, 3))}`));
        resolve({
          summary: last.summary,
          complete: last.complete,
          duplicates: entries.filter((e) => e.result === 'duplicate').map((e) => e.index),
        });
      });
    });
    for (let i = 0; i < body.length; i += 65_536) req.write(body.subarray(i, i + 65_536));
    req.end();
  });
}

/** Raw `_bulk` bodies, `parallel` requests in flight; any refused item fails the run. */
async function rawBulk(bodies: string[], parallel: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const res = await rt.es.bulk({ body: bodies[next++]!, refresh: false } as never);
      if (res.errors) throw new Error('raw _bulk refused items');
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

interface TraceProxy {
  url: string;
  reset(): void;
  print(batches: number): void;
  close(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of the engine that counts the service's requests by method and path (the
 * round's index prefix shown as `{p}`), with bytes each way and the time to the end of each answer.
 */
async function startTraceProxy(target: string, prefix: string): Promise<TraceProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts = new Map<string, { n: number; out: number; in: number; ms: number }>();
  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '').split('?')[0]!.replaceAll(prefix, '{p}');
    const key = `${req.method} ${path.replace(/\/_doc\/.*$/, '/_doc/{id}')}`;
    const entry = counts.get(key) ?? { n: 0, out: 0, in: 0, ms: 0 };
    counts.set(key, entry);
    entry.n++;
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.on('data', (c: Buffer) => (entry.in += c.length));
        ur.on('end', () => (entry.ms += performance.now() - started));
        ur.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.on('data', (c: Buffer) => (entry.out += c.length));
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port: p } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${p}`,
    reset: () => counts.clear(),
    print: (batches) => {
      console.log(
        `  engine requests of the endpoint (${batches} batches of ${batch}), through the counting proxy:`,
      );
      console.log(
        '    request                                   count  per batch    MB out    MB in  mean ms',
      );
      for (const [k, v] of [...counts].sort((x, y) => y[1].n - x[1].n)) {
        console.log(
          `    ${k.padEnd(40)} ${String(v.n).padStart(6)} ${(v.n / batches).toFixed(2).padStart(10)} ${(v.out / 1e6).toFixed(1).padStart(9)} ${(v.in / 1e6).toFixed(1).padStart(8)} ${(v.ms / v.n).toFixed(1).padStart(8)}`,
        );
      }
    },
    close: () =>
      new Promise<void>((r) => {
        agent.destroy();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
