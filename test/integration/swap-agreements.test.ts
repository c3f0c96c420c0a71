import { QUEUES, createQueue } from '@fugong/queue';
import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { employerKey, postPair, propose, startSwap, termsFor } from './swap-helpers.ts';

describe('swap agreements: lifecycle, privacy, release', () => {
  let svc: TestService;
  let strangerKey: string;
  before(async () => {
    svc = await startSwap();
    strangerKey = await employerKey(svc, 'firm-c');
  });
  after(async () => svc?.close());

  const post = (id: string, action: string, key: string, body: unknown = {}) =>
    svc.call('POST', `/v1/swap/agreements/${id}/${action}`, { key, body });
  const committed = async (kind: 'surplus' | 'shortage', id: string) =>
    (await svc.call('GET', `/v1/swap/${kind}/${id}`, { key: svc.keys.bureau })).body.committed as number;

  it('goes proposed → accepted (both firms) → active → completed, with history, reservation and release', async () => {
    const ids = await postPair(svc);
    const id = await propose(svc, ids, 4);
    const one = await post(id, 'accept', svc.keys.employerA, { note: 'we can spare four' });
    expect(one.status).to.equal(200);
    expect(one.body.status).to.equal('proposed');
    expect(one.body.acceptances.lender.by).to.include({ role: 'employer', firmId: 'firm-a' });
    expect(await committed('surplus', ids.surplusId)).to.equal(0);

    const both = await post(id, 'accept', svc.keys.employerB);
    expect(both.status).to.equal(200);
    expect(both.body).to.include({
      status: 'accepted',
      reserved: true,
      lenderFirmId: 'firm-a',
      borrowerFirmId: 'firm-b',
    });
    expect(both.body.terms).to.deep.equal({
      wagesPaidBy: 'lender',
      socialInsurancePaidBy: 'lender',
      costReimbursementPerMonth: 300,
      laborProtectionBy: 'borrower',
      workersConsented: 4,
    });
    expect(both.body.intention.queued).to.equal(true);
    expect(await committed('surplus', ids.surplusId)).to.equal(4);
    expect(await committed('shortage', ids.shortageId)).to.equal(4);

    // The intent worker's job: kind swap, the lender as firm, the borrower as counterpart.
    const queue = createQueue(QUEUES.intentions, svc.rt.redis, svc.rt.env.QUEUE_PREFIX);
    const job = await queue.getJob(both.body.intention.key);
    await queue.close();
    expect(job?.data).to.include({
      kind: 'swap',
      agreementId: id,
      firmId: 'firm-a',
      counterpartFirmId: 'firm-b',
      headcount: 4,
      districtCode: '370402',
    });

    const again = await post(id, 'accept', svc.keys.employerB);
    expect(again.status).to.equal(200); // idempotent: nothing reserved twice
    expect(await committed('surplus', ids.surplusId)).to.equal(4);

    expect((await post(id, 'complete', svc.keys.employerB)).status).to.equal(409); // not active yet
    expect(
      (await post(id, 'activate', svc.keys.employerB, { reason: 'workers arrived' })).body.status,
    ).to.equal('active');
    const done = await post(id, 'complete', svc.keys.bureau, { reason: 'workers returned' });
    expect(done.body.status).to.equal('completed');
    expect(await committed('surplus', ids.surplusId)).to.equal(0);
    expect(await committed('shortage', ids.shortageId)).to.equal(0);
    const events = done.body.history.map((h: { event: string }) => h.event);
    expect(events).to.deep.equal([
      'created',
      'accepted_by_lender',
      'accepted_by_borrower',
      'accepted',
      'activated',
      'completed',
    ]);
    const last = done.body.history.at(-1);
    expect(last).to.include({ status: 'completed', reason: 'workers returned' });
    expect(last.by.role).to.equal('bureau');
    expect(Date.parse(last.at)).to.be.greaterThan(0);
    expect((await post(id, 'cancel', svc.keys.employerA, { reason: 'late' })).status).to.equal(409);
  });

  it('the bureau brokers (accepts on behalf, recorded); cancelling an accepted agreement releases its headcount', async () => {
    const ids = await postPair(svc);
    const id = await propose(svc, ids, 3);
    const missing = await post(id, 'accept', svc.keys.bureau);
    expect(missing.status).to.equal(400);
    expect(missing.body.error.details.issues[0].path).to.equal('onBehalfOf');
    const brokered = await post(id, 'accept', svc.keys.bureau, { onBehalfOf: 'both' });
    expect(brokered.body.status).to.equal('accepted');
    expect(brokered.body.acceptances.lender.brokered).to.equal(true);
    expect(brokered.body.acceptances.borrower.by.role).to.equal('bureau');
    expect(await committed('shortage', ids.shortageId)).to.equal(3);
    expect((await post(id, 'cancel', svc.keys.employerA, {})).status).to.equal(400); // a reason is required
    const cancelled = await post(id, 'cancel', svc.keys.employerA, { reason: 'order cancelled' });
    expect(cancelled.body.status).to.equal('cancelled');
    expect(await committed('surplus', ids.surplusId)).to.equal(0);
    expect(await committed('shortage', ids.shortageId)).to.equal(0);
    expect((await post(id, 'accept', svc.keys.employerA)).status).to.equal(409);
  });

  it('an employer of a third firm cannot see, list, accept or change an agreement', async () => {
    const ids = await postPair(svc);
    const id = await propose(svc, ids, 2);
    expect((await svc.call('GET', `/v1/swap/agreements/${id}`, { key: strangerKey })).status).to.equal(404);
    expect((await post(id, 'accept', strangerKey)).status).to.equal(404);
    expect((await post(id, 'cancel', strangerKey, { reason: 'x' })).status).to.equal(404);
    const list = await svc.call('GET', '/v1/swap/agreements', { key: strangerKey });
    expect(list.status).to.equal(200);
    expect(list.body.items).to.have.length(0);
    const spy = await svc.call('GET', '/v1/swap/agreements?firmId=firm-a', { key: strangerKey });
    expect(spy.status).to.equal(403);
    const forA = await svc.call('GET', '/v1/swap/agreements?firmId=firm-a', { key: svc.keys.employerA });
    expect(forA.body.items.map((a: { id: string }) => a.id)).to.include(id);
    expect(forA.body.items[0].terms.costReimbursementPerMonth).to.equal(300);
    // A third firm cannot propose between two others' posts either.
    const meddle = await svc.call('POST', '/v1/swap/agreements', {
      key: strangerKey,
      body: { ...ids, headcount: 1, from: '2020-03-05', to: '2020-03-06', terms: termsFor(1) },
    });
    expect(meddle.status).to.equal(403);
  });

  it('bad agreement input is a 400 naming the field', async () => {
    const ids = await postPair(svc);
    const base = { ...ids, headcount: 2, from: '2020-03-05', to: '2020-04-15', terms: termsFor(2) };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: '2020-04-15', to: '2020-03-05' }, 'to'],
      [{ headcount: 0 }, 'headcount'],
      [{ headcount: 11, terms: termsFor(11) }, 'headcount'],
      [{ terms: termsFor(1) }, 'terms.workersConsented'],
      [{ terms: { ...termsFor(2), wagesPaidBy: 'borrower' } }, 'terms.wagesPaidBy'],
      [{ from: '2020-02-01' }, 'from'],
      [{ surplusId: 'nope' }, 'surplusId'],
    ];
    for (const [over, path] of cases) {
      const res = await svc.call('POST', '/v1/swap/agreements', {
        key: svc.keys.employerB,
        body: { ...base, ...over },
      });
      expect(res.status, path).to.equal(400);
      const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
      expect(paths, JSON.stringify(res.body)).to.include(path);
    }
  });
});
