import { expect } from 'chai';
import { indexText } from '@fugong/text';
import type { TestService } from './helpers.ts';
import { startIngest, vacancyBody } from './ingest-fixtures.ts';

describe('ingest: single vacancies', () => {
  let svc: TestService;
  before(async () => {
    svc = await startIngest();
  });
  after(async () => {
    await svc.close();
  });

  const count = async (query: object) => {
    await svc.rt.es.indices.refresh({ index: svc.rt.names.vacancies });
    return (await svc.rt.es.count({ index: svc.rt.names.vacancies, query })).count;
  };

  it('the same body twice is created, then unchanged: one document', async () => {
    const body = vacancyBody();
    const first = await svc.call('PUT', '/v1/vacancies/ref-1', { key: svc.keys.employerA, body });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body).to.deep.include({ id: 'firm-a:ref-1', externalRef: 'ref-1', result: 'created' });
    const second = await svc.call('PUT', '/v1/vacancies/ref-1', { key: svc.keys.employerA, body });
    expect(second.body.result).to.equal('unchanged');
    expect(await count({ term: { externalRef: 'ref-1' } })).to.equal(1);
    const changed = await svc.call('PUT', '/v1/vacancies/ref-1', {
      key: svc.keys.employerA,
      body: { ...body, totalJobOpenings: 8 },
    });
    expect(changed.body.result).to.equal('updated');
    const read = await svc.call('GET', '/v1/vacancies/firm-a:ref-1');
    expect(read.status).to.equal(200);
    expect(read.body).to.include({
      totalJobOpenings: 8,
      openPositions: 8,
      status: 'open',
      firmId: svc.firmA,
    });
    expect(read.body).to.not.have.any.keys('titleSeg', 'fingerprint', 'changeSeq', 'suggest');
  });

  it('traditional input is found by a simplified query on the segmented title', async () => {
    const put = await svc.call('PUT', '/v1/vacancies/trad-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ title: '防護服縫紉工', wage: { min: 5200 } }),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const res = await svc.rt.es.search({
      index: svc.rt.names.vacancies,
      query: { match: { titleSeg: { query: indexText('防护服'), operator: 'and' } } },
    });
    expect(res.hits.hits.map((h) => h._id)).to.deep.equal(['firm-a:trad-1']);
    const read = await svc.call('GET', '/v1/vacancies/firm-a:trad-1');
    expect(read.body.title, 'the original is kept for display').to.equal('防護服縫紉工');
  });

  it('the same posting under another reference is a 409 duplicate and is not stored', async () => {
    const body = vacancyBody({ title: '电焊工', wage: { min: 7000, max: 9000 } });
    expect((await svc.call('PUT', '/v1/vacancies/dup-1', { key: svc.keys.employerA, body })).status).to.equal(
      200,
    );
    const again = await svc.call('PUT', '/v1/vacancies/dup-2', {
      key: svc.keys.employerA,
      body: { ...body, title: '電焊工 ' },
    });
    expect(again.status).to.equal(409);
    expect(again.body.error.details).to.deep.include({ duplicateOf: 'firm-a:dup-1' });
    expect(await count({ term: { id: 'firm-a:dup-2' } })).to.equal(0);
  });

  it('unknown fields, bad values and unknown occupation codes are 400 naming the field', async () => {
    const unknown = await svc.call('PUT', '/v1/vacancies/bad-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ salary: 5000 }),
    });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details.issues[0]).to.deep.include({ message: 'unknown field(s): salary' });
    const nested = await svc.call('PUT', '/v1/vacancies/bad-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ wage: { min: 5000, max: 4000 } }),
    });
    expect(nested.status).to.equal(400);
    expect(nested.body.error.details.issues[0].path).to.equal('wage.max');
    const occ = await svc.call('PUT', '/v1/vacancies/bad-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ occupationCodes: ['9-99-99-99'] }),
    });
    expect(occ.status).to.equal(400);
    expect(occ.body.error.details.issues[0].path).to.equal('occupationCodes.0');
    const fair = await svc.call('PUT', '/v1/vacancies/bad-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ fairIds: ['no-such-fair'] }),
    });
    expect(fair.status).to.equal(400);
    expect(fair.body.error.details.issues[0].path).to.equal('fairIds.0');
    const bureauNoFirm = await svc.call('PUT', '/v1/vacancies/bad-1', {
      key: svc.keys.bureau,
      body: vacancyBody(),
    });
    expect(bureauNoFirm.status).to.equal(400);
    expect(bureauNoFirm.body.error.details.issues[0].path).to.equal('firmId');
    expect(await count({ term: { externalRef: 'bad-1' } })).to.equal(0);
  });

  it("an employer key cannot write, close or delete another firm's vacancy; nothing changes", async () => {
    const body = vacancyBody({ title: '叉车司机' });
    expect((await svc.call('PUT', '/v1/vacancies/own-1', { key: svc.keys.employerA, body })).status).to.equal(
      200,
    );
    const before = (await svc.call('GET', '/v1/vacancies/firm-a:own-1', { key: svc.keys.bureau })).body;

    const write = await svc.call('PUT', '/v1/vacancies/own-1', {
      key: svc.keys.employerB,
      body: { ...body, firmId: svc.firmA, totalJobOpenings: 1 },
    });
    expect(write.status).to.equal(403);
    const close = await svc.call('POST', '/v1/vacancies/own-1/close', { key: svc.keys.employerB, body: {} });
    expect(close.status, 'firm B has no own-1').to.equal(404);
    const closeNamed = await svc.call('POST', '/v1/vacancies/own-1/close', {
      key: svc.keys.employerB,
      body: { firmId: svc.firmA },
    });
    expect(closeNamed.status).to.equal(403);
    expect((await svc.call('DELETE', '/v1/vacancies/own-1', { key: svc.keys.employerB })).status).to.equal(
      404,
    );
    expect(
      (await svc.call('DELETE', `/v1/vacancies/own-1?firmId=${svc.firmA}`, { key: svc.keys.employerB }))
        .status,
    ).to.equal(403);

    const after = (await svc.call('GET', '/v1/vacancies/firm-a:own-1', { key: svc.keys.bureau })).body;
    expect(after).to.deep.equal(before);
    expect(await count({ term: { firmId: svc.firmB } }), 'nothing was written for firm B either').to.equal(0);
  });

  it('close, then delete (a tombstone): hidden from the public, visible to the owner until deleted', async () => {
    const put = await svc.call('PUT', '/v1/vacancies/life-1', {
      key: svc.keys.bureau,
      body: vacancyBody({ firmId: svc.firmB, title: '保洁' }),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const closed = await svc.call('POST', '/v1/vacancies/life-1/close', {
      key: svc.keys.employerB,
      body: { status: 'filled' },
    });
    expect(closed.body).to.deep.include({ id: 'firm-b:life-1', result: 'updated', status: 'filled' });
    expect((await svc.call('GET', '/v1/vacancies/firm-b:life-1')).status, 'anonymous').to.equal(404);
    expect(
      (await svc.call('GET', '/v1/vacancies/firm-b:life-1', { key: svc.keys.employerA })).status,
    ).to.equal(404);
    const own = await svc.call('GET', '/v1/vacancies/firm-b:life-1', { key: svc.keys.employerB });
    expect(own.body).to.include({ status: 'filled', openPositions: 0 });

    const del = await svc.call('DELETE', '/v1/vacancies/life-1', { key: svc.keys.employerB });
    expect(del.body).to.deep.include({ result: 'deleted' });
    expect(
      (await svc.call('DELETE', '/v1/vacancies/life-1', { key: svc.keys.employerB })).body.result,
    ).to.equal('unchanged');
    expect((await svc.call('GET', '/v1/vacancies/firm-b:life-1', { key: svc.keys.bureau })).status).to.equal(
      404,
    );
    const stored = await svc.rt.es.get({ index: svc.rt.names.vacancies, id: 'firm-b:life-1' });
    expect(stored._source).to.have.all.keys(
      'id',
      'externalRef',
      'firmId',
      'status',
      'changeSeq',
      'updatedAt',
    );
  });

  it('Accept: application/ld+json answers a JobPosting with the fields Google requires', async () => {
    const put = await svc.call('PUT', '/v1/vacancies/ld-1', {
      key: svc.keys.employerA,
      body: vacancyBody({
        title: '缝纫工 <急招>',
        wage: { min: 180, unit: 'day' },
        validThrough: '2099-06-30',
      }),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    const res = await svc.call('GET', '/v1/vacancies/firm-a:ld-1', {
      headers: { accept: 'application/ld+json' },
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^application\/ld\+json/);
    const jp = res.body;
    expect(jp).to.include({
      '@context': 'https://schema.org/',
      '@type': 'JobPosting',
      title: '缝纫工 <急招>',
    });
    expect(jp.description).to.equal('<p>流水线操作，包吃包住。<br>长期稳定。</p>');
    expect(Date.parse(jp.datePosted)).to.be.a('number').and.not.NaN;
    expect(jp.validThrough).to.equal('2099-06-30T23:59:59+08:00');
    expect(jp.employmentType).to.equal('FULL_TIME');
    expect(jp.identifier).to.deep.equal({
      '@type': 'PropertyValue',
      name: '枣庄市示范防护用品有限公司',
      value: 'firm-a:ld-1',
    });
    expect(jp.hiringOrganization).to.include({ '@type': 'Organization', name: '枣庄市示范防护用品有限公司' });
    expect(jp.jobLocation['@type']).to.equal('Place');
    expect(jp.jobLocation.address).to.include({
      '@type': 'PostalAddress',
      addressCountry: 'CN',
      addressRegion: '山东省',
    });
    expect(jp.jobLocation.address.addressLocality).to.contain('薛城区');
    expect(jp.baseSalary).to.deep.equal({
      '@type': 'MonetaryAmount',
      currency: 'CNY',
      value: { '@type': 'QuantitativeValue', value: 180, unitText: 'DAY' },
    });
    const json = await svc.call('GET', '/v1/vacancies/firm-a:ld-1');
    expect(json.headers.get('content-type')).to.match(/^application\/json/);
  });
  it('concurrent PUTs of one reference: each is stored or a 409 "written concurrently", never a 400 or 5xx', async () => {
    // Different openings each, so that no PUT is "unchanged": every one must write, and all but one lose a race.
    const puts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        svc.call('PUT', '/v1/vacancies/race-1', {
          key: svc.keys.employerA,
          body: vacancyBody({ title: '装配工', totalJobOpenings: i + 1 }),
        }),
      ),
    );
    const statuses = puts.map((r) => r.status);
    expect(
      statuses.filter((s) => s === 200),
      JSON.stringify(statuses),
    ).to.not.be.empty;
    for (const r of puts) {
      expect([200, 409], JSON.stringify(r.body)).to.include(r.status);
      if (r.status === 409)
        expect(r.body.error.message).to.equal('the vacancy was written concurrently; retry');
    }
    expect(await count({ term: { externalRef: 'race-1' } })).to.equal(1);
  });
});
