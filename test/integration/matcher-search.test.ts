import { expect } from 'chai';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy } from '../support/eval/build.ts';
import { startTestService, type TestService } from './helpers.ts';

const firmA = { id: 'firm-a', name: '枣庄市示范防护用品有限公司', keyEnterprise: true };
const firmB = { id: 'firm-b', name: '滕州鲁南机械有限公司', keyEnterprise: false };
const XUECHENG = { lat: 34.79506, lon: 117.26316 };

describe('matcher: vacancy search against the real engine', function () {
  this.timeout(60_000);
  let t: TestService;
  const search = (qs: string) => t.call('GET', `/v1/vacancies/search?${qs}`);
  const ids = (body: any) => body.hits.map((h: any) => h.id);

  before(async () => {
    t = await startTestService(buildApp);
    const longAgo = new Date('2020-01-01T00:00:00Z');
    const fillers = Array.from({ length: 30 }, (_, i) =>
      vacancy(
        `fill-${String(i).padStart(2, '0')}`,
        { title: `仓库管理员${i}`, workPlace: { district: '山亭区' } },
        firmB,
      ),
    );
    await seed(t.rt.es, t.rt.names, {
      vacancies: [
        vacancy(
          'ppe',
          {
            title: '防护服生产普工',
            description: '负责防护服缝制与包装，包吃住',
            skills: ['缝纫'],
            wage: { min: 4000, max: 5000 },
            fairIds: ['fair-1'],
            benefits: { board: true, lodging: true },
          },
          firmA,
        ),
        vacancy(
          'op',
          {
            title: '操作工',
            wage: { min: 3500, max: 4500 },
            workPlace: { district: '市中区' },
            fairIds: ['fair-1'],
          },
          firmA,
        ),
        vacancy(
          'fork',
          {
            title: '叉车司机',
            wage: { min: 6000, max: 7000 },
            employmentType: 'contract',
            workPlace: { district: '滕州市' },
            requirements: { certificates: ['叉车证'] },
          },
          firmB,
        ),
        vacancy(
          'weld',
          {
            title: '电焊工',
            wage: { min: 200, unit: 'day' },
            employmentType: 'part_time',
            workPlace: { district: '峄城区' },
          },
          firmB,
        ),
        vacancy(
          'java',
          { title: 'Java开发工程师', description: 'Spring Boot, MySQL', workPlace: { district: '市中区' } },
          firmA,
        ),
        // Written open long ago with a validThrough that has passed: only the query-time filter hides it.
        vacancy('stale', { title: '口罩生产普工', validThrough: '2020-02-01' }, firmA, longAgo),
        vacancy('closed', { title: '包装普工', status: 'closed' }, firmA),
        ...fillers,
      ],
    });
  });
  after(async () => t?.close());

  it('finds traditional input in simplified postings (防護服 → 防护服) and highlights the words', async () => {
    const r = await search(`q=${encodeURIComponent('防護服')}`);
    expect(r.status).to.equal(200);
    expect(ids(r.body)).to.deep.equal(['firm-a:ppe']);
    expect(r.body.hits[0].highlight.title).to.contain('<em>防护服</em>');
  });

  it('expands colloquial titles: 普工 finds 操作工 postings, never expired or closed ones', async () => {
    const r = await search(`q=${encodeURIComponent('普工')}`);
    expect(ids(r.body)).to.include.members(['firm-a:ppe', 'firm-a:op']);
    expect(ids(r.body)).not.to.include.members(['firm-a:stale']);
    expect(ids(r.body)).not.to.include('firm-a:closed');
    expect(ids(r.body)[0]).to.equal('firm-a:ppe'); // the word typed ranks above its synonym
  });

  it('filters by district name or code and echoes what was resolved', async () => {
    const byName = await search(`district=${encodeURIComponent('薛城')}`);
    expect(ids(byName.body)).to.deep.equal(['firm-a:ppe']);
    expect(byName.body.resolved.district).to.deep.equal({
      input: '薛城',
      code: '370403',
      name: '山东省枣庄市薛城区',
    });
    const byCode = await search('district=370481');
    expect(ids(byCode.body)).to.deep.equal(['firm-b:fork']);
    const city = await search(`city=${encodeURIComponent('枣庄')}&size=100`);
    expect(city.body.total).to.equal(35);
  });

  it('filters by occupation at any level, wage, type, fair, key enterprise, board and lodging, posted since', async () => {
    const occ = await search(`occupation=${encodeURIComponent('焊工')}`);
    expect(ids(occ.body)).to.deep.equal(['firm-b:weld']);
    expect(occ.body.resolved.occupation.code).to.equal('6-18-02-04');
    expect(ids((await search('occupation=6-30')).body)).to.deep.equal(['firm-b:fork']);
    expect(ids((await search('wageMin=4600&sort=wage')).body)).to.deep.equal(['firm-b:fork', 'firm-a:ppe']);
    expect(ids((await search('wageMin=4300&sort=wage')).body)).to.include('firm-b:weld'); // 200 a day = 4,350 a month
    expect(ids((await search('employmentType=part_time')).body)).to.deep.equal(['firm-b:weld']);
    expect(ids((await search('fairId=fair-1&sort=wage')).body)).to.deep.equal(['firm-a:ppe', 'firm-a:op']);
    expect((await search('keyEnterprise=true')).body.total).to.equal(3);
    expect(ids((await search('boardAndLodging=true')).body)).to.deep.equal(['firm-a:ppe']);
    expect((await search('postedSince=2100-01-01')).body.total).to.equal(0);
  });

  it('geo radius keeps nearby postings and gives each its distance; sort by distance', async () => {
    const r = await search(`near=${XUECHENG.lat},${XUECHENG.lon}&radiusKm=5`);
    expect(ids(r.body)).to.deep.equal(['firm-a:ppe']);
    expect(r.body.hits[0].distanceKm).to.be.below(1);
    const all = await search(`near=${XUECHENG.lat},${XUECHENG.lon}&sort=distance&size=3`);
    const d = all.body.hits.map((h: any) => h.distanceKm);
    expect(d).to.have.length(3);
    for (const km of d) expect(km).to.be.a('number');
    expect(d).to.deep.equal([...d].sort((a: number, b: number) => a - b));
    expect(all.body.hits[0].id).to.equal('firm-a:ppe');
  });

  it('sorts by newest and by wage', async () => {
    const wage = await search('sort=wage&size=2');
    expect(ids(wage.body)).to.deep.equal(['firm-b:fork', 'firm-a:ppe']);
    const newest = await search('sort=newest&size=5');
    const created = newest.body.hits.map((h: any) => h.createdAt);
    expect(created).to.have.length(5);
    for (const at of created) expect(at).to.be.a('string');
    expect(created).to.deep.equal([...created].sort().reverse());
  });

  it('facets count vacancies and sum open positions', async () => {
    const r = await search('size=1');
    const f = r.body.facets;
    expect(f.openPositions).to.equal(35 * 5);
    const shanting = f.districts.find((b: any) => b.value === '370406');
    expect(shanting).to.deep.include({ count: 30, openPositions: 150, label: '山东省枣庄市山亭区' });
    expect(f.fairs).to.deep.equal([{ value: 'fair-1', count: 2, openPositions: 10 }]);
    expect(f.keyEnterprise.find((b: any) => b.value === 'true').count).to.equal(3);
    expect(f.employmentTypes.map((b: any) => b.value)).to.include.members([
      'full_time',
      'contract',
      'part_time',
    ]);
    expect(f.wageBands.find((b: any) => b.value === '6000-7000').count).to.equal(1);
    expect(f.occupationGroups.find((b: any) => b.value === '6-18').label).to.be.a('string');
  });

  it('an unknown district, occupation or parameter is a 400 naming it, with suggestions', async () => {
    const d = await search(`district=${encodeURIComponent('薛城去')}`);
    expect(d.status).to.equal(400);
    const issue = d.body.error.details.issues[0];
    expect(issue.path).to.equal('district');
    expect(issue.suggestions.join(' ')).to.contain('薛城区');
    const o = await search(`occupation=${encodeURIComponent('普通工')}`);
    expect(o.status).to.equal(400);
    expect(o.body.error.details.issues[0].suggestions.length).to.be.greaterThan(0);
    const typo = await search('distrct=370403');
    expect(typo.status).to.equal(400);
    expect(JSON.stringify(typo.body)).to.contain('distrct');
  });

  it('refuses paging beyond the depth with a pointer to the cursor; the cursor reads the rest without overlap', async () => {
    const deep = await search('page=51&size=20');
    expect(deep.status).to.equal(400);
    expect(deep.body.error.message).to.contain('cursor');
    const seen: string[] = [];
    let cursor: string | undefined;
    let first = true;
    while (first || cursor) {
      const r = await search(`sort=newest&size=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).to.equal(200);
      seen.push(...ids(r.body));
      cursor = r.body.nextCursor;
      first = false;
    }
    expect(seen.length).to.equal(35);
    expect(new Set(seen).size).to.equal(35);
    const wrongSort = await search(
      `sort=wage&cursor=${(await search('sort=newest&size=2')).body.nextCursor}`,
    );
    expect(wrongSort.status).to.equal(400);
  });

  it('answers with public fields only', async () => {
    const r = await search('size=100');
    // Every live posting is checked: the 7 named ones less the expired and the closed, and the 30 fillers.
    expect(r.body.hits).to.have.length(35);
    for (const h of r.body.hits) {
      expect(h).to.include.keys('id', 'title');
      expect(h).to.not.have.any.keys(
        'fingerprint',
        'suggest',
        'titleSeg',
        'descriptionSeg',
        'occupationPath',
        'status',
      );
    }
  });

  it('suggests titles from pinyin (pugong → 普工) and Chinese prefixes', async () => {
    const r = await t.call('GET', '/v1/vacancies/suggest?q=pugong');
    expect(r.status).to.equal(200);
    expect(r.body.suggestions.map((s: any) => s.text)).to.include('普工');
    const zh = await t.call('GET', `/v1/vacancies/suggest?q=${encodeURIComponent('叉车')}`);
    expect(zh.body.suggestions[0].text).to.equal('叉车司机');
    const stale = await t.call('GET', '/v1/vacancies/suggest?q=kouzhao');
    // Occupation words still complete; the expired posting's title never does.
    expect(stale.body.suggestions.map((s: any) => s.text)).to.not.include('口罩生产普工');
    expect(stale.body.suggestions).to.have.length.greaterThan(0);
    expect(stale.body.suggestions.every((s: any) => s.kind === 'occupation')).to.equal(true);
  });

  it('a prefix with control characters is suggested for without them (found by the fuzzer: 500)', async () => {
    for (const q of ['pu\u001fgong', 'pu\u0000gong', '\u001e普工\u001f']) {
      const r = await t.call('GET', `/v1/vacancies/suggest?q=${encodeURIComponent(q)}`);
      expect(r.status, `${JSON.stringify(q)}: ${JSON.stringify(r.body)}`).to.equal(200);
      expect(r.body.suggestions.map((s: any) => s.text)).to.include('普工');
    }
  });
});
