import { expect } from 'chai';
import { Queue } from 'bullmq';
import { QUEUES, redisConnection } from '@fugong/queue';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { startTestService, type TestService } from './helpers.ts';

const firmA = { id: 'firm-a', name: '枣庄市示范服装有限公司', keyEnterprise: true };
const consent = { given: true, at: '2020-02-25T09:00:00+08:00' };

describe('matcher: intentions are validated, authorised and queued once', function () {
  this.timeout(60_000);
  let t: TestService;
  let queue: Queue;
  const post = (key: string, body: unknown) => t.call('POST', '/v1/intentions', { key, body });

  before(async () => {
    t = await startTestService(buildApp);
    await seed(t.rt.es, t.rt.names, {
      vacancies: [vacancy('sew', { title: '缝纫工', fairIds: ['fair-1'] }, firmA)],
      workers: [
        worker('w1', { occupations: ['缝纫工'], priorityGroups: ['migrant_worker'] }),
        worker('w-elsewhere', {
          occupations: ['缝纫工'],
          consent: { given: true, at: '2020-02-20T08:00:00+08:00', via: 'other-site' },
        }),
      ],
    });
    queue = new Queue(QUEUES.intentions, {
      connection: redisConnection(process.env['REDIS_URL']!, 'worker'),
      prefix: t.rt.env.QUEUE_PREFIX,
    });
  });
  after(async () => {
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    await t?.close();
  });

  it('an application posted twice is one job with one id, carrying what the intent worker needs', async () => {
    const body = { kind: 'application', vacancyId: 'firm-a:sew', workerId: 'w1', consent };
    const first = await post(t.keys.site, body);
    const second = await post(t.keys.site, body);
    expect(first.status).to.equal(202);
    expect(second.body).to.deep.equal(first.body);
    expect(first.body.status).to.equal('queued');
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    expect(jobs.map((j) => j.id)).to.deep.equal([first.body.id]);
    expect(jobs[0]!.data).to.deep.include({
      kind: 'application',
      firmId: 'firm-a',
      fairIds: ['fair-1'],
      districtCode: '370403',
      priorityGroups: ['migrant_worker'],
      keyEnterprise: true,
    });
  });

  it('checks who may say it: the firm shortlists its own vacancy, not another (404 as if missing); sites need consent', async () => {
    expect(
      (await post(t.keys.employerA, { kind: 'shortlist', vacancyId: 'firm-a:sew', workerId: 'w1' })).status,
    ).to.equal(202);
    expect(
      (await post(t.keys.employerB, { kind: 'offer', vacancyId: 'firm-a:sew', workerId: 'w1' })).status,
      "another firm's vacancy answers like a missing one",
    ).to.equal(404);
    expect(
      (await post(t.keys.employerA, { kind: 'application', vacancyId: 'firm-a:sew', workerId: 'w1' })).status,
    ).to.equal(403);
    const noConsent = await post(t.keys.site, {
      kind: 'application',
      vacancyId: 'firm-a:sew',
      workerId: 'w1',
    });
    expect(noConsent.status).to.equal(400);
    expect(noConsent.body.error.details.issues[0].path).to.equal('consent');
    expect(
      (await post(t.keys.bureau, { kind: 'offer', vacancyId: 'firm-a:sew', workerId: 'w1' })).status,
    ).to.equal(202);
    // An acceptance needs an offer recorded or queued: the one just queued counts.
    expect(
      (await post(t.keys.bureau, { kind: 'acceptance', vacancyId: 'firm-a:sew', workerId: 'w1' })).status,
    ).to.equal(202);
  });

  it('a site acts only for seekers who consented through it', async () => {
    for (const kind of ['application', 'acceptance'] as const) {
      const res = await post(t.keys.site, {
        kind,
        vacancyId: 'firm-a:sew',
        workerId: 'w-elsewhere',
        consent,
      });
      expect(res.status, kind).to.equal(403);
    }
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    expect(jobs.map((j) => j.data.workerId)).to.not.include('w-elsewhere');
  });

  it('404 for an unknown vacancy or worker, 400 for unknown fields', async () => {
    expect(
      (await post(t.keys.bureau, { kind: 'offer', vacancyId: 'firm-a:none', workerId: 'w1' })).status,
    ).to.equal(404);
    expect(
      (await post(t.keys.bureau, { kind: 'offer', vacancyId: 'firm-a:sew', workerId: 'nobody' })).status,
    ).to.equal(404);
    const extra = await post(t.keys.bureau, {
      kind: 'offer',
      vacancyId: 'firm-a:sew',
      workerId: 'w1',
      salary: 1,
    });
    expect(extra.status).to.equal(400);
  });
});

describe('matcher: a Redis outage answers 503 at once', function () {
  this.timeout(30_000);
  let t: TestService;
  before(async () => {
    // Nothing listens on this port: the producer connection never becomes ready.
    t = await startTestService(buildApp, { REDIS_URL: 'redis://127.0.0.1:6399' });
    await seed(t.rt.es, t.rt.names, {
      vacancies: [vacancy('sew', { title: '缝纫工' }, firmA)],
      workers: [worker('w1', { occupations: ['缝纫工'] })],
    });
  });
  after(async () => t?.close());

  it('503 within a second, not a hang', async () => {
    const started = Date.now();
    const r = await t.call('POST', '/v1/intentions', {
      key: t.keys.bureau,
      body: { kind: 'offer', vacancyId: 'firm-a:sew', workerId: 'w1' },
    });
    expect(r.status).to.equal(503);
    expect(Date.now() - started).to.be.below(1000);
  });
});
