import type { Runtime } from '@fugong/http';
import { expireVacancies } from './sweep.ts';

/**
 * Runs {@link expireVacancies} every `intervalMs` in the ingest process. One sweep at a time; errors (the
 * engine or Redis briefly down) are logged and the next tick retries. Several ingest copies may sweep at
 * once: concurrency control makes the losers skip, not double-write. Returns a stop function that waits for
 * a sweep in flight (for BuiltService.closers).
 */
export function startExpirySweeper(
  rt: Runtime,
  opts: { intervalMs: number; batchSize: number },
): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = expireVacancies(rt, new Date(), { batchSize: opts.batchSize })
      .then((r) => {
        if (r.expired > 0 || r.conflicts > 0) rt.logger.info(r, 'expiry sweep');
      })
      .catch((err: unknown) => rt.logger.warn({ err }, 'expiry sweep failed; retrying next interval'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  // The sweeper alone must not keep a process (or a test run) alive.
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
