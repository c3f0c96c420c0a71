import { parseEnv } from '@fugong/config';
import { z } from 'zod';

/** The swap service's own settings (the shared ones come from @fugong/config via the runtime). */
export const swapEnvSchema = z.object({
  /**
   * How long an accept may hold an agreement's reservation lease before another request or the repair
   * may abort it. Correctness never depends on it (an aborted accept cannot commit); only how soon
   * headcount held by a crashed accept is freed.
   */
  SWAP_RESERVE_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * How long an accept keeps trying while other accepts of the same posts are in flight (their reservations
   * may yet be released) or win the races for the post's version; beyond it: 503 `contention`, Retry-After.
   */
  SWAP_ACCEPT_DEADLINE_MS: z.coerce.number().int().min(100).default(15_000),
  /** How often the repair sweep frees headcount held by agreements that can never be accepted; 0 = off. */
  SWAP_REPAIR_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Worker threads computing proposals (each one allocation at a time), started on first use. */
  SWAP_ALLOCATION_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  /** Time budget of one allocation; beyond it the request gets a 503 and the worker is restarted. */
  SWAP_ALLOCATION_TIMEOUT_MS: z.coerce.number().int().min(10).default(120_000),
  /** Proposal requests that may wait for a busy worker; one more gets a 503. */
  SWAP_ALLOCATION_QUEUE: z.coerce.number().int().min(0).default(8),
});

export type SwapEnv = z.infer<typeof swapEnvSchema>;

/** Parses the swap settings once at boot. */
export function swapEnvFrom(env: NodeJS.ProcessEnv = process.env): SwapEnv {
  return parseEnv(swapEnvSchema, env);
}
