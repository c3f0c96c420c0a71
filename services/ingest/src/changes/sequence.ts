import { type RedisConnection, sameSlot } from '@fugong/queue';

/** INCRBY the counter by ARGV[1], ZADD the range's first number as pending with score ARGV[2], return it. */
const ALLOCATE = `local first = redis.call('INCRBY', KEYS[1], ARGV[1]) - tonumber(ARGV[1]) + 1
redis.call('ZADD', KEYS[2], ARGV[2], string.format('%d', first))
return first`;

/**
 * Change sequence numbers for the feed job-fair sites sync from. Numbers come from one Redis counter (AOF on),
 * so every ingest copy draws from the same order. A batch's numbers are "pending" from allocation until its
 * writes are searchable; the feed never returns past the lowest pending number (the watermark), so a reader
 * cannot skip a change that a slower, concurrent batch commits later.
 */
export class ChangeSequence {
  /** A range stays pending this long after its write returned: the index refresh interval and a margin. */
  static readonly VISIBILITY_MS = 2500;
  /** A range left pending by a crashed process stops holding the watermark back after this long. */
  static readonly ABANDON_MS = 120_000;

  private readonly redis: RedisConnection;
  private readonly prefix: string;

  constructor(redis: RedisConnection, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  // On a Redis Cluster both keys carry one hash tag: ALLOCATE touches the two at once (sameSlot).
  private get counterKey() {
    return `${sameSlot(this.redis, `${this.prefix}:changes`)}:seq`;
  }
  private get pendingKey() {
    return `${sameSlot(this.redis, `${this.prefix}:changes`)}:pending`;
  }

  /** Allocates `n` consecutive numbers and marks them pending; returns the first. */
  async allocate(n: number): Promise<number> {
    // One round trip, and atomic: a range is never allocated without being marked pending. Score: when the
    // range stops counting as pending (abandon deadline until it is settled).
    const first = await this.redis.eval(
      ALLOCATE,
      2,
      this.counterKey,
      this.pendingKey,
      n,
      Date.now() + ChangeSequence.ABANDON_MS,
    );
    return Number(first);
  }

  /**
   * The range starting at `first` has been written (or failed): pending only until it is searchable. With
   * `visible` (the write returned after a refresh, `refresh: wait_for`) it is searchable already, so it stops
   * holding the watermark at once: a single PUT shows in the feed immediately, not 2.5 s later.
   */
  async settle(first: number, visible = false): Promise<void> {
    if (visible) await this.redis.zrem(this.pendingKey, String(first));
    else await this.redis.zadd(this.pendingKey, Date.now() + ChangeSequence.VISIBILITY_MS, String(first));
  }

  /**
   * The highest sequence number a reader may safely return: one below the lowest range still pending, or the
   * counter when none is.
   */
  async watermark(): Promise<number> {
    const now = Date.now();
    await this.redis.zremrangebyscore(this.pendingKey, '-inf', now);
    const pending = (await this.redis.zrange(this.pendingKey, 0, -1)).map(Number);
    if (pending.length > 0) return Math.min(...pending) - 1;
    return Number((await this.redis.get(this.counterKey)) ?? 0);
  }
}
