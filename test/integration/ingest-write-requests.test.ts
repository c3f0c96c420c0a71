import { buildApp } from '@fugong/ingest/app';
import { createVacancyWriter } from '@fugong/ingest/vacancy-writer';
import { VacancyInput } from '@fugong/schemas';
import { expect } from 'chai';
import { registerFirms, startTestService, type TestService } from './helpers.ts';

/**
 * The vacancy write path's engine round trips per batch, counted at the client (the real engine answers): the
 * stores own the calls now, and moving them there must not have added any. Per batch of new vacancies: one
 * real-time `_mget` of the stored documents, one fingerprint `_search` (sent together), one `_bulk`; the firm
 * cache asks once per writer (one upload). A batch that changes nothing is reads only.
 */
describe('ingest write path: engine requests per batch', function () {
  this.timeout(60_000);
  let svc: TestService;
  before(async () => {
    svc = await startTestService(buildApp);
    await registerFirms(svc, [svc.firmA]);
    await svc.rt.es.indices.refresh({ index: svc.rt.names.firms });
  });
  after(() => svc?.close());

  /** Writes `count` vacancies in batches of 100 and counts the engine requests by kind. */
  async function writeAndCount(
    count: number,
    tag: string,
  ): Promise<{ counts: Record<string, number>; results: string[] }> {
    const counts: Record<string, number> = {};
    const listener = (
      _err: unknown,
      event: { meta: { request: { params: { method: string; path: string } } } } | null,
    ) => {
      const p = event?.meta.request.params;
      if (!p) return;
      const kind = `${p.method} ${p.path.replace(`/${svc.rt.names.vacancies}/`, '/vacancies/').replace(`/${svc.rt.names.firms}/`, '/firms/')}`;
      counts[kind] = (counts[kind] ?? 0) + 1;
    };
    const results: string[] = [];
    svc.rt.es.diagnostic.on('request', listener);
    try {
      const writer = createVacancyWriter(svc.rt, {
        batchSize: 100,
        concurrency: 1,
        fieldName: (p) => p,
        emit: (r) => {
          results.push(r.result);
        },
      });
      for (let i = 0; i < count; i++) {
        await writer.add({
          write: {
            index: i,
            firmId: svc.firmA,
            externalRef: `req-${i}`,
            input: VacancyInput.parse({
              title: `${tag}普工${i}号`,
              description: '长白班，包吃住',
              totalJobOpenings: 2,
              workPlace: { district: '薛城区' },
            }),
          },
        });
      }
      await writer.finish();
      expect(writer.failure).to.equal(undefined);
    } finally {
      svc.rt.es.diagnostic.off('request', listener);
    }
    return { counts, results };
  }

  it('new vacancies: per batch one _mget, one _search, one _bulk; the firms once', async () => {
    const { counts, results } = await writeAndCount(250, '首批');
    expect(
      results.filter((r) => r === 'created'),
      results.slice(0, 3).join(),
    ).to.have.length(250);
    expect(counts).to.deep.equal({
      'POST /firms/_mget': 1,
      'POST /vacancies/_mget': 3,
      'POST /vacancies/_search': 3,
      'POST /_bulk': 3,
    });
  });

  it('the same vacancies again (a new writer, so a new firm cache): unchanged, reads only, no _bulk', async () => {
    const { counts, results } = await writeAndCount(250, '首批');
    expect(results.filter((r) => r === 'unchanged')).to.have.length(250);
    expect(counts).to.deep.equal({
      'POST /firms/_mget': 1,
      'POST /vacancies/_mget': 3,
      'POST /vacancies/_search': 3,
    });
  });
});
