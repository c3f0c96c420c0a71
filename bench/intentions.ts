/**
 * `pnpm bench intentions [--count 20000] [--concurrency 64]`: intentions recorded per second end to end
 * through the real worker (validation, reference check, batched create + pair update with OCC), against a
 * no-op BullMQ worker draining the same queue with the same job count and concurrency in the same run: the
 * queue's own ceiling. Uses ELASTICSEARCH_URL / REDIS_URL (default: the local pair from infra/up), in
 * throw-away indices and a throw-away queue prefix.
 */
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
import { DeadLetterStore } from '../services/intent-worker/src/deadletters/store.ts';
import { createMetrics } from '../services/intent-worker/src/ops/metrics.ts';
import { startIntentWorker } from '../services/intent-worker/src/worker/index.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    'in-flight': { type: 'string', default: '8' },
    'batch-wait': { type: 'string', default: '2' },
  },
});
const N = Number(values.count);
const C = Number(values.concurrency);
const esUrl = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `bench-int-${Date.now().toString(36)}`;
const es = createSearchClient(esUrl);
const names = indexNames(prefix);
const producer = redisConnection(redisUrl, 'producer');
const queue = createQueue(QUEUES.intentions, producer, prefix);
const VACANCIES = 200;

function jobs(round: string): IntentionJob[] {
  const kinds = ['application', 'application', 'shortlist', 'offer'] as const;
  return Array.from({ length: N }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const worker = `w-${Math.floor(i / 2)}`; // pairs of intentions share a pair document: real OCC traffic
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

/** Runs until `n` jobs completed; returns jobs per second from the worker's start. */
async function drain(start: () => { onCompleted: (cb: () => void) => void; close: () => Promise<void> }) {
  const started = performance.now();
  const w = start();
  let done = 0;
  await new Promise<void>((resolve) => w.onCompleted(() => ++done === N && resolve()));
  const seconds = (performance.now() - started) / 1000;
  await w.close();
  return { seconds, rate: N / seconds };
}

async function main(): Promise<void> {
  await ensureIndices(es, prefix, allIndices);
  const operations = Array.from({ length: 20 * VACANCIES }, (_, k) => {
    const firm = `firm-${k % 20}`;
    const id = `${firm}:v${Math.floor(k / 20)}`;
    return [{ index: { _index: names.vacancies, _id: id } }, { id, firmId: firm, openPositions: 5 }];
  }).flat();
  await es.bulk({ operations, refresh: 'wait_for' });
  console.log(`intentions benchmark: ${N} jobs, concurrency ${C}, engine ${esUrl}, redis ${redisUrl}`);

  await fill(queue, jobs('noop'));
  const noop = await drain(() => {
    const w = createWorker(QUEUES.intentions, async () => 'ok', redisConnection(redisUrl, 'worker'), prefix, {
      concurrency: C,
    });
    return { onCompleted: (cb) => w.on('completed', cb), close: () => w.close() };
  });
  console.log(
    `no-op BullMQ worker : ${noop.rate.toFixed(0).padStart(6)} jobs/s (${noop.seconds.toFixed(2)} s)`,
  );
  await queue.obliterate({ force: true });

  await fill(queue, jobs('real'));
  const metrics = createMetrics(queue);
  const real = await drain(() => {
    const running = startIntentWorker({
      es,
      names,
      redisUrl,
      queuePrefix: prefix,
      deadLetters: new DeadLetterStore(es, names.deadLetters),
      metrics,
      logger: createLogger('bench', 'warn'),
      settings: {
        concurrency: C,
        batchMax: 200,
        batchWaitMs: 5,
        batchInFlight: 2,
        lockDurationMs: 30_000,
        stalledIntervalMs: 15_000,
      },
    });
    return { onCompleted: (cb) => running.worker.on('completed', cb), close: running.close };
  });
  await es.indices.refresh({ index: [names.intentions, names.intentionPairs] });
  const stored = (await es.count({ index: names.intentions })).count;
  const pairs = (await es.count({ index: names.intentionPairs })).count;
  console.log(
    `real intent worker  : ${real.rate.toFixed(0).padStart(6)} records/s (${real.seconds.toFixed(2)} s)`,
  );
  console.log(`ratio real / no-op  : ${(real.rate / noop.rate).toFixed(2)}× (target ≥ 0.5×)`);
  console.log(`check: ${stored} records stored for ${N} jobs, ${pairs} pair documents`);
  if (stored !== N) process.exitCode = 1;
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
