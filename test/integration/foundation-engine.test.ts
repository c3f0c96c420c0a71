import { expect } from 'chai';
import { Queue, Worker } from 'bullmq';
import { redisConnection } from '@fugong/queue';
import {
  type IndexDefinition,
  aliasTargets,
  createSearchClient,
  deleteIndicesWithPrefix,
  ensureIndex,
} from '@fugong/search';
import { uniquePrefix } from './helpers.ts';

const esUrl = () => process.env['ELASTICSEARCH_URL']!;
const redisUrl = () => process.env['REDIS_URL']!;

describe('foundation: the real engine and Redis', () => {
  it('the engine answers as Elasticsearch 8.x through the official client', async () => {
    const es = createSearchClient(esUrl());
    try {
      const info = await es.info();
      expect(info.version.number).to.match(/^8\.\d+\.\d+/);
      expect(info.tagline).to.equal('You Know, for Search');
      const res = await fetch(esUrl());
      expect(res.headers.get('x-elastic-product')).to.equal('Elasticsearch');
    } finally {
      await es.close();
    }
  });

  describe('versioned indices behind aliases', () => {
    const prefix = uniquePrefix('alias');
    const es = createSearchClient(esUrl());
    const v1: IndexDefinition = {
      name: 'things',
      version: 1,
      mappings: { properties: { title: { type: 'keyword' } } },
    };
    const v2: IndexDefinition = {
      name: 'things',
      version: 2,
      mappings: { properties: { title: { type: 'keyword' }, rank: { type: 'integer' } } },
    };
    after(async () => {
      await deleteIndicesWithPrefix(es, prefix);
      await es.close();
    });

    it('creates the index behind its alias; a document written through the alias is found after refresh', async () => {
      expect(await ensureIndex(es, prefix, v1)).to.equal('created');
      expect(await ensureIndex(es, prefix, v1)).to.equal('current');
      await es.index({ index: `${prefix}-things`, id: 'a', document: { title: '防护服' }, refresh: true });
      const res = await es.search({ index: `${prefix}-things`, query: { term: { title: '防护服' } } });
      expect(res.hits.hits.map((h) => h._id)).to.deep.equal(['a']);
      expect(await aliasTargets(es, `${prefix}-things`)).to.deep.equal([`${prefix}-things-v1`]);
    });

    it('a field added to a definition without a version bump is applied to the live index', async () => {
      const grown = {
        ...v1,
        mappings: { properties: { ...v1.mappings.properties, city: { type: 'keyword' as const } } },
      };
      expect(await ensureIndex(es, prefix, grown)).to.equal('current');
      const mapping = await es.indices.getMapping({ index: `${prefix}-things` });
      expect(Object.keys(mapping[`${prefix}-things-v1`]!.mappings.properties ?? {})).to.include('city');
    });

    it('a new version is built, filled and swapped in while readers keep getting answers', async () => {
      const ops = Array.from({ length: 200 }, (_, i) => [
        { index: { _index: `${prefix}-things`, _id: `d${i}` } },
        { title: `t${i}` },
      ]).flat();
      await es.bulk({ operations: ops, refresh: true });
      let reading = true;
      const failures: unknown[] = [];
      const counts: number[] = [];
      const reader = (async () => {
        while (reading) {
          try {
            counts.push((await es.count({ index: `${prefix}-things` })).count);
          } catch (err) {
            failures.push(err);
          }
        }
      })();
      try {
        expect(await ensureIndex(es, prefix, v2)).to.equal('migrated');
      } finally {
        reading = false;
        await reader;
      }
      expect(failures, 'no reader saw an error during the swap').to.have.length(0);
      expect(counts.length).to.be.greaterThan(0);
      expect(Math.min(...counts), 'no reader saw a partial index').to.equal(201);
      expect(await aliasTargets(es, `${prefix}-things`)).to.deep.equal([`${prefix}-things-v2`]);
      expect((await es.count({ index: `${prefix}-things` })).count).to.equal(201);
      expect(await es.indices.exists({ index: `${prefix}-things-v1` })).to.equal(false);
    });

    it('a write during a migration is either refused or kept in the new version, never lost', async () => {
      const v3: IndexDefinition = {
        ...v2,
        version: 3,
        mappings: { properties: { title: { type: 'keyword' } } },
      };
      // Enough documents that the copy takes a while (several scroll pages), writers running all along.
      const ops = Array.from({ length: 6000 }, (_, i) => [
        { index: { _index: `${prefix}-things`, _id: `m${i}` } },
        { title: `m${i}` },
      ]).flat();
      await es.bulk({ operations: ops, refresh: true });
      const acknowledged: string[] = [];
      const refused: unknown[] = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          try {
            // No refresh: a write just acknowledged and not yet visible to a search is the hard case.
            await es.index({ index: `${prefix}-things`, id: `live${i}`, document: { title: `live${i}` } });
            acknowledged.push(`live${i}`);
          } catch (err) {
            refused.push(err);
            await new Promise((r) => setTimeout(r, 5));
          }
        }
      })();
      const acknowledgedBeyond = async (n: number) => {
        for (let i = 0; i < 500 && acknowledged.length < n; i++) await new Promise((r) => setTimeout(r, 20));
      };
      try {
        await acknowledgedBeyond(5);
        expect(await ensureIndex(es, prefix, v3)).to.equal('migrated');
        await acknowledgedBeyond(acknowledged.length + 5);
      } finally {
        writing = false;
        await writer;
      }
      expect(acknowledged.length, 'writes went on before and after the copy').to.be.greaterThan(10);
      for (const err of refused)
        expect((err as { body?: { error?: { type?: string } } }).body?.error?.type).to.equal(
          'cluster_block_exception',
        );
      const found = await es.mget({ index: `${prefix}-things`, ids: acknowledged, _source: false });
      const missing = found.docs.filter((d) => !('found' in d && d.found)).map((d) => d._id);
      expect(missing, 'acknowledged writes missing after the migration').to.deep.equal([]);
      expect(await aliasTargets(es, `${prefix}-things`)).to.deep.equal([`${prefix}-things-v3`]);
    });
  });

  it('a BullMQ job round-trips through Redis', async () => {
    const prefix = uniquePrefix('q');
    const producer = redisConnection(redisUrl(), 'producer');
    const workerConn = redisConnection(redisUrl(), 'worker');
    const queue = new Queue('roundtrip', { connection: producer, prefix });
    const worker = new Worker(
      'roundtrip',
      async (job) => ({ echoed: job.data.text, attempts: job.attemptsMade }),
      {
        connection: workerConn,
        prefix,
      },
    );
    // Poll the job's own state: a QueueEvents listener can miss a completion that lands before it subscribes.
    const finished = async (id: string) => {
      for (let i = 0; i < 200; i++) {
        const state = await queue.getJobState(id);
        if (state === 'completed') return (await queue.getJob(id))?.returnvalue;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`job ${id} did not complete within 10 s`);
    };
    try {
      await queue.add('echo', { text: '复工' }, { jobId: 'fixed-id' });
      expect(await finished('fixed-id')).to.deep.equal({ echoed: '复工', attempts: 0 });
      const again = await queue.add('echo', { text: 'other' }, { jobId: 'fixed-id' });
      expect(again.id, 'same job id is the same job').to.equal('fixed-id');
      expect(await queue.getJobCounts('completed')).to.deep.equal({ completed: 1 });
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      producer.disconnect();
      workerConn.disconnect();
    }
  });
});
