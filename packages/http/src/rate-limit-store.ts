import { createHash } from 'node:crypto';
import type { RedisConnection } from '@fugong/queue';
import { RedisStore } from 'rate-limit-redis';

/**
 * A rate-limit store in Redis (rate-limit-redis), so every copy of a service behind a balancer counts against
 * the same limit. Works on one Redis and on a Redis Cluster: each counter is one key, so its script runs on
 * the node that owns the key's slot.
 *
 * The store loads its two Lua scripts with SCRIPT LOAD when the app is built and runs them by SHA. On a
 * cluster the script is loaded on one node only, and at start-up the (no offline queue) producer connection
 * may not be connected yet: the load would fail once and leave the store broken. So SCRIPT LOAD is answered
 * here with the script's SHA-1 (what Redis would answer), and an EVALSHA that meets NOSCRIPT is sent again as
 * EVAL of the remembered script, which also caches it on that node.
 */
export function redisRateLimitStore(redis: RedisConnection, prefix: string): RedisStore {
  const scripts = new Map<string, string>();
  const send = async (command: string[]): Promise<unknown> => {
    const [name, ...args] = command;
    const upper = name?.toUpperCase();
    if (upper === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD' && args[1] !== undefined) {
      const sha = createHash('sha1').update(args[1]).digest('hex');
      scripts.set(sha, args[1]);
      return sha;
    }
    try {
      return await redis.call(name!, ...args);
    } catch (err) {
      const script = upper === 'EVALSHA' ? scripts.get(args[0] ?? '') : undefined;
      if (!script || !/^NOSCRIPT/.test((err as Error).message)) throw err;
      return await redis.call('EVAL', script, ...args.slice(1));
    }
  };
  // The `sendCommandCluster` form hands over the key too; ioredis routes by the command's own key anyway.
  return new RedisStore({
    prefix,
    sendCommandCluster: async ({ command }) => (await send(command)) as never,
  });
}
