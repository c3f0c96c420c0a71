import { baseEnvSchema } from '@fugong/config';
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

/**
 * The portal's settings. It reaches the other services only through their public HTTP APIs, with its own
 * keys: a `site` key (seekers act through it, with their recorded consent) and a `bureau` key (the bureau's
 * staff pages and the creation of employer accounts). Employers act through their firm's own employer key.
 */
export const portalEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORTAL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Set by ./fugong start (as for every service); wins over PORTAL_PORT when given. */
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /** A Redis Cluster's seed nodes (`host:port,…`), as for every service; set, REDIS_URL is unused. */
  REDIS_CLUSTER_NODES: baseEnvSchema.shape.REDIS_CLUSTER_NODES,
  /**
   * The balancers or ingress controllers whose `X-Forwarded-For` / `X-Forwarded-Proto` the portal believes, as
   * for every service (`loopback`, CIDRs, addresses). Behind a TLS-terminating ingress in another pod this must
   * name it, or the request looks like plain HTTP and no Secure session cookie is set. Unset: loopback when
   * PORTAL_PUBLIC_URL is https (a local proxy), else nobody.
   */
  TRUST_PROXY: baseEnvSchema.shape.TRUST_PROXY,
  /** Prefix of the portal's Redis keys (users, sessions, throttles). */
  PORTAL_PREFIX: z.string().min(1).default('fugong'),
  PORTAL_INGEST_URL: url.optional(),
  PORTAL_MATCHER_URL: url.optional(),
  PORTAL_SWAP_URL: url.optional(),
  PORTAL_INTENT_URL: url.optional(),
  PORTAL_MONITOR_URL: url.optional(),
  PORTAL_CONVOYS_URL: url.optional(),
  /** The portal's own site key (role site) and bureau key (role bureau). */
  PORTAL_SITE_KEY: z.string().regex(/^fg_\S+$/, 'a fugong API key (fg_…)'),
  PORTAL_BUREAU_KEY: z.string().regex(/^fg_\S+$/, 'a fugong API key (fg_…)'),
  /** The site id the site key carries: consent given on the portal names it. */
  PORTAL_SITE_ID: z.string().min(1).default('zzhrss-portal'),
  /** Signs the session cookie; at least 32 characters. */
  PORTAL_SESSION_SECRET: z.string().min(32, 'at least 32 characters'),
  /** The public origin (`https://jobs.zaozhuang.gov.cn`) for canonical URLs and JSON-LD; default the request's. */
  PORTAL_PUBLIC_URL: url.optional(),
  /** Secure cookies (HTTPS only). On by default in production. */
  PORTAL_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});
export type PortalEnv = z.infer<typeof portalEnvSchema>;

export interface ServiceUrls {
  ingest: string;
  matcher: string;
  swap: string;
  intent: string;
  monitor: string;
  convoys: string;
}

/** The services' URLs: explicit ones, else loopback on each service's port variable or default. */
export function serviceUrlsFrom(env: PortalEnv, raw: NodeJS.ProcessEnv = process.env): ServiceUrls {
  const local = (portVar: string, port: number) => `http://127.0.0.1:${raw[portVar]?.trim() || port}`;
  return {
    ingest: env.PORTAL_INGEST_URL ?? local('INGEST_PORT', 3001),
    matcher: env.PORTAL_MATCHER_URL ?? local('MATCHER_PORT', 3002),
    swap: env.PORTAL_SWAP_URL ?? local('SWAP_PORT', 3003),
    intent: env.PORTAL_INTENT_URL ?? local('INTENT_WORKER_PORT', 3004),
    monitor: env.PORTAL_MONITOR_URL ?? local('MONITOR_PORT', 3005),
    convoys: env.PORTAL_CONVOYS_URL ?? local('CONVOYS_PORT', 3006),
  };
}
