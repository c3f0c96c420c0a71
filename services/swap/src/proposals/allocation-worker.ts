/**
 * The allocation worker thread: receives plain posts and options, runs {@link allocateSwaps}, posts the result
 * back. One job at a time (the pool never sends a second before the first answered). Started by
 * `pool.ts` with the parent's tsx loader in its execArgv, since this entry is TypeScript.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { type AllocationOptions, type SwapPost, allocateSwaps } from '../allocation/index.ts';

/** What the pool sends. */
export interface AllocationJob {
  id: number;
  surplus: SwapPost[];
  shortage: SwapPost[];
  options: AllocationOptions;
}

if (!parentPort) throw new Error('allocation-worker.ts must run as a worker thread');
const port = parentPort;
port.on('message', (job: AllocationJob) => {
  port.postMessage({ id: job.id, started: true }); // the time budget runs from here, not from the boot
  try {
    const result = allocateSwaps(job.surplus, job.shortage, job.options);
    port.postMessage({ id: job.id, ok: true, result });
  } catch (err) {
    const e = err as Error;
    port.postMessage({
      id: job.id,
      ok: false,
      error: { message: e?.message ?? String(err), stack: e?.stack },
    });
  }
});
