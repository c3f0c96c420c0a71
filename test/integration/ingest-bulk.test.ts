import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { buildApp } from '@fugong/ingest/app';
import { type TestService, startTestService } from './helpers.ts';
import { expectReportTruthful, fixture, registerFirms, stored, upload } from './ingest-bulk-helpers.ts';

/**
 * The shared JSON-LD examples (schema.org's and Google's) are valid Schema.org JobPostings, but English US
 * postings: none names an occupation of China's classification, and schema.org's have no identifier. Each
 * must be rejected, with these reasons in this order; a mapping change that stores one, or drops a reason,
 * fails here.
 */
const SHARED_JSONLD: Record<string, { title: string; missing: string[] }> = {
  'google-jobposting-2017-variant-via-JayHoltslander.json': {
    title: 'Data Entry Clerk',
    missing: ['occupationalCategory'],
  },
  'google-jobposting-software-engineer-2024.json': {
    title: 'Software Engineer',
    missing: ['occupationalCategory'],
  },
  ...Object.fromEntries(
    (
      [
        ['0028', 'Software Engineer'],
        ['0213', 'Junior software developer'],
        ['0251', 'Mobile App Developer'],
        ['0268', 'Telecommute from anywhere in USA!'],
        ['0280', 'Systems Research Engineer'],
        ['0281', 'Junior software developer'],
        ['0283', 'electrician'],
        ['0284', 'Stone mason'],
        ['0285', 'Systems Research Engineer'],
        ['0286', 'Systems Research Engineer'],
        ['0287', 'Systems Research Engineer'],
        ['0465', 'Software Engineer'],
      ] as const
    ).map(([n, title]) => [
      `schemaorg-eg-${n}.json`,
      { title, missing: ['identifier', 'occupationalCategory'] },
    ]),
  ),
};

describe('ingest bulk upload (real engine)', function () {
  this.timeout(120_000);
  let svc: TestService;
  before(async () => {
    svc = await startTestService(buildApp);
    await registerFirms(svc);
  });
  after(async () => {
    await svc?.close();
  });

  it('NDJSON: stores the good lines, reports the bad ones by line and field, and a re-send is unchanged', async () => {
    const res = await upload(svc, fixture('vacancies.ndjson'), 'application/x-ndjson');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.summary).to.deep.equal({
      received: 5,
      created: 3,
      updated: 0,
      unchanged: 0,
      duplicate: 0,
      rejected: 2,
    });
    const bad = res.body.items.filter((i: any) => i.result === 'rejected');
    expect(bad.map((i: any) => [i.line, i.field])).to.deep.equal([
      [3, 'totalJobOpenings'],
      [6, '(root)'],
    ]);
    expect(bad[1].reason).to.match(/unknown field\(s\): colour/);
    await expectReportTruthful(svc.rt, res.body.items);
    const again = await upload(svc, fixture('vacancies.ndjson'), 'application/x-ndjson', {
      query: '?report=errors',
    });
    expect(again.body.summary).to.include({ unchanged: 3, created: 0, rejected: 2 });
    expect(again.body.items.map((i: any) => i.line)).to.deep.equal([3, 6]);
  });

  it('JSON array: the bureau names the firm with ?firmId=, one bad element does not sink the others', async () => {
    const res = await upload(svc, fixture('vacancies.json'), 'application/json', {
      key: svc.keys.bureau,
      query: `?firmId=${svc.firmB}&refresh=true`,
    });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.items.map((i: any) => [i.index, i.line, i.result, i.field])).to.deep.equal([
      [0, 2, 'created', undefined],
      [1, 10, 'created', undefined],
      [2, 18, 'rejected', 'title'],
    ]);
    const docs = await stored(svc.rt, [`${svc.firmB}:js-2`]);
    expect(docs.get(`${svc.firmB}:js-2`)?.['workPlace']).to.include({
      address: '[分拣中心] {北区}',
      code: '370402',
    });
    await expectReportTruthful(svc.rt, res.body.items);
  });

  for (const [file, encoding, prefix] of [
    ['vacancies-utf8.csv', 'utf-8', 'csv'],
    ['vacancies-utf8-bom.csv', 'utf-8', 'bom'],
    ['vacancies-gb18030.csv', 'gb18030', 'gb'],
  ] as const) {
    it(`CSV ${file}: encoding detected (${encoding}), quoted commas and line breaks kept`, async () => {
      // The three files hold the same postings under other references: remove the previous file's, or
      // they are (rightly) duplicates once the engine has refreshed.
      await svc.rt.es.indices.refresh({ index: svc.rt.names.vacancies });
      await svc.rt.es.deleteByQuery({
        index: svc.rt.names.vacancies,
        query: { regexp: { externalRef: '(csv|bom|gb)-[0-9]+' } },
        refresh: true,
        conflicts: 'proceed',
      });
      const res = await upload(svc, fixture(file), 'text/csv');
      expect(res.status, res.text).to.equal(200);
      expect(res.body.encoding).to.equal(encoding);
      expect(res.body.summary, JSON.stringify(res.body.items)).to.include({ received: 3, created: 3 });
      expect(res.body.items.map((i: any) => i.line)).to.deep.equal([2, 3, 5]);
      const docs = await stored(svc.rt, [`${svc.firmA}:${prefix}-1`, `${svc.firmA}:${prefix}-2`]);
      const one = docs.get(`${svc.firmA}:${prefix}-1`)!;
      expect(one).to.deep.include({ title: '普工', description: '负责口罩生产线操作, 包装和质检' });
      expect(one['benefits']).to.deep.include({ board: true, lodging: true, socialInsurance: true });
      const two = docs.get(`${svc.firmA}:${prefix}-2`)!;
      expect(two['description'].replace('\r\n', '\n')).to.equal('二氧化碳保护焊\n要求持证上岗');
      expect(two['workPlace']['address']).to.equal('工业园区 "A区" 3号');
      expect(two['skills']).to.deep.equal(['电焊', '氩弧焊']);
      await expectReportTruthful(svc.rt, res.body.items);
    });
  }

  it('CSV: a bad row is reported with its line and column, the others are stored', async () => {
    const csv =
      'externalRef,title,totalJobOpenings,wageMin,wageMax,district\nbad-1,普工,3,4000,5000,薛城区\nbad-2,电工,很多,4000,5000,薛城区\nbad-3,保安,2,5000,4000,市中区\n';
    const res = await upload(svc, csv, 'text/csv; charset=utf-8');
    expect(res.body.items.map((i: any) => [i.line, i.result, i.field])).to.deep.equal([
      [2, 'created', undefined],
      [3, 'rejected', 'totalJobOpenings'],
      [4, 'rejected', 'wageMax'],
    ]);
    await expectReportTruthful(svc.rt, res.body.items);
  });

  it('CSV: an unknown column is a 400 before anything is written', async () => {
    const res = await upload(svc, 'externalRef,title,totalJobOpenings,colour\nx-1,普工,1,red\n', 'text/csv');
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.match(/unknown column "colour"/);
    expect((await stored(svc.rt, [`${svc.firmA}:x-1`])).size).to.equal(0);
  });

  it('JSON-LD: every shared example is rejected with the fields it lacks and why, and nothing is stored', async () => {
    const files = readdirSync(new URL('../fixtures/ingest/jsonld/', import.meta.url)).filter((f) =>
      f.endsWith('.json'),
    );
    expect(files.sort()).to.deep.equal(Object.keys(SHARED_JSONLD).sort());
    const count = async () => {
      await svc.rt.es.indices.refresh({ index: svc.rt.names.vacancies });
      return (await svc.rt.es.count({ index: svc.rt.names.vacancies })).count;
    };
    const before = await count();
    for (const [file, { title, missing }] of Object.entries(SHARED_JSONLD)) {
      const res = await upload(svc, fixture(`jsonld/${file}`), 'application/ld+json');
      expect(res.status, `${file}: ${res.text}`).to.equal(200);
      expect(res.body.summary, file).to.include({ received: 1, rejected: 1, created: 0 });
      expect(res.body.items, file).to.have.length(1);
      const [item] = res.body.items;
      expect(item.result, file).to.equal('rejected');
      expect(item.field, file).to.equal(missing[0]);
      expect(
        item.issues.map((i: any) => i.path),
        file,
      ).to.deep.equal(missing);
      for (const issue of item.issues) expect(issue.message, file).to.match(/^required: /);
      // The occupation reason quotes the title it could not read, so the employer knows what to change.
      expect(item.issues.at(-1).message, file).to.include(`"${title}"`);
    }
    expect(await count(), 'nothing stored').to.equal(before);
  });

  it('JSON-LD: the Google example with a GB/T 6565 occupation is created with its mapped fields', async () => {
    const posting = JSON.parse(
      fixture('jsonld/google-jobposting-software-engineer-2024.json').toString('utf8'),
    );
    posting.occupationalCategory = '2-02-10-03';
    const res = await upload(svc, JSON.stringify(posting), 'application/ld+json');
    expect(res.status, res.text).to.equal(200);
    expect(res.body.items.map((i: any) => [i.externalRef, i.result, i.id])).to.deep.equal([
      ['1234567', 'created', `${svc.firmA}:1234567`],
    ]);
    const doc = (await stored(svc.rt, [`${svc.firmA}:1234567`])).get(`${svc.firmA}:1234567`)!;
    expect(doc, 'stored').to.be.an('object');
    expect(doc).to.deep.include({
      externalRef: '1234567',
      firmId: svc.firmA,
      title: 'Software Engineer',
      employmentType: 'contract',
      totalJobOpenings: 1,
    });
    expect(doc['wage']).to.include({ min: 40, unit: 'hour', currency: 'USD' });
    expect(doc['occupations']).to.deep.equal([{ code: '2-02-10-03', name: '计算机软件工程技术人员' }]);
    expect(doc['workPlace']).to.include({
      address: '1600 Amphitheatre Pkwy, Mountain View, CA, 94043, US',
    });
    expect(doc['validThrough']).to.equal('2024-03-18T00:00:00+08:00');
    expect(doc['description'])
      .to.match(/^Google aspires to be an organization/)
      .and.not.include('<p>');
    await expectReportTruthful(svc.rt, res.body.items);
  });

  it('JSON-LD @graph: Chinese postings stored (traditional text kept for display), other nodes refused', async () => {
    const res = await upload(svc, fixture('jsonld/zaozhuang-jobposting.jsonld'), 'application/ld+json');
    expect(res.body.items.map((i: any) => [i.externalRef, i.result])).to.deep.equal([
      ['ZZ-2020-0001', 'created'],
      ['ZZ-2020-0002', 'created'],
      [undefined, 'rejected'],
    ]);
    const doc = (await stored(svc.rt, [`${svc.firmA}:ZZ-2020-0001`])).get(`${svc.firmA}:ZZ-2020-0001`)!;
    expect(doc['title']).to.equal('防護服縫紉工');
    expect(doc['wage']).to.include({ min: 4500, max: 7000, unit: 'month' });
    await expectReportTruthful(svc.rt, res.body.items);
  });

  it("an employer cannot write another firm's vacancies: items rejected, ?firmId= of another firm is 403", async () => {
    const line = (ref: string, firmId?: string) =>
      JSON.stringify({
        externalRef: ref,
        ...(firmId ? { firmId } : {}),
        title: '保洁员',
        totalJobOpenings: 1,
        workPlace: { district: '峄城区' },
      });
    const res = await upload(
      svc,
      `${line('own-1')}\n${line('theirs-1', svc.firmB)}\n`,
      'application/x-ndjson',
    );
    expect(res.body.items.map((i: any) => [i.result, i.field])).to.deep.equal([
      ['created', undefined],
      ['rejected', 'firmId'],
    ]);
    expect((await stored(svc.rt, [`${svc.firmB}:theirs-1`])).size).to.equal(0);
    const forbidden = await upload(svc, line('theirs-2'), 'application/x-ndjson', {
      query: `?firmId=${svc.firmB}`,
    });
    expect(forbidden.status).to.equal(403);
    expect((await stored(svc.rt, [`${svc.firmB}:theirs-2`, `${svc.firmA}:theirs-2`])).size).to.equal(0);
  });

  it('the same posting under two references is one vacancy and a duplicate; the same reference twice is written in order', async () => {
    const v = (ref: string, n: number) =>
      JSON.stringify({
        externalRef: ref,
        title: '厨师',
        totalJobOpenings: n,
        wage: { min: 5200 },
        workPlace: { district: '台儿庄区' },
      });
    const res = await upload(
      svc,
      [v('dup-1', 1), v('dup-2', 1), v('dup-1', 2)].join('\n'),
      'application/x-ndjson',
    );
    expect(res.body.items.map((i: any) => i.result)).to.deep.equal(['created', 'duplicate', 'updated']);
    expect(res.body.items[1].duplicateOf).to.equal(`${svc.firmA}:dup-1`);
    const doc = (await stored(svc.rt, [`${svc.firmA}:dup-1`])).get(`${svc.firmA}:dup-1`)!;
    expect(doc['totalJobOpenings']).to.equal(2);
    await expectReportTruthful(svc.rt, res.body.items);
  });

  it('streams the report as NDJSON when asked, ending with the summary', async () => {
    // Stored first by this test (not left by the NDJSON test), so the streamed re-send is all unchanged.
    const first = await upload(svc, fixture('vacancies.ndjson'), 'application/x-ndjson');
    expect(first.status, first.text).to.equal(200);
    expect(first.body.summary.created + first.body.summary.unchanged).to.equal(3);
    const res = await upload(svc, fixture('vacancies.ndjson'), 'application/x-ndjson', {
      accept: 'application/x-ndjson',
      query: '?report=errors',
    });
    const lines = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.slice(0, -1).map((l) => l.line)).to.deep.equal([3, 6]);
    expect(lines.at(-1)).to.deep.include({ complete: true, format: 'ndjson' });
    expect(lines.at(-1).summary).to.include({ received: 5, unchanged: 3, rejected: 2 });
  });

  it('refuses a format it does not read (415) and an unknown encoding (400)', async () => {
    expect((await upload(svc, 'x', 'text/plain')).status).to.equal(415);
    expect((await upload(svc, 'x', 'text/csv', { query: '?encoding=latin1' })).status).to.equal(400);
  });
});
