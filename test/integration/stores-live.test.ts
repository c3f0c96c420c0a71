import { expect } from 'chai';
import { buildApp as buildMatcher } from '@fugong/matcher/app';
import { expireVacancies } from '../../services/ingest/src/expiry/sweep.ts';
import { startTestService, type TestService } from './helpers.ts';
import { isoDay, startIngest, vacancyBody } from './ingest-fixtures.ts';

/*
 * One live-vacancy rule (packages/stores): a document written before `expiresAt` existed, whose validThrough
 * day is over, must be hidden everywhere at once — search, the fair page's counts, a public read — and be what
 * the expiry sweep marks expired. Before the rule moved into one place the fair page and the public read counted
 * it (they looked at `expiresAt` only) while search hid it.
 */
describe('stores: the live-vacancy rule agrees across search, fair pages, reads and the sweep', function () {
  this.timeout(60_000);
  let ingest: TestService;
  let matcher: TestService;

  before(async () => {
    ingest = await startIngest();
    const prefix = ingest.rt.env.INDEX_PREFIX;
    matcher = await startTestService(buildMatcher, { INDEX_PREFIX: prefix, QUEUE_PREFIX: prefix });
  });
  after(async () => {
    await matcher?.close();
    await ingest?.close();
  });

  it('a validThrough in the past with no expiresAt is neither searchable nor counted on its fair page', async () => {
    const fair = { name: '枣庄市春风行动招聘会', startDate: isoDay(-1), endDate: isoDay(10), firmIds: [] };
    expect(
      (await ingest.call('PUT', '/v1/fairs/live-1', { key: ingest.keys.bureau, body: fair })).status,
    ).to.equal(200);
    for (const ref of ['legacy', 'current']) {
      const res = await ingest.call('PUT', `/v1/vacancies/${ref}`, {
        key: ingest.keys.employerA,
        body: vacancyBody({
          title: ref === 'legacy' ? '包装工' : '包装工组长',
          fairIds: ['live-1'],
          totalJobOpenings: 4,
        }),
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
    // Rewrite one as a document from before `expiresAt` existed, whose validThrough day ended yesterday.
    const id = `${ingest.firmA}:legacy`;
    const { _source } = await ingest.rt.es.get<Record<string, unknown>>({
      index: ingest.rt.names.vacancies,
      id,
    });
    const { expiresAt: _gone, ...legacy } = _source!;
    await ingest.rt.es.index({
      index: ingest.rt.names.vacancies,
      id,
      document: { ...legacy, validThrough: isoDay(-1) },
      refresh: true,
    });

    const searched = await matcher.call('GET', `/v1/vacancies/search?q=${encodeURIComponent('包装工')}`);
    expect(searched.status, JSON.stringify(searched.body)).to.equal(200);
    expect(searched.body.hits.map((h: { id: string }) => h.id)).to.deep.equal([`${ingest.firmA}:current`]);
    expect(searched.body.total).to.equal(1);

    const page = await ingest.call('GET', '/v1/fairs/live-1');
    expect(page.status).to.equal(200);
    expect(page.body).to.include({ vacancies: 1, positions: 4 });
    const list = await ingest.call('GET', '/v1/fairs');
    expect(list.body.fairs.find((f: { id: string }) => f.id === 'live-1')).to.include({ vacancies: 1 });

    // Public readers see live vacancies only; the owning firm still reads its own.
    expect((await ingest.call('GET', `/v1/vacancies/${id}`)).status).to.equal(404);
    expect((await ingest.call('GET', `/v1/vacancies/${id}`, { key: ingest.keys.employerA })).status).to.equal(
      200,
    );

    // The sweep expires exactly what search hides.
    const swept = await expireVacancies(ingest.rt);
    expect(swept.expired).to.equal(1);
    const after = await ingest.call('GET', `/v1/vacancies/${id}`, { key: ingest.keys.bureau });
    expect(after.body.status).to.equal('expired');
    const current = await ingest.call('GET', `/v1/vacancies/${ingest.firmA}:current`);
    expect(current.body.status).to.equal('open');
  });
});
