import { hash } from 'node:crypto';
import { IntentionJob, type IntentionJobInput, type IntentionKind, UnavailableError } from '@fugong/schemas';
import { type JobsOptions, Queue, type Processor, Worker, type WorkerOptions } from 'bullmq';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/** Every queue of the platform. */
export const QUEUES = { intentions: 'intentions' } as const;
/** The intentions' queues when partitioned: partition 0 keeps the name `intentions`, partition p is `intentions-p`. */
export type IntentionQueueName = typeof QUEUES.intentions | `${typeof QUEUES.intentions}-${number}`;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES] | IntentionQueueName;

/** Job schemas by queue: producers validate before adding, workers validate before processing. */
export const JOB_SCHEMAS = { intentions: IntentionJob } as const;

/** Bound of one producer command unless the caller gives its own (REDIS_COMMAND_TIMEOUT_MS in services). */
export const PRODUCER_COMMAND_TIMEOUT_MS = 2000;

/** A connection to one Redis server or to a Redis Cluster: both speak the same commands through ioredis. */
export type RedisConnection = Redis | Cluster;

/**
 * Where Redis is: one server (`url`) or, when `clusterNodes` lists any `host:port`, a Redis Cluster reached
 * through those seed nodes (the client discovers the rest and follows failovers).
 */
export interface RedisTarget {
  url: string;
  clusterNodes?: readonly string[] | undefined;
}

/** The target a service's environment names: REDIS_CLUSTER_NODES when set, else REDIS_URL. */
export const redisTarget = (env: {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: readonly string[] | undefined;
}): RedisTarget => ({ url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES });

/** True when the connection is a Redis Cluster client (keys used together must then share a hash slot). */
export const isCluster = (connection: RedisConnection): connection is Cluster =>
  connection instanceof Cluster;

/**
 * A Redis connection for one role, per BullMQ's production guidance:
 * - `producer` (inside HTTP services): no offline queue, one retry and a command timeout, so a Redis outage
 *   fails a request at once (503) instead of hanging it, also when Redis is frozen (connected but silent);
 * - `worker`: `maxRetriesPerRequest: null`, so blocking commands wait through a Redis restart and the worker
 *   recovers by itself.
 * Given a target with cluster nodes, the same roles on an ioredis Cluster client: a command that meets a
 * failover (connection closed, CLUSTERDOWN, MOVED) is retried by the client after refreshing the slot map, so
 * a promoted replica takes over without the caller seeing more than the failover's delay (a producer's
 * command still ends at its timeout: 503, retry).
 */
export function redisConnection(url: string, role: 'producer' | 'worker', extra?: RedisOptions): Redis;
export function redisConnection(
  target: RedisTarget,
  role: 'producer' | 'worker',
  extra?: RedisOptions,
): RedisConnection;
export function redisConnection(
  target: string | RedisTarget,
  role: 'producer' | 'worker',
  extra: RedisOptions = {},
): RedisConnection {
  const common: RedisOptions = {
    connectTimeout: 5000,
    // Visible in CLIENT LIST: which process and role holds the connection.
    connectionName: `fugong-${process.pid}-${role}`,
    // Reconnect forever with a capped backoff; outages end.
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  };
  const roleOptions: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS }
      : { maxRetriesPerRequest: null, enableReadyCheck: true };
  const { url, clusterNodes } =
    typeof target === 'string' ? { url: target, clusterNodes: undefined } : target;
  if (!clusterNodes || clusterNodes.length === 0)
    return new Redis(url, { ...common, ...roleOptions, ...extra });
  const { retryStrategy, enableOfflineQueue, lazyConnect, ...nodeOptions } = {
    ...common,
    ...roleOptions,
    ...extra,
  };
  const options: ClusterOptions = {
    redisOptions: nodeOptions,
    clusterRetryStrategy: retryStrategy ?? null,
    enableOfflineQueue: enableOfflineQueue ?? true,
    lazyConnect: lazyConnect ?? false,
    enableReadyCheck: true,
    // A primary that died: refresh the slot map and retry on the promoted replica (BullMQ's cluster guidance).
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2000,
  };
  return new Cluster(
    clusterNodes.map((node) => {
      const at = node.lastIndexOf(':');
      return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
    }),
    options,
  );
}

/**
 * `{base}` on a Redis Cluster, `base` otherwise: keys built on it hash to one slot, so a script or
 * transaction over several of them is allowed (Redis refuses keys of different slots with CROSSSLOT). On one
 * server the name is left as it was, so existing data keeps its keys.
 */
export const sameSlot = (connection: RedisConnection, base: string): string =>
  isCluster(connection) && !/\{[^}]+\}/.test(base) ? `{${base}}` : base;

/**
 * The BullMQ prefix of a queue. On a Redis Cluster every key of a queue must share a hash slot (BullMQ's
 * scripts touch several at once): the prefix carries a hash tag of the prefix and the queue's name, so each
 * queue's keys sit together while different queues spread over the primaries. Every BullMQ class of a queue
 * (Queue, Worker, QueueEvents, FlowProducer) must be given this same prefix; a flow whose parent and children
 * are in different queues would need one tag for all of them. On one server the prefix is unchanged.
 */
export const queuePrefix = (connection: RedisConnection, prefix: string, name: QueueName): string =>
  isCluster(connection) && !/\{[^}]+\}/.test(prefix) ? `{${prefix}:${name}}` : prefix;

/**
 * True for errors that mean Redis is unreachable or silent (not a command Redis refused): a closed or
 * not-ready connection with no offline queue, a command past its `commandTimeout`, exhausted retries.
 * The HTTP error handler answers these 503.
 */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  return /^(Command timed out|Connection is closed\.|Stream isn't writeable|connect ECONNREFUSED|connect ETIMEDOUT|read ECONNRESET|CLUSTERDOWN|TRYAGAIN|Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available|Cluster isn't ready)/.test(
    err.message,
  );
}

/** Defaults for every job: retried with exponential backoff and jitter, kept a while for inspection. */
export const defaultJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A producer-side queue. Attach an `error` listener (done here) so a Redis blip never crashes the process. */
export function createQueue(
  name: QueueName,
  connection: RedisConnection,
  prefix: string,
  onError?: (e: Error) => void,
): Queue {
  const queue = new Queue(name, {
    connection,
    prefix: queuePrefix(connection, prefix, name),
    defaultJobOptions,
  });
  queue.on('error', onError ?? (() => {}));
  return queue;
}

/** A worker with an `error` listener and the given concurrency. */
export function createWorker<T>(
  name: QueueName,
  processor: Processor<T>,
  connection: RedisConnection,
  prefix: string,
  options: Partial<WorkerOptions> = {},
  onError?: (e: Error) => void,
): Worker<T> {
  const worker = new Worker<T>(name, processor, {
    connection,
    prefix: queuePrefix(connection, prefix, name),
    concurrency: 16,
    // A worker killed mid-job leaves it stalled; another worker picks it up after this interval.
    stalledInterval: 15_000,
    maxStalledCount: 3,
    ...options,
  });
  worker.on('error', onError ?? (() => {}));
  return worker;
}

/**
 * A deterministic idempotency key: the same parts always give the same key, so the same request twice is one
 * job (BullMQ ignores an add with an existing job id) and one stored record. Hex, since BullMQ ids may not
 * contain `:`.
 */
export function idempotencyKey(...parts: Array<string | number | undefined>): string {
  // One-shot `hash` (no Hash object per call): the same digest as createHash, cheaper on the worker's hot path.
  return hash('sha256', parts.map((p) => String(p ?? '')).join('\u001f'), 'hex').slice(0, 32);
}

/** The key of a worker–vacancy intention: the same kind said about the same pair is one job. */
export const vacancyIntentionKey = (kind: IntentionKind, vacancyId: string, workerId: string): string =>
  idempotencyKey(kind, vacancyId, workerId);

/** The id of a worker–vacancy pair's document: every kind said about the pair folds into it. */
export const vacancyPairKey = (vacancyId: string, workerId: string): string =>
  idempotencyKey('pair', vacancyId, workerId);

/** The key of a swap intention: one per agreement, however often it is accepted or re-queued. */
export const swapIntentionKey = (agreementId: string): string => idempotencyKey('swap', agreementId);

/** The most partitions the intentions may be spread over (INTENT_QUEUE_PARTITIONS). */
export const MAX_INTENTION_PARTITIONS = 64;

/** The name of partition `p` of the intentions' queues (partition 0 is the one queue of an unpartitioned setup). */
export const intentionQueueName = (p: number): IntentionQueueName =>
  p === 0 ? QUEUES.intentions : `${QUEUES.intentions}-${p}`;

/**
 * What an intention's partition is chosen by: its pair (a worker–vacancy pair, or a swap agreement). Every
 * step of a pair therefore goes to one queue, so "is the offer still queued?" is asked of the queue that would
 * hold it, and a job id (the idempotency key) is unique within the one queue its pair maps to.
 */
export const intentionPairKey = (
  job:
    | { kind: 'swap'; agreementId: string }
    | { kind: Exclude<IntentionKind, 'swap'>; vacancyId: string; workerId: string },
): string =>
  job.kind === 'swap' ? swapIntentionKey(job.agreementId) : vacancyPairKey(job.vacancyId, job.workerId);

/** The partition of a pair: the pair key's first 32 bits (it is a SHA-256 prefix) modulo the partitions. */
export function intentionPartition(pairKey: string, partitions: number): number {
  if (partitions <= 1) return 0;
  const n = Number.parseInt(pairKey.slice(0, 8), 16);
  if (!Number.isFinite(n)) throw new Error(`not a pair key: ${pairKey}`);
  return n % partitions;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An intention job before its key: the key is computed from what identifies the intention. */
export type IntentionJobDraft = DistributiveOmit<IntentionJobInput, 'key'>;

/**
 * The one way to build an intention job: computes its idempotency key and validates it against its kind's
 * shape (defaults filled in), so every producer enqueues the same shape.
 */
export function intentionJob(draft: IntentionJobDraft): IntentionJob {
  const key =
    draft.kind === 'swap'
      ? swapIntentionKey(draft.agreementId)
      : vacancyIntentionKey(draft.kind, draft.vacancyId, draft.workerId);
  return IntentionJob.parse({ key, ...draft });
}

const queueUnavailable = (why: string) =>
  new UnavailableError('queue', `the intentions queue is unavailable (${why}); retry shortly`);

/**
 * Throws a 503 at once unless the queue's Redis connection is ready: BullMQ would otherwise wait for a
 * connection that is not there. Our queues are built on a shared ioredis instance (createQueue), whose state
 * answers at once; the queue's own first connection is awaited for at most half a second.
 */
async function assertQueueReady(queue: Queue): Promise<void> {
  const shared = queue.opts.connection;
  if ((shared instanceof Redis || shared instanceof Cluster) && shared.status !== 'ready')
    throw queueUnavailable('Redis is not connected');
  const client = await Promise.race([
    queue.client,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500).unref()),
  ]).catch(() => undefined);
  if (client?.status !== 'ready') throw queueUnavailable('Redis is not connected');
}

/** How many replicas must hold a job before it is acknowledged (QUEUE_WAIT_REPLICAS), and how long to wait. */
export interface QueueDurability {
  replicas: number;
  timeoutMs: number;
}
const durability = new WeakMap<object, QueueDurability>();

/**
 * Makes every job added through queues on this connection wait for `replicas` Redis replicas (WAIT) before
 * enqueueIntention returns: Redis replicates asynchronously, so a primary killed right after an add can take
 * an acknowledged job with it when its replica is promoted. The runtime sets this from QUEUE_WAIT_REPLICAS;
 * 0 (the default) does not wait.
 */
export function setQueueDurability(connection: RedisConnection, d: QueueDurability): void {
  if (d.replicas > 0) durability.set(connection, d);
  else durability.delete(connection);
}

/** The slot of a queue's hash tag, asked once per queue (CLUSTER KEYSLOT), to find the primary to WAIT on. */
const queueSlots = new WeakMap<Queue, number>();

/**
 * WAIT on the connection that wrote the job: on a cluster, the node that serves the queue's slot (the same
 * connection ioredis sent the add on, so WAIT covers it). Fewer replicas than asked within the timeout is a
 * 503: the client retries, and the retry is the same job id (BullMQ ignores a second add), so nothing doubles.
 */
async function waitForReplicas(queue: Queue, connection: RedisConnection, d: QueueDurability): Promise<void> {
  let target: Redis | undefined;
  if (isCluster(connection)) {
    let slot = queueSlots.get(queue);
    if (slot === undefined) {
      slot = Number(await connection.call('CLUSTER', 'KEYSLOT', `${queue.opts.prefix}:${queue.name}`));
      queueSlots.set(queue, slot);
    }
    const primary = connection.slots[slot]?.[0];
    target = connection.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === primary);
    if (!target) throw queueUnavailable('the queue’s primary is not known yet');
  } else target = connection;
  const acked = Number(await target.call('WAIT', d.replicas, d.timeoutMs));
  if (acked < d.replicas)
    throw queueUnavailable(
      `the job reached ${acked} of ${d.replicas} Redis replicas within ${d.timeoutMs} ms`,
    );
}

/**
 * Validates and adds an intention job keyed by its idempotency key. A Redis outage is a 503 at once. With a
 * durability set on the queue's connection (setQueueDurability), returns only once the job is on that many
 * replicas.
 */
export async function enqueueIntention(queue: Queue, job: IntentionJob): Promise<{ jobId: string }> {
  const payload = IntentionJob.parse(job);
  await assertQueueReady(queue);
  const connection = queue.opts.connection as RedisConnection;
  const d = durability.get(connection);
  try {
    await queue.add(payload.kind, payload, { jobId: payload.key });
    if (d) await waitForReplicas(queue, connection, d);
  } catch (err) {
    if (err instanceof UnavailableError) throw err;
    throw queueUnavailable((err as Error).message);
  }
  return { jobId: payload.key };
}

/**
 * Whether an intention is in the queue and not failed: waiting, delayed, being recorded or just recorded. Like
 * enqueueIntention, a Redis that is not connected is a 503 at once.
 */
export async function isIntentionQueued(queue: Queue, key: string): Promise<boolean> {
  await assertQueueReady(queue);
  try {
    const job = await queue.getJob(key);
    return job !== undefined && (await job.getState()) !== 'failed';
  } catch (err) {
    throw queueUnavailable((err as Error).message);
  }
}

/** True when Redis answers PING within the timeout. */
export async function redisReachable(connection: RedisConnection, timeoutMs = 2000): Promise<boolean> {
  if (connection.status !== 'ready') return false;
  try {
    const pong = await Promise.race([
      connection.ping(),
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return pong === 'PONG';
  } catch {
    return false;
  }
}

/** Resolves once the connection is ready (producers have no offline queue: commands before that fail). */
export async function redisReady(connection: RedisConnection, timeoutMs = 10_000): Promise<void> {
  if (connection.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    connection.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The intentions' queues of one process: one queue (`intentions`), or INTENT_QUEUE_PARTITIONS of them so that
 * a national peak spreads over several Redis Cluster primaries (each queue's keys share one hash slot, and
 * different queues' tags land on different slots). A job goes to the partition of its pair. Every producer and
 * every intent worker must be configured with the same count; lowering it strands the jobs of the partitions
 * dropped, so drain them first (the bureau's queue board lists every partition).
 */
export class IntentionQueues {
  readonly all: readonly Queue[];
  constructor(connection: RedisConnection, prefix: string, partitions = 1, onError?: (e: Error) => void) {
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_INTENTION_PARTITIONS)
      throw new Error(
        `intention partitions: an integer from 1 to ${MAX_INTENTION_PARTITIONS}, not ${partitions}`,
      );
    this.all = Array.from({ length: partitions }, (_, p) =>
      createQueue(intentionQueueName(p), connection, prefix, onError),
    );
  }

  /** The queue a pair's intentions go to. */
  forPair(pairKey: string): Queue {
    return this.all[intentionPartition(pairKey, this.all.length)]!;
  }

  /** The queue an intention job goes to (the partition of its pair). */
  forJob(job: IntentionJob): Queue {
    return this.forPair(intentionPairKey(job));
  }

  /** Closes every queue; bounded, so a shutdown during a Redis outage does not hang on a connection. */
  async close(timeoutMs = 2000): Promise<void> {
    await Promise.race([
      Promise.all(this.all.map((q) => q.close())),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }
}
