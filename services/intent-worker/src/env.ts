import { parseEnv } from '@fugong/config';
import { z } from 'zod';
import type { WorkerSettings } from './worker/index.ts';

/** The intent worker's own settings (the shared ones come from @fugong/config via the runtime). */
export const intentEnvSchema = z.object({
  /** `false` serves only the read side (a stats-only copy); the default runs the worker in-process. */
  INTENT_WORKER: z.enum(['true', 'false']).default('true'),
  INTENT_CONCURRENCY: z.coerce.number().int().min(1).max(5000).default(1000),
  INTENT_BATCH_MAX: z.coerce.number().int().min(1).max(5000).default(500),
  INTENT_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1000).default(2),
  INTENT_BATCH_IN_FLIGHT: z.coerce.number().int().min(1).max(16).default(4),
  INTENT_PAIR_CACHE: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
  INTENT_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  INTENT_STALLED_MS: z.coerce.number().int().min(500).default(15_000),
});

/** What {@link buildIntentService} needs beyond the runtime. */
export interface IntentOptions {
  runWorker: boolean;
  settings: WorkerSettings;
}

/** Parses the environment once at boot. */
export function intentOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): IntentOptions {
  const e = parseEnv(intentEnvSchema, env);
  return {
    runWorker: e.INTENT_WORKER === 'true',
    settings: {
      concurrency: e.INTENT_CONCURRENCY,
      batchMax: e.INTENT_BATCH_MAX,
      batchWaitMs: e.INTENT_BATCH_WAIT_MS,
      batchInFlight: e.INTENT_BATCH_IN_FLIGHT,
      lockDurationMs: e.INTENT_LOCK_MS,
      stalledIntervalMs: e.INTENT_STALLED_MS,
      pairCacheSize: e.INTENT_PAIR_CACHE,
    },
  };
}
