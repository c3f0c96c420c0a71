import type { Client } from '@elastic/elasticsearch';
import type { BaseEnv } from '@fugong/config';
import { redisConnection, redisReachable } from '@fugong/queue';
import {
  type IndexNames,
  closeSearchClient,
  createSearchClient,
  engineReachable,
  indexNames,
} from '@fugong/search';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ApiKeyStore } from './auth.ts';
import { createLogger } from './logger.ts';

/** The connections and names one service process shares: one engine client, one producer Redis connection. */
export interface Runtime {
  env: BaseEnv;
  logger: Logger;
  es: Client;
  redis: Redis;
  names: IndexNames;
  keyStore: ApiKeyStore;
  readiness: { elasticsearch: () => Promise<boolean>; redis: () => Promise<boolean> };
  close: () => Promise<void>;
}

/** Opens the process's connections. Redis errors are logged, never thrown: readiness reports them. */
export function createRuntime(env: BaseEnv, service: string): Runtime {
  const logger = createLogger(service, env.LOG_LEVEL);
  const es = createSearchClient(env.ELASTICSEARCH_URL);
  const redis = redisConnection(env.REDIS_URL, 'producer');
  let lastRedisError = '';
  redis.on('error', (err: Error) => {
    if (err.message !== lastRedisError) logger.warn({ err: err.message }, 'redis connection error');
    lastRedisError = err.message;
  });
  redis.on('ready', () => {
    lastRedisError = '';
  });
  const names = indexNames(env.INDEX_PREFIX);
  return {
    env,
    logger,
    es,
    redis,
    names,
    keyStore: new ApiKeyStore(es, names.apiKeys),
    readiness: { elasticsearch: () => engineReachable(es), redis: () => redisReachable(redis) },
    close: async () => {
      redis.disconnect();
      await es.close();
      await closeSearchClient();
    },
  };
}

/** The parts of createServiceApp's options that come from the runtime: logs, keys, readiness, rate limits. */
export function runtimeAppOptions(rt: Runtime) {
  return {
    logger: rt.logger,
    keyStore: rt.keyStore,
    readiness: rt.readiness,
    rateLimits: { anonymous: rt.env.RATE_LIMIT_ANONYMOUS, keyed: rt.env.RATE_LIMIT_KEYED },
  };
}
