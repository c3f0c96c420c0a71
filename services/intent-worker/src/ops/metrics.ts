import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The worker's Prometheus metrics, in a registry of its own (several apps in one test process never clash). */
export interface IntentMetrics {
  registry: Registry;
  processed: Counter<'outcome'>;
  failed: Counter<'reason'>;
  retried: Counter;
  deadLettered: Counter<'reason'>;
  duration: Histogram;
  queueDepth: Gauge<'state'>;
}

/** Creates the metrics; the queue-depth gauge asks Redis at scrape time, so it is never stale. */
export function createMetrics(queues: readonly Queue[]): IntentMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    processed: new Counter({
      name: 'fugong_intent_jobs_processed_total',
      help: 'Intention jobs completed, by outcome (recorded: new record; duplicate: key already stored)',
      labelNames: ['outcome'],
      registers,
    }),
    failed: new Counter({
      name: 'fugong_intent_jobs_failed_total',
      help: 'Intention jobs that failed for good (poison payload or attempts exhausted)',
      labelNames: ['reason'],
      registers,
    }),
    retried: new Counter({
      name: 'fugong_intent_jobs_retried_total',
      help: 'Failed attempts that BullMQ will retry with backoff (engine down, timeouts, conflicts)',
      registers,
    }),
    deadLettered: new Counter({
      name: 'fugong_intent_jobs_dead_lettered_total',
      help: 'Jobs written to the dead-letter store, by reason',
      labelNames: ['reason'],
      registers,
    }),
    duration: new Histogram({
      name: 'fugong_intent_job_duration_seconds',
      help: 'Processing time of one intention job, batching wait included',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'fugong_intent_queue_depth',
      help: 'Jobs in the intentions queue (every partition) by state',
      labelNames: ['state'],
      registers,
      async collect() {
        try {
          const total: Record<string, number> = {};
          for (const queue of queues) {
            const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
            for (const [state, n] of Object.entries(counts)) total[state] = (total[state] ?? 0) + n;
          }
          for (const [state, n] of Object.entries(total)) this.set({ state }, n);
        } catch {
          // Redis down: the scrape still answers; the last known depth stays.
        }
      },
    }),
  };
}
