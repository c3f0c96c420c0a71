import type { Runtime } from '@fugong/http';
import { type RepairStores, repairAll } from './repair.ts';

/**
 * Runs {@link repairAll} every `intervalMs`: headcount held by crashed accepts or unfinished cancels comes
 * back without anyone asking. One sweep at a time; several service copies may sweep at once (every step is
 * OCC-guarded). Returns a stop function that waits for a sweep in flight.
 */
export function startRepairSweeper(
  stores: RepairStores,
  logger: Runtime['logger'],
  intervalMs: number,
  leaseMs: number,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = repairAll(stores, leaseMs)
      .then((r) => {
        if (r.freed > 0) logger.info(r, 'swap repair freed headcount');
      })
      .catch((err: unknown) => logger.warn({ err }, 'swap repair failed; retrying next interval'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref(); // the sweeper alone must not keep a process alive
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
