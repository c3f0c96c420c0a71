import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { QUEUES, createQueue, idempotencyKey } from '@fugong/queue';
import type { BuiltService } from '@fugong/http';
import type { Queue } from 'bullmq';
import { expect } from 'chai';
import { buildIntentService } from '@fugong/intent-worker/app';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { type TestService, startTestService } from './helpers.ts';
import { intention, waitFor } from './intent-worker-helpers.ts';

const firmA = { id: 'firm-a', name: '枣庄市示范服装有限公司', keyEnterprise: true };
const consent = { given: true, at: '2020-02-25T09:00:00+08:00' };
const settings = {
  concurrency: 16,
  batchMax: 50,
  batchWaitMs: 5,
  batchInFlight: 2,
  lockDurationMs: 5000,
  stalledIntervalMs: 2000,
};

/**
 * Issue #9, item 7 (and 9b for intentions): steps follow their order and a closed vacancy takes nothing new,
 * both at the matcher's route (synchronously) and in the intent worker (so no race and no other producer can
 * record an acceptance without an offer). The matcher and the intent worker share indices and the queue.
 */
describe('hardening: intentions follow their order; closed vacancies take none', function () {
  this.timeout(60_000);
  let svc: TestService;
  let matcher: BuiltService;
  let server: Server;
  let url: string;
  let queue: Queue;

  const post = async (key: string, body: unknown) => {
    const res = await fetch(`${url}/v1/intentions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const pairOf = async (vacancyId: string, workerId: string) => {
    const res = await svc.rt.es.get<any>(
      { index: svc.rt.names.intentionPairs, id: idempotencyKey('pair', vacancyId, workerId) },
      { ignore: [404] },
    );
    return res.found ? res._source : undefined;
  };

  before(async () => {
    svc = await startTestService(buildIntentService({ runWorker: true, settings }));
    queue = createQueue(QUEUES.intentions, svc.rt.redis, svc.rt.env.QUEUE_PREFIX);
    await seed(svc.rt.es, svc.rt.names, {
      vacancies: [
        vacancy('sew', { title: '缝纫工' }, firmA),
        vacancy('cut', { title: '裁剪工' }, firmA),
        vacancy('gone', { title: '熨烫工', status: 'closed' }, firmA),
        vacancy('old', { title: '包装工', validThrough: '2020-01-31' }, firmA),
      ],
      workers: ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map((id) => worker(id, { occupations: ['缝纫工'] })),
    });
    matcher = buildApp(svc.rt);
    server = await new Promise((resolve) => {
      const s = matcher.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    server?.closeAllConnections();
    for (const close of matcher?.closers ?? []) await close();
    await queue?.obliterate({ force: true }).catch(() => {});
    await queue?.close();
    await svc?.close();
  });

  describe('at the route (answered synchronously)', () => {
    it('an acceptance with no offer recorded or queued is a 409 out_of_order naming the missing step', async () => {
      const res = await post(svc.keys.site, { kind: 'acceptance', vacancyId: 'firm-a:sew', workerId: 'w1' });
      expect(res.status, JSON.stringify(res.body)).to.equal(409);
      expect(res.body.error.code).to.equal('out_of_order');
      expect(res.body.error.details.missing).to.equal('offer');
      expect(res.body.error.message).to.contain('offer');
      expect(await queue.getJob(idempotencyKey('acceptance', 'firm-a:sew', 'w1'))).to.equal(undefined);
      // An application or a shortlist is no offer either.
      expect(
        (await post(svc.keys.site, { kind: 'application', vacancyId: 'firm-a:sew', workerId: 'w1', consent }))
          .status,
      ).to.equal(202);
      expect(
        (await post(svc.keys.employerA, { kind: 'shortlist', vacancyId: 'firm-a:sew', workerId: 'w1' }))
          .status,
      ).to.equal(202);
      await waitFor(async () => ((await pairOf('firm-a:sew', 'w1'))?.kinds.length === 2 ? true : undefined));
      const again = await post(svc.keys.site, {
        kind: 'acceptance',
        vacancyId: 'firm-a:sew',
        workerId: 'w1',
      });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('out_of_order');
      expect((await pairOf('firm-a:sew', 'w1')).status).to.equal('shortlisted');
    });

    it('an offer followed at once by its acceptance is taken (the offer is queued) and both are recorded', async () => {
      const offer = await post(svc.keys.employerA, {
        kind: 'offer',
        vacancyId: 'firm-a:sew',
        workerId: 'w2',
      });
      const accept = await post(svc.keys.site, {
        kind: 'acceptance',
        vacancyId: 'firm-a:sew',
        workerId: 'w2',
      });
      expect(offer.status).to.equal(202);
      expect(accept.status, JSON.stringify(accept.body)).to.equal(202);
      const pair = await waitFor(async () => {
        const p = await pairOf('firm-a:sew', 'w2');
        return p?.status === 'accepted' ? p : undefined;
      });
      expect(Object.keys(pair.steps).sort()).to.deep.equal(['accepted', 'offered']);
    });

    it('a closed or expired vacancy takes no new intention of any kind: 409 vacancy_closed, nothing queued', async () => {
      const cases = [
        [svc.keys.employerA, { kind: 'shortlist', vacancyId: 'firm-a:gone', workerId: 'w3' }, 'closed'],
        [svc.keys.bureau, { kind: 'offer', vacancyId: 'firm-a:gone', workerId: 'w3' }, 'closed'],
        [svc.keys.site, { kind: 'application', vacancyId: 'firm-a:old', workerId: 'w3', consent }, 'expired'],
        [svc.keys.employerA, { kind: 'offer', vacancyId: 'firm-a:old', workerId: 'w3' }, 'expired'],
      ] as const;
      for (const [key, body, status] of cases) {
        const res = await post(key, body);
        expect(res.status, `${body.kind} ${body.vacancyId}`).to.equal(409);
        expect(res.body.error.code).to.equal('vacancy_closed');
        expect(res.body.error.details.status).to.equal(status);
        expect(res.body.error.message).to.contain(status);
      }
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      expect(jobs.map((j) => j.data.workerId)).to.not.include('w3');
    });

    it('an intention already said is answered again with its id after the vacancy closed', async () => {
      const body = { kind: 'shortlist', vacancyId: 'firm-a:cut', workerId: 'w4' };
      const first = await post(svc.keys.employerA, body);
      expect(first.status).to.equal(202);
      await svc.rt.es.update({
        index: svc.rt.names.vacancies,
        id: 'firm-a:cut',
        doc: { status: 'closed' },
        refresh: 'wait_for',
      });
      const again = await post(svc.keys.employerA, body);
      expect(again.status).to.equal(202);
      expect(again.body.id).to.equal(first.body.id);
      expect((await post(svc.keys.employerA, { ...body, kind: 'offer' })).body.error.code).to.equal(
        'vacancy_closed',
      );
    });

    it('a note is refused (400 naming note), not accepted and dropped', async () => {
      const res = await post(svc.keys.employerA, {
        kind: 'shortlist',
        vacancyId: 'firm-a:sew',
        workerId: 'w5',
        note: '面试表现好',
      });
      expect(res.status).to.equal(400);
      expect(JSON.stringify(res.body.error.details.issues)).to.contain('note');
    });

    it("another firm's vacancy answers like a missing one; a role that may never say a kind gets 403 either way", async () => {
      const other = await post(svc.keys.employerB, {
        kind: 'shortlist',
        vacancyId: 'firm-a:sew',
        workerId: 'w5',
      });
      const missing = await post(svc.keys.employerB, {
        kind: 'shortlist',
        vacancyId: 'firm-b:none',
        workerId: 'w5',
      });
      expect(other.status).to.equal(404);
      expect(missing.status).to.equal(404);
      expect(other.body.error.code).to.equal(missing.body.error.code);
      for (const vacancyId of ['firm-a:sew', 'firm-a:none'])
        expect(
          (await post(svc.keys.employerB, { kind: 'application', vacancyId, workerId: 'w5' })).status,
          vacancyId,
        ).to.equal(403);
    });
  });

  describe('in the intent worker (whatever the producer)', () => {
    it('dead-letters an acceptance whose offer never comes (out_of_order) and records nothing of it', async () => {
      const job = intention('acceptance', 'firm-a', 'sew', 'w6');
      await queue.add(job.kind, job, { jobId: job.key, attempts: 2, backoff: { type: 'fixed', delay: 100 } });
      const dead = await waitFor(async () => {
        const res = await svc.rt.es.get<any>(
          { index: svc.rt.names.deadLetters, id: job.key },
          { ignore: [404] },
        );
        return res.found ? res._source : undefined;
      });
      expect(dead.reason).to.equal('out_of_order');
      expect(dead.message).to.contain('offer');
      const record = await svc.rt.es.get({ index: svc.rt.names.intentions, id: job.key }, { ignore: [404] });
      expect(record.found).to.equal(false);
      expect(await pairOf('firm-a:sew', 'w6')).to.equal(undefined);
    });

    it('holds an acceptance that arrives before its offer and records it once the offer is', async () => {
      const accept = intention('acceptance', 'firm-a', 'sew', 'w7', { at: '2020-03-03T02:00:00Z' });
      await queue.add(accept.kind, accept, { jobId: accept.key, backoff: { type: 'fixed', delay: 300 } });
      // The acceptance has been refused at least once before the offer is even sent.
      await waitFor(async () => ((await queue.getJob(accept.key))?.attemptsMade ?? 0) >= 1 || undefined);
      const offer = intention('offer', 'firm-a', 'sew', 'w7');
      await queue.add(offer.kind, offer, { jobId: offer.key });
      const pair = await waitFor(async () => {
        const p = await pairOf('firm-a:sew', 'w7');
        return p?.status === 'accepted' ? p : undefined;
      });
      expect(pair.kinds).to.deep.equal(['acceptance', 'offer']);
      // The pair is written before BullMQ marks the job complete: wait for the job's own outcome. Read the job
      // again once it is complete: a copy read just before completion has no return value (a busy machine
      // widened that window enough to fail here).
      const done = await waitFor(async () => {
        const job = await queue.getJob(accept.key);
        return (await job?.isCompleted()) ? queue.getJob(accept.key) : undefined;
      });
      expect(done.returnvalue).to.equal('recorded');
    });
  });
});
