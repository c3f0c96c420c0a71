import { type BuiltService, type Runtime, createServiceApp, runtimeAppOptions } from '@fugong/http';
import { IntentionQueues } from '@fugong/queue';
import { createStores } from '@fugong/stores';
import { registerAgreementRoutes } from './agreements/routes.ts';
import { startRepairSweeper } from './agreements/sweeper.ts';
import { type SwapEnv, swapEnvFrom } from './env.ts';
import { registerPostRoutes } from './posts/routes.ts';
import { AllocationPool } from './proposals/pool.ts';
import { registerProposalRoutes } from './proposals/routes.ts';

/** The swap service (共享员工): posts, optimal proposals, agreements that never over-commit. */
export function buildApp(rt: Runtime, overrides: Partial<SwapEnv> = {}): BuiltService {
  const settings = { ...swapEnvFrom(), ...overrides };
  const svc = createServiceApp({
    ...runtimeAppOptions(rt),
    name: 'swap',
    version: '0.1.0',
    description:
      '共享员工: surplus and shortage across firms, optimal allocation, agreements that never over-commit.',
  });
  const queues = new IntentionQueues(rt.redis, rt.env.QUEUE_PREFIX, rt.env.INTENT_QUEUE_PARTITIONS, (err) =>
    rt.logger.warn({ err: err.message }, 'intentions queue error'),
  );
  // The stores once per process: routes and the sweeper receive them, never the engine client.
  const stores = createStores(rt);
  const ctx = {
    stores,
    queues,
    redis: rt.redis,
    logger: rt.logger,
    leaseMs: settings.SWAP_RESERVE_LEASE_MS,
    acceptDeadlineMs: settings.SWAP_ACCEPT_DEADLINE_MS,
  };
  // The allocation is CPU-bound (seconds to minutes): it runs on worker threads, never on the event loop.
  const pool = new AllocationPool({
    threads: settings.SWAP_ALLOCATION_THREADS,
    timeoutMs: settings.SWAP_ALLOCATION_TIMEOUT_MS,
    maxQueue: settings.SWAP_ALLOCATION_QUEUE,
    logger: rt.logger,
  });
  // Proposals before posts: nothing overlaps today, but a literal path must win over a {id} one.
  registerProposalRoutes(svc.api, stores, pool);
  registerPostRoutes(svc.api, stores);
  registerAgreementRoutes(svc.api, ctx);
  const closers: Array<() => Promise<unknown>> = [() => pool.close()];
  if (settings.SWAP_REPAIR_INTERVAL_MS > 0) {
    closers.push(
      startRepairSweeper(stores, rt.logger, settings.SWAP_REPAIR_INTERVAL_MS, settings.SWAP_RESERVE_LEASE_MS),
    );
  }
  // close() waits for a ready connection; during a Redis outage shutdown must not hang on it.
  closers.push(() => queues.close());
  return { app: svc.finish(), state: svc.state, closers };
}
