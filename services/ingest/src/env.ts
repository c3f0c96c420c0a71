import { parseEnv } from '@fugong/config';
import { z } from 'zod';

/** The ingest service's own settings (the shared ones come from @fugong/config via the runtime). */
export const ingestEnvSchema = z.object({
  /** How often the expiry sweeper marks vacancies past validThrough as expired; 0 turns it off. */
  INGEST_EXPIRY_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Vacancies rewritten per bulk request of one sweep. */
  INGEST_EXPIRY_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
});

export type IngestEnv = z.infer<typeof ingestEnvSchema>;

/** Parses the ingest settings once at boot. */
export function ingestEnvFrom(env: NodeJS.ProcessEnv = process.env): IngestEnv {
  return parseEnv(ingestEnvSchema, env);
}
