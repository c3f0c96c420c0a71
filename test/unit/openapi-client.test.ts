import { expect } from 'chai';
import {
  createIngestClient,
  createIntentClient,
  createMatcherClient,
  createMonitorClient,
  createSwapClient,
  FugongApiError,
  type IngestSchemas,
  type MatcherSchemas,
  unwrap,
} from '@fugong/client';

/**
 * @fugong/client: the calls below are compiled by `pnpm typecheck` against the generated types, so a change
 * of contract (a renamed path, a required field added, a type changed) fails the typecheck here, and the
 * `@ts-expect-error` lines fail it when the contract stops refusing what it refuses today. At run time a
 * recording `fetch` answers, so this test checks what goes on the wire without a server.
 */
interface Sent {
  method: string;
  url: string;
  authorization: string | null;
  body: unknown;
}

function recorder(status: number, answer: unknown) {
  const sent: Sent[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const text = await request.text();
    sent.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.get('authorization'),
      body: text ? JSON.parse(text) : undefined,
    });
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  };
  return { sent, fetch };
}

const KEY = 'fg_test_secret';

describe('@fugong/client: typed calls', () => {
  it('PUT a firm with the key as a bearer token; the answer is typed', async () => {
    const { sent, fetch } = recorder(200, { id: 'firm-a', result: 'created' });
    const ingest = createIngestClient('http://ingest.test/', KEY, { fetch });
    const firm: IngestSchemas['FirmInput'] = {
      name: '枣庄市示范防护用品有限公司',
      creditCode: '91350100M000100Y43',
      industry: '制造业',
      place: { district: '薛城区' },
    };
    const { data, error } = await ingest.PUT('/v1/firms/{id}', {
      params: { path: { id: 'firm-a' } },
      body: firm,
    });
    expect(error).to.equal(undefined);
    const result: 'created' | 'updated' | 'unchanged' | undefined = data?.result;
    expect(result).to.equal('created');
    expect(sent).to.deep.equal([
      {
        method: 'PUT',
        url: 'http://ingest.test/v1/firms/firm-a',
        authorization: `Bearer ${KEY}`,
        body: firm,
      },
    ]);

    // @ts-expect-error a firm needs its credit code
    const noCode: IngestSchemas['FirmInput'] = { name: 'x', industry: '制造业', place: {} };
    expect(noCode).to.be.an('object');
  });

  it('searches anonymously with typed query parameters; path parameters are encoded', async () => {
    const page: MatcherSchemas['VacancySearchResponse'] = {
      total: 0,
      size: 3,
      sort: 'relevance',
      resolved: {},
      hits: [],
    } as unknown as MatcherSchemas['VacancySearchResponse'];
    const { sent, fetch } = recorder(200, page);
    const matcher = createMatcherClient('http://matcher.test', undefined, { fetch });
    const { data } = await matcher.GET('/v1/vacancies/search', {
      params: { query: { q: '防护服', district: '薛城', boardAndLodging: 'true', size: 3 } },
    });
    expect(data?.total).to.equal(0);
    const url = new URL(sent[0]!.url);
    expect(url.pathname).to.equal('/v1/vacancies/search');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      q: '防护服',
      district: '薛城',
      boardAndLodging: 'true',
      size: '3',
    });
    expect(sent[0]!.authorization).to.equal(null);

    await matcher.GET('/v1/vacancies/{id}/candidates', { params: { path: { id: 'firm-a:REF 1' } } });
    expect(new URL(sent[1]!.url).pathname).to.equal('/v1/vacancies/firm-a%3AREF%201/candidates');

    // @ts-expect-error the flag is the string "true" or "false", as a query string carries it
    await matcher.GET('/v1/vacancies/search', { params: { query: { boardAndLodging: true } } });
    // @ts-expect-error search is the matcher's, not ingest's
    await createIngestClient('http://ingest.test', KEY, { fetch }).GET('/v1/vacancies/search', {});
  });

  it('an error answer comes back as `error`, and unwrap throws it with the status and code', async () => {
    const body = {
      error: { code: 'validation_failed', message: 'district: unknown', details: { issues: [] } },
    };
    const { fetch } = recorder(400, body);
    const matcher = createMatcherClient('http://matcher.test', undefined, { fetch });
    const result = await matcher.GET('/v1/vacancies/search', { params: { query: { district: '火星' } } });
    expect(result.data).to.equal(undefined);
    expect(result.error?.error.code).to.equal('validation_failed');
    try {
      unwrap(result);
      expect.fail('unwrap returned on a 400');
    } catch (err) {
      expect(err).to.be.instanceOf(FugongApiError);
      expect(err).to.include({ status: 400, code: 'validation_failed', message: 'district: unknown' });
    }
  });

  it('every service has its client, each typed by its own document', async () => {
    const { sent, fetch } = recorder(200, {});
    await createSwapClient('http://swap.test', KEY, { fetch }).GET('/v1/swap/surplus/{id}', {
      params: { path: { id: 'sp-1' } },
    });
    await createIntentClient('http://intent.test', KEY, { fetch }).GET('/v1/fairs/{id}/dashboard', {
      params: { path: { id: 'zz-fair-01' } },
    });
    await createMonitorClient('http://monitor.test', KEY, { fetch }).GET('/v1/monitor/firms/{firmId}', {
      params: { path: { firmId: 'firm-a' } },
    });
    await createMatcherClient('http://matcher.test', KEY, { fetch }).POST('/v1/intentions', {
      body: { kind: 'shortlist', vacancyId: 'firm-a:REF-1', workerId: 'w-1' },
    });
    expect(sent.map((s) => `${s.method} ${s.url}`)).to.deep.equal([
      'GET http://swap.test/v1/swap/surplus/sp-1',
      'GET http://intent.test/v1/fairs/zz-fair-01/dashboard',
      'GET http://monitor.test/v1/monitor/firms/firm-a',
      'POST http://matcher.test/v1/intentions',
    ]);
    expect(sent.every((s) => s.authorization === `Bearer ${KEY}`)).to.equal(true);
    await createMatcherClient('http://matcher.test', KEY, { fetch }).POST('/v1/intentions', {
      // @ts-expect-error an intention names its kind
      body: { vacancyId: 'firm-a:REF-1', workerId: 'w-1' },
    });
  });

  it('refuses a base URL that is not http(s) and a key that is not a fugong key', () => {
    expect(() => createIngestClient('ingest.test', KEY)).to.throw(TypeError, /baseUrl/);
    expect(() => createIngestClient('http://ingest.test', 'Bearer fg_x')).to.throw(TypeError, /key/);
  });
});
