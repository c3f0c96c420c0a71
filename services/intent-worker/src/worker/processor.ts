import { IntentionJob } from '@fugong/schemas';
import { type Job, type Processor, UnrecoverableError } from 'bullmq';
import { shapeProblem } from '../domain/pair.ts';
import type { DeadLetterReason, DeadLetterStore } from '../deadletters/store.ts';
import type { IntentMetrics } from '../ops/metrics.ts';
import { PoisonIntentionError } from './references.ts';
import type { IntentionWriter, WriteOutcome } from './writer.ts';

/**
 * The job handler: validate, write (batched), and send what can never succeed to the dead-letter store.
 * Any other error is thrown as is, so BullMQ retries it with the queue's exponential backoff and jitter.
 */
export function createProcessor(deps: {
  writer: IntentionWriter;
  deadLetters: DeadLetterStore;
  metrics: IntentMetrics;
  queueName: string;
}): Processor<unknown, WriteOutcome> {
  const poison = async (job: Job, reason: DeadLetterReason, message: string): Promise<never> => {
    // Written before failing the job: if the engine is down this throws, the job is retried, and the
    // dead letter is written on a later attempt. A poison job is never silently dropped.
    await deps.deadLetters.put({
      jobId: job.id ?? 'unknown',
      queue: deps.queueName,
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
      const parsed = IntentionJob.safeParse(job.data);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        return await poison(
          job,
          'invalid_payload',
          `${first?.path.join('.') || '(root)'}: ${first?.message}`,
        );
      }
      const problem = shapeProblem(parsed.data);
      if (problem) return await poison(job, 'invalid_payload', problem);
      try {
        const outcome = await deps.writer.write(parsed.data);
        deps.metrics.processed.inc({ outcome });
        return outcome;
      } catch (err) {
        if (err instanceof PoisonIntentionError) return await poison(job, 'unknown_reference', err.reason);
        throw err;
      }
    } finally {
      stop();
    }
  };
}
