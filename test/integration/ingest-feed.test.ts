import { expect } from 'chai';
import { ChangeSequence } from '../../services/ingest/src/changes/sequence.ts';
import { expireVacancies } from '../../services/ingest/src/expiry/sweep.ts';
import type { TestService } from './helpers.ts';
import { isoDay, startIngest, vacancyBody } from './ingest-fixtures.ts';

describe('ingest: change feed, tombstones, expiry and fairs', () => {
  let svc: TestService;
  before(async () => {
    svc = await startIngest();
  });
  after(async () => {
    await svc.close();
  });

  const put = async (ref: string, overrides: Record<string, unknown> = {}) => {
    const res = await svc.call('PUT', `/v1/vacancies/${ref}`, {
      key: svc.keys.employerA,
      body: vacancyBody(overrides),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };
  /** Pages through the whole feed after `since` with a small page size. */
  const drain = async (since?: string, limit = 2) => {
    const changes: any[] = [];
    let next = since;
    for (let page = 0; page < 50; page++) {
      const res = await svc.call(
        'GET',
        `/v1/vacancies/changes?limit=${limit}${next ? `&since=${next}` : ''}`,
        {
          key: svc.keys.site,
        },
      );
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      changes.push(...res.body.changes);
      next = res.body.next;
      if (!res.body.hasMore) break;
    }
    return { changes, next: next! };
  };

  it('pages from the start give the snapshot in order; updates move to the end; deletes are tombstones', async () => {
    await put('f-1', { title: '普工' });
    await put('f-2', { title: '保安' });
    await put('f-3', { title: '厨师' });
    const snapshot = await drain();
    expect(snapshot.changes.map((c) => c.id)).to.deep.equal(['firm-a:f-1', 'firm-a:f-2', 'firm-a:f-3']);
    expect(snapshot.changes.every((c) => c.op === 'upsert' && c.vacancy.status === 'open')).to.equal(true);
    expect(snapshot.changes[0].vacancy).to.not.have.any.keys('titleSeg', 'fingerprint', 'changeSeq');
    const seqs = snapshot.changes.map((c) => c.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));

    await put('f-1', { title: '普工', totalJobOpenings: 9 });
    expect((await svc.call('DELETE', '/v1/vacancies/f-2', { key: svc.keys.employerA })).status).to.equal(200);
    const after = await drain(snapshot.next);
    expect(after.changes.map((c) => [c.op, c.id])).to.deep.equal([
      ['upsert', 'firm-a:f-1'],
      ['delete', 'firm-a:f-2'],
    ]);
    expect(after.changes[0].vacancy.totalJobOpenings).to.equal(9);
    expect(after.changes[1]).to.not.have.property('vacancy');
    const caughtUp = await drain(after.next);
    expect(caughtUp.changes).to.deep.equal([]);
    expect(caughtUp.next).to.equal(after.next);
  });

  it('never returns past the watermark: a pending range holds back later writes', async () => {
    const start = (await drain()).next;
    const sequence = new ChangeSequence(svc.rt.redis, svc.rt.env.INDEX_PREFIX);
    const pending = await sequence.allocate(1); // a slower concurrent batch that has not committed yet
    await put('w-1', { title: '仓管' });
    const held = await drain(start);
    expect(held.changes, 'the later write waits behind the pending range').to.deep.equal([]);
    await sequence.settle(pending, true);
    const released = await drain(start);
    expect(released.changes.map((c) => c.id)).to.deep.equal(['firm-a:w-1']);
    expect(released.changes[0].seq).to.be.greaterThan(pending);
  });

  it('garbage cursors are 400; employers and anonymous callers may not read the feed', async () => {
    for (const since of ['abc', 'Yzo5OTk5', '!!', Buffer.from('c1:-1').toString('base64url')]) {
      const res = await svc.call('GET', `/v1/vacancies/changes?since=${since}`, { key: svc.keys.site });
      expect(res.status, since).to.equal(400);
      expect(res.body.error.details.issues[0].path).to.equal('query.since');
    }
    expect((await svc.call('GET', '/v1/vacancies/changes', { key: svc.keys.employerA })).status).to.equal(
      403,
    );
    expect((await svc.call('GET', '/v1/vacancies/changes')).status).to.equal(401);
  });

  it('expiry: past validThrough leaves search and the sweep marks it expired, with a feed entry', async () => {
    await put('e-1', { title: '快递员', validThrough: isoDay(0) });
    await put('e-2', { title: '外卖骑手', validThrough: isoDay(60) });
    await put('e-3', { title: '服务员', validThrough: isoDay(1) });
    const start = (await drain()).next;
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    // Batches of one: the sweep pages with search_after across batches.
    const sweep = await expireVacancies(svc.rt, inTwoDays, { batchSize: 1 });
    expect(sweep).to.deep.include({ expired: 2, conflicts: 0 });
    const e1 = await svc.call('GET', '/v1/vacancies/firm-a:e-1', { key: svc.keys.employerA });
    expect(e1.body).to.include({ status: 'expired', openPositions: 0 });
    expect((await svc.call('GET', '/v1/vacancies/firm-a:e-2')).body.status).to.equal('open');
    expect((await svc.call('GET', '/v1/vacancies/firm-a:e-1')).status, 'public read').to.equal(404);
    const feed = await drain(start);
    const e1Change = feed.changes.find((c) => c.id === 'firm-a:e-1');
    expect(e1Change?.vacancy.status).to.equal('expired');
    expect(feed.changes.map((c) => c.id)).to.not.include('firm-a:e-2');
    const open = await svc.rt.es.count({
      index: svc.rt.names.vacancies,
      query: { bool: { filter: [{ term: { status: 'open' } }, { term: { id: 'firm-a:e-1' } }] } },
    });
    expect(open.count).to.equal(0);
    expect((await expireVacancies(svc.rt, inTwoDays)).expired, 'a second sweep finds nothing').to.equal(0);
    const again = await svc.call('PUT', '/v1/vacancies/e-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ title: '快递员', validThrough: isoDay(-1) }),
    });
    expect(again.body.result, 'an expired date is stored as expired').to.equal('updated');
    const expiredOnWrite = await svc.call('GET', '/v1/vacancies/firm-a:e-1', { key: svc.keys.bureau });
    expect(expiredOnWrite.body.status).to.equal('expired');
  });

  it('fairs: the bureau creates one, vacancies join it, the public reads counts; unknown fairs are 400', async () => {
    const fair = {
      name: '枣庄市春风行动网络招聘会',
      startDate: isoDay(-1),
      endDate: isoDay(10),
      firmIds: [svc.firmA],
    };
    expect(
      (await svc.call('PUT', '/v1/fairs/spring-1', { key: svc.keys.employerA, body: fair })).status,
    ).to.equal(403);
    const bad = await svc.call('PUT', '/v1/fairs/spring-1', {
      key: svc.keys.bureau,
      body: { ...fair, firmIds: ['nope'] },
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.issues[0].path).to.equal('firmIds.0');
    expect(
      (await svc.call('PUT', '/v1/fairs/spring-1', { key: svc.keys.bureau, body: fair })).body.result,
    ).to.equal('created');
    await put('fair-v1', { title: '包装工', fairIds: ['spring-1'], totalJobOpenings: 12 });
    const typo = await svc.call('PUT', '/v1/vacancies/fair-v2', {
      key: svc.keys.employerA,
      body: vacancyBody({ title: '质检', fairIds: ['spring-1', 'spring-2'] }),
    });
    expect(typo.status).to.equal(400);
    expect(typo.body.error.details.issues[0]).to.deep.include({
      path: 'fairIds.1',
      suggestions: ['spring-1'],
    });
    const read = await svc.call('GET', '/v1/fairs/spring-1');
    expect(read.body).to.include({ id: 'spring-1', vacancies: 1, positions: 12, online: true });
    const list = await svc.call('GET', '/v1/fairs?size=5');
    expect(list.body.total).to.equal(1);
    expect(list.body.fairs[0].id).to.equal('spring-1');
  });

  it('a timestamp with an offset no clock shows is 400 naming the field (found by the fuzzer: 500)', async () => {
    const res = await svc.call('PUT', '/v1/fairs/odd-offset', {
      key: svc.keys.bureau,
      body: { name: '招聘会', startDate: '2026-04-17T00:15:40+08:00', endDate: '2026-07-16T16:01:29-20:03' },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error.details.issues[0]).to.deep.include({
      path: 'endDate',
      message: 'the UTC offset must be between -12:00 and +14:00',
    });
    const ok = await svc.call('PUT', '/v1/fairs/odd-offset', {
      key: svc.keys.bureau,
      body: { name: '招聘会', startDate: '2026-04-17T00:15:40+14:00', endDate: '2026-07-16T16:01:29-12:00' },
    });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
  });
});
