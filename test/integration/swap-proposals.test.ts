import { expect } from 'chai';
import { type SwapPost, allocateSwaps } from '@fugong/swap/allocation';
import { generateSwapPosts } from '../support/swap/generate.ts';
import { lpOptimum } from '../support/swap/lp-oracle.ts';
import type { TestService } from './helpers.ts';
import { employerKey, registerFirms, startSwap, termsFor } from './swap-helpers.ts';

/** The generator's posts as HTTP bodies (the bureau posts for each firm). */
const bodyOf = (p: SwapPost) => ({
  firmId: p.firmId,
  headcount: p.headcount,
  occupations: p.occupationCodes,
  skills: p.skills,
  from: p.from,
  to: p.to,
  place: { district: p.districtCode, ...(p.location ? { location: p.location } : {}) },
  conditions: { transport: false, board: true, lodging: false, note: 'SECRET-NOTE' },
  ...(p.wageOffered !== undefined ? { wageOffered: p.wageOffered } : {}),
});

/** A post as the bureau reads it back, as the allocation engine takes it (remaining headcount). */
const asSwapPost = (v: any): SwapPost => ({
  id: v.id,
  firmId: v.firmId,
  headcount: v.available,
  occupationCodes: v.occupations.map((o: { code: string }) => o.code),
  skills: v.skills,
  from: v.from,
  to: v.to,
  ...(v.place.location ? { location: v.place.location } : {}),
  ...(v.place.code && v.place.code !== v.place.cityCode ? { districtCode: v.place.code } : {}),
  ...(v.place.cityCode ? { cityCode: v.place.cityCode.slice(0, 4) } : {}),
  ...(v.wageOffered !== undefined ? { wageOffered: v.wageOffered } : {}),
});

describe('swap proposals: the optimal allocation over open posts', () => {
  let svc: TestService;
  before(async () => {
    svc = await startSwap();
    const { surplus, shortage } = generateSwapPosts(40, 7);
    await registerFirms(
      svc,
      [...surplus, ...shortage].map((p) => p.firmId),
    );
    const put = (kind: string, p: SwapPost) =>
      svc.call('PUT', `/v1/swap/${kind}/${p.id}`, { key: svc.keys.bureau, body: bodyOf(p) });
    const answers = await Promise.all([
      ...surplus.map((p) => put('surplus', p)),
      ...shortage.map((p) => put('shortage', p)),
    ]);
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).to.deep.equal([]);
  });
  after(async () => svc?.close());

  const readBack = async (kind: string) =>
    (await svc.call('GET', `/v1/swap/${kind}?status=open&size=100`, { key: svc.keys.bureau })).body.items
      .map(asSwapPost)
      .filter((p: SwapPost) => p.headcount > 0);
  const proposals = (key: string, body: unknown = {}) =>
    svc.call('POST', '/v1/swap/proposals', { key, body });

  it('matches the engine and the LP oracle on the same posts, over remaining headcount', async () => {
    // Commit some headcount first, so "remaining" is what must be allocated.
    const first = (await proposals(svc.keys.bureau)).body.proposals[0];
    const made = await svc.call('POST', '/v1/swap/agreements', {
      key: svc.keys.bureau,
      body: { ...first.draft, headcount: 1, terms: termsFor(1) },
    });
    const accepted = await svc.call('POST', `/v1/swap/agreements/${made.body.id}/accept`, {
      key: svc.keys.bureau,
      body: { onBehalfOf: 'both' },
    });
    expect(accepted.body.status).to.equal('accepted');
    await svc.rt.es.indices.refresh({ index: [svc.rt.names.surplus, svc.rt.names.shortage] });

    const res = await proposals(svc.keys.bureau);
    expect(res.status).to.equal(200);
    const surplus = await readBack('surplus');
    const shortage = await readBack('shortage');
    const local = allocateSwaps(surplus, shortage);
    const oracle = lpOptimum(surplus, shortage, {}, { integers: false });
    expect(res.body.matchedHeadcount).to.be.greaterThan(0);
    expect(res.body.matchedHeadcount).to.equal(local.matchedHeadcount).and.equal(oracle.headcount);
    expect(res.body.scaledQuality).to.equal(local.scaledQuality).and.equal(oracle.scaledQuality);
    expect(res.body.shownHeadcount).to.equal(res.body.matchedHeadcount);
    // Feasible over what is left: no post gives or takes more than its remaining headcount.
    const left = new Map([...surplus, ...shortage].map((p: SwapPost) => [p.id, p.headcount]));
    for (const p of res.body.proposals) {
      left.set(p.surplusId, left.get(p.surplusId)! - p.headcount);
      left.set(p.shortageId, left.get(p.shortageId)! - p.headcount);
      const sum = Object.values(p.parts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(sum).to.be.closeTo(p.score, 1e-9); // explainable: the parts add up to the score
    }
    expect([...left.values()].every((v) => v >= 0)).to.equal(true);
  });

  it("an employer gets the global optimum's proposals involving its firm, without private terms", async () => {
    const all = (await proposals(svc.keys.bureau)).body;
    const firm = all.proposals[0].lenderFirmId as string;
    const mine = await proposals(await employerKey(svc, firm));
    expect(mine.status).to.equal(200);
    const expected = all.proposals.filter(
      (p: { lenderFirmId: string; borrowerFirmId: string }) =>
        p.lenderFirmId === firm || p.borrowerFirmId === firm,
    );
    expect(mine.body.proposals).to.deep.equal(expected);
    expect(JSON.stringify(mine.body)).to.not.include('SECRET-NOTE');
    expect((await proposals(svc.keys.employerA, { firmId: firm })).status).to.equal(403);
  });

  it('widening beyond one city matches at least as many; options are validated', async () => {
    const city = (await proposals(svc.keys.bureau)).body.matchedHeadcount;
    const wide = (await proposals(svc.keys.bureau, { sameCityOnly: false })).body.matchedHeadcount;
    const near = (await proposals(svc.keys.bureau, { maxDistanceKm: 15 })).body.matchedHeadcount;
    expect(wide).to.be.at.least(city);
    expect(near).to.be.at.most(city);
    const bad = await proposals(svc.keys.bureau, { minOverlapDays: 0 });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.issues[0].path).to.equal('minOverlapDays');
  });
});
