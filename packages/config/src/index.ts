import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Parses an environment against a zod schema. Empty strings are dropped first, so `FOO=` means "unset"
 * and the schema's default applies. Throws one error that lists every bad variable.
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}

/** Settings every service shares: where the engine and Redis are, how names are prefixed, logging. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  /**
   * The engine's HTTP address, or several comma-separated (every node of a cluster: the client spreads
   * requests over them and moves on from a node that does not answer).
   */
  ELASTICSEARCH_URL: z
    .string()
    .refine(
      (v) => v.split(',').every((u) => z.url({ protocol: /^https?$/ }).safeParse(u.trim()).success),
      'one http(s) URL, or several separated by commas',
    )
    .default('http://127.0.0.1:9200'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  /**
   * Seed nodes of a Redis Cluster (`host:port,host:port,…`). Set: every Redis connection is an ioredis Cluster
   * client, queue keys carry hash tags and rate limits are counted in Redis; REDIS_URL is then unused.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1))
    .optional(),
  /**
   * Primary shards of each index created from now on (unset: each definition's own, 1 by default). An existing
   * index keeps its count; a new count takes a new index version (the alias swap).
   */
  INDEX_SHARDS: z.coerce.number().int().min(1).max(1024).optional(),
  /**
   * Replicas of each index (unset: 0 on a one-node engine, 1 when the engine has several data nodes). Applied
   * to existing indices too: the replica count can change in place.
   */
  INDEX_REPLICAS: z.coerce.number().int().min(0).max(16).optional(),
  /**
   * Where request counts for the rate limits live: `memory` (this process; one copy only) or `redis` (shared
   * by every copy behind a balancer). Unset: `redis` with REDIS_CLUSTER_NODES, else `memory`.
   */
  RATE_LIMIT_STORE: z.enum(['memory', 'redis']).optional(),
  /**
   * Redis replicas that must hold a queued intention before it is acknowledged (Redis WAIT). 0: answer once
   * the primary has it (a failover may lose the last writes). See docs/scale.md for the measured cost.
   */
  QUEUE_WAIT_REPLICAS: z.coerce.number().int().min(0).max(5).default(0),
  /** How long an acknowledgement waits for QUEUE_WAIT_REPLICAS; past it the request is a 503 (retry). */
  QUEUE_WAIT_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  /** Prefix of every index and alias; tests use a unique one per run. */
  INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and - only')
    .default('fugong'),
  /** BullMQ key prefix; lets several deployments or tests share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default('fugong'),
  /**
   * How many queues the intentions are spread over (by a hash of their pair): 1 is one queue, `intentions`;
   * on a Redis Cluster more partitions put the intentions on more primaries (docs/scale.md). Every producer
   * (matcher, swap) and every intent worker must have the same value.
   */
  INTENT_QUEUE_PARTITIONS: z.coerce.number().int().min(1).max(64).default(1),
  /** Requests per minute per client for anonymous callers. */
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().positive().default(120),
  /** Requests per minute per API key. */
  RATE_LIMIT_KEYED: z.coerce.number().int().positive().default(6000),
  /** Failed authentications (bad or unknown keys) per minute per client address before 429. */
  AUTH_FAILURE_LIMIT: z.coerce.number().int().positive().default(30),
  /**
   * Addresses or CIDRs of the load balancers whose `X-Forwarded-For` is believed (comma-separated; `loopback`,
   * `linklocal` and `uniquelocal` name the usual ranges). Unset: no forwarding header is trusted, so a client
   * cannot pick its own address for the rate limits.
   */
  TRUST_PROXY: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().refine(isProxyAddress, 'an IP address, a CIDR or loopback|linklocal|uniquelocal')),
    )
    .default([]),
  /** The public URL of this service (`https://jobs.example.cn/matcher`) for the OpenAPI `servers`; unset: `/`. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** Bound of one engine request on the request path; past it the route answers 503 with Retry-After. */
  ENGINE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Bound of one Redis command of a producer connection; past it the route answers 503 with Retry-After. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** The base schema plus a PORT with the service's own default. */
export function serviceEnvSchema(defaultPort: number) {
  return baseEnvSchema.extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort),
  });
}

export type ServiceEnv = BaseEnv & { PORT: number };
