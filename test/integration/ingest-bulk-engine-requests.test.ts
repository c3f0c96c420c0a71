import { expect } from 'chai';
import type { Runtime } from '@fugong/http';
import { FairStore } from '@fugong/stores';
import { checkFairRefs, KnownFairs } from '../../services/ingest/src/vacancies/fair-refs.ts';
import { type TestService, startTestService } from './helpers.ts';
import { bulkAppBuilder, registerFirms, stored, upload } from './ingest-bulk-helpers.ts';

/** Firms, fairs and the bulk route, with batches of 5 so a small upload spans several batches. */
const buildApp = bulkAppBuilder({ batchSize: 5 }, { fairs: true });

/** How many documents the engine has read from the fairs index so far (each id of an `_mget` counts one). */
async function fairGets(rt: Runtime): Promise<number> {
  const s = await rt.es.indices.stats({ index: rt.names.fairs, metric: 'get' });
  return s._all.total?.get?.total ?? 0;
}

// Each line its own wage, so no two lines (of any test here) share a fingerprint.
let wage = 3000;
const line = (ref: string, fairIds: string[]) => {
  wage += 10;
  return JSON.stringify({
    externalRef: ref,
    title: '普工',
    description: `口罩生产线操作 ${ref}`,
    totalJobOpenings: 3,
    wage: { min: wage, max: 9000, unit: 'month' },
    workPlace: { district: '薛城区' },
    fairIds,
  });
};

describe('ingest bulk upload: engine requests per batch (real engine)', function () {
  this.timeout(120_000);
  let svc: TestService;
  before(async () => {
    svc = await startTestService(buildApp);
    await registerFirms(svc);
    for (const id of ['fair-spring', 'fair-autumn']) {
      const res = await svc.call('PUT', `/v1/fairs/${id}`, {
        key: svc.keys.bureau,
        body: { name: id, startDate: '2026-03-01', endDate: '2026-03-10', online: true, firmIds: [] },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
  });
  after(async () => {
    await svc?.close();
  });

  it('an upload of many batches naming the same fairs reads each fair once, not once a batch', async () => {
    const lines = Array.from({ length: 30 }, (_, i) =>
      line(`fr${i}`, i % 2 ? ['fair-spring'] : ['fair-spring', 'fair-autumn']),
    );
    const before = await fairGets(svc.rt);
    const res = await upload(svc, `${lines.join('\n')}\n`, 'application/x-ndjson');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.summary).to.include({ received: 30, created: 30, rejected: 0 });
    // Six batches of five, two in flight: the first asks for both fairs, the second waits for that answer
    // (it names the same fairs), the others ask for nothing. One read a batch would be 6 × 2 = 12.
    expect((await fairGets(svc.rt)) - before).to.equal(2);
    const docs = await stored(
      svc.rt,
      lines.map((_, i) => `${svc.firmA}:fr${i}`),
    );
    expect(docs.get(`${svc.firmA}:fr0`)?.['fairIds']).to.deep.equal(['fair-spring', 'fair-autumn']);
    expect(docs.size).to.equal(30);
  });

  it('an unknown fair is rejected in every batch that names it (not remembered), a known one accepted', async () => {
    const lines = Array.from({ length: 12 }, (_, i) =>
      line(`fu${i}`, [i % 3 ? 'fair-spring' : 'fair-winter']),
    );
    const res = await upload(svc, `${lines.join('\n')}\n`, 'application/x-ndjson');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.summary).to.include({ received: 12, created: 8, rejected: 4 });
    const rejected = res.body.items.filter((i: any) => i.result === 'rejected');
    expect(rejected.map((i: any) => i.index)).to.deep.equal([0, 3, 6, 9]);
    expect(rejected.every((i: any) => i.field === 'fairIds.0')).to.equal(true);
  });

  it('a fair created after a check that missed it is found by the next check with the same memory', async () => {
    const fairs = new FairStore(svc.rt);
    const known = new KnownFairs();
    const first = await checkFairRefs(fairs, [['fair-summer'], ['fair-spring']], known);
    expect(first[0]!.map((i) => i.path)).to.deep.equal(['fairIds.0']);
    expect(first[1]).to.deep.equal([]);
    const res = await svc.call('PUT', '/v1/fairs/fair-summer', {
      key: svc.keys.bureau,
      body: { name: 'summer', startDate: '2026-06-01', endDate: '2026-06-10', online: true, firmIds: [] },
    });
    expect(res.status).to.equal(200);
    expect(await checkFairRefs(fairs, [['fair-summer'], ['fair-spring']], known)).to.deep.equal([[], []]);
    expect([...known.ids].sort()).to.deep.equal(['fair-spring', 'fair-summer']);
  });
});
