import {
  allIndices,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexNames,
  createSearchClient,
} from '@fugong/search';
import type { IntentionKind } from '@fugong/schemas';
import { expect } from 'chai';
import { IntentionWriter } from '@fugong/intent-worker/worker';
import { uniquePrefix } from './helpers.ts';
import { countDocs, intention, seedVacancies } from './intent-worker-helpers.ts';

/**
 * Two worker processes each keep their own pair cache. Here two writers (two caches) record the steps of the
 * same pairs concurrently and out of order: every stale cache entry must cost a 409 and a re-read, never a
 * lost step or a pair moved backwards.
 */
describe('intent worker: two writers with their own pair caches on the same pairs', function () {
  this.timeout(60_000);
  const prefix = uniquePrefix('writers');
  const es = createSearchClient(process.env['ELASTICSEARCH_URL']!);
  const names = indexNames(prefix);
  const options = { maxBatch: 50, maxWaitMs: 2, maxInFlight: 2 };

  before(async () => {
    await ensureIndices(es, prefix, allIndices);
    await seedVacancies(es, names, [{ firmId: 'firm-a', ref: 'v1' }]);
  });
  after(async () => {
    await deleteIndicesWithPrefix(es, prefix);
    await es.close();
  });

  it('records every step once and ends every pair accepted and two-sided', async () => {
    const one = new IntentionWriter(es, names, options);
    const two = new IntentionWriter(es, names, options);
    const kinds: IntentionKind[] = ['application', 'shortlist', 'offer', 'acceptance'];
    const pairs = 40;
    // Each pair's four steps alternate between the writers and are sent in two waves, the second reversed,
    // so each writer's cache is stale for pairs the other one moved meanwhile.
    const wave = (reverse: boolean, stepIndexes: number[]) =>
      Promise.all(
        Array.from({ length: pairs }, (_, p) => p)
          .flatMap((p) => stepIndexes.map((k) => ({ p, k })))
          .sort((a, b) => (reverse ? b.p - a.p : a.p - b.p))
          .map(({ p, k }) => {
            const job = intention(kinds[k]!, 'firm-a', 'v1', `w-${p}`, {
              at: new Date(Date.UTC(2020, 2, 2 + k)).toISOString(),
            });
            return ((p + k) % 2 === 0 ? one : two).write(job);
          }),
      );
    const first = await wave(false, [0, 1]);
    const second = await wave(true, [3, 2]);
    expect([...first, ...second].every((o) => o === 'recorded')).to.equal(true);
    // Replaying everything through the other writers changes nothing: all duplicates.
    const replay = await Promise.all(
      Array.from({ length: pairs }, (_, p) =>
        kinds.map((kind, k) =>
          ((p + k) % 2 === 0 ? two : one).write(
            intention(kind, 'firm-a', 'v1', `w-${p}`, {
              at: new Date(Date.UTC(2020, 2, 2 + k)).toISOString(),
            }),
          ),
        ),
      ).flat(),
    );
    expect(replay.every((o) => o === 'duplicate')).to.equal(true);

    expect(await countDocs(es, names.intentions)).to.equal(pairs * 4);
    expect(await countDocs(es, names.intentionPairs)).to.equal(pairs);
    const res = await es.search<any>({ index: names.intentionPairs, size: pairs });
    for (const hit of res.hits.hits) {
      expect(hit._source).to.include({ status: 'accepted', twoSided: true });
      expect(Object.keys(hit._source.steps).sort()).to.deep.equal([
        'accepted',
        'applied',
        'offered',
        'shortlisted',
      ]);
    }
    expect(one.stats.conflicts + two.stats.conflicts, 'stale caches were exercised').to.be.greaterThan(0);
  });
});
