/**
 * `pnpm exec tsx scripts/reliability-intentions.ts [--count 50000]`: shows the intent worker's reliability
 * claims on a PRIVATE Elasticsearch (9210) and Redis (6390), started and stopped here, never the shared pair:
 *  1. kill -9 of the worker process three times while `count` intentions are processed → exactly `count`
 *     distinct records;
 *  2. Redis stopped 10 s under load → producers answer UnavailableError at once (latency measured), the worker
 *     resumes by itself, every acknowledged intention lands;
 *  3. the engine stopped 10 s → jobs are retried with backoff and all land;
 *  4. a poison job → dead-letter store while the others flow.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { QUEUES, createQueue, enqueueIntention, idempotencyKey, redisConnection } from '@fugong/queue';
import type { IntentionJob } from '@fugong/schemas';
import { allIndices, createSearchClient, ensureIndices, indexNames } from '@fugong/search';

const { values } = parseArgs({ options: { count: { type: 'string', default: '50000' } } });
const N = Number(values.count);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ports = { ES_PORT: '9210', REDIS_PORT: '6390' };
const esUrl = `http://127.0.0.1:${ports.ES_PORT}`;
const redisUrl = `redis://127.0.0.1:${ports.REDIS_PORT}`;
const prefix = `rel-${Date.now().toString(36)}`;
const names = indexNames(prefix);
const report: string[] = [];
const log = (line: string) => {
  console.log(line);
  report.push(line);
};
const infra = (cmd: 'up' | 'down', ...what: string[]) =>
  execFileSync(join(root, 'infra', cmd), what, {
    env: { ...process.env, ...ports },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const job = (round: string, i: number, vacancy = `firm-${i % 10}:v${i % 50}`): IntentionJob => ({
  key: idempotencyKey(round, i),
  kind: 'application',
  vacancyId: vacancy,
  workerId: `${round}-w${i}`,
  firmId: vacancy.split(':')[0]!,
  headcount: 1,
  fairIds: ['fair-rel'],
  priorityGroups: [],
  keyEnterprise: false,
  actor: { role: 'site', keyId: 'reliability' },
  at: new Date().toISOString(),
});

function spawnWorker(): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.resolve('@fugong/intent-worker/main'))],
    {
      cwd: root,
      env: {
        ...process.env,
        ELASTICSEARCH_URL: esUrl,
        REDIS_URL: redisUrl,
        INDEX_PREFIX: prefix,
        QUEUE_PREFIX: prefix,
        PORT: '0',
        LOG_LEVEL: 'error',
        INTENT_LOCK_MS: '5000',
        INTENT_STALLED_MS: '2000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
  return Date.now() - started;
}

infra('up');
const es = createSearchClient(esUrl);
const producer = redisConnection(redisUrl, 'producer');
producer.on('error', () => {});
const queue = createQueue(QUEUES.intentions, producer, prefix);
let worker: ChildProcess | undefined;
const records = async () => {
  await es.indices.refresh({ index: names.intentions });
  return (await es.count({ index: names.intentions })).count;
};
const completed = async () => (await queue.getJobCounts('completed')).completed ?? 0;

try {
  await ensureIndices(es, prefix, allIndices);
  const vacancies = Array.from({ length: 500 }, (_, k) => `firm-${k % 10}:v${Math.floor(k / 10)}`);
  await es.bulk({
    refresh: 'wait_for',
    operations: vacancies.flatMap((id) => [
      { index: { _index: names.vacancies, _id: id } },
      { id, firmId: id.split(':')[0] },
    ]),
  });

  // 1. kill -9 three times
  log(`1. kill -9 ×3 while ${N} intentions are processed`);
  for (let i = 0; i < N; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, N - i) }, (_, k) => job('kill', i + k));
    await queue.addBulk(chunk.map((j) => ({ name: j.kind, data: j, opts: { jobId: j.key } })));
  }
  worker = spawnWorker();
  for (const share of [0.2, 0.45, 0.7]) {
    await until(async () => (await completed()) >= N * share, 600_000, `${share * 100}% done`);
    worker.kill('SIGKILL');
    log(`   killed the worker (SIGKILL) at ${await completed()} completed; restarting`);
    worker = spawnWorker();
  }
  const t1 = await until(async () => (await completed()) >= N, 900_000, 'all done');
  // Every expected key must be stored; ids are the keys, so the count cannot hide a duplicate.
  let found = 0;
  for (let i = 0; i < N; i += 5000) {
    const ids = Array.from({ length: Math.min(5000, N - i) }, (_, k) => job('kill', i + k).key);
    const res = await es.mget({ index: names.intentions, ids, _source: false });
    found += res.docs.filter((d) => 'found' in d && d.found).length;
  }
  const stored = await records();
  log(
    `   ${stored} records stored, ${found} of the ${N} expected keys found: ` +
      `${stored === N && found === N ? 'EXACTLY ONCE' : 'MISMATCH'}; last leg ${t1} ms`,
  );

  // 2. Redis down 10 s under load
  log('2. Redis stopped 10 s while a producer enqueues every 5 ms');
  let acked = 0;
  let refused = 0;
  let slowest = 0;
  let running = true;
  const load = (async () => {
    for (let i = 0; running; i++) {
      const started = Date.now();
      try {
        await enqueueIntention(queue, job('redis', i));
        acked++;
      } catch {
        refused++;
        slowest = Math.max(slowest, Date.now() - started);
      }
      await sleep(5);
    }
  })();
  await sleep(2000);
  infra('down', 'redis');
  await sleep(10_000);
  infra('up', 'redis');
  const before = await completed().catch(() => 0);
  const resumeMs = await until(async () => (await completed()) > before, 60_000, 'worker resumed');
  await sleep(2000);
  running = false;
  await load;
  const t2 = await until(async () => (await records()) === N + acked, 120_000, 'acked intentions recorded');
  log(
    `   ${refused} enqueues refused with 503, slowest refusal ${slowest} ms; worker resumed ${resumeMs} ms after Redis was back`,
  );
  log(
    `   ${acked} acknowledged, ${(await records()) - N} recorded (${t2} ms to drain): ${(await records()) === N + acked ? 'NONE LOST' : 'LOSS'}`,
  );

  // 3. engine down 10 s
  log('3. Elasticsearch stopped 10 s with 2000 intentions queued');
  for (let i = 0; i < 2000; i += 500) {
    const chunk = Array.from({ length: 500 }, (_, k) => job('engine', i + k));
    await queue.addBulk(chunk.map((j) => ({ name: j.kind, data: j, opts: { jobId: j.key } })));
  }
  infra('down', 'elasticsearch');
  await sleep(10_000);
  infra('up', 'elasticsearch');
  const t3 = await until(
    async () => (await records()) === N + acked + 2000,
    300_000,
    'all landed after engine restart',
  );
  log(
    `   all 2000 landed ${t3} ms after the engine was back; failed jobs: ${(await queue.getJobCounts('failed')).failed}`,
  );

  // 4. poison
  log('4. a poison job among 1000 good ones');
  await enqueueIntention(queue, job('poison', 0, 'firm-0:no-such-vacancy'));
  for (let i = 1; i <= 1000; i++) await enqueueIntention(queue, job('poison', i));
  await until(async () => (await records()) === N + acked + 3000, 120_000, 'good ones landed');
  await es.indices.refresh({ index: names.deadLetters });
  const dead = await es.get<{ reason: string; message: string }>({
    index: names.deadLetters,
    id: job('poison', 0).key,
  });
  log(`   1000 good ones recorded; poison dead-lettered: ${dead._source?.reason} (${dead._source?.message})`);
  console.log(`\nREPORT\n${report.join('\n')}`);
} catch (error) {
  // The finally block exits the process, which would otherwise swallow the failure and exit 0.
  console.log(`\nREPORT (incomplete)\n${report.join('\n')}`);
  console.error(error);
  process.exitCode = 1;
} finally {
  worker?.kill('SIGKILL');
  await queue.close().catch(() => {});
  producer.disconnect();
  await es.close();
  infra('down');
  process.exit();
}
