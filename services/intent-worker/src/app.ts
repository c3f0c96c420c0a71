import { type BuiltService, type Runtime, createServiceApp, runtimeAppOptions } from '@fugong/http';
import { IntentionQueues } from '@fugong/queue';
import { createStores } from '@fugong/stores';
import { registerDeadLetterRoutes } from './deadletters/routes.ts';
import { type IntentOptions, intentOptionsFromEnv } from './env.ts';
import { createMetrics } from './ops/metrics.ts';
import { registerOpsRoutes } from './ops/routes.ts';
import { registerStatsRoutes } from './stats/routes.ts';
import { startIntentWorker } from './worker/index.ts';

/**
 * The intent-worker service with explicit options (tests pass their own): the read-side HTTP API and, unless
 * disabled, the BullMQ worker in the same process. The worker closes first on shutdown, finishing or handing
 * back the jobs in flight; then the queue handle.
 */
export function buildIntentService(options: IntentOptions) {
  return (rt: Runtime): BuiltService => {
    const svc = createServiceApp({
      ...runtimeAppOptions(rt),
      name: 'intent-worker',
      version: '0.1.0',
      description:
        'Records every matching intention exactly once in effect; statistics by fair, firm, district and day.',
    });
    // The producer-role connection: replay and queue-depth reads fail fast (503) while Redis is down.
    const queues = new IntentionQueues(rt.redis, rt.env.QUEUE_PREFIX, rt.env.INTENT_QUEUE_PARTITIONS);
    const metrics = createMetrics(queues.all);
    // The stores once per process: the routes and the worker receive them.
    const stores = createStores(rt);
    const { deadLetters } = stores;
    registerStatsRoutes(svc.api, stores);
    registerDeadLetterRoutes(svc.api, deadLetters, queues);
    registerOpsRoutes(svc.api, svc.router, metrics, queues.all);
    const worker = options.runWorker
      ? startIntentWorker({
          es: rt.es,
          names: rt.names,
          redisUrl: rt.env.REDIS_URL,
          redisClusterNodes: rt.env.REDIS_CLUSTER_NODES,
          queuePrefix: rt.env.QUEUE_PREFIX,
          partitions: rt.env.INTENT_QUEUE_PARTITIONS,
          deadLetters,
          metrics,
          logger: rt.logger,
          settings: options.settings,
        })
      : undefined;
    const closers: Array<() => Promise<unknown>> = [];
    if (worker) closers.push(worker.close);
    closers.push(() => queues.close());
    return { app: svc.finish(), state: svc.state, closers };
  };
}

/** The intent-worker service configured from the environment (main.ts). */
export function buildApp(rt: Runtime): BuiltService {
  return buildIntentService(intentOptionsFromEnv())(rt);
}
