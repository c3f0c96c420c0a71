import { expect } from 'chai';
import {
  createIngestClient,
  createMatcherClient,
  FugongApiError,
  type IngestSchemas,
  unwrap,
} from '@fugong/client';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { buildApp as buildMatcher } from '@fugong/matcher/app';
import { type Companion, startCompanion, startTestService, type TestService } from './helpers.ts';

/**
 * @fugong/client against real services: ingest and the matcher on the real engine, the calls typed by the
 * committed documents. A contract change breaks the typecheck of these calls or, where the code drifted
 * from its document, these assertions.
 */
describe('@fugong/client against the ingest and matcher services', function () {
  this.timeout(60_000);
  let svc: TestService;
  let matcherSvc: Companion;

  before(async () => {
    const before = process.env['INGEST_EXPIRY_INTERVAL_MS'];
    process.env['INGEST_EXPIRY_INTERVAL_MS'] = '0'; // no sweeper in this suite
    svc = await startTestService(buildIngest).finally(() => {
      if (before === undefined) delete process.env['INGEST_EXPIRY_INTERVAL_MS'];
      else process.env['INGEST_EXPIRY_INTERVAL_MS'] = before;
    });
    matcherSvc = await startCompanion(svc, (rt) => buildMatcher(rt));
  });

  after(async () => {
    await matcherSvc?.close();
    await svc?.close();
  });

  const firm: IngestSchemas['FirmInput'] = {
    name: '枣庄市示范防护用品有限公司',
    creditCode: '91350100M000100Y43',
    industry: '制造业',
    place: { district: '薛城区' },
    contact: { name: '王经理', phone: '13800000000' },
  };

  it('PUTs and GETs a firm: the bureau writes it, the firm reads its own contact, another firm does not', async () => {
    const bureau = createIngestClient(svc.url, svc.keys.bureau);
    const put = await bureau.PUT('/v1/firms/{id}', { params: { path: { id: svc.firmA } }, body: firm });
    expect(put.response.status).to.equal(200);
    expect(put.data).to.deep.equal({ id: svc.firmA, result: 'created' });
    const again = unwrap(
      await bureau.PUT('/v1/firms/{id}', { params: { path: { id: svc.firmA } }, body: firm }),
    );
    // The same body again replaces, never creates (the firm route answers `updated`: it keeps no
    // idempotence check, though its contract allows `unchanged`).
    expect(again.result).to.be.oneOf(['updated', 'unchanged']);

    const own = unwrap(
      await createIngestClient(svc.url, svc.keys.employerA).GET('/v1/firms/{id}', {
        params: { path: { id: svc.firmA } },
      }),
    );
    expect(own).to.include({ id: svc.firmA, name: firm.name, creditCode: firm.creditCode });
    expect(own.place.code).to.equal('370403'); // 薛城区 resolved to its GB/T 2260 code
    expect(own.contact?.phone).to.equal('13800000000');
    const other = unwrap(
      await createIngestClient(svc.url, svc.keys.employerB).GET('/v1/firms/{id}', {
        params: { path: { id: svc.firmA } },
      }),
    );
    expect(other.name).to.equal(firm.name);
    expect(other).to.not.have.property('contact');
  });

  it('PUTs a vacancy as its employer, GETs it anonymously, and finds it through the matcher', async () => {
    const employer = createIngestClient(svc.url, svc.keys.employerA);
    const written = unwrap(
      await employer.PUT('/v1/vacancies/{ref}', {
        params: { path: { ref: 'CLIENT-1' } },
        body: {
          title: '防护服生产普工',
          description: '负责防护服缝制与包装，包吃住，长白班',
          totalJobOpenings: 12,
          wage: { min: 4500, max: 6000, unit: 'month' },
          workPlace: { district: '薛城区' },
          benefits: { board: true, lodging: true },
        },
      }),
    );
    expect(written).to.include({ id: `${svc.firmA}:CLIENT-1`, externalRef: 'CLIENT-1', result: 'created' });

    const read = unwrap(
      await createIngestClient(svc.url).GET('/v1/vacancies/{ref}', { params: { path: { ref: written.id } } }),
    );
    expect(read).to.include({
      id: written.id,
      firmId: svc.firmA,
      title: '防护服生产普工',
      totalJobOpenings: 12,
    });
    expect(read.wage).to.include({ min: 4500, max: 6000, unit: 'month' });

    // Anonymous search in traditional characters, with a typed filter: the write waited for the refresh.
    const matcher = createMatcherClient(matcherSvc.url);
    const page = unwrap(
      await matcher.GET('/v1/vacancies/search', {
        params: { query: { q: '防護服', district: '薛城', boardAndLodging: 'true', size: 5 } },
      }),
    );
    expect(page.hits.map((h) => h.id)).to.deep.equal([written.id]);
    expect(page.hits[0]).to.include({ firmId: svc.firmA, title: '防护服生产普工' });
    expect(page.resolved.district?.code).to.equal('370403');
  });

  it('an invalid call comes back as the typed error, and unwrap throws it', async () => {
    const matcher = createMatcherClient(matcherSvc.url);
    const result = await matcher.GET('/v1/vacancies/search', { params: { query: { district: '火星' } } });
    expect(result.response.status).to.equal(400);
    expect(result.data).to.equal(undefined);
    expect(result.error?.error.code).to.be.a('string');
    expect(JSON.stringify(result.error?.error.details)).to.contain('district');
    expect(() => unwrap(result))
      .to.throw(FugongApiError)
      .with.property('status', 400);

    // A key the service does not know: 401, even on a public route.
    const stranger = createMatcherClient(matcherSvc.url, 'fg_unknown_secret');
    const refused = await stranger.GET('/v1/vacancies/search', { params: { query: { q: '普工' } } });
    expect(refused.response.status).to.equal(401);
    expect(refused.error?.error.code).to.be.a('string');
  });
});
