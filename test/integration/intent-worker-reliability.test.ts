import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUEUES, createQueue, enqueueIntention, redisConnection } from '@fugong/queue';
import { UnavailableError } from '@fugong/schemas';
import {
  allIndices,
  createSearchClient,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexNames,
} from '@fugong/search';
import type { Queue } from 'bullmq';
import { expect } from 'chai';
import { uniquePrefix } from './helpers.ts';
import { countDocs, intention, seedVacancies, waitFor } from './intent-worker-helpers.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const esUrl = () => process.env['ELASTICSEARCH_URL']!;

/** Runs the real service (worker in-process) as a child, so it can be killed with SIGKILL. */
function spawnWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'services/intent-worker/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe('intent worker reliability', function () {
  this.timeout(90_000);

  it('kill -9 of the worker process mid-stream, twice: every intention recorded exactly once', async () => {
    const N = 2000;
    const prefix = uniquePrefix('iwk');
    const es = createSearchClient(esUrl());
    const names = indexNames(prefix);
    const redis = redisConnection(process.env['REDIS_URL']!, 'producer');
    const queue = createQueue(QUEUES.intentions, redis, prefix);
    const children: ChildProcess[] = [];
    try {
      await ensureIndices(es, prefix, allIndices);
      await seedVacancies(
        es,
        names,
        Array.from({ length: 20 }, (_, i) => ({ firmId: 'firm-a', ref: `v${i}` })),
      );
      const jobs = Array.from({ length: N }, (_, i) =>
        intention('application', 'firm-a', `v${i % 20}`, `w-${i}`),
      );
      for (let i = 0; i < N; i += 500) {
        await queue.addBulk(
          jobs.slice(i, i + 500).map((j) => ({ name: j.kind, data: j, opts: { jobId: j.key } })),
        );
      }
      const env = {
        INDEX_PREFIX: prefix,
        QUEUE_PREFIX: prefix,
        INTENT_CONCURRENCY: '8',
        INTENT_BATCH_MAX: '8',
        INTENT_LOCK_MS: '2000',
        INTENT_STALLED_MS: '1000',
      };
      const completed = async () => (await queue.getJobCounts('completed')).completed ?? 0;
      const killedAt: number[] = [];
      for (const threshold of [400, 1000]) {
        const child = spawnWorker(env);
        children.push(child);
        await waitFor(
          async () => ((await completed()) >= threshold ? true : undefined),
          40_000,
          `${threshold} done`,
        );
        child.kill('SIGKILL');
        killedAt.push(await completed());
      }
      // Both kills hit a live stream: work was still queued.
      expect(killedAt.every((n) => n < N)).to.equal(true);
      children.push(spawnWorker(env));
      await waitFor(async () => ((await completed()) === N ? true : undefined), 60_000, 'all completed');
      expect(await countDocs(es, names.intentions)).to.equal(N);
      expect(await countDocs(es, names.intentionPairs)).to.equal(N);
      const ids = await es.search({
        index: names.intentions,
        size: 0,
        // `key` is kept in _source only (the document id is the key): counted through a runtime field.
        runtime_mappings: { key: { type: 'keyword' } },
        aggs: { keys: { cardinality: { field: 'key' } } },
      });
      expect((ids.aggregations as any).keys.value).to.equal(N);
      expect((await queue.getJobCounts('failed')).failed).to.equal(0);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      redis.disconnect();
      await deleteIndicesWithPrefix(es, prefix).catch(() => {});
      await es.close();
    }
  });

  it('Redis down: enqueue fails fast with UnavailableError; the worker resumes by itself once it is back', async () => {
    const port = '6391';
    const infra = (cmd: 'up' | 'down') =>
      execFileSync(join(root, 'infra', cmd), ['redis'], {
        env: { ...process.env, REDIS_PORT: port },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    infra('up');
    const url = `redis://127.0.0.1:${port}`;
    const prefix = uniquePrefix('iwr');
    const es = createSearchClient(esUrl());
    const names = indexNames(prefix);
    const redis = redisConnection(url, 'producer');
    redis.on('error', () => {});
    const queue: Queue = createQueue(QUEUES.intentions, redis, prefix);
    const child = spawnWorker({ INDEX_PREFIX: prefix, QUEUE_PREFIX: prefix, REDIS_URL: url });
    try {
      await ensureIndices(es, prefix, allIndices);
      await seedVacancies(es, names, [{ firmId: 'firm-a', ref: 'v1' }]);
      await enqueueIntention(queue, intention('application', 'firm-a', 'v1', 'w-1'));
      await waitFor(
        async () => ((await countDocs(es, names.intentions)) === 1 ? true : undefined),
        30_000,
        'first record',
      );

      infra('down');
      await waitFor(
        async () => (redis.status !== 'ready' ? true : undefined),
        5000,
        'producer sees Redis down',
      );
      const started = Date.now();
      let error: unknown;
      try {
        await enqueueIntention(queue, intention('application', 'firm-a', 'v1', 'w-2'));
      } catch (err) {
        error = err;
      }
      const tookMs = Date.now() - started;
      expect(error).to.be.instanceOf(UnavailableError);
      expect(tookMs).to.be.below(500);

      infra('up');
      await waitFor(async () => (redis.status === 'ready' ? true : undefined), 15_000, 'producer reconnects');
      await enqueueIntention(queue, intention('application', 'firm-a', 'v1', 'w-3'));
      await waitFor(
        async () => ((await countDocs(es, names.intentions)) === 2 ? true : undefined),
        30_000,
        'worker resumed',
      );
    } finally {
      child.kill('SIGKILL');
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close().catch(() => {});
      redis.disconnect();
      infra('down');
      await deleteIndicesWithPrefix(es, prefix).catch(() => {});
      await es.close();
    }
  });
});
