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
});

export type MonitorEnv = z.infer<typeof monitorEnvSchema>;

/** Parses the monitor settings once at boot. */
export function monitorEnvFrom(env: NodeJS.ProcessEnv = process.env): MonitorEnv {
  return parseEnv(monitorEnvSchema, env);
}
