import { DEMO_DEFAULTS, demoFirm, TOWNS } from '@fugong/demo';
import { buildApp } from '@fugong/matcher/app';
import { expect } from 'chai';
import { loadDemoData } from '../../scripts/load-demo.ts';
import { startTestService, type TestService } from './helpers.ts';

/**
 * The demo as a newcomer meets it through the search API: loaded by load-demo (2,000 postings) and searched
 * by distance from a point in 薛城 and by a job. Postings sit at their towns with a spread, so the distances
 * a page shows differ from row to row (the old demo put a district's postings on its seat: fifty rows at one
 * distance); firm names and descriptions differ too.
 */
describe('demo campaign through the search API (load-demo, towns, texts)', function () {
  this.timeout(180_000);
  let t: TestService;
  const baseDate = new Date().toISOString().slice(0, 10);
  type Hit = { id: string; firmName?: string; distanceKm?: number; workPlace: any };
  const search = async (qs: string): Promise<Hit[]> => {
    const res = await t.call('GET', `/v1/vacancies/search?${qs}`, { key: t.keys.site });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
    return (res.body as { hits: Hit[] }).hits;
  };

  before(async () => {
    t = await startTestService(buildApp);
    const loaded = await loadDemoData(t.rt, { scale: 2000, baseDate });
    expect(loaded.skipped).to.equal(false);
    expect(loaded.vacancies.rejected).to.equal(0);
  });
  after(async () => t?.close());

  it('sorts by distance with distances that differ from row to row', async () => {
    const hits = await search('near=34.8109,117.3237&sort=distance&size=50');
    expect(hits).to.have.length(50);
    const d = hits.map((h) => h.distanceKm!);
    expect(d).to.deep.equal([...d].sort((a, b) => a - b));
    expect(new Set(d).size, `distances: ${d.join(' ')}`).to.be.at.least(40);
    // Nearest first: the closest postings are a few kilometres away at most, in 薛城's towns.
    expect(d[0]).to.be.below(3);
    for (const h of hits.slice(0, 10)) expect(h.workPlace.code).to.equal('370403');
  });

  it('shows postings of one job at their towns, each firm named, no two descriptions alike', async () => {
    const hits = await search('q=普工&near=35.1103,117.1652&sort=distance&size=40');
    expect(hits.length).to.be.greaterThan(10);
    // Hits carry no description (only highlights): the stored postings are read back.
    const stored = await t.rt.es.mget<{ description: string }>({
      index: t.rt.names.vacancies,
      ids: hits.map((h) => h.id),
    });
    const texts = stored.docs.map((d) => ('_source' in d ? d._source?.description : undefined));
    expect(texts.every(Boolean)).to.equal(true);
    expect(new Set(texts).size).to.equal(hits.length);
    const names = new Set(
      Array.from({ length: DEMO_DEFAULTS.firms }, (_, i) => demoFirm(DEMO_DEFAULTS, i).input.name),
    );
    for (const h of hits) {
      expect(names.has(h.firmName!), h.firmName).to.equal(true);
      if (h.workPlace.address)
        expect(
          TOWNS.some((town) => h.workPlace.address.startsWith(town.name)),
          h.workPlace.address,
        ).to.equal(true);
    }
    expect(new Set(hits.map((h) => h.distanceKm)).size).to.be.at.least(hits.length - 3);
  });
});
