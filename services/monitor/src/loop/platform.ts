import { parseEnv } from '@fugong/config';
import { z } from 'zod';

/**
 * The other services as the monitor reaches them: through their public HTTP APIs, with the caller's own key,
 * exactly as a partner site would. So ingest and swap apply their own rules to what the monitor publishes (an
 * employer key writes only for its firm), and nothing here reaches into another service's index.
 */

export const loopEnvSchema = z.object({
  /** Where ingest, the matcher and swap answer (default: `./fugong start`'s ports on this machine). */
  MONITOR_INGEST_URL: z.url().optional(),
  MONITOR_MATCHER_URL: z.url().optional(),
  MONITOR_SWAP_URL: z.url().optional(),
  /** A call to another service that takes longer than this is given up (the item says so; retry is safe). */
  MONITOR_PLATFORM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export interface PlatformUrls {
  ingest: string;
  matcher: string;
  swap: string;
}

export interface LoopSettings {
  urls: PlatformUrls;
  timeoutMs: number;
}

/** The URLs of the other services: explicit ones, else 127.0.0.1 on each service's port variable or default. */
export function loopSettingsFrom(env: NodeJS.ProcessEnv = process.env): LoopSettings {
  const parsed = parseEnv(loopEnvSchema, env);
  const local = (portVar: string, port: number) => `http://127.0.0.1:${env[portVar]?.trim() || port}`;
  return {
    urls: {
      ingest: parsed.MONITOR_INGEST_URL ?? local('INGEST_PORT', 3001),
      matcher: parsed.MONITOR_MATCHER_URL ?? local('MATCHER_PORT', 3002),
      swap: parsed.MONITOR_SWAP_URL ?? local('SWAP_PORT', 3003),
    },
    timeoutMs: parsed.MONITOR_PLATFORM_TIMEOUT_MS,
  };
}

/** An answer from another service: its status and JSON body, or `status: 0` when it could not be reached. */
export interface PlatformAnswer {
  status: number;
  body: unknown;
}

/** A JSON call to one of the other services with the caller's API key. */
export class PlatformClient {
  private readonly settings: LoopSettings;

  constructor(settings: LoopSettings) {
    this.settings = settings;
  }

  async call(
    service: keyof PlatformUrls,
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    key: string,
    body?: unknown,
  ): Promise<PlatformAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await fetch(this.settings.urls[service] + path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: res.status, body: parsed };
    } catch (err) {
      return {
        status: 0,
        body: { error: { code: 'unreachable', message: `${service}: ${(err as Error).message}` } },
      };
    }
  }
}

/** The error message in another service's answer (`{ error: { message } }`), or a short description. */
export function answerMessage(a: PlatformAnswer): string {
  const e = (a.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  if (e?.message) return e.message;
  return a.status === 0 ? 'not reachable' : `HTTP ${a.status}`;
}
