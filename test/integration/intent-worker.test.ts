import { QUEUES, createQueue, enqueueIntention } from '@fugong/queue';
import type { Queue } from 'bullmq';
import { expect } from 'chai';
import { buildIntentService } from '@fugong/intent-worker/app';
import { type TestService, startTestService } from './helpers.ts';
import { countDocs, intention, seedVacancies, waitFor } from './intent-worker-helpers.ts';

const settings = {
  concurrency: 16,
  batchMax: 50,
  batchWaitMs: 5,
  batchInFlight: 2,
  lockDurationMs: 5000,
  stalledIntervalMs: 2000,
};

describe('intent worker: recording, dead letters, statistics', function () {
  this.timeout(60_000);
  let svc: TestService;
  let queue: Queue;

  before(async () => {
    svc = await startTestService(buildIntentService({ runWorker: true, settings }));
    queue = createQueue(QUEUES.intentions, svc.rt.redis, svc.rt.env.QUEUE_PREFIX);
    await seedVacancies(svc.rt.es, svc.rt.names, [
      { firmId: 'firm-a', ref: 'v1', openPositions: 30, fairIds: ['fair-1'], keyEnterprise: true },
      { firmId: 'firm-a', ref: 'v2', openPositions: 20, fairIds: ['fair-1'], keyEnterprise: true },
      { firmId: 'firm-b', ref: 'v1', openPositions: 5, fairIds: ['fair-1', 'fair-2'] },
    ]);
    await svc.rt.es.index({
      index: svc.rt.names.fairs,
      id: 'fair-1',
      document: { id: 'fair-1', name: '枣庄中小企业专场', firmIds: ['firm-a', 'firm-c'] },
      refresh: 'wait_for',
    });
  });
  after(async () => {
    await queue?.close();
    await svc?.close();
  });

  const records = () => countDocs(svc.rt.es, svc.rt.names.intentions);
  const completed = async (n: number) =>
    waitFor(
      async () => (((await queue.getJobCounts('completed')).completed ?? 0) >= n ? true : undefined),
      20_000,
      `${n} completed`,
    );

  it('records a double submit once: same key, one job, one record; a redelivered job is a duplicate, not a second record', async () => {
    const job = intention('application', 'firm-a', 'v1', 'w-1', {
      fairIds: ['fair-1'],
      districtCode: '370403',
    });
    await enqueueIntention(queue, job);
    await enqueueIntention(queue, job);
    await completed(1);
    // A producer that lost the first job's id re-adds the same intention under a fresh job id.
    await queue.add('application', job, { jobId: `${job.key}-again` });
    await completed(2);
    expect((await queue.getJob(`${job.key}-again`))?.returnvalue).to.equal('duplicate');
    expect(await records()).to.equal(1);
    const stored = await svc.rt.es.get({ index: svc.rt.names.intentions, id: job.key });
    expect(stored._source).to.include({ kind: 'application', workerId: 'w-1', actorRole: 'site' });
  });

  it('moves a pair forward only, counts it two-sided once both sides spoke', async () => {
    const fair = { fairIds: ['fair-1'], keyEnterprise: true, priorityGroups: ['graduate'] };
    await enqueueIntention(
      queue,
      intention('application', 'firm-a', 'v2', 'w-2', { ...fair, at: '2020-03-02T01:00:00Z' }),
    );
    await enqueueIntention(
      queue,
      intention('application', 'firm-a', 'v2', 'w-3', { ...fair, at: '2020-03-02T01:00:00Z' }),
    );
    await enqueueIntention(
      queue,
      intention('offer', 'firm-a', 'v2', 'w-2', { ...fair, at: '2020-03-03T01:00:00Z' }),
    );
    await enqueueIntention(
      queue,
      intention('acceptance', 'firm-a', 'v2', 'w-2', { ...fair, at: '2020-03-04T01:00:00Z' }),
    );
    // A late shortlist must not move the accepted pair back.
    await enqueueIntention(
      queue,
      intention('shortlist', 'firm-a', 'v2', 'w-2', { ...fair, at: '2020-03-05T01:00:00Z' }),
    );
    await enqueueIntention(
      queue,
      intention('shortlist', 'firm-b', 'v1', 'w-4', { fairIds: ['fair-1'], at: '2020-03-03T01:00:00Z' }),
    );
    // 2 jobs of the first test + these 6. The acceptance may wait (retried) until its offer is recorded.
    await completed(8);
    // Records and pairs are written without a refresh; make both visible before reading statistics.
    await countDocs(svc.rt.es, svc.rt.names.intentionPairs);
    await countDocs(svc.rt.es, svc.rt.names.intentions);
    const pairs = await svc.rt.es.search<any>({
      index: svc.rt.names.intentionPairs,
      query: { term: { workerId: 'w-2' } },
    });
    const p = pairs.hits.hits[0]!._source;
    expect(p).to.include({ status: 'accepted', twoSided: true, twoSidedAt: '2020-03-03T01:00:00.000Z' });
    expect(Object.keys(p.steps).sort()).to.deep.equal(['accepted', 'applied', 'offered', 'shortlisted']);

    const res = await svc.call('GET', '/v1/stats/intentions?groupBy=fair', { key: svc.keys.bureau });
    expect(res.status).to.equal(200);
    // Pairs: w-1/v1 (applied), w-2/v2 (accepted), w-3/v2 (applied), w-4/b-v1 (shortlisted, firm only).
    expect(res.body.totals).to.deep.include({ pairs: 4, oneSided: 3, twoSided: 1, accepted: 1, records: 7 });
    expect(res.body.groups.find((g: any) => g.key === 'fair-1')).to.include({ pairs: 4, twoSided: 1 });

    const byKind = await svc.call('GET', '/v1/stats/intentions?groupBy=kind', { key: svc.keys.site });
    expect(byKind.body.groups.find((g: any) => g.key === 'application')).to.include({ records: 3, pairs: 3 });
    expect(byKind.body.groups.find((g: any) => g.key === 'acceptance')).to.include({
      records: 1,
      pairs: 1,
      twoSided: 1,
    });

    const byDay = await svc.call('GET', '/v1/stats/intentions?groupBy=day&from=2020-03-02&to=2020-03-02', {
      key: svc.keys.bureau,
    });
    expect(byDay.body.groups.map((g: any) => g.key)).to.deep.equal(['2020-03-02']);
    expect(byDay.body.groups[0]).to.include({ pairs: 3, records: 3 });

    const byGroup = await svc.call('GET', '/v1/stats/intentions?groupBy=priorityGroup', {
      key: svc.keys.bureau,
    });
    expect(byGroup.body.groups).to.deep.equal([
      {
        key: 'graduate',
        records: 5,
        pairs: 2,
        oneSided: 1,
        twoSided: 1,
        accepted: 1,
        headcount: 2,
        twoSidedHeadcount: 1,
      },
    ]);
  });

  it("an employer sees only its own firm's statistics and cannot ask for another's", async () => {
    const own = await svc.call('GET', '/v1/stats/intentions?groupBy=firm', { key: svc.keys.employerB });
    expect(own.status).to.equal(200);
    expect(own.body.groups.map((g: any) => g.key)).to.deep.equal(['firm-b']);
    expect(own.body.totals).to.include({ pairs: 1, records: 1 });
    const other = await svc.call('GET', '/v1/stats/intentions?firmId=firm-a', { key: svc.keys.employerB });
    expect(other.status).to.equal(403);
    expect(other.body.error.message).to.contain('firm-b');
    // Naming its own firm is the same as naming none.
    const named = await svc.call('GET', '/v1/stats/intentions?groupBy=firm&firmId=firm-b', {
      key: svc.keys.employerB,
    });
    expect(named.status).to.equal(200);
    expect(named.body.totals).to.deep.equal(own.body.totals);
    // A site reads every firm's figures and may filter one (it acts for no firm, but reads aggregates).
    const siteAll = await svc.call('GET', '/v1/stats/intentions?groupBy=firm', { key: svc.keys.site });
    expect(siteAll.status).to.equal(200);
    expect(siteAll.body.groups.map((g: any) => g.key)).to.include.members(['firm-a', 'firm-b']);
    const siteOne = await svc.call('GET', '/v1/stats/intentions?groupBy=firm&firmId=firm-b', {
      key: svc.keys.site,
    });
    expect(siteOne.status).to.equal(200);
    expect(siteOne.body.totals).to.deep.equal(own.body.totals);
    const anonymous = await svc.call('GET', '/v1/stats/intentions');
    expect(anonymous.status).to.equal(401);
    const bad = await svc.call('GET', '/v1/stats/intentions?groupBy=color', { key: svc.keys.bureau });
    expect(bad.status).to.equal(400);
    const reversed = await svc.call('GET', '/v1/stats/intentions?from=2020-03-05&to=2020-03-01', {
      key: svc.keys.bureau,
    });
    expect(reversed.status).to.equal(400);
    expect(reversed.body.error.details.issues[0].path).to.equal('query.to');
  });

  it("a fair's dashboard speaks the seed's terms", async () => {
    const res = await svc.call('GET', '/v1/fairs/fair-1/dashboard', { key: svc.keys.site });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({
      fairId: 'fair-1',
      firms: 3, // firm-a, firm-c listed; firm-b posts into it
      vacancies: 3,
      positionsOffered: 55,
      interest: 4,
      preliminaryIntentions: 1,
      keyEnterprisePlacements: 1,
      keyEnterprisesWithPlacements: 1,
    });
    expect((await svc.call('GET', '/v1/fairs/nope/dashboard', { key: svc.keys.site })).status).to.equal(404);
  });

  it('sends a poison job to the dead-letter store while others flow, and replays it once fixed', async () => {
    const before = await records();
    const poison = intention('application', 'firm-a', 'ghost', 'w-9');
    await enqueueIntention(queue, poison);
    await queue.add('application', { kind: 'application', nonsense: true }, { jobId: 'bad-payload-1' });
    await enqueueIntention(queue, intention('application', 'firm-b', 'v1', 'w-10'));
    const list = await waitFor(
      async () => {
        await svc.rt.es.indices.refresh({ index: svc.rt.names.deadLetters });
        const r = await svc.call('GET', '/v1/dead-letters?pending=true', { key: svc.keys.bureau });
        return r.body.total === 2 ? r.body : undefined;
      },
      20_000,
      'two dead letters',
    );
    const byId = Object.fromEntries(list.items.map((d: any) => [d.jobId, d]));
    expect(byId[poison.key]).to.include({
      reason: 'unknown_reference',
      message: 'unknown vacancy firm-a:ghost',
    });
    expect(byId['bad-payload-1'].reason).to.equal('invalid_payload');
    expect(byId['bad-payload-1'].payload).to.deep.equal({ kind: 'application', nonsense: true });
    expect(await waitFor(async () => ((await records()) === before + 1 ? true : undefined))).to.equal(true);
    expect((await queue.getJob(poison.key))?.attemptsMade).to.equal(1); // not retried

    expect((await svc.call('GET', '/v1/dead-letters', { key: svc.keys.employerA })).status).to.equal(403);
    expect(
      (await svc.call('POST', '/v1/dead-letters/nope/replay', { key: svc.keys.bureau })).status,
    ).to.equal(404);

    await seedVacancies(svc.rt.es, svc.rt.names, [{ firmId: 'firm-a', ref: 'ghost' }]);
    const replay = await svc.call('POST', `/v1/dead-letters/${poison.key}/replay`, { key: svc.keys.bureau });
    expect(replay.status).to.equal(202);
    expect(replay.body.how).to.equal('retried');
    await waitFor(async () =>
      (await queue.getJob(poison.key))?.returnvalue === 'recorded' ? true : undefined,
    );
    expect(await records()).to.equal(before + 2);
    const pending = await svc.call('GET', '/v1/dead-letters?pending=true', { key: svc.keys.bureau });
    expect(pending.body.items.map((d: any) => d.jobId)).to.deep.equal(['bad-payload-1']);
  });

  it('serves Prometheus metrics to the bureau only', async () => {
    expect((await svc.call('GET', '/metrics', { key: svc.keys.site })).status).to.equal(403);
    const res = await svc.call('GET', '/metrics', { key: svc.keys.bureau });
    expect(res.status).to.equal(200);
    expect(res.body).to.match(/fugong_intent_jobs_processed_total\{outcome="recorded"\} (\d+)/);
    expect(res.body).to.match(/fugong_intent_jobs_dead_lettered_total\{reason="unknown_reference"\} 1/);
    expect(res.body).to.match(/fugong_intent_job_duration_seconds_count \d+/);
    expect(res.body).to.match(/fugong_intent_queue_depth\{state="failed"\} 1/);
    const board = await svc.call('GET', '/admin/queues', { key: svc.keys.bureau });
    expect(board.status).to.equal(200);
    expect((await svc.call('GET', '/admin/queues', { key: svc.keys.employerA })).status).to.equal(403);
  });
});
