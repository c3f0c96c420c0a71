import { expect } from 'chai';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy } from '../support/eval/build.ts';
import { startTestService, type TestService } from './helpers.ts';

// A firm named after a district: before, 滕州 in q matched its name instead of the place of work.
const tengzhouFirm = { id: 'firm-b', name: '滕州鲁南机械有限公司', keyEnterprise: false };
const otherFirm = { id: 'firm-a', name: '枣庄市示范制造有限公司', keyEnterprise: false };

describe('matcher: query understanding (places and benefits in q)', function () {
  this.timeout(60_000);
  let t: TestService;
  const search = (q: string, extra = '') =>
    t.call('GET', `/v1/vacancies/search?q=${encodeURIComponent(q)}&size=50${extra}`);
  const ids = (body: any) => body.hits.map((h: any) => h.id);

  before(async () => {
    t = await startTestService(buildApp);
    await seed(t.rt.es, t.rt.names, {
      vacancies: [
        vacancy('weld-yicheng', { title: '电焊工', workPlace: { district: '峄城区' } }, tengzhouFirm),
        vacancy('weld-tengzhou', { title: '电焊工', workPlace: { district: '滕州市' } }, otherFirm),
        vacancy('weld-xuecheng', { title: '电焊工', workPlace: { district: '薛城区' } }, otherFirm),
        vacancy('guard-tengzhou', { title: '保安', workPlace: { district: '滕州市' } }, tengzhouFirm),
        vacancy(
          'fork-lodging',
          {
            title: '叉车司机',
            description: '持证上岗，包吃住',
            benefits: { board: true, lodging: true },
            workPlace: { district: '市中区' },
          },
          otherFirm,
        ),
        vacancy(
          'fork-plain',
          { title: '叉车司机', description: '持证上岗，叉车经验优先', workPlace: { district: '市中区' } },
          otherFirm,
        ),
        vacancy(
          'fork-board',
          { title: '叉车司机', benefits: { board: true, lodging: false }, workPlace: { district: '市中区' } },
          otherFirm,
        ),
      ],
    });
  });
  after(async () => t?.close());

  it('a place in q is a boost on the place of work, not a filter and not a firm-name match', async () => {
    const r = await search('滕州 电焊工');
    expect(r.status).to.equal(200);
    const got = ids(r.body);
    expect(got[0]).to.equal('firm-a:weld-tengzhou');
    // The same job elsewhere still follows; a 滕州 posting of another job does not match at all.
    expect(got).to.have.members(['firm-a:weld-tengzhou', 'firm-b:weld-yicheng', 'firm-a:weld-xuecheng']);
    expect(r.body.resolved.q.places).to.deep.equal([{ input: '滕州', code: '370481', name: '滕州市' }]);
    expect(r.body.resolved.q.words).not.to.include('滕州');
    expect(r.body.resolved.q).not.to.have.property('benefits');
    // Written together and with the unit's suffix.
    const joined = await search('薛城区电焊工');
    expect(ids(joined.body)[0]).to.equal('firm-a:weld-xuecheng');
    expect(joined.body.resolved.q.places).to.deep.equal([
      { input: '薛城区', code: '370403', name: '薛城区' },
    ]);
    // An explicit district filter still filters.
    const filtered = await search('滕州 电焊工', `&district=${encodeURIComponent('峄城')}`);
    expect(ids(filtered.body)).to.deep.equal(['firm-b:weld-yicheng']);
  });

  it('benefit words in q (包住, 包吃住) boost postings offering them instead of matching the text', async () => {
    const lodging = await search('叉车 包住');
    expect(lodging.status).to.equal(200);
    const got = ids(lodging.body);
    expect(got[0]).to.equal('firm-a:fork-lodging'); // its text says 包吃住, never 包住
    expect(got).to.have.members(['firm-a:fork-lodging', 'firm-a:fork-plain', 'firm-a:fork-board']);
    expect(lodging.body.resolved.q.benefits).to.deep.equal([
      { input: '包住', board: false, lodging: true, filter: false },
    ]);
    expect(lodging.body.resolved.q.words).not.to.include('包住');

    const both = await search('包吃住 叉车司机');
    expect(ids(both.body)).to.deep.equal(['firm-a:fork-lodging', 'firm-a:fork-board', 'firm-a:fork-plain']);
    expect(both.body.resolved.q.benefits).to.deep.equal([
      { input: '包吃住', board: true, lodging: true, filter: false },
    ]);

    const board = await search('叉车 包吃');
    expect(ids(board.body).slice(0, 2)).to.have.members(['firm-a:fork-lodging', 'firm-a:fork-board']);
    expect(board.body.resolved.q.benefits).to.deep.equal([
      { input: '包吃', board: true, lodging: false, filter: false },
    ]);
  });

  it('a q naming only a place ranks that place first and keeps the rest', async () => {
    const r = await search('滕州');
    expect(r.body.total).to.equal(7);
    expect(ids(r.body).slice(0, 2)).to.have.members(['firm-a:weld-tengzhou', 'firm-b:guard-tengzhou']);
    expect(r.body.resolved.q.words).to.deep.equal([]);
  });

  it('sorted by wage or date, a place or benefit named in q is required (a bonus would change nothing)', async () => {
    const byWage = await search('滕州 电焊工', '&sort=wage');
    expect(ids(byWage.body)).to.deep.equal(['firm-a:weld-tengzhou']);
    const newest = await search('叉车 包住', '&sort=newest');
    expect(ids(newest.body)).to.deep.equal(['firm-a:fork-lodging']);
  });
});
