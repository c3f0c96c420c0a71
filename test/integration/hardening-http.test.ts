/**
 * Issue #9, the HTTP kit on a real service (ingest): guessing keys is rate-limited (5), X-Forwarded-For does
 * not escape the anonymous limit (6), the OpenAPI servers never reflect request headers (9), lone surrogates
 * are refused at the edge (16), and wrong content types, non-object bodies, wrong methods and impossible
 * dates get answers that say what is wrong (18).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { CREDIT_CODE, vacancyBody } from './ingest-fixtures.ts';
import { rawRequest } from './hardening-http-helpers.ts';
import { type TestService, startTestService } from './helpers.ts';

/** A well-formed key that no one issued. */
const randomKey = () =>
  `fg_${randomBytes(12).toString('hex').slice(0, 12)}_${randomBytes(32).toString('base64url')}`;

describe('hardening: the HTTP kit at the edge (issue #9 items 5, 6, 9, 16, 18)', () => {
  let svc: TestService;
  const before_ = process.env['INGEST_EXPIRY_INTERVAL_MS'];
  before(async () => {
    process.env['INGEST_EXPIRY_INTERVAL_MS'] = '0';
    svc = await startTestService(buildIngest, { RATE_LIMIT_ANONYMOUS: '5', AUTH_FAILURE_LIMIT: '5' });
    const firm = await svc.call('PUT', `/v1/firms/${svc.firmA}`, {
      key: svc.keys.bureau,
      body: {
        name: '枣庄市示范防护用品有限公司',
        creditCode: CREDIT_CODE,
        industry: '制造业',
        place: { district: '薛城区' },
      },
    });
    expect(firm.status, JSON.stringify(firm.body)).to.equal(200);
  });
  after(async () => {
    if (before_ === undefined) delete process.env['INGEST_EXPIRY_INTERVAL_MS'];
    else process.env['INGEST_EXPIRY_INTERVAL_MS'] = before_;
    await svc?.close();
  });

  it('5: a client guessing keys gets 429 with Retry-After once past the limit, even for a new guess', async () => {
    const from = '127.0.0.4';
    const url = `${svc.url}/v1/vacancies/changes`;
    for (let i = 0; i < 5; i++) {
      const r = await rawRequest(url, { from, headers: { authorization: `Bearer ${randomKey()}` } });
      expect(r.status, `guess ${i + 1}`).to.equal(401);
    }
    const limited = await rawRequest(url, { from, headers: { authorization: `Bearer ${randomKey()}` } });
    expect(limited.status).to.equal(429);
    expect(limited.body.error.code).to.equal('rate_limited');
    expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
    // A key already known to be valid (just used from elsewhere, so cached) still works from that address: no
    // lookup, nothing to guess.
    const elsewhere = await rawRequest(url, {
      from: '127.0.0.6',
      headers: { authorization: `Bearer ${svc.keys.bureau}` },
    });
    expect(elsewhere.status).to.equal(200);
    const known = await rawRequest(url, { from, headers: { authorization: `Bearer ${svc.keys.bureau}` } });
    expect(known.status).to.equal(200);
    // Another client is not affected; the limit counts per address.
    const other = await rawRequest(url, {
      from: '127.0.0.5',
      headers: { authorization: `Bearer ${randomKey()}` },
    });
    expect(other.status).to.equal(401);
  });

  it('6: with the default config, a new X-Forwarded-For per request does not escape the anonymous limit', async () => {
    const from = '127.0.0.3';
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await rawRequest(`${svc.url}/v1/vacancies/no-such-vacancy`, {
        from,
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).to.not.include(429);
    expect(statuses.slice(5), `statuses ${statuses.join(',')}`).to.deep.equal([429, 429, 429]);
  });

  it('9: /openapi.json and /docs never reflect the Host or X-Forwarded-Proto headers', async () => {
    const headers = {
      host: 'evil.example:666',
      'x-forwarded-proto': 'javascript',
      'x-forwarded-host': 'evil.example',
    };
    const doc = await rawRequest(`${svc.url}/openapi.json`, { headers });
    expect(doc.status).to.equal(200);
    expect(doc.body.servers).to.deep.equal([{ url: '/' }]);
    const page = await rawRequest(`${svc.url}/docs`, { headers });
    expect(page.text).to.not.contain('evil.example');
  });

  it('16: a lone UTF-16 surrogate in a title is a 400 naming the field, and nothing is stored', async () => {
    // JSON.stringify would escape the surrogate the same way; written out to show what goes over the wire.
    const body = JSON.stringify(vacancyBody({ title: 'TITLE' })).replace('TITLE', '电焊工\\ud800');
    const put = await svc.call('PUT', '/v1/vacancies/lone-1', { key: svc.keys.employerA, body });
    expect(put.status, JSON.stringify(put.body)).to.equal(400);
    expect(put.body.error.details.issues[0].path).to.equal('title');
    expect(put.body.error.details.issues[0].message).to.match(/surrogate/);
    const low = JSON.stringify(vacancyBody({ description: 'x' })).replace(
      '"description":"x"',
      '"description":"a\\udc00b"',
    );
    const put2 = await svc.call('PUT', '/v1/vacancies/lone-1', { key: svc.keys.employerA, body: low });
    expect(put2.status).to.equal(400);
    expect(put2.body.error.details.issues[0].path).to.equal('description');
    const read = await svc.call('GET', `/v1/vacancies/${svc.firmA}:lone-1`);
    expect(read.status).to.equal(404);
    // A proper pair (an emoji) is fine.
    const ok = await svc.call('PUT', '/v1/vacancies/lone-2', {
      key: svc.keys.employerA,
      body: vacancyBody({ title: '电焊工 🔥' }),
    });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
  });

  it('18: a wrong content type is 415 naming the accepted types, not a misleading field error', async () => {
    const r = await svc.call('PUT', '/v1/vacancies/ct-1', {
      key: svc.keys.employerA,
      body: 'title=普工',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(415);
    expect(r.body.error.code).to.equal('unsupported_media_type');
    expect(r.body.error.message).to.contain('application/json');
    const text = await svc.call('PUT', '/v1/vacancies/ct-1', {
      key: svc.keys.employerA,
      body: JSON.stringify(vacancyBody()),
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).to.equal(415);
  });

  it('18: a null (or other non-object) JSON body is "body must be a JSON object", not "not valid JSON"', async () => {
    for (const body of ['null', '42', '"普工"']) {
      const r = await svc.call('PUT', '/v1/vacancies/null-1', { key: svc.keys.employerA, body });
      expect(r.status, body).to.equal(400);
      expect(r.body.error.message, body).to.match(/^body must be a JSON object/);
      expect(r.body.error.code).to.not.equal('invalid_json');
    }
    const broken = await svc.call('PUT', '/v1/vacancies/null-1', {
      key: svc.keys.employerA,
      body: '{"title":',
    });
    expect(broken.body.error.code).to.equal('invalid_json');
  });

  it('18: POST on a route that only has GET/PUT/DELETE is 405 with an Allow header', async () => {
    const r = await svc.call('POST', `/v1/firms/${svc.firmA}`, { key: svc.keys.bureau, body: {} });
    expect(r.status, JSON.stringify(r.body)).to.equal(405);
    expect(r.body.error.code).to.equal('method_not_allowed');
    const allow = (r.headers.get('allow') ?? '').split(/,\s*/);
    expect(allow).to.include.members(['GET', 'PUT']);
    expect(allow).to.not.include('POST');
    // An unknown path is still a 404.
    expect((await svc.call('POST', '/v1/no-such-thing', { key: svc.keys.bureau })).status).to.equal(404);
  });

  it('18: an impossible date names the field and says the date does not exist', async () => {
    const r = await svc.call('PUT', '/v1/vacancies/date-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ validThrough: '2026-02-30' }),
    });
    expect(r.status).to.equal(400);
    const issue = r.body.error.details.issues.find((i: { path: string }) => i.path === 'validThrough');
    expect(issue, JSON.stringify(r.body)).to.not.equal(undefined);
    expect(issue.message).to.contain('2026-02-30 does not exist');
    expect(issue.message).to.contain('February 2026 has 28 days');
  });
});
