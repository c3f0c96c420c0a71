/**
 * Issue #13: the same code on one node and on a cluster, chosen by configuration only.
 * - Shared rate limits run everywhere (one Redis is enough to show that two copies count together).
 * - The cluster part runs only when REDIS_CLUSTER_NODES is set and ELASTICSEARCH_URL lists several nodes
 *   (`eval "$(infra/up --cluster)"`); otherwise it is skipped and says why.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { createRuntime, createServiceApp, type Runtime, runtimeAppOptions } from '@fugong/http';
import {
  QUEUES,
  createQueue,
  createWorker,
  enqueueIntention,
  intentionJob,
  isCluster,
  queuePrefix,
  redisConnection,
  redisReady,
  redisTarget,
} from '@fugong/queue';
import {
  type IndexDefinition,
  aliasTargets,
  createSearchClient,
  deleteIndicesWithPrefix,
  engineNodes,
  ensureIndex,
} from '@fugong/search';
import { expect } from 'chai';
import type { Express } from 'express';
import { ChangeSequence } from '../../services/ingest/src/changes/sequence.ts';
import { uniquePrefix } from '../support/service.ts';

async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Two copies of a tiny service (the kit's shell and one public route) on one runtime. */
async function twoCopies(rt: Runtime) {
  const copies = [];
  for (let i = 0; i < 2; i++) {
    const svc = createServiceApp({
      ...runtimeAppOptions(rt),
      name: `copy-${i}`,
      version: '0',
      description: '',
    });
    svc.router.get('/hello', (_req, res) => {
      res.json({ copy: i });
    });
    copies.push(await listen(svc.finish()));
  }
  return copies;
}

describe('scale: rate limits shared by every copy', () => {
  for (const store of ['redis', 'memory'] as const) {
    it(`RATE_LIMIT_STORE=${store}: two copies ${store === 'redis' ? 'share one' : 'each have their own'} limit`, async () => {
      const prefix = uniquePrefix('rl');
      const env = parseEnv(baseEnvSchema, {
        ...process.env,
        INDEX_PREFIX: prefix,
        LOG_LEVEL: 'silent',
        RATE_LIMIT_ANONYMOUS: '5',
        RATE_LIMIT_STORE: store,
      });
      const rt = createRuntime(env, 'scale-test');
      // Until Redis is connected the limiter lets requests through (fail open) and /readyz says 503, so a
      // balancer sends nothing yet: wait as the balancer would.
      await redisReady(rt.redis);
      const copies = await twoCopies(rt);
      try {
        // 10 anonymous requests alternating between the copies, from one address.
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) statuses.push((await fetch(`${copies[i % 2]!.url}/hello`)).status);
        const ok = statuses.filter((s) => s === 200).length;
        const limited = statuses.filter((s) => s === 429).length;
        if (store === 'redis') expect({ ok, limited }).to.deep.equal({ ok: 5, limited: 5 });
        else expect({ ok, limited }).to.deep.equal({ ok: 10, limited: 0 });
      } finally {
        for (const c of copies) await c.close();
        await rt.close();
      }
    });
  }
});

describe('scale: failed authentications counted across copies', () => {
  for (const store of ['redis', 'memory'] as const) {
    it(`RATE_LIMIT_STORE=${store}: a guesser alternating between two copies is blocked ${store === 'redis' ? 'after the limit in total (+1)' : 'per copy'}`, async () => {
      const env = parseEnv(baseEnvSchema, {
        ...process.env,
        INDEX_PREFIX: uniquePrefix('af'),
        LOG_LEVEL: 'silent',
        AUTH_FAILURE_LIMIT: '4',
        RATE_LIMIT_STORE: store,
      });
      const rt = createRuntime(env, 'scale-test');
      await redisReady(rt.redis);
      const copies = await twoCopies(rt);
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) {
          const res = await fetch(`${copies[i % 2]!.url}/hello`, {
            headers: { authorization: 'Bearer nope' },
          });
          statuses.push(res.status);
        }
        const count = (s: number) => statuses.filter((x) => x === s).length;
        // Shared: 4 failures in total block the address everywhere; a copy that had not heard from it yet lets
        // one more guess through (its own check is local), then it too knows the shared count.
        if (store === 'redis') expect({ 401: count(401), 429: count(429) }).to.deep.equal({ 401: 5, 429: 5 });
        else expect({ 401: count(401), 429: count(429) }).to.deep.equal({ 401: 8, 429: 2 });
      } finally {
        for (const c of copies) await c.close();
        await rt.close();
      }
    });
  }
});

const clusterNodes = process.env['REDIS_CLUSTER_NODES'];
const esUrl = process.env['ELASTICSEARCH_URL'] ?? '';
const skipWhy = !clusterNodes
  ? 'REDIS_CLUSTER_NODES is not set'
  : engineNodes(esUrl).length < 2
    ? 'ELASTICSEARCH_URL lists one node'
    : undefined;

describe('scale: on a three-node Elasticsearch and a Redis Cluster', () => {
  before(function () {
    if (skipWhy) {
      console.log(`      (skipped: ${skipWhy}; run with the output of infra/up --cluster)`);
      this.skip();
    }
  });

  it('the engine client is given every node and carries on when one of them does not answer', async () => {
    // A node that refuses connections first in the list: each request moves on to a live node.
    const client = createSearchClient(`http://127.0.0.1:1,${esUrl}`, 5000);
    try {
      for (let i = 0; i < 6; i++) expect((await client.cluster.health({})).number_of_nodes).to.be.at.least(3);
    } finally {
      await client.close();
    }
  });

  it('indices get one replica on a cluster and the configured shards; the alias-swap migration keeps every document', async () => {
    const client = createSearchClient(esUrl);
    const prefix = uniquePrefix('scale');
    const v1: IndexDefinition = {
      name: 'things',
      version: 1,
      mappings: { properties: { n: { type: 'integer' } } },
    };
    const v2: IndexDefinition = { ...v1, version: 2, mappings: { properties: { n: { type: 'long' } } } };
    try {
      expect(await ensureIndex(client, prefix, v1, { shards: 3 })).to.equal('created');
      const alias = `${prefix}-things`;
      const operations = Array.from({ length: 500 }, (_, n) => [
        { index: { _index: alias, _id: `d${n}` } },
        { n },
      ]).flat();
      const bulk = await client.bulk({ operations, refresh: 'wait_for' });
      expect(bulk.errors).to.equal(false);
      const settings1 = await client.indices.getSettings({ index: `${prefix}-things-v1` });
      expect(settings1[`${prefix}-things-v1`]?.settings?.index).to.include({
        number_of_shards: '3',
        number_of_replicas: '1',
      });

      expect(await ensureIndex(client, prefix, v2, { shards: 2 })).to.equal('migrated');
      expect(await aliasTargets(client, alias)).to.deep.equal([`${prefix}-things-v2`]);
      expect((await client.count({ index: alias })).count).to.equal(500);
      const settings2 = await client.indices.getSettings({ index: `${prefix}-things-v2` });
      expect(settings2[`${prefix}-things-v2`]?.settings?.index).to.include({
        number_of_shards: '2',
        number_of_replicas: '1',
      });
      // Every primary and replica placed: the index survives the loss of any one node.
      const health = await client.cluster.health({ index: alias, wait_for_status: 'green', timeout: '30s' });
      expect(health.status).to.equal('green');
      expect(health.active_shards).to.equal(4);
    } finally {
      await deleteIndicesWithPrefix(client, prefix).catch(() => {});
      await client.close();
    }
  });

  it("a queue's keys share one hash slot; two queues' prefixes differ; a job is processed once on the cluster", async () => {
    const prefix = uniquePrefix('q');
    const env = parseEnv(baseEnvSchema, { ...process.env, QUEUE_PREFIX: prefix });
    const producer = redisConnection(redisTarget(env), 'producer');
    const workerConn = redisConnection(redisTarget(env), 'worker');
    expect(isCluster(producer)).to.equal(true);
    expect(queuePrefix(producer, prefix, QUEUES.intentions)).to.equal(`{${prefix}:intentions}`);
    expect(queuePrefix(producer, prefix, 'other' as never)).to.equal(`{${prefix}:other}`);
    const queue = createQueue(QUEUES.intentions, producer, prefix);
    const seen: string[] = [];
    const worker = createWorker<{ key: string }>(
      QUEUES.intentions,
      async (job) => {
        seen.push(job.data.key);
      },
      workerConn,
      prefix,
    );
    try {
      await new Promise((r) => setTimeout(r, 300));
      const job = intentionJob({
        kind: 'application',
        vacancyId: 'v-1',
        workerId: 'w-1',
        firmId: 'firm-a',
        actor: { role: 'site', keyId: 'k1' },
        at: new Date().toISOString(),
      });
      await enqueueIntention(queue, job);
      await enqueueIntention(queue, job); // the same intention twice is one job
      const deadline = Date.now() + 15_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 500));
      expect(seen).to.deep.equal([job.key]);
      // Every key of the queue, on whichever primary holds it, in one slot.
      const keys: string[] = [];
      if (isCluster(producer))
        for (const node of producer.nodes('master'))
          keys.push(...(await node.keys(`{${prefix}:intentions}*`)));
      expect(keys.length).to.be.greaterThan(2);
      const slots = new Set(await Promise.all(keys.map((k) => producer.call('CLUSTER', 'KEYSLOT', k))));
      expect(slots.size).to.equal(1);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      producer.disconnect();
      workerConn.disconnect();
    }
  });

  it('the change sequence allocates and settles on the cluster (both keys in one slot)', async () => {
    const env = parseEnv(baseEnvSchema, { ...process.env });
    const redis = redisConnection(redisTarget(env), 'producer');
    const prefix = uniquePrefix('seq');
    try {
      await new Promise((r) => setTimeout(r, 300));
      const seq = new ChangeSequence(redis, prefix);
      const first = await seq.allocate(10);
      const second = await seq.allocate(5);
      expect(second).to.equal(first + 10);
      expect(await seq.watermark()).to.equal(first - 1);
      await seq.settle(first, true);
      await seq.settle(second, true);
      expect(await seq.watermark()).to.equal(second + 4);
      await redis.del(`{${prefix}:changes}:seq`, `{${prefix}:changes}:pending`);
    } finally {
      redis.disconnect();
    }
  });
});
