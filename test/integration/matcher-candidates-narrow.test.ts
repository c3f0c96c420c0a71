import { expect } from 'chai';
import type { estypes } from '@elastic/elasticsearch';
import { buildApp } from '@fugong/matcher/app';
import { candidatesRequest, rankCandidates } from '@fugong/matcher/queries';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { startTestService, type TestService } from './helpers.ts';

/**
 * Issue #14: the candidates ranking is narrowed before scoring (occupation and distance tiers, scored best
 * bound first, stopped once no remaining tier can reach the page). Its pages must be the exhaustive ranking's
 * (every filtered worker scored in one request), worker for worker and score for score, ties included.
 */
const DISTRICTS = ['薛城区', '市中区', '峄城区', '台儿庄区', '山亭区', '滕州市'];
// The vacancy's occupation, a sibling in its minor group, one in its middle group, unrelated ones.
const OCCUPATIONS = ['缝纫工', '裁剪工', '服装制版师', '电焊工', '叉车司机', '保洁员', '普工'];
const SKILLS = [['缝纫'], ['缝纫', '锁边'], ['电焊'], [], ['锁边']];

describe('matcher: candidates narrowed before scoring equal the exhaustive ranking', function () {
  this.timeout(120_000);
  let t: TestService;
  const firm = { id: 'firm-a', name: '枣庄市示范服装有限公司', keyEnterprise: true };
  const vacancies = [
    vacancy('sew', { title: '缝纫工', skills: ['缝纫', '锁边'], wage: { min: 4000, max: 5000 } }, firm),
    vacancy(
      'sew-exp',
      {
        title: '缝纫工',
        skills: ['缝纫'],
        wage: { min: 3000, max: 3500 },
        workPlace: { district: '滕州市' },
        requirements: { experienceYears: 3 },
      },
      firm,
    ),
    vacancy('weld', { title: '电焊工', skills: ['电焊'], workPlace: { district: '台儿庄区' } }, firm),
    vacancy('none', { title: '仓库管理员', wage: { min: 6000, max: 8000 } }, firm),
  ];

  before(async () => {
    t = await startTestService(buildApp);
    const day = 86_400_000;
    // Many identical profiles (exact ties at every score) and every tier populated.
    const workers = Array.from({ length: 900 }, (_, i) =>
      worker(`w-${String(i).padStart(4, '0')}`, {
        occupations: [OCCUPATIONS[i % OCCUPATIONS.length]!],
        skills: SKILLS[i % SKILLS.length]!,
        currentPlace: { district: DISTRICTS[(i >> 1) % DISTRICTS.length]! },
        experienceYears: i % 5,
        expectedWage: { min: 3000 + (i % 9) * 400 },
        maxCommuteKm: [30, 100, 5, 60][i % 4]!,
        ...(i % 11 === 0
          ? { availableFrom: new Date(Date.now() + (i % 40) * day).toISOString().slice(0, 10) }
          : {}),
        ...(i % 13 === 0 ? { priorityGroups: ['graduate'] } : {}),
        ...(i % 17 === 0 ? { summary: '熟练缝纫，会锁边' } : {}),
      }),
    );
    await seed(t.rt.es, t.rt.names, { vacancies, workers });
  });
  after(() => t.close());

  const search = async (body: estypes.SearchRequest) => {
    const r = await t.rt.es.search({ ...body, index: t.rt.names.workers });
    const total = r.hits.total;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits: r.hits.hits.map((h) => ({ id: h._id!, score: h._score ?? null, doc: h._source })),
    };
  };
  const line = (hits: Array<{ id: string; score: number | null }>) => hits.map((h) => `${h.id} ${h.score}`);

  it('gives the exhaustive pages, ties and deeper pages included, scoring fewer tiers where it can', async () => {
    const now = Date.now();
    let stoppedEarly = 0;
    let scoredSeveral = 0;
    for (const v of vacancies) {
      for (const [page, size] of [
        [1, 20],
        [2, 20],
        [3, 50],
        [1, 100],
      ] as const) {
        const narrowed = await rankCandidates(search, v, { now, page, size });
        const full = await search(candidatesRequest(v, { now, page, size }));
        expect(line(narrowed.hits), `${v.id} page ${page} size ${size}`).to.deep.equal(line(full.hits));
        expect(narrowed.total, `${v.id} total`).to.equal(full.total);
        expect(narrowed.totalExact).to.equal(true);
        if (narrowed.scored < narrowed.tiers) stoppedEarly++;
        if (narrowed.scored > 1) scoredSeveral++;
      }
    }
    // Both paths are exercised: pages settled by the first tier alone, and pages that needed more tiers.
    expect(stoppedEarly, 'pages where tiers were left unscored').to.be.greaterThan(0);
    expect(scoredSeveral, 'pages that needed more than one tier').to.be.greaterThan(0);
  });

  it('serves the same ranking at the route, each score explained', async () => {
    const r = await t.call('GET', '/v1/vacancies/firm-a%3Asew/candidates?size=50&page=2', {
      key: t.keys.bureau,
    });
    expect(r.status).to.equal(200);
    expect(r.body.totalExact).to.equal(true);
    const full = await search(candidatesRequest(vacancies[0]!, { now: Date.now(), page: 2, size: 50 }));
    expect(r.body.total).to.equal(full.total);
    expect(r.body.hits.map((h: any) => h.workerId)).to.deep.equal(full.hits.map((h) => h.id));
    for (const h of r.body.hits) expect(Math.abs(h.engineScore - h.score)).to.be.below(1e-3);
  });
});
