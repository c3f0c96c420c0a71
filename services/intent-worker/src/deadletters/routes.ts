import type { Api } from '@fugong/http';
import type { IntentionQueues } from '@fugong/queue';
import { ConflictError, IntentionJob, NotFoundError, UnavailableError } from '@fugong/schemas';
import type { DeadLetter, DeadLetterStore } from '@fugong/stores';
import type { Queue } from 'bullmq';
import { z } from 'zod';

const DeadLetterBody = z
  .object({
    jobId: z.string(),
    queue: z.string(),
    reason: z.enum(['invalid_payload', 'unknown_reference', 'out_of_order', 'attempts_exhausted']),
    message: z.string(),
    attemptsMade: z.number(),
    failedAt: z.string(),
    replayedAt: z.string().optional(),
    payload: z.unknown(),
  })
  .meta({ id: 'DeadLetter' });

/**
 * Puts a dead job back on the queue under the same id (so it is still one record if it lands): a job still
 * in BullMQ's failed set is retried with its attempts reset; one already removed is added again from the
 * stored payload. A job that is queued or running is left alone (409).
 */
export async function replayDeadLetter(queue: Queue, entry: DeadLetter): Promise<'retried' | 'added'> {
  try {
    const job = await queue.getJob(entry.jobId);
    if (job) {
      const state = await job.getState();
      if (state !== 'failed' && state !== 'completed' && state !== 'unknown') {
        throw new ConflictError(`job ${entry.jobId} is ${state}; nothing to replay`);
      }
      if (state === 'failed') {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return 'retried';
      }
      await job.remove();
    }
    const name = (entry.payload as { kind?: unknown } | null)?.kind;
    await queue.add(typeof name === 'string' ? name : 'intention', entry.payload, { jobId: entry.jobId });
    return 'added';
  } catch (err) {
    if (err instanceof ConflictError) throw err;
    throw new UnavailableError('queue', `the intentions queue is unavailable (${(err as Error).message})`);
  }
}

/**
 * The queue a dead job goes back to: its pair's partition when its payload is an intention job (so a later
 * step of the pair finds it), else the queue it died in, else the first.
 */
export function queueOf(queues: IntentionQueues, entry: DeadLetter): Queue {
  const job = IntentionJob.safeParse(entry.payload);
  if (job.success) return queues.forJob(job.data);
  return queues.all.find((q) => q.name === entry.queue) ?? queues.all[0]!;
}

/** Registers the bureau's dead-letter inspection and replay. */
export function registerDeadLetterRoutes(api: Api, store: DeadLetterStore, queues: IntentionQueues): void {
  api.route({
    method: 'get',
    path: '/v1/dead-letters',
    summary: 'Intention jobs given up on, newest first',
    tags: ['operations'],
    operationId: 'listDeadLetters',
    auth: ['bureau'],
    query: z.strictObject({
      page: z.coerce.number().int().min(1).default(1),
      size: z.coerce.number().int().min(1).max(100).default(20),
      pending: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true')
        .describe('true: only entries not yet replayed'),
    }),
    responses: {
      200: {
        description: 'a page of dead letters',
        schema: z.object({ total: z.number(), items: z.array(DeadLetterBody) }),
      },
    },
    handler: async ({ query }) => store.list(query),
  });

  api.route({
    method: 'post',
    path: '/v1/dead-letters/{jobId}/replay',
    summary: 'Put a dead job back on the queue (same id: still recorded at most once)',
    tags: ['operations'],
    operationId: 'replayDeadLetter',
    auth: ['bureau'],
    params: z.strictObject({ jobId: z.string().min(1).max(300) }),
    responses: {
      202: {
        description: 'queued again',
        schema: z.object({ jobId: z.string(), how: z.enum(['retried', 'added']), replayedAt: z.string() }),
      },
      404: { description: 'no such dead letter' },
      409: { description: 'the job is queued or running' },
    },
    handler: async ({ params }, _req, res) => {
      const entry = await store.get(params.jobId);
      if (!entry) throw new NotFoundError(`dead letter ${params.jobId}`);
      const how = await replayDeadLetter(queueOf(queues, entry), entry);
      const replayedAt = new Date().toISOString();
      await store.markReplayed(entry, replayedAt);
      res.status(202).json({ jobId: entry.jobId, how, replayedAt });
    },
  });
}
