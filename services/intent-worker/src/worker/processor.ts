import { defaultJobOptions } from '@fugong/queue';
import { IntentionJob } from '@fugong/schemas';
import { type Job, type Processor, UnrecoverableError } from 'bullmq';
import type { DeadLetterReason, DeadLetterStore } from '@fugong/stores';
import type { IntentMetrics } from '../ops/metrics.ts';
import { type OrderGuard, OutOfOrderError } from './order.ts';
import { PoisonIntentionError } from './references.ts';
import type { IntentionWriter, WriteOutcome } from './writer.ts';

/**
 * The job handler: validate, check the order of steps, write (batched), and send what can never succeed to
 * the dead-letter store.
 * Any other error is thrown as is, so BullMQ retries it with the queue's exponential backoff and jitter.
 */
export function createProcessor(deps: {
  writer: IntentionWriter;
  /** Holds back a step whose prerequisite is not recorded yet (an acceptance before its offer). */
  order: OrderGuard;
  deadLetters: DeadLetterStore;
  metrics: IntentMetrics;
}): Processor<unknown, WriteOutcome> {
  const poison = async (job: Job, reason: DeadLetterReason, message: string): Promise<never> => {
    // Written before failing the job: if the engine is down this throws, the job is retried, and the
    // dead letter is written on a later attempt. A poison job is never silently dropped.
    await deps.deadLetters.put({
      jobId: job.id ?? 'unknown',
      // The job's own queue: its partition of the intentions.
      queue: job.queueName,
      reason,
      message,
      attemptsMade: job.attemptsMade + 1,
      failedAt: new Date().toISOString(),
      payload: job.data,
    });
    deps.metrics.deadLettered.inc({ reason });
    throw new UnrecoverableError(`${reason}: ${message}`);
  };

  return async (job) => {
    const stop = deps.metrics.duration.startTimer();
    try {
      // One shape per kind: a job lacking what its kind needs (a swap without agreementId, an application
      // without workerId) fails here, never later.
      const parsed = IntentionJob.safeParse(job.data);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return await poison(
          job,
          'invalid_payload',
          `${first?.path.join('.') || '(root)'}: ${first?.message}`,
        );
      }
      try {
        await deps.order.check(parsed.data);
        const outcome = await deps.writer.write(parsed.data);
        deps.metrics.processed.inc({ outcome });
        return outcome;
      } catch (err) {
        if (err instanceof PoisonIntentionError) return await poison(job, 'unknown_reference', err.reason);
        // The offer may still be on its way (queued just before, or being retried): BullMQ retries this job
        // with backoff, so it lands once the offer does; on the last attempt it is dead-lettered instead.
        if (err instanceof OutOfOrderError) {
          const attempts = job.opts.attempts ?? defaultJobOptions.attempts ?? 1;
          if (job.attemptsMade + 1 >= attempts) return await poison(job, 'out_of_order', err.message);
        }
        throw err;
      }
    } finally {
      stop();
    }
  };
}
