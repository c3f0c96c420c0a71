import type { Client } from '@elastic/elasticsearch';
import type { BaseEnv } from '@fugong/config';
import {
  type RedisConnection,
  redisConnection,
  redisReachable,
  redisTarget,
  setQueueDurability,
} from '@fugong/queue';
import {
  type IndexNames,
  closeSearchClient,
  createSearchClient,
  engineReachable,
  indexNames,
} from '@fugong/search';
import type { Logger } from 'pino';
import { ApiKeyStore, revocationChannel } from './auth.ts';
import { createLogger } from './logger.ts';

/**
 * The connections and names one service process shares: one engine client, one producer Redis connection,
 * and one subscriber connection that hears key revocations.
 */
export interface Runtime {
  env: BaseEnv;
  logger: Logger;
  es: Client;
  /** One Redis server or a Redis Cluster client (REDIS_CLUSTER_NODES): the same commands either way. */
  redis: RedisConnection;
  names: IndexNames;
  keyStore: ApiKeyStore;
  readiness: { elasticsearch: () => Promise<boolean>; redis: () => Promise<boolean> };
  close: () => Promise<void>;
}

/**
 * Opens the process's connections. Redis errors are logged, never thrown: readiness reports them. Engine
 * requests and producer Redis commands are bounded (ENGINE_TIMEOUT_MS, REDIS_COMMAND_TIMEOUT_MS), so a frozen
 * dependency answers 503 instead of hanging the request.
 */
export function createRuntime(env: BaseEnv, service: string): Runtime {
  const logger = createLogger(service, env.LOG_LEVEL);
  const es = createSearchClient(env.ELASTICSEARCH_URL, env.ENGINE_TIMEOUT_MS);
  const redis = redisConnection(redisTarget(env), 'producer', {
    commandTimeout: env.REDIS_COMMAND_TIMEOUT_MS,
  });
  // Queues built on this connection acknowledge a job only once QUEUE_WAIT_REPLICAS replicas hold it.
  setQueueDurability(redis, { replicas: env.QUEUE_WAIT_REPLICAS, timeoutMs: env.QUEUE_WAIT_TIMEOUT_MS });
  let lastRedisError = '';
  redis.on('error', (err: Error) => {
    if (err.message !== lastRedisError) logger.warn({ err: err.message }, 'redis connection error');
    lastRedisError = err.message;
  });
  redis.on('ready', () => {
    lastRedisError = '';
  });
  const names = indexNames(env.INDEX_PREFIX);
  const keyStore = new ApiKeyStore(es, names.apiKeys);
  const revocations = listenForRevocations(env, keyStore, logger);
  return {
    env,
    logger,
    es,
    redis,
    names,
    keyStore,
    readiness: { elasticsearch: () => engineReachable(es), redis: () => redisReachable(redis) },
    close: async () => {
      revocations.disconnect();
      redis.disconnect();
      await es.close();
      await closeSearchClient();
    },
  };
}

/**
 * Subscribes to key revocations: each one evicts the key from this process's cache. While the subscription is
 * down the store trusts its cache only briefly, and forgets everything when the subscription is back.
 */
function listenForRevocations(env: BaseEnv, store: ApiKeyStore, logger: Logger): RedisConnection {
  const channel = revocationChannel(env.INDEX_PREFIX);
  const sub = redisConnection(redisTarget(env), 'worker', {
    connectionName: `fugong-${process.pid}-revocations`,
  });
  sub.on('error', () => {}); // the producer connection logs Redis trouble; readiness reports it
  sub.on('message', (ch: string, keyId: string) => {
    if (ch === channel) store.evict(keyId);
  });
  // ioredis re-subscribes on every reconnect, just before 'ready'.
  sub.on('ready', () => store.setRevocationFeed(true));
  sub.on('close', () => store.setRevocationFeed(false));
  sub.subscribe(channel).catch((err: Error) => logger.warn({ err: err.message }, 'revocation feed'));
  return sub;
}

/** The parts of createServiceApp's options that come from the runtime: logs, keys, readiness, limits, proxies. */
export function runtimeAppOptions(rt: Runtime) {
  return {
    logger: rt.logger,
    keyStore: rt.keyStore,
    readiness: rt.readiness,
    rateLimits: {
      anonymous: rt.env.RATE_LIMIT_ANONYMOUS,
      keyed: rt.env.RATE_LIMIT_KEYED,
      authFailures: rt.env.AUTH_FAILURE_LIMIT,
      // Shared by every copy behind the balancer when counted in Redis (RATE_LIMIT_STORE, default with a
      // Redis Cluster); in this process otherwise.
      ...((rt.env.RATE_LIMIT_STORE ?? (rt.env.REDIS_CLUSTER_NODES ? 'redis' : 'memory')) === 'redis'
        ? { shared: { redis: rt.redis, prefix: `${rt.env.INDEX_PREFIX}:rl:` } }
        : {}),
    },
    trustProxy: rt.env.TRUST_PROXY,
    ...(rt.env.PUBLIC_BASE_URL ? { publicBaseUrl: rt.env.PUBLIC_BASE_URL } : {}),
  };
}
