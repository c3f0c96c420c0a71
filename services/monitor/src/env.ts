import { parseEnv } from '@fugong/config';
import { z } from 'zod';

/** The monitor service's own settings (the shared ones come from @fugong/config via the runtime). */
export const monitorEnvSchema = z.object({
  /** Follow-up: a key enterprise whose 到岗率 (on post ÷ employees) is below this percentage is listed. */
  MONITOR_KEY_ONPOST_MIN_PCT: z.coerce.number().min(0).max(100).default(80),
  /** Follow-up: any firm with more open positions (空岗) than this is listed; 0 = any open position. */
  MONITOR_OPEN_POSITIONS_MAX: z.coerce.number().int().min(0).default(0),
  /** The longest date range one indicators request may cover, in days (both ends included). */
  MONITOR_MAX_RANGE_DAYS: z.coerce.number().int().min(1).max(3660).default(366),
  /** The most firm rows one spreadsheet upload may hold (past it: 400 naming `file`, nothing written). */
  MONITOR_BULK_MAX_ROWS: z.coerce.number().int().min(1).max(200_000).default(20_000),
  /** The largest spreadsheet upload, in bytes (past it: 413, nothing written). */
  MONITOR_BULK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
});

export type MonitorEnv = z.infer<typeof monitorEnvSchema>;

/** Parses the monitor settings once at boot. */
export function monitorEnvFrom(env: NodeJS.ProcessEnv = process.env): MonitorEnv {
  return parseEnv(monitorEnvSchema, env);
}
