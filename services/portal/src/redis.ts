/**
 * The portal's Redis: one node (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES, as for every service).
 * The portal sends single-key commands only — several keys are read or deleted one command each — so no key
 * needs a hash tag and a single-node deployment keeps its key names. {@link PortalRedis} is the small surface
 * the portal's stores use, the same over both clients.
 * @module
 */
import { createClient, createCluster } from 'redis';

type NodeClient = ReturnType<typeof createClient>;
type ClusterClient = ReturnType<typeof createCluster>;

/** The commands the portal's stores send, whichever client is behind them. */
export interface PortalRedis {
  get(key: string): Promise<string | null>;
  set(
    key: string,
    value: string,
    options?: { EX?: number; NX?: boolean; KEEPTTL?: boolean },
  ): Promise<unknown>;
  del(key: string): Promise<number>;
  incr(key: string): Promise<number>;
  expire(key: string, seconds: number): Promise<number>;
  ttl(key: string): Promise<number>;
  sAdd(key: string, member: string): Promise<number>;
  sMembers(key: string): Promise<string[]>;
  /** Every key matching `match`, in batches: SCAN on the one node, or on each primary of a cluster. */
  scan(match: string): AsyncGenerator<string[]>;
  /** True while commands can be sent. */
  ready(): boolean;
  close(): Promise<void>;
  /** The client itself, for connect-redis (which takes either kind). */
  readonly client: NodeClient | ClusterClient;
}

/** Connects to the single node or the cluster the settings name. */
export async function connectPortalRedis(target: {
  url: string;
  clusterNodes?: readonly string[] | undefined;
}): Promise<PortalRedis> {
  if (target.clusterNodes?.length) {
    const cluster = createCluster({ rootNodes: target.clusterNodes.map((n) => ({ url: `redis://${n}` })) });
    cluster.on('error', () => {});
    await cluster.connect();
    // A cluster client has the same single-key commands as a node client; only SCAN is per node.
    return surface(cluster as unknown as NodeClient, cluster, async function* (match) {
      for (const master of cluster.masters) {
        const node = (await cluster.nodeClient(master)) as unknown as NodeClient;
        for await (const keys of node.scanIterator({ MATCH: match, COUNT: 500 })) yield keys;
      }
    });
  }
  const node = createClient({ url: target.url });
  node.on('error', () => {});
  await node.connect();
  return surface(node, node, async function* (match) {
    for await (const keys of node.scanIterator({ MATCH: match, COUNT: 500 })) yield keys;
  });
}

function surface(
  c: NodeClient,
  client: NodeClient | ClusterClient,
  scan: (match: string) => AsyncGenerator<string[]>,
): PortalRedis {
  return {
    get: (key) => c.get(key),
    set: (key, value, options) => c.set(key, value, options),
    del: (key) => c.del(key),
    incr: (key) => c.incr(key),
    expire: (key, seconds) => c.expire(key, seconds),
    ttl: (key) => c.ttl(key),
    sAdd: (key, member) => c.sAdd(key, member),
    sMembers: (key) => c.sMembers(key),
    scan,
    ready: () => client.isOpen && ('isReady' in client ? client.isReady === true : true),
    close: async () => {
      await client.close().catch(() => {});
    },
    client,
  };
}

/** Reads keys one command each (keys of one call may live in different cluster slots). */
export function getEach(redis: PortalRedis, keys: readonly string[]): Promise<Array<string | null>> {
  return Promise.all(keys.map((k) => redis.get(k)));
}

/** Deletes keys one command each (see {@link getEach}). */
export async function delEach(redis: PortalRedis, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((k) => redis.del(k)));
}
