/** Issue #13: the clustered settings, chosen by configuration only, and the names that depend on them. */
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { QUEUES, isCluster, isRedisUnavailable, queuePrefix, redisConnection, sameSlot } from '@fugong/queue';
import { createSearchClient, engineNodes } from '@fugong/search';
import { expect } from 'chai';
import { Cluster, Redis } from 'ioredis';

describe('scale: configuration', () => {
  it('ELASTICSEARCH_URL takes one URL or several, comma-separated; anything else names the variable', () => {
    expect(parseEnv(baseEnvSchema, {}).ELASTICSEARCH_URL).to.equal('http://127.0.0.1:9200');
    const many = parseEnv(baseEnvSchema, { ELASTICSEARCH_URL: 'http://a:9200, http://b:9200,http://c:9200' });
    expect(engineNodes(many.ELASTICSEARCH_URL)).to.deep.equal([
      'http://a:9200',
      'http://b:9200',
      'http://c:9200',
    ]);
    expect(() => parseEnv(baseEnvSchema, { ELASTICSEARCH_URL: 'http://a:9200,not a url' })).to.throw(
      /ELASTICSEARCH_URL: one http\(s\) URL, or several/,
    );
  });

  it('REDIS_CLUSTER_NODES is a list of host:port (unset by default); shards, replicas and the rate-limit store are checked', () => {
    expect(parseEnv(baseEnvSchema, {}).REDIS_CLUSTER_NODES).to.equal(undefined);
    expect(
      parseEnv(baseEnvSchema, { REDIS_CLUSTER_NODES: '127.0.0.1:7000, 127.0.0.1:7001' }).REDIS_CLUSTER_NODES,
    ).to.deep.equal(['127.0.0.1:7000', '127.0.0.1:7001']);
    expect(() => parseEnv(baseEnvSchema, { REDIS_CLUSTER_NODES: 'redis://x:7000' })).to.throw(
      /REDIS_CLUSTER_NODES/,
    );
    expect(() => parseEnv(baseEnvSchema, { INDEX_SHARDS: '0' })).to.throw(/INDEX_SHARDS/);
    expect(() => parseEnv(baseEnvSchema, { INDEX_REPLICAS: '-1' })).to.throw(/INDEX_REPLICAS/);
    expect(() => parseEnv(baseEnvSchema, { RATE_LIMIT_STORE: 'disk' })).to.throw(/RATE_LIMIT_STORE/);
    expect(parseEnv(baseEnvSchema, {}).QUEUE_WAIT_REPLICAS).to.equal(0);
  });

  it('the engine client gets every node and retries a request once on each other node (none with one node)', async () => {
    const one = createSearchClient('http://127.0.0.1:9200');
    const three = createSearchClient('http://127.0.0.1:9200,http://127.0.0.1:9201,http://127.0.0.1:9202');
    try {
      expect(one.connectionPool.size).to.equal(1);
      expect(three.connectionPool.size).to.equal(3);
      expect(retriesOf(one)).to.equal(0);
      expect(retriesOf(three)).to.equal(2);
    } finally {
      await one.close();
      await three.close();
    }
  });

  it('hash tags only on a cluster: one server keeps its key names, a cluster gets one slot per queue', () => {
    const single = new Redis({ lazyConnect: true });
    const cluster = new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true });
    try {
      expect(isCluster(single)).to.equal(false);
      expect(isCluster(cluster)).to.equal(true);
      expect(queuePrefix(single, 'fugong', QUEUES.intentions)).to.equal('fugong');
      expect(queuePrefix(cluster, 'fugong', QUEUES.intentions)).to.equal('{fugong:intentions}');
      // A prefix that already carries a tag is the operator's choice: kept as is.
      expect(queuePrefix(cluster, '{all}', QUEUES.intentions)).to.equal('{all}');
      expect(sameSlot(single, 'p:changes')).to.equal('p:changes');
      expect(sameSlot(cluster, 'p:changes')).to.equal('{p:changes}');
      expect(
        redisConnection({ url: 'redis://127.0.0.1:1', clusterNodes: [] }, 'producer', { lazyConnect: true }),
      ).to.be.instanceOf(Redis);
    } finally {
      single.disconnect();
      cluster.disconnect();
    }
  });

  it('cluster errors during a failover count as Redis unavailable (503, retry)', () => {
    for (const m of [
      'CLUSTERDOWN The cluster is down',
      'TRYAGAIN Multiple keys request during rehashing',
      'Too many Cluster redirections. Last error: x',
      "Cluster isn't ready and enableOfflineQueue options is false",
    ])
      expect(isRedisUnavailable(new Error(m)), m).to.equal(true);
    expect(isRedisUnavailable(new Error('ERR wrong number of arguments'))).to.equal(false);
  });
});

/** The client's retry count (a transport option not exposed by a getter). */
function retriesOf(client: ReturnType<typeof createSearchClient>): number {
  const transport = client.transport as unknown as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(transport).find((s) => s.description === 'max retries');
  return transport[key!] as number;
}
