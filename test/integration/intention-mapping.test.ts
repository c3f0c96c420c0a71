import {
  allIndices,
  createSearchClient,
  deleteIndicesWithPrefix,
  ensureIndex,
  ensureIndices,
  type IndexDefinition,
  indexNames,
  intentionPairsIndex,
  intentionsIndex,
} from '@fugong/search';
import type { IntentionJob, IntentionKind } from '@fugong/schemas';
import { createStores } from '@fugong/stores';
import { IntentionWriter } from '@fugong/intent-worker/worker';
import { expect } from 'chai';
import { uniquePrefix } from './helpers.ts';
import { intention, seedVacancies } from './intent-worker-helpers.ts';

/*
 * The two intention indices map only what a query reads (v2, issue #14). v1 as it shipped, kept here as the
 * migration's starting point: every field of a record and of a pair indexed.
 */
const kw = { type: 'keyword' } as const;
const date = { type: 'date' } as const;
const V1_INTENTIONS: IndexDefinition = {
  name: intentionsIndex.name,
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      ...Object.fromEntries(
        [
          'key',
          'pairKey',
          'kind',
          'vacancyId',
          'workerId',
          'agreementId',
          'firmId',
          'counterpartFirmId',
          'firmIds',
          'fairIds',
          'districtCode',
          'priorityGroups',
          'actorRole',
        ].map((f) => [f, kw]),
      ),
      headcount: { type: 'integer' },
      keyEnterprise: { type: 'boolean' },
      at: date,
      recordedAt: date,
    },
  },
};
const V1_PAIRS: IndexDefinition = {
  name: intentionPairsIndex.name,
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      ...Object.fromEntries(
        [
          'pairKey',
          'status',
          'vacancyId',
          'workerId',
          'firmId',
          'fairIds',
          'districtCode',
          'priorityGroups',
          'kind',
          'agreementId',
          'counterpartFirmId',
          'firmIds',
          'kinds',
        ].map((f) => [f, kw]),
      ),
      twoSided: { type: 'boolean' },
      keyEnterprise: { type: 'boolean' },
      headcount: { type: 'integer' },
      ...Object.fromEntries(
        ['firstAt', 'updatedAt', 'workerSideAt', 'firmSideAt', 'twoSidedAt'].map((f) => [f, date]),
      ),
    },
  },
};

describe('intention indices v2: every query answers as on v1, after the migration', function () {
  this.timeout(60_000);
  const prefix = uniquePrefix('intmap');
  const es = createSearchClient(process.env['ELASTICSEARCH_URL']!);
  const names = indexNames(prefix);
  const stores = createStores({ es, names });
  const others = allIndices.filter((d) => d !== intentionsIndex && d !== intentionPairsIndex);

  before(async () => {
    await ensureIndices(es, prefix, others);
    expect(await ensureIndex(es, prefix, V1_INTENTIONS)).to.equal('created');
    expect(await ensureIndex(es, prefix, V1_PAIRS)).to.equal('created');
    const firms = ['firm-a', 'firm-b', 'firm-c'];
    await seedVacancies(
      es,
      names,
      firms.flatMap((firmId, f) =>
        ['v1', 'v2'].map((ref) => ({
          firmId,
          ref,
          fairIds: f === 2 ? [] : [`fair-${f}`],
          keyEnterprise: f === 0,
        })),
      ),
    );
    await es.index({
      index: names.agreements,
      id: 'agr-1',
      document: { id: 'agr-1', lenderFirmId: 'firm-a', borrowerFirmId: 'firm-c' },
      refresh: 'wait_for',
    });
    // 3 firms × 2 vacancies × 8 workers, each pair taken a varying number of steps, on different days,
    // districts and priority groups; one swap.
    const kinds: IntentionKind[] = ['application', 'shortlist', 'offer', 'acceptance'];
    const jobs: IntentionJob[] = [];
    firms.forEach((firmId, f) => {
      for (const ref of ['v1', 'v2'])
        for (let w = 0; w < 8; w++) {
          const steps = (w + f) % 5; // 0..4 steps: some pairs never start
          for (let k = 0; k < steps; k++)
            jobs.push(
              intention(kinds[k]!, firmId, ref, `w-${w}`, {
                at: new Date(Date.UTC(2020, 2, 1 + w + k, 3 + f)).toISOString(),
                fairIds: f === 2 ? [] : [`fair-${f}`],
                districtCode: w % 2 ? '370402' : '370481',
                priorityGroups: w % 3 === 0 ? ['graduate'] : [],
                keyEnterprise: f === 0,
              }),
            );
        }
    });
    jobs.push({
      key: 'swap-agr-1',
      kind: 'swap',
      agreementId: 'agr-1',
      firmId: 'firm-a',
      counterpartFirmId: 'firm-c',
      headcount: 4,
      fairIds: [],
      districtCode: '370402',
      priorityGroups: [],
      keyEnterprise: true,
      actor: { role: 'employer', keyId: 'test' },
      at: '2020-03-05T02:00:00.000Z',
    } as IntentionJob);
    const writer = new IntentionWriter(es, names, { maxBatch: 50, maxWaitMs: 2, maxInFlight: 2 });
    const outcomes = await Promise.all(jobs.map((j) => writer.write(j)));
    expect(outcomes.every((o) => o === 'recorded')).to.equal(true);
    await es.indices.refresh({ index: [names.intentions, names.intentionPairs] });
  });
  after(async () => {
    await deleteIndicesWithPrefix(es, prefix);
    await es.close();
  });

  /** Every read of the two indices the services make, over filters that select different subsets. */
  async function answers() {
    const groupings = ['fair', 'firm', 'district', 'day', 'kind', 'priorityGroup'] as const;
    const filters = [
      {},
      { from: '2020-03-03', to: '2020-03-06' },
      { fairId: 'fair-0' },
      { firmId: 'firm-c' },
      { from: '2020-03-04T00:00:00+08:00', firmId: 'firm-a' },
    ];
    const grouped = [];
    for (const f of filters)
      for (const g of groupings) grouped.push(await stores.intentions.grouped(f, g, 50));
    const lists = [];
    for (const f of [
      {},
      { workerId: 'w-3' },
      { workerIds: ['w-1', 'w-2'] },
      { vacancyId: 'firm-b:v2' },
      { firmId: 'firm-a', twoSided: true },
      { kind: 'offer' },
      { status: 'accepted' },
    ])
      lists.push(await stores.intentionPairs.list(f, 1, 100));
    return {
      grouped,
      lists,
      fairs: [await stores.intentions.ofFair('fair-0'), await stores.intentions.ofFair('fair-1')],
      spoke: await stores.intentionPairs.workersWhoSpokeTo(
        'firm-b',
        Array.from({ length: 8 }, (_, w) => `w-${w}`),
      ),
      byDay: [...(await stores.intentionPairs.twoSidedByDay('2020-03-01', '2020-03-31'))],
    };
  }

  it('migrates v1 → v2 and every answer is the same, field for field', async () => {
    const before = await answers();
    // Not vacuous: the data reach every kind of answer.
    const all = before.grouped[0]!;
    expect(all.totals.records).to.be.greaterThan(50);
    expect(all.totals.twoSided).to.be.greaterThan(0);
    expect(all.totals.accepted).to.be.greaterThan(0);
    // Unfiltered, every grouping has groups of pairs and of records (the first six answers).
    expect(
      before.grouped.slice(0, 6).every((g) => g.pairGroups.length > 0 && g.recordGroups.length > 0),
    ).to.equal(true);
    // Each filter selects a different subset.
    expect(new Set(before.grouped.map((g) => g.totals.records)).size).to.be.greaterThan(3);
    expect(before.lists.every((l) => l.total > 0)).to.equal(true);
    expect(before.fairs[0]!.keyEnterprisePlacements).to.be.greaterThan(0);
    expect(before.spoke.length).to.be.greaterThan(0);
    expect(before.byDay.length).to.be.greaterThan(1);

    expect(await ensureIndex(es, prefix, intentionsIndex)).to.equal('migrated');
    expect(await ensureIndex(es, prefix, intentionPairsIndex)).to.equal('migrated');
    const after = await answers();
    expect(after).to.deep.equal(before);

    // The new indices hold the definitions' fields and no others; the rest is still in _source.
    for (const def of [intentionsIndex, intentionPairsIndex]) {
      const physical = `${prefix}-${def.name}-v2`;
      const mapping = await es.indices.getMapping({ index: physical });
      expect(Object.keys(mapping[physical]!.mappings.properties ?? {}).sort()).to.deep.equal(
        Object.keys(def.mappings.properties ?? {}).sort(),
      );
    }
    const record = await es.get<Record<string, unknown>>({
      index: names.intentions,
      id: intention('application', 'firm-a', 'v1', 'w-1').key,
    });
    expect(record._source).to.include({ workerId: 'w-1', vacancyId: 'firm-a:v1', actorRole: 'site' });
  });
});
