/**
 * Issue #12: the portal's flow through @fugong/client, typed by the committed documents — the bureau creates an
 * employer account's key, the portal calls with that key (bound to the firm by the services), the bureau
 * revokes it. A contract change breaks the typecheck of these calls.
 */
import {
  createIngestClient,
  createMatcherClient,
  FugongApiError,
  type IngestSchemas,
  unwrap,
} from '@fugong/client';
import { buildApp as buildMatcher } from '@fugong/matcher/app';
import { expect } from 'chai';
import { type Companion, startCompanion, type TestService } from './helpers.ts';
import { startIngest, vacancyBody } from './ingest-fixtures.ts';

describe('portal API through @fugong/client: an employer account’s key from creation to revocation', function () {
  this.timeout(60_000);
  let svc: TestService;
  let matcherSvc: Companion;

  before(async () => {
    svc = await startIngest();
    matcherSvc = await startCompanion(svc, (rt) => buildMatcher(rt));
  });
  after(async () => {
    await matcherSvc?.close();
    await svc?.close();
  });

  it('createApiKey → listVacancies / listIntentions with the new key → listApiKeys → revokeApiKey', async () => {
    const bureau = createIngestClient(svc.url, svc.keys.bureau);
    const created = unwrap(
      await bureau.POST('/v1/keys', { body: { role: 'employer', firmId: svc.firmA, label: '王经理' } }),
    );
    expect(created).to.include({ role: 'employer', firmId: svc.firmA });

    const employer = createIngestClient(svc.url, created.key);
    unwrap(
      await employer.PUT('/v1/vacancies/{ref}', {
        params: { path: { ref: 'c-1' } },
        body: vacancyBody() as IngestSchemas['VacancyInput'],
      }),
    );
    const mine = unwrap(await employer.GET('/v1/vacancies', { params: { query: { status: 'all' } } }));
    expect(mine.items.map((v) => v.id)).to.deep.equal(['firm-a:c-1']);
    const pairs = unwrap(
      await createMatcherClient(matcherSvc.url, created.key).GET('/v1/intentions', { params: { query: {} } }),
    );
    expect(pairs.total).to.equal(0);

    const listed = unwrap(await bureau.GET('/v1/keys', { params: { query: { firmId: svc.firmA } } }));
    expect(listed.items.map((k) => k.keyId)).to.include(created.keyId);

    const revoked = unwrap(
      await bureau.POST('/v1/keys/{keyId}/revoke', { params: { path: { keyId: created.keyId } } }),
    );
    expect(revoked.result).to.equal('revoked');
    const after = await employer.GET('/v1/vacancies', { params: { query: {} } });
    expect(after.response.status).to.equal(401);
    expect(() => unwrap(after)).to.throw(FugongApiError);
  });
});
