import { expect } from 'chai';
import { DEFAULT_PAIR_WEIGHTS, OCCUPATION_MATCH_VALUE } from '@fugong/swap/allocation';
import type { TestService } from './helpers.ts';
import { registerFirms, startSwap, termsFor } from './swap-helpers.ts';

/**
 * The defining 2020 共享员工 story: a shut restaurant's waiters lent to a parcel-sorting centre across
 * town. 服务员 (4-03-02-05) and 分拣员 (快件处理员, 4-02-07-09) share no middle group; they match only
 * as `transferable` (one low-skill family), and a welding shop's need stays unmatched.
 */
describe('swap proposals: cross-occupation (transferable) lending', () => {
  let svc: TestService;
  before(async () => {
    svc = await startSwap();
    await registerFirms(svc, ['firm-welding']);
    const puts = await Promise.all([
      svc.call('PUT', '/v1/swap/surplus/restaurant-waiters', {
        key: svc.keys.employerA,
        body: {
          headcount: 8,
          occupations: ['服务员'],
          skills: ['餐厅服务', '健康证'],
          from: '2020-02-10',
          to: '2020-03-31',
          place: { district: '市中区' },
          conditions: { transport: false, board: true, lodging: false },
        },
      }),
      svc.call('PUT', '/v1/swap/shortage/logistics-sorters', {
        key: svc.keys.employerB,
        body: {
          headcount: 12,
          occupations: ['分拣员'],
          skills: ['分拣', '扫码录单'],
          from: '2020-02-15',
          to: '2020-03-15',
          place: { district: '薛城区' },
          wageOffered: 4000,
        },
      }),
      svc.call('PUT', '/v1/swap/shortage/welding-shop', {
        key: svc.keys.bureau,
        body: {
          firmId: 'firm-welding',
          headcount: 5,
          occupations: ['电焊工'],
          skills: [],
          from: '2020-02-15',
          to: '2020-03-15',
          place: { district: '薛城区' },
        },
      }),
    ]);
    expect(puts.map((p) => p.status)).to.deep.equal([200, 200, 200]);
    expect(puts.map((p) => p.body.post.occupations[0].code)).to.deep.equal([
      '4-03-02-05',
      '4-02-07-09',
      '6-18-02-04',
    ]);
    await svc.rt.es.indices.refresh({ index: [svc.rt.names.surplus, svc.rt.names.shortage] });
  });
  after(async () => svc?.close());

  const proposals = (body: unknown = {}) =>
    svc.call('POST', '/v1/swap/proposals', { key: svc.keys.bureau, body });

  it('lends the 8 idle waiters to the sorting centre, explained as transferable', async () => {
    const res = await proposals();
    expect(res.status).to.equal(200);
    expect(res.body.options.transferable).to.equal(true);
    expect(res.body.matchedHeadcount).to.equal(8);
    expect(res.body.proposals).to.have.length(1);
    const [p] = res.body.proposals;
    expect(p).to.include({
      surplusId: 'restaurant-waiters',
      shortageId: 'logistics-sorters',
      lenderFirmId: 'firm-a',
      borrowerFirmId: 'firm-b',
      headcount: 8,
    });
    expect(p.detail.occupation).to.equal('transferable');
    expect(p.parts.occupation).to.be.closeTo(
      DEFAULT_PAIR_WEIGHTS.occupation * OCCUPATION_MATCH_VALUE.transferable,
      1e-12,
    );
    const sum = Object.values(p.parts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).to.be.closeTo(p.score, 1e-9);
    expect(p.draft).to.deep.equal({
      surplusId: 'restaurant-waiters',
      shortageId: 'logistics-sorters',
      headcount: 8,
      from: '2020-02-15',
      to: '2020-03-15',
    });

    // The draft becomes an agreement whose match keeps the explanation.
    const made = await svc.call('POST', '/v1/swap/agreements', {
      key: svc.keys.bureau,
      body: { ...p.draft, terms: termsFor(8) },
    });
    expect(made.status).to.equal(201);
    expect(made.body.match.detail.occupation).to.equal('transferable');
  });

  it('requires a shared middle group again with transferable: false', async () => {
    const res = await proposals({ transferable: false });
    expect(res.status).to.equal(200);
    expect(res.body.options.transferable).to.equal(false);
    expect(res.body.matchedHeadcount).to.equal(0);
    expect(res.body.proposals).to.deep.equal([]);
  });
});
