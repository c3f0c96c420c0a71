import { expect } from 'chai';
import { buildIntentService } from '@fugong/intent-worker/app';
import { buildApp } from '@fugong/matcher/app';
import {
  IntentionQueues,
  intentionPartition,
  redisConnection,
  vacancyIntentionKey,
  vacancyPairKey,
} from '@fugong/queue';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { type Companion, startCompanion, startTestService, type TestService } from './helpers.ts';
import { countDocs, waitFor } from './intent-worker-helpers.ts';

const firmA = { id: 'firm-a', name: '枣庄市示范服装有限公司', keyEnterprise: true };
const PARTITIONS = 3;
const workers = Array.from({ length: 12 }, (_, i) => `w${i}`);
const partitionOf = (w: string) => intentionPartition(vacancyPairKey('firm-a:sew', w), PARTITIONS);

describe('intentions spread over partitioned queues (INTENT_QUEUE_PARTITIONS=3, real Redis and engine)', function () {
  this.timeout(90_000);
  let t: TestService;
  let intent: Companion | undefined;
  let queues: IntentionQueues;
  const post = (body: unknown) => t.call('POST', '/v1/intentions', { key: t.keys.bureau, body });

  before(async () => {
    t = await startTestService(buildApp, { INTENT_QUEUE_PARTITIONS: String(PARTITIONS) });
    await seed(t.rt.es, t.rt.names, {
      vacancies: [vacancy('sew', { title: '缝纫工' }, firmA)],
      workers: workers.map((w) => worker(w, { occupations: ['缝纫工'] })),
    });
    queues = new IntentionQueues(
      redisConnection(process.env['REDIS_URL']!, 'worker'),
      t.rt.env.QUEUE_PREFIX,
      PARTITIONS,
    );
  });
  after(async () => {
    await intent?.close();
    for (const q of queues?.all ?? []) await q.obliterate({ force: true }).catch(() => {});
    await queues?.close();
    await t?.close();
  });

  it('each application waits in its pair’s partition, and the pairs use more than one', async () => {
    for (const w of workers) {
      const res = await post({ kind: 'application', vacancyId: 'firm-a:sew', workerId: w });
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
    }
    const seen = new Set<number>();
    for (const w of workers) {
      const key = vacancyIntentionKey('application', 'firm-a:sew', w);
      const p = partitionOf(w);
      seen.add(p);
      for (const [k, q] of queues.all.entries())
        expect(Boolean(await q.getJob(key)), `${w} in partition ${k}`).to.equal(k === p);
    }
    expect(seen.size).to.be.greaterThan(1);
  });

  it('an acceptance finds its offer still queued in a partition other than the first (202, not out of order)', async () => {
    const w = workers.find((x) => partitionOf(x) !== 0)!;
    const offer = await post({ kind: 'offer', vacancyId: 'firm-a:sew', workerId: w });
    expect(offer.status, JSON.stringify(offer.body)).to.equal(202);
    const accept = await post({ kind: 'acceptance', vacancyId: 'firm-a:sew', workerId: w });
    expect(accept.status, JSON.stringify(accept.body)).to.equal(202);
    // Nothing is recorded yet and the other partitions do not hold it: only the right partition let it pass.
    expect(
      await queues.all[partitionOf(w)]!.getJob(vacancyIntentionKey('offer', 'firm-a:sew', w)),
    ).to.not.equal(undefined);
    const other = workers.find((x) => x !== w)!;
    const early = await post({ kind: 'acceptance', vacancyId: 'firm-a:sew', workerId: other });
    expect(early.status).to.equal(409);
    expect(early.body.error.code).to.equal('out_of_order');
  });

  it('one intent worker drains every partition: each intention recorded once, the offer before its acceptance', async () => {
    intent = await startCompanion(
      t,
      buildIntentService({
        runWorker: true,
        settings: {
          concurrency: 8,
          batchMax: 50,
          batchWaitMs: 5,
          batchInFlight: 2,
          lockDurationMs: 5000,
          stalledIntervalMs: 2000,
        },
      }),
    );
    const expected = workers.length + 2;
    await waitFor(
      async () => ((await countDocs(t.rt.es, t.rt.names.intentions)) >= expected ? true : undefined),
      40_000,
      `${expected} intentions recorded`,
    );
    // A moment more: nothing beyond them arrives (no job recorded twice).
    await new Promise((r) => setTimeout(r, 500));
    expect(await countDocs(t.rt.es, t.rt.names.intentions)).to.equal(expected);
    for (const q of queues.all) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      expect(counts).to.deep.include({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    }
    const w = workers.find((x) => partitionOf(x) !== 0)!;
    for (const kind of ['application', 'offer', 'acceptance'] as const) {
      const doc = await t.rt.es.get({
        index: t.rt.names.intentions,
        id: vacancyIntentionKey(kind, 'firm-a:sew', w),
      });
      expect(doc.found, kind).to.equal(true);
    }
  });

  it('a dead letter names the partition its job came from', async () => {
    // An invalid payload placed straight into the last partition (no pair key to route by).
    const last = queues.all.length - 1;
    await queues.all[last]!.add('application', { kind: 'application', nonsense: true }, { jobId: 'bad-p' });
    // Dead letters are stored under their job id (a real-time get: no refresh needed).
    const stored = await waitFor(async () => {
      const r = await t.rt.es
        .get<{ queue: string; reason: string }>({ index: t.rt.names.deadLetters, id: 'bad-p' })
        .catch(() => undefined);
      return r?._source;
    }, 20_000);
    expect(stored).to.include({ queue: `intentions-${last}`, reason: 'invalid_payload' });
  });
});
