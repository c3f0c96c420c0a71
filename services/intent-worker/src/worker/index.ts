import type { Client } from '@elastic/elasticsearch';
import { createWorker, defaultJobOptions, intentionQueueName, redisConnection } from '@fugong/queue';
import type { IndexNames } from '@fugong/search';
import type { Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { Runtime } from '@fugong/http';
import type { DeadLetterStore } from '@fugong/stores';
import type { IntentMetrics } from '../ops/metrics.ts';
import { OrderGuard } from './order.ts';
import { createProcessor } from './processor.ts';
import { IntentionWriter, type WriteOutcome } from './writer.ts';

export { IntentionWriter } from './writer.ts';
export { createProcessor } from './processor.ts';
export { OrderGuard, OutOfOrderError } from './order.ts';
// What a process needs to embed the worker (the public `@fugong/intent-worker/worker` entry; bench/intentions.ts):
// its dead-letter store, its metrics and the env schema that holds the settings' defaults.
export { DeadLetterStore } from '@fugong/stores';
export { createMetrics } from '../ops/metrics.ts';
export { intentEnvSchema } from '../env.ts';

/** How the worker runs; every field has a default in the service's env schema. */
export interface WorkerSettings {
  concurrency: number;
  batchMax: number;
  batchWaitMs: number;
  batchInFlight: number;
  /** Lock held on an active job; a killed worker's jobs become stalled once it lapses. */
  lockDurationMs: number;
  /** How often stalled jobs are looked for and handed to a live worker. */
  stalledIntervalMs: number;
  /** Pair documents cached in process with their `_seq_no`/`_primary_term` (0: read every pair per flush). */
  pairCacheSize?: number;
}

/** A running intentions worker and the way to stop it gracefully. */
export interface RunningWorker {
  /** The worker of partition 0 (the only one unless the intentions are partitioned). */
  worker: Worker<unknown, WriteOutcome>;
  /** One worker per partition of the intentions' queues. */
  workers: Array<Worker<unknown, WriteOutcome>>;
  /** The batching writer (its `stats` count flushes, reads and conflicts). */
  writer: IntentionWriter;
  /** Stops taking jobs, waits for the active ones (their batch included) and closes the connection. */
  close: () => Promise<void>;
}

/**
 * Starts the BullMQ worker on its own connection (`maxRetriesPerRequest: null`: blocking reads wait through a
 * Redis restart, and ioredis reconnects by itself). Failure accounting feeds the metrics; a job that used up
 * its attempts also goes to the dead-letter store, so nothing fails without a trace an operator can replay.
 */
export function startIntentWorker(deps: {
  es: Client;
  names: IndexNames;
  redisUrl: string;
  /** A Redis Cluster's seed nodes (REDIS_CLUSTER_NODES): the worker's connection is then a Cluster client. */
  redisClusterNodes?: readonly string[] | undefined;
  queuePrefix: string;
  /** How many queues the intentions are spread over (INTENT_QUEUE_PARTITIONS; default 1): one worker each. */
  partitions?: number;
  deadLetters: DeadLetterStore;
  metrics: IntentMetrics;
  logger: Runtime['logger'];
  settings: WorkerSettings;
  /**
   * Extra options for the worker's Redis connection (a benchmark comparing them). Auto-pipelining was tried
   * (#14): a flush's jobs then complete as one burst of `moveToFinished` scripts and flushes fill to the
   * maximum, so fewer overlap; in paired runs it was slower, so the default is the `worker` role as is.
   */
  redisOptions?: RedisOptions;
}): RunningWorker {
  const { settings, metrics, logger } = deps;
  const writer = new IntentionWriter(deps.es, deps.names, {
    maxBatch: settings.batchMax,
    maxWaitMs: settings.batchWaitMs,
    maxInFlight: settings.batchInFlight,
    ...(settings.pairCacheSize !== undefined ? { pairCacheSize: settings.pairCacheSize } : {}),
  });
  const connection = redisConnection(
    { url: deps.redisUrl, clusterNodes: deps.redisClusterNodes },
    'worker',
    deps.redisOptions,
  );
  connection.on('error', () => {}); // reconnects by itself; the worker's error listener logs once per kind
  function watchFailures(worker: Worker<unknown, WriteOutcome>) {
    worker.on('failed', (job, err) => {
      if (!job) return;
      if (err.name === 'UnrecoverableError') {
        metrics.failed.inc({ reason: 'poison' });
        return;
      }
      const attempts = job.opts.attempts ?? defaultJobOptions.attempts ?? 1;
      if (job.attemptsMade < attempts) {
        metrics.retried.inc();
        return;
      }
      metrics.failed.inc({ reason: 'attempts_exhausted' });
      deps.deadLetters
        .put({
          jobId: job.id ?? 'unknown',
          queue: job.queueName,
          reason: 'attempts_exhausted',
          message: err.message,
          attemptsMade: job.attemptsMade,
          failedAt: new Date().toISOString(),
          payload: job.data,
        })
        .then(() => metrics.deadLettered.inc({ reason: 'attempts_exhausted' }))
        // The job stays in BullMQ's failed set (kept 7 days) even if this write fails.
        .catch((e: Error) => logger.error({ err: e.message, jobId: job.id }, 'dead letter not written'));
    });
    return worker;
  }
  let lastError = '';
  const processor = createProcessor({
    writer,
    order: new OrderGuard(deps.es, deps.names),
    deadLetters: deps.deadLetters,
    metrics,
  });
  // One BullMQ worker per partition of the intentions (INTENT_QUEUE_PARTITIONS), all on this connection and
  // feeding the one batching writer, so the engine still sees one bulk request per flush.
  const partitions = deps.partitions ?? 1;
  const workers = Array.from({ length: partitions }, (_, p) =>
    watchFailures(
      createWorker<unknown>(
        intentionQueueName(p),
        processor,
        connection,
        deps.queuePrefix,
        {
          concurrency: settings.concurrency,
          lockDuration: settings.lockDurationMs,
          stalledInterval: settings.stalledIntervalMs,
        },
        (err) => {
          if (err.message !== lastError) logger.warn({ err: err.message }, 'intent worker error');
          lastError = err.message;
        },
      ) as Worker<unknown, WriteOutcome>,
    ),
  );
  return {
    worker: workers[0]!,
    workers,
    writer,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await writer.idle();
      connection.disconnect();
    },
  };
}
