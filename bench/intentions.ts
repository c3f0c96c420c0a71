/**
 * `pnpm bench intentions [--count 20000] [--concurrency 64] [--in-flight N] [--batch-wait MS] [--batch-max N]
 * [--pair-cache N] [--rounds 2] [--warmup 10000]`: intentions recorded per second end to end through the real worker
 * (validation, reference check, batched create + pair update with OCC), against a no-op BullMQ worker draining
 * the same queue with the same job count and concurrency in the same run: the queue's own ceiling. Batching
 * settings default to the service's (the `INTENT_*` defaults of its env schema). Each round
 * runs both workers, alternating which goes first so drift in the machine's load does not favour one side;
 * every round uses fresh keys and fresh pairs (a real worker starts with an empty pair cache, as a new
 * process does). Before the rounds both workers drain `--warmup` jobs, not counted (a fresh engine's JIT).
 * Each line accounts for the work per job: Redis scripts, commands and their µs (INFO commandstats), engine
 * documents and write-pool tasks, CPU µs of this process, the engine and Redis. Uses ELASTICSEARCH_URL / REDIS_URL (default: the local pair from infra/up), in throw-away
 * indices and a throw-away queue prefix.
 */
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { QUEUES, createQueue, createWorker, idempotencyKey, redisConnection } from '@fugong/queue';
import type { IntentionJob } from '@fugong/schemas';
import {
  allIndices,
  createSearchClient,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexNames,
} from '@fugong/search';
import type { Queue } from 'bullmq';
import { createLogger } from '@fugong/http';
import {
  createMetrics,
  DeadLetterStore,
  intentEnvSchema,
  startIntentWorker,
} from '@fugong/intent-worker/worker';

const defaults = intentEnvSchema.parse({});
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: String(defaults.INTENT_CONCURRENCY) },
    'in-flight': { type: 'string', default: String(defaults.INTENT_BATCH_IN_FLIGHT) },
    'batch-wait': { type: 'string', default: String(defaults.INTENT_BATCH_WAIT_MS) },
    'batch-max': { type: 'string', default: String(defaults.INTENT_BATCH_MAX) },
    'pair-cache': { type: 'string', default: String(defaults.INTENT_PAIR_CACHE) },
    rounds: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '10000' },
  },
});
const N = Number(values.count);
// Even, so the warm-up's jobs fill whole pairs like the rounds' do.
const W = Math.floor(Number(values.warmup) / 2) * 2;
const C = Number(values.concurrency);
const esUrl = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `bench-int-${Date.now().toString(36)}`;
const es = createSearchClient(esUrl);
const names = indexNames(prefix);
const producer = redisConnection(redisUrl, 'producer');
const queue = createQueue(QUEUES.intentions, producer, prefix);
const VACANCIES = 200;

function jobs(round: string, n: number): IntentionJob[] {
  const kinds = ['application', 'application', 'shortlist', 'offer'] as const;
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const worker = `w-${round}-${Math.floor(i / 2)}`; // pairs of intentions share a pair document: OCC traffic
    const firm = `firm-${Math.floor(i / 2) % 20}`;
    const vacancy = `${firm}:v${Math.floor(i / 2) % VACANCIES}`;
    return {
      key: idempotencyKey(round, kind, vacancy, worker, i),
      kind,
      vacancyId: vacancy,
      workerId: worker,
      firmId: firm,
      headcount: 1,
      fairIds: [`fair-${i % 3}`],
      districtCode: '370402',
      priorityGroups: i % 5 === 0 ? ['graduate'] : [],
      keyEnterprise: i % 7 === 0,
      actor: { role: 'site', keyId: 'bench' },
      at: new Date(Date.UTC(2020, 2, 1 + (i % 20))).toISOString(),
    };
  });
}

async function fill(q: Queue, list: IntentionJob[]): Promise<void> {
  for (let i = 0; i < list.length; i += 1000) {
    await q.addBulk(list.slice(i, i + 1000).map((j) => ({ name: j.kind, data: j, opts: { jobId: j.key } })));
  }
}

interface Usage {
  bench: number;
  engine: number;
  redis: number;
  /** Redis commands (top-level and inside scripts) and the µs Redis spent in them. */
  redisCalls: number;
  redisUsec: number;
  scripts: number;
  /** Engine: documents indexed in this run's indices and the `_bulk` requests that carried them. */
  indexed: number;
  bulkRequests: number;
  /** The bench process's time in garbage collection, ms. */
  gcMs: number;
}

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

/** CPU seconds used so far by this process, the engine and Redis (the work behind a rate, less noisy). */
async function cpu(): Promise<Usage> {
  const u = process.cpuUsage();
  const nodes = await es.nodes.stats({ metric: ['process', 'thread_pool'] });
  const engine = Object.values(nodes.nodes).reduce((t, n) => t + (n.process?.cpu?.total_in_millis ?? 0), 0);
  const bulkRequests = Object.values(nodes.nodes).reduce(
    (t, n) => t + (n.thread_pool?.['write']?.completed ?? 0),
    0,
  );
  const stats = await es.indices.stats({ index: `${prefix}*`, metric: 'indexing' });
  const info = await producer.info('cpu');
  const field = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  const commands = await producer.info('commandstats');
  let redisCalls = 0;
  let redisUsec = 0;
  let scripts = 0;
  for (const m of commands.matchAll(/cmdstat_([a-z|]+):calls=(\d+),usec=(\d+)/g)) {
    if (m[1] === 'info') continue;
    redisCalls += Number(m[2]);
    redisUsec += Number(m[3]);
    if (m[1] === 'evalsha' || m[1] === 'eval') scripts += Number(m[2]);
  }
  return {
    bench: (u.user + u.system) / 1e6,
    engine: engine / 1000,
    redis: field('used_cpu_sys') + field('used_cpu_user'),
    redisCalls,
    redisUsec,
    scripts,
    indexed: stats._all.primaries?.indexing?.index_total ?? 0,
    bulkRequests,
    gcMs,
  };
}

/** Runs until `n` jobs completed; returns jobs per second from the worker's start, and CPU seconds spent. */
async function drain(
  n: number,
  start: () => { onCompleted: (cb: () => void) => void; close: () => Promise<void> },
) {
  const before = await cpu();
  const load = loadavg()[0]!;
  const started = performance.now();
  const w = start();
  let done = 0;
  await new Promise<void>((resolve) => w.onCompleted(() => ++done === n && resolve()));
  const seconds = (performance.now() - started) / 1000;
  const after = await cpu();
  await w.close();
  const per = (k: keyof Usage, scale = 1) => (((after[k] - before[k]) * scale) / n).toFixed(2);
  const used =
    `cpu s: bench ${(after.bench - before.bench).toFixed(2)} (gc ${((after.gcMs - before.gcMs) / 1000).toFixed(2)}), ` +
    `engine ${(after.engine - before.engine).toFixed(2)}, redis ${(after.redis - before.redis).toFixed(2)}; ` +
    `load ${load.toFixed(1)}\n${' '.repeat(24)}per job: redis ${per('scripts')} scripts, ${per('redisCalls')} commands, ` +
    `${per('redisUsec')} µs; engine ${per('indexed')} docs, ${per('bulkRequests', 1000)} write tasks per 1000 jobs; ` +
    `cpu µs bench ${per('bench', 1e6)}, engine ${per('engine', 1e6)}, redis ${per('redis', 1e6)}`;
  return { seconds, rate: n / seconds, used };
}

type Settings = Parameters<typeof startIntentWorker>[0]['settings'];

async function runNoop(n = N): Promise<number> {
  await fill(queue, jobs(`noop-${prefix}-${runs++}`, n));
  const noop = await drain(n, () => {
    // The `worker` role's connection, like the real worker's; the same queue and job options.
    const connection = redisConnection(redisUrl, 'worker');
    const w = createWorker(QUEUES.intentions, async () => 'ok', connection, prefix, { concurrency: C });
    return {
      onCompleted: (cb) => w.on('completed', cb),
      close: async () => {
        await w.close();
        connection.disconnect();
      },
    };
  });
  await queue.obliterate({ force: true });
  console.log(
    `  no-op BullMQ worker : ${noop.rate.toFixed(0).padStart(6)} jobs/s    (${noop.seconds.toFixed(2)} s); ${noop.used}`,
  );
  return noop.rate;
}

async function runReal(settings: Settings, n = N): Promise<number> {
  await fill(queue, jobs(`real-${prefix}-${runs++}`, n));
  const metrics = createMetrics([queue]);
  let stats: ReturnType<typeof startIntentWorker>['writer']['stats'] | undefined;
  const real = await drain(n, () => {
    const running = startIntentWorker({
      es,
      names,
      redisUrl,
      queuePrefix: prefix,
      deadLetters: new DeadLetterStore({ es, names }),
      metrics,
      logger: createLogger('bench', 'warn'),
      settings,
    });
    stats = running.writer.stats;
    return { onCompleted: (cb) => running.worker.on('completed', cb), close: running.close };
  });
  await queue.obliterate({ force: true });
  const s = stats!;
  console.log(
    `  real intent worker  : ${real.rate.toFixed(0).padStart(6)} records/s (${real.seconds.toFixed(2)} s); ` +
      `${s.flushes} flushes, ${(s.jobs / s.flushes).toFixed(1)} jobs and ${(s.flushMs / s.flushes).toFixed(1)} ms ` +
      `each, ${s.bulks} bulks, ${s.pairReads} pair reads, ${s.conflicts} pair conflicts, ` +
      `cache ${s.cacheHits} hits / ${s.cacheMisses} misses, ${s.deferred} deferred\n${' '.repeat(24)}${real.used}`,
  );
  return real.rate;
}

let runs = 0;

async function main(): Promise<void> {
  await ensureIndices(es, prefix, allIndices);
  const operations = Array.from({ length: 20 * VACANCIES }, (_, k) => {
    const firm = `firm-${k % 20}`;
    const id = `${firm}:v${Math.floor(k / 20)}`;
    return [{ index: { _index: names.vacancies, _id: id } }, { id, firmId: firm, openPositions: 5 }];
  }).flat();
  await es.bulk({ operations, refresh: 'wait_for' });
  const settings: Settings = {
    concurrency: C,
    batchMax: Number(values['batch-max']),
    batchWaitMs: Number(values['batch-wait']),
    batchInFlight: Number(values['in-flight']),
    pairCacheSize: Number(values['pair-cache']),
    lockDurationMs: 30_000,
    stalledIntervalMs: 15_000,
  };
  const rounds = Number(values.rounds);
  console.log(
    `intentions benchmark: ${N} jobs × ${rounds} round(s), concurrency ${C} (both workers), ` +
      `batch max ${settings.batchMax}, wait ${settings.batchWaitMs} ms, in flight ${settings.batchInFlight}, ` +
      `pair cache ${settings.pairCacheSize}; engine ${esUrl}, redis ${redisUrl}`,
  );
  if (W > 0) {
    // Not counted: a freshly started engine runs its indexing path interpreted until the JIT has compiled it
    // (the first 50,000-job round on a new engine took 2–3× the CPU of the later ones), and this process has
    // not compiled the writer's path either. Both workers drain W jobs first, so each round measures the
    // steady state the issue is about.
    console.log(`warm-up (${W} jobs each, not counted)`);
    await runNoop(W);
    await runReal(settings, W);
  }
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    console.log(`round ${r + 1}`);
    let noop: number;
    let real: number;
    if (r % 2 === 0) {
      noop = await runNoop();
      real = await runReal(settings);
    } else {
      real = await runReal(settings);
      noop = await runNoop();
    }
    ratios.push(real / noop);
    console.log(`  ratio real / no-op  : ${(real / noop).toFixed(2)}× (target ≥ 0.6×)`);
  }
  await es.indices.refresh({ index: [names.intentions, names.intentionPairs] });
  const stored = (await es.count({ index: names.intentions })).count;
  const pairs = (await es.count({ index: names.intentionPairs })).count;
  if (rounds > 1) {
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(
      `ratios: ${ratios.map((x) => x.toFixed(2)).join(', ')}; ` +
        `min ${sorted[0]!.toFixed(2)}×, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}×, ` +
        `max ${sorted[sorted.length - 1]!.toFixed(2)}×; ${ratios.filter((x) => x >= 0.6).length} of ${rounds} at ≥ 0.6×`,
    );
  }
  console.log(
    `check: ${stored} records stored for ${N * rounds + W} jobs (warm-up included), ${pairs} pair documents ` +
      `(expected ${(N / 2) * rounds + W / 2})`,
  );
  if (stored !== N * rounds + W || pairs !== (N / 2) * rounds + W / 2) process.exitCode = 1;
}

try {
  await main();
} finally {
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  producer.disconnect();
  await deleteIndicesWithPrefix(es, prefix).catch(() => {});
  await es.close();
  // BullMQ's blocking connections can keep the loop alive a while after close; the report is out.
  process.exit();
}
