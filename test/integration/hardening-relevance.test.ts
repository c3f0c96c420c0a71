import { expect } from 'chai';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { startTestService, type TestService } from './helpers.ts';

// Issue #9 items 20, 21 and 23 (suggestions): what a new user typed and got wrong answers for.
const firm = { id: 'firm-a', name: '枣庄市示范制造有限公司', keyEnterprise: false };
const ZAOZHUANG_DISTRICTS = ['370402', '370403', '370404', '370405', '370406', '370481'];

describe('hardening: query understanding of benefits and shifts, unknown districts (#9 items 20, 23)', function () {
  this.timeout(60_000);
  let t: TestService;
  const search = (q: string, extra = '') =>
    t.call('GET', `/v1/vacancies/search?q=${encodeURIComponent(q)}&size=50${extra}`);
  const ids = (body: any): string[] => body.hits.map((h: any) => h.id);

  before(async () => {
    t = await startTestService(buildApp);
    const both = { board: true, lodging: true };
    await seed(t.rt.es, t.rt.names, {
      vacancies: [
        // Shift stated in the posting's shifts list only.
        vacancy('weld-day', { title: '电焊工', shifts: ['白班'], benefits: both }, firm),
        // Shift stated in the description only (长白班 is day work, and never the county 长白).
        vacancy('pack-day', { title: '包装工', description: '长白班，按时发薪' }, firm),
        vacancy('weld-two', { title: '电焊工', shifts: ['两班倒'] }, firm),
        vacancy('weld-three', { title: '电焊工', description: '三班倒，夜班有补贴' }, firm),
        vacancy('guard-night', { title: '保安', workHours: '夜班 20:00-8:00', benefits: both }, firm),
        vacancy('clerk', { title: '文员', description: '朝九晚五，双休' }, firm),
        // Placed in the county 长白: before, q=长白班 found this one as "the place 长白 + 班".
        vacancy('clerk-changbai', { title: '文员', workPlace: { district: '长白朝鲜族自治县' } }, firm),
      ],
    });
  });
  after(async () => t?.close());

  it('a benefit-only q (包吃住) lists only the postings offering it, and says it filtered', async () => {
    const r = await search('包吃住');
    expect(r.status).to.equal(200);
    expect(ids(r.body)).to.have.members(['firm-a:weld-day', 'firm-a:guard-night']);
    expect(r.body.total).to.equal(2);
    expect(r.body.resolved.q.benefits).to.deep.equal([
      { input: '包吃住', board: true, lodging: true, filter: true },
    ]);
    expect(r.body.resolved.q.words).to.deep.equal([]);
  });

  it('q=长白班 is a shift (day work), not the county 长白 plus 班', async () => {
    const r = await search('长白班');
    expect(r.status).to.equal(200);
    expect(r.body.resolved.q).not.to.have.property('places');
    expect(r.body.resolved.q.shifts).to.deep.equal([{ input: '长白班', shift: 'day', filter: true }]);
    expect(ids(r.body)).to.have.members(['firm-a:weld-day', 'firm-a:pack-day']);
    expect(ids(r.body)).not.to.include('firm-a:clerk-changbai');
  });

  it('q=白班 finds day-shift postings, whether the shift is in the shifts list or the description', async () => {
    const r = await search('白班');
    expect(r.status).to.equal(200);
    expect(ids(r.body)).to.have.members(['firm-a:weld-day', 'firm-a:pack-day']);
    expect(r.body.resolved.q.shifts).to.deep.equal([{ input: '白班', shift: 'day', filter: true }]);
  });

  it('two-, three-shift and night work are understood, and 倒班 takes any rotation', async () => {
    expect(ids((await search('两班倒')).body)).to.deep.equal(['firm-a:weld-two']);
    expect(ids((await search('三班倒')).body)).to.deep.equal(['firm-a:weld-three']);
    expect(ids((await search('夜班')).body)).to.have.members(['firm-a:weld-three', 'firm-a:guard-night']);
    expect(ids((await search('倒班')).body)).to.have.members(['firm-a:weld-two', 'firm-a:weld-three']);
  });

  it('with a job in q, a shift ranks the postings stating it first and keeps the rest', async () => {
    const r = await search('电焊工 两班倒');
    expect(r.status).to.equal(200);
    const got = ids(r.body);
    expect(got[0]).to.equal('firm-a:weld-two');
    expect(got).to.have.members(['firm-a:weld-two', 'firm-a:weld-day', 'firm-a:weld-three']);
    expect(r.body.resolved.q.words).to.include('电焊工');
    expect(r.body.resolved.q.shifts).to.deep.equal([{ input: '两班倒', shift: 'two_shifts', filter: false }]);
    // Sorted by date a bonus would change nothing: there the shift is required.
    const newest = await search('电焊工 两班倒', '&sort=newest');
    expect(ids(newest.body)).to.deep.equal(['firm-a:weld-two']);
    expect(newest.body.resolved.q.shifts[0].filter).to.equal(true);
  });

  it("an unknown district is a 400 suggesting Zaozhuang's own districts, not counties elsewhere", async () => {
    const r = await t.call('GET', `/v1/vacancies/search?district=${encodeURIComponent('火星')}`);
    expect(r.status).to.equal(400);
    const issue = r.body.error.details.issues.find((i: any) => i.path === 'district');
    expect(issue.message).to.contain('火星');
    const codes = issue.suggestions.map((s: string) => /\((\d+)\)$/.exec(s)?.[1]);
    expect(codes).to.deep.equal(ZAOZHUANG_DISTRICTS);
    // A near miss is still suggested first, and the rest of the list stays at home.
    const typo = await t.call('GET', `/v1/vacancies/search?district=${encodeURIComponent('薛城去')}`);
    expect(typo.status).to.equal(400);
    const first = typo.body.error.details.issues[0].suggestions;
    expect(first[0]).to.equal('山东省枣庄市薛城区 (370403)');
  });
});

describe('hardening: an unmet requirement outweighs the priority boost in candidate ranking (#9 item 21)', function () {
  this.timeout(60_000);
  let t: TestService;

  before(async () => {
    t = await startTestService(buildApp);
    await seed(t.rt.es, t.rt.names, {
      vacancies: [
        vacancy('weld', { title: '电焊工', requirements: { experienceYears: 1 } }, firm),
        vacancy(
          'weld-key',
          { title: '电焊工', requirements: { experienceYears: 1 } },
          {
            ...firm,
            keyEnterprise: true,
          },
        ),
        vacancy('weld-open', { title: '电焊工' }, firm),
      ],
      // The same in every respect but experience and group: the ranking turns on those two alone.
      workers: [
        worker('w-5y', { occupations: ['电焊工'], experienceYears: 5 }),
        worker('w-6m', { occupations: ['电焊工'], experienceYears: 0.5, priorityGroups: ['migrant_worker'] }),
        worker('w-2y-group', { occupations: ['电焊工'], experienceYears: 2, priorityGroups: ['graduate'] }),
      ],
    });
  });
  after(async () => t?.close());

  for (const ref of ['weld', 'weld-key']) {
    it(`ranks a 5-year worker above a 6-month priority-group worker for a 1-year requirement (${ref})`, async () => {
      const r = await t.call('GET', `/v1/vacancies/firm-a:${ref}/candidates?size=10`, {
        key: t.keys.employerA,
      });
      expect(r.status).to.equal(200);
      const order = r.body.hits.map((h: any) => h.workerId);
      // A qualified worker of a priority group is still preferred among the qualified.
      expect(order).to.deep.equal(['w-2y-group', 'w-5y', 'w-6m']);
      const by = (id: string) => r.body.hits.find((h: any) => h.workerId === id);
      expect(by('w-6m').explanation.unmet).to.deep.equal([
        { requirement: 'experienceYears', required: 1, actual: 0.5 },
      ]);
      expect(by('w-5y').explanation).not.to.have.property('unmet');
      expect(by('w-2y-group').explanation).not.to.have.property('unmet');
      // The group's boost goes only to those who meet the requirements; the explanation still adds up.
      expect(by('w-6m').explanation.priority).to.equal(by('w-5y').explanation.priority);
      expect(by('w-2y-group').explanation.priority).to.be.above(by('w-5y').explanation.priority);
      for (const h of r.body.hits) expect(Math.abs(h.engineScore - h.score)).to.be.below(1e-3);
    });
  }

  it("recommends a job the worker qualifies for above a key enterprise's job they fall short of", async () => {
    const r = await t.call('GET', '/v1/workers/w-6m/recommendations?size=10', { key: t.keys.bureau });
    expect(r.status).to.equal(200);
    const order = r.body.hits.map((h: any) => h.vacancyId);
    // Before, the capped boost of a key enterprise plus the group (0.08) outweighed the missing half year.
    expect(order).to.deep.equal(['firm-a:weld-open', 'firm-a:weld-key', 'firm-a:weld']);
    const by = (id: string) => r.body.hits.find((h: any) => h.vacancyId === id);
    expect(by('firm-a:weld-key').explanation.unmet).to.deep.equal([
      { requirement: 'experienceYears', required: 1, actual: 0.5 },
    ]);
    expect(by('firm-a:weld-open').explanation).not.to.have.property('unmet');
    for (const h of r.body.hits) expect(Math.abs(h.engineScore - h.score)).to.be.below(1e-3);
  });
});
