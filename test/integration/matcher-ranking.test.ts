import { expect } from 'chai';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { DEFAULT_WEIGHTS } from '../../services/matcher/src/ranking/weights.ts';
import { startTestService, type TestService } from './helpers.ts';

const firmA = { id: 'firm-a', name: '枣庄市示范服装有限公司', keyEnterprise: true };
const firmB = { id: 'firm-b', name: '滕州鲁南机械有限公司', keyEnterprise: false };
const FACTORS = ['occupation', 'skills', 'distance', 'wage', 'availability', 'experience', 'priority'];

/** Checks the explanation adds up to the score the engine computed, and the boost is the one expected. */
function expectExplained(hit: any, priority: number): void {
  const sum = FACTORS.reduce((s, f) => s + hit.explanation[f], 0);
  expect(Math.abs(sum - hit.explanation.total)).to.be.below(1e-9);
  expect(hit.score).to.equal(hit.explanation.total);
  // The engine computed the same score: the explanation is the ranking, not a story told afterwards.
  expect(Math.abs(hit.engineScore - hit.score)).to.be.below(1e-3);
  expect(hit.explanation.priority, `priority of ${hit.workerId ?? hit.vacancyId}`).to.be.closeTo(
    priority,
    1e-9,
  );
}

const { priority: boost } = DEFAULT_WEIGHTS;
/**
 * The boost on firm-a:sew (a key enterprise's, asking 2 years): capped for a priority-group worker who has
 * the 2 years, the key enterprise's share alone for everyone else.
 */
const SEW_PRIORITY: Record<string, number> = { 'w-best': boost.cap, 'w-groups': boost.cap };
const sewPriority = (workerId: string) => SEW_PRIORITY[workerId] ?? boost.keyEnterprise;

describe('matcher: explainable ranking against the real engine', function () {
  this.timeout(60_000);
  let t: TestService;
  const candidates = (id: string, key: string) =>
    t.call('GET', `/v1/vacancies/${encodeURIComponent(id)}/candidates?size=50`, { key });

  before(async () => {
    t = await startTestService(buildApp);
    const longAgo = new Date('2020-01-01T00:00:00Z');
    await seed(t.rt.es, t.rt.names, {
      vacancies: [
        vacancy(
          'sew',
          {
            title: '缝纫工',
            skills: ['缝纫', '锁边'],
            wage: { min: 4000, max: 5000 },
            requirements: { experienceYears: 2 },
          },
          firmA,
        ),
        vacancy(
          'fork',
          {
            title: '叉车司机',
            workPlace: { district: '滕州市' },
            requirements: { certificates: ['叉车证'] },
          },
          firmB,
        ),
        vacancy('cut', { title: '裁剪工', wage: { min: 3000, max: 3500 } }, firmB),
        vacancy('full', { title: '缝纫工', status: 'filled' }, firmB),
        vacancy('old', { title: '缝纫工', validThrough: '2020-02-01' }, firmB, longAgo),
      ],
      workers: [
        worker('w-best', {
          occupations: ['缝纫工'],
          skills: ['缝纫', '锁边'],
          experienceYears: 3,
          expectedWage: { min: 4500 },
          priorityGroups: ['migrant_worker'],
        }),
        worker('w-minor', { occupations: ['裁剪工'], skills: ['缝纫'], experienceYears: 1 }),
        worker('w-middle', { occupations: ['6-05-02-01'], experienceYears: 0 }),
        worker('w-employed', { occupations: ['缝纫工'], status: 'employed' }),
        worker('w-far', { occupations: ['缝纫工'], currentPlace: { district: '济南' }, maxCommuteKm: 30 }),
        worker('w-willing', {
          occupations: ['缝纫工'],
          currentPlace: { district: '济南' },
          willingPlaces: [{ district: '薛城区' }],
        }),
        // Meets the vacancy's 2 years: a priority group's boost goes only to workers who meet the requirements.
        worker('w-groups', {
          occupations: ['缝纫工'],
          experienceYears: 2,
          priorityGroups: ['graduate', 'poverty_registered', 'migrant_worker'],
        }),
        worker('w-later', {
          occupations: ['缝纫工'],
          availableFrom: '2100-01-01',
          expectedWage: { min: 8000 },
        }),
        worker('w-linked', { occupations: ['缝纫工'], skills: ['缝纫'] }),
        worker('w-cert', {
          occupations: ['叉车司机'],
          certificates: ['叉车证'],
          currentPlace: { district: '滕州市' },
        }),
        worker('w-nocert', { occupations: ['叉车司机'], currentPlace: { district: '滕州市' } }),
      ],
    });
    await t.rt.es.index({
      index: t.rt.names.intentionPairs,
      id: 'pair-1',
      document: {
        pairKey: 'pair-1',
        firmId: 'firm-a',
        workerId: 'w-linked',
        vacancyId: 'firm-a:sew',
        status: 'application',
        workerSideAt: '2020-03-02T00:00:00.000Z',
      },
      refresh: true,
    });
    // The firm shortlisted w-best on its own: the worker never spoke, so no contact details for the firm.
    await t.rt.es.index({
      index: t.rt.names.intentionPairs,
      id: 'pair-2',
      document: {
        pairKey: 'pair-2',
        firmId: 'firm-a',
        workerId: 'w-best',
        vacancyId: 'firm-a:sew',
        status: 'shortlisted',
      },
      refresh: true,
    });
  });
  after(async () => t?.close());

  it('ranks same occupation over same minor group over same middle group, and every score is explained', async () => {
    const r = await candidates('firm-a:sew', t.keys.employerA);
    expect(r.status).to.equal(200);
    const order = r.body.hits.map((h: any) => h.workerId);
    expect(order[0]).to.equal('w-best');
    expect(order.indexOf('w-minor')).to.be.below(order.indexOf('w-middle'));
    const by = (id: string) => r.body.hits.find((h: any) => h.workerId === id);
    const w = DEFAULT_WEIGHTS;
    expect(by('w-best').explanation.occupation).to.equal(w.occupation);
    expect(by('w-minor').explanation.occupation).to.be.closeTo(
      w.occupation * w.occupationTiers.minorGroup,
      1e-4,
    );
    expect(by('w-middle').explanation.occupation).to.be.closeTo(
      w.occupation * w.occupationTiers.middleGroup,
      1e-4,
    );
    expect(by('w-minor').explanation.skills).to.be.closeTo(w.skills / 2, 1e-4);
    expect(by('w-later').explanation.availability).to.be.below(0.001);
    expect(by('w-later').explanation.wage).to.be.below(w.wage);
    expect(order).to.have.members([
      'w-best',
      'w-linked',
      'w-groups',
      'w-minor',
      'w-later',
      'w-willing',
      'w-middle',
    ]);
    for (const h of r.body.hits) expectExplained(h, sewPriority(h.workerId));
    expect(r.body.boost).to.deep.equal(w.priority);
  });

  it('keeps out workers who are not seeking or live beyond their commute, unless they named the district', async () => {
    const order = (await candidates('firm-a:sew', t.keys.bureau)).body.hits.map((h: any) => h.workerId);
    expect(order).to.not.include('w-employed');
    expect(order).to.not.include('w-far');
    expect(order).to.include('w-willing');
  });

  it('caps the priority boost however many groups a worker is in', async () => {
    const hits = (await candidates('firm-a:sew', t.keys.bureau)).body.hits;
    // The cap binds: a key enterprise's need plus a priority group would add more than it.
    expect(boost.keyEnterprise + boost.priorityGroup).to.be.above(boost.cap);
    const groups = hits.find((h: any) => h.workerId === 'w-groups');
    expect(groups.explanation.priority).to.equal(boost.cap);
    // In no group (and short of the 2 years): the key enterprise's share alone.
    const none = hits.find((h: any) => h.workerId === 'w-minor');
    expect(none.explanation.priority).to.equal(boost.keyEnterprise);
  });

  it('requires every certificate the vacancy asks for', async () => {
    const order = (await candidates('firm-b:fork', t.keys.employerB)).body.hits.map((h: any) => h.workerId);
    expect(order).to.deep.equal(['w-cert']);
  });

  it('never shows phone or ID number, except contact details for a worker an intention links to the firm', async () => {
    const r = await candidates('firm-a:sew', t.keys.employerA);
    expect(r.status).to.equal(200);
    const ids = r.body.hits.map((h: any) => h.workerId);
    // Both branches below must run: the linked worker and at least one unlinked worker are ranked.
    expect(ids).to.include('w-linked');
    expect(ids).to.include('w-best');
    const text = JSON.stringify(r.body);
    expect(text).to.not.contain('370403199001011234');
    for (const h of r.body.hits) {
      expect(h).to.not.have.any.keys('private', 'idNumber', 'phone', 'name');
      if (h.workerId === 'w-linked')
        expect(h.contact).to.deep.equal({ name: '张w-linked', phone: '13800000000' });
      else expect(h).to.not.have.property('contact');
    }
  });

  it("forbids an employer to rank candidates for another firm's vacancy (404, as for a missing one)", async () => {
    expect((await candidates('firm-a:sew', t.keys.employerB)).status).to.equal(404);
    expect((await candidates('firm-a:sew', t.keys.site)).status).to.equal(403);
    expect((await candidates('firm-a:nope', t.keys.bureau)).status).to.equal(404);
  });

  it('answers 404 for a deleted vacancy, whose tombstone has no fields to rank by (found by the fuzzer: 500)', async () => {
    // The tombstone ingest's DELETE leaves for the change feed.
    await t.rt.es.index({
      index: t.rt.names.vacancies,
      id: 'firm-a:gone',
      document: {
        id: 'firm-a:gone',
        externalRef: 'gone',
        firmId: 'firm-a',
        status: 'deleted',
        changeSeq: 1,
        updatedAt: new Date().toISOString(),
      },
      refresh: true,
    });
    const res = await candidates('firm-a:gone', t.keys.bureau);
    expect(res.status, JSON.stringify(res.body)).to.equal(404);
    expect(res.body.error.code).to.equal('not_found');
  });

  it('recommends live vacancies to a worker, explained, never full or expired ones', async () => {
    const r = await t.call('GET', '/v1/workers/w-best/recommendations', { key: t.keys.site });
    expect(r.status).to.equal(200);
    const ids = r.body.hits.map((h: any) => h.vacancyId);
    expect(ids).to.deep.equal(['firm-a:sew', 'firm-b:cut']);
    expect(ids).to.not.include.members(['firm-b:full']);
    expect(ids).to.not.include('firm-b:old');
    expect(ids).to.not.include('firm-b:fork'); // needs a certificate the worker lacks
    // sew: key enterprise + migrant worker with the 2 years, capped; cut: not a key enterprise, no requirement.
    expectExplained(r.body.hits[0], boost.cap);
    expectExplained(r.body.hits[1], boost.priorityGroup);
    expect(
      (await t.call('GET', '/v1/workers/w-cert/recommendations', { key: t.keys.bureau })).body.hits.map(
        (h: any) => h.vacancyId,
      ),
    ).to.include('firm-b:fork');
    expect(
      (await t.call('GET', '/v1/workers/w-best/recommendations', { key: t.keys.employerA })).status,
    ).to.equal(403);
  });
});
