/**
 * `pnpm bench ingest [--count 20000] [--batch 500] [--profile DIR]`: N demo vacancies through POST /v1/vacancies/bulk (HTTP,
 * NDJSON, the service running as a child process) against raw `_bulk` of the same final documents
 * (vacancyDocument, the same batch size, two requests in flight like the endpoint's writer, refresh off in
 * both) into a fresh index with the same mapping, in the same run. Prints both rates, the ratio, and the
 * service's peak resident memory (VmHWM). Bodies are built before each clock starts, so neither side pays
 * for the generator.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { DEMO_DEFAULTS, demoFirm, demoVacancy } from '@fugong/demo';
import { vacancyDocument } from '@fugong/documents';
import { createRuntime, generateApiKey, storeApiKey } from '@fugong/http';
import {
  allIndices,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexNames,
  vacanciesIndex,
} from '@fugong/search';
import { writeDemoFirmsAndFairs } from '../scripts/load-demo.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const count = flag('count', 20_000);
const batch = flag('batch', 500);
const port = flag('port', 3191);
const prefix = `bench-ingest-${Date.now().toString(36)}`;
const rawPrefix = `${prefix}-raw`;

const env = parseEnv(baseEnvSchema, {
  ...process.env,
  INDEX_PREFIX: prefix,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: 'warn',
});
const rt = createRuntime(env, 'bench-ingest');
let child: ChildProcess | undefined;

try {
  await ensureIndices(rt.es, prefix, allIndices);
  await ensureIndices(rt.es, rawPrefix, [vacanciesIndex]);
  const o = { ...DEMO_DEFAULTS, vacancies: count };
  const now = new Date();
  await writeDemoFirmsAndFairs(rt, o, now);
  const { key, record } = generateApiKey({ role: 'bureau', label: 'bench' });
  await storeApiKey(rt.es, rt.names.apiKeys, record);

  // The upload, as a client would send it: one NDJSON line per vacancy, firmId on each.
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = demoVacancy(o, i);
    lines.push(JSON.stringify({ externalRef: v.externalRef, ...v.input, firmId: v.firmId }));
  }
  const body = Buffer.from(`${lines.join('\n')}\n`);
  lines.length = 0;

  // --profile DIR: a CPU profile of the service (written when it exits), to see where an upload's time goes.
  const profile = argv.includes('--profile')
    ? ['--cpu-prof', `--cpu-prof-dir=${argv[argv.indexOf('--profile') + 1]}`]
    : [];
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
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  const rssBefore = memoryKb(child.pid!, 'VmRSS');

  // RSS sampled through the upload: flat memory shows as a plateau, not a climb with the item count.
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(memoryKb(child!.pid!, 'VmRSS')), 250);
  const cpu0 = { service: cpuMs(child.pid!), engine: await engineCpuMs() };
  const t0 = performance.now();
  const report = await upload(`http://127.0.0.1:${port}/v1/vacancies/bulk?report=errors`, key, body);
  const endpointSec = (performance.now() - t0) / 1000;
  const endpointCpu = {
    service: cpuMs(child.pid!) - cpu0.service,
    engine: (await engineCpuMs()) - cpu0.engine,
  };
  clearInterval(sampler);
  const peakKb = memoryKb(child.pid!, 'VmHWM');
  const quarters = [0.25, 0.5, 0.75, 1].map(
    (q) => samples[Math.max(0, Math.ceil(q * samples.length) - 1)] ?? Number.NaN,
  );
  const summary = report.summary as Record<string, number>;
  if (!report.complete) throw new Error(`the upload stopped: ${JSON.stringify(report)}`);
  const duplicates = new Set(report.duplicates);

  // The same final documents, built by the same function, minus the duplicates the endpoint refused.
  const firms = new Map<string, { id: string; name: string; keyEnterprise: boolean }>();
  const bodies: string[] = [];
  let docs = 0;
  let ops: string[] = [];
  for (let i = 0; i < count; i++) {
    const v = demoVacancy(o, i);
    if (duplicates.has(i)) continue;
    if (!firms.has(v.firmId)) {
      const f = demoFirm(o, Number(v.firmId.slice(-4)) - 1);
      firms.set(v.firmId, { id: f.id, name: f.input.name, keyEnterprise: Boolean(f.input.keyEnterprise) });
    }
    const { doc } = vacancyDocument(v.externalRef, v.input, firms.get(v.firmId)!, now);
    ops.push(
      JSON.stringify({ create: { _index: indexNames(rawPrefix).vacancies, _id: doc.id } }),
      JSON.stringify({ ...doc, changeSeq: i + 1 }),
    );
    docs++;
    if (ops.length >= batch * 2) {
      bodies.push(`${ops.join('\n')}\n`);
      ops = [];
    }
  }
  if (ops.length > 0) bodies.push(`${ops.join('\n')}\n`);

  const rawCpu0 = await engineCpuMs();
  const t1 = performance.now();
  await rawBulk(bodies, 2);
  const rawSec = (performance.now() - t1) / 1000;
  const rawEngineCpu = (await engineCpuMs()) - rawCpu0;

  await rt.es.indices.refresh({ index: [rt.names.vacancies, indexNames(rawPrefix).vacancies] });
  const [a, b] = await Promise.all([
    rt.es.count({ index: rt.names.vacancies }),
    rt.es.count({ index: indexNames(rawPrefix).vacancies }),
  ]);
  const endpointRate = count / endpointSec;
  const rawRate = docs / rawSec;
  console.log(
    `bench ingest: ${count} vacancies, batches of ${batch}, refresh off, 2 batches in flight on both sides`,
  );
  console.log(
    `  endpoint  ${endpointRate.toFixed(0).padStart(7)} items/s  (${endpointSec.toFixed(1)} s; ${JSON.stringify(summary)}; ${a.count} stored)`,
  );
  console.log(
    `  raw _bulk ${rawRate.toFixed(0).padStart(7)} docs/s   (${rawSec.toFixed(1)} s; ${b.count} stored)`,
  );
  console.log(`  ratio     ${(endpointRate / rawRate).toFixed(2)}x  (target 0.8x, goal 0.9x)`);
  console.log(
    `  CPU seconds: endpoint run ${(endpointCpu.service / 1000).toFixed(1)} service + ${(endpointCpu.engine / 1000).toFixed(1)} engine; raw run ${(rawEngineCpu / 1000).toFixed(1)} engine (+ this process's sending); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `  ingest process memory: ${(rssBefore / 1024).toFixed(0)} MB before the upload, peak ${(peakKb / 1024).toFixed(0)} MB (VmHWM); RSS at 25/50/75/100% of the upload: ${quarters.map((k) => (k / 1024).toFixed(0)).join('/')} MB`,
  );
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await deleteIndicesWithPrefix(rt.es, prefix).catch(() => {});
  const keys = await rt.redis.keys(`${prefix}:*`).catch(() => [] as string[]);
  if (keys.length > 0) await rt.redis.del(...keys);
  await rt.close();
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

/** CPU time the engine's process has used so far, in ms (node stats; one local node). */
async function engineCpuMs(): Promise<number> {
  const res = await rt.es.nodes.stats({ metric: 'process' });
  return Object.values(res.nodes).reduce((sum, n) => sum + (n.process?.cpu?.total_in_millis ?? 0), 0);
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
