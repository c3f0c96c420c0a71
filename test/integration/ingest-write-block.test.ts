import { physicalName, vacanciesIndex, workersIndex } from '@fugong/search';
import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { upload } from './ingest-bulk-helpers.ts';
import { startIngest, vacancyBody } from './ingest-fixtures.ts';

/*
 * While an index is migrated to a new version its old version refuses writes (a write block: the engine's
 * `cluster_block_exception`, 403). That is the engine being read-only for a moment, not bad input: a single
 * write answers 503 with a retry hint (never a 500, never a 400 blaming the data), a bulk upload's item is
 * rejected with a message that says to send it again, and nothing is stored.
 */
describe('ingest while an index refuses writes (a migration in progress)', function () {
  this.timeout(60_000);
  let svc: TestService;
  const block = (def: typeof vacanciesIndex, on: boolean) =>
    on
      ? svc.rt.es.indices.addBlock({ index: physicalName(svc.rt.env.INDEX_PREFIX, def), block: 'write' })
      : svc.rt.es.indices.putSettings({
          index: physicalName(svc.rt.env.INDEX_PREFIX, def),
          settings: { 'index.blocks.write': false },
        });

  before(async () => {
    svc = await startIngest();
  });
  after(async () => {
    await block(vacanciesIndex, false).catch(() => {});
    await block(workersIndex, false).catch(() => {});
    await svc?.close();
  });

  it('a vacancy PUT answers 503 with a retry hint, stores nothing, and succeeds once writes are allowed', async () => {
    await block(vacanciesIndex, true);
    const put = () =>
      svc.call('PUT', '/v1/vacancies/blocked-1', { key: svc.keys.employerA, body: vacancyBody() });
    const refused = await put();
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    expect(refused.body.error.message).to.match(/retry/);
    expect(refused.headers.get('retry-after')).to.be.a('string');
    const read = await svc.call('GET', '/v1/vacancies/firm-a:blocked-1', { key: svc.keys.employerA });
    expect(read.status).to.equal(404);
    await block(vacanciesIndex, false);
    const stored = await put();
    expect(stored.status, JSON.stringify(stored.body)).to.equal(200);
    expect(stored.body.result).to.equal('created');
  });

  it("a bulk upload's items are rejected as 'send again', not as bad data; nothing is stored", async () => {
    await block(vacanciesIndex, true);
    const items = [
      vacancyBody({ externalRef: 'blk-1', title: '叉车司机' }),
      vacancyBody({ externalRef: 'blk-2', title: '焊工' }),
    ];
    const res = await upload(svc, items.map((i) => JSON.stringify(i)).join('\n'), 'application/x-ndjson');
    await block(vacanciesIndex, false);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.summary, JSON.stringify(res.body)).to.include({ received: 2, created: 0, rejected: 2 });
    expect(res.body.items).to.have.length(2);
    for (const entry of res.body.items) {
      expect(entry.result).to.equal('rejected');
      expect(entry.reason).to.match(/send this item again/);
    }
    await svc.rt.es.indices.refresh({ index: svc.rt.names.vacancies });
    const stored = await svc.rt.es.count({
      index: svc.rt.names.vacancies,
      query: { terms: { externalRef: ['blk-1', 'blk-2'] } },
    });
    expect(stored.count).to.equal(0);
  });

  it('a worker PUT answers 503 (not 500) while the profiles index refuses writes', async () => {
    await block(workersIndex, true);
    const body = {
      occupations: ['普工'],
      currentPlace: { district: '薛城区' },
      consent: { given: true, at: '2020-03-01' },
      private: { name: '王五', phone: '13812345678' },
    };
    const refused = await svc.call('PUT', '/v1/workers/blk-w1', { key: svc.keys.site, body });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    await block(workersIndex, false);
    const ok = await svc.call('PUT', '/v1/workers/blk-w1', { key: svc.keys.site, body });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
  });

  it("a worker DELETE refused by the engine answers 503 and erases nothing, not 200 'deleted' with the profile kept", async () => {
    // The seeker stored by the test above; the bureau erases it while the profiles index refuses writes.
    await block(workersIndex, true);
    const refused = await svc.call('DELETE', '/v1/workers/blk-w1', { key: svc.keys.bureau });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    await block(workersIndex, false);
    const still = await svc.call('GET', '/v1/workers/blk-w1', { key: svc.keys.bureau });
    expect(still.status, 'profile and consent record both kept').to.equal(200);
    expect(still.body.private).to.include({ phone: '13812345678' });
    const erased = await svc.call('DELETE', '/v1/workers/blk-w1', { key: svc.keys.bureau });
    expect(erased.status, JSON.stringify(erased.body)).to.equal(200);
    expect(erased.body).to.include({ id: 'blk-w1', result: 'deleted' });
    expect((await svc.call('GET', '/v1/workers/blk-w1', { key: svc.keys.bureau })).status).to.equal(404);
  });
});
