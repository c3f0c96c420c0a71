import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { startIngest } from './ingest-fixtures.ts';

// A valid resident ID (GB 11643 check digit) and phone: neither may appear in any response but the bureau's.
const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';
const NAME = '张三丰';

const worker = (overrides: Record<string, unknown> = {}) => ({
  occupations: ['普工', '电焊工'],
  skills: ['氩弧焊'],
  experienceYears: 3,
  currentPlace: { district: '薛城区' },
  willingPlaces: [{ district: '滕州市' }],
  expectedWage: { min: 5000 },
  priorityGroups: ['migrant_worker'],
  consent: { given: true, at: '2020-03-01', via: 'test-site' },
  private: { name: NAME, phone: PHONE, idNumber: ID_NUMBER },
  ...overrides,
});

describe('ingest: worker profiles and their private fields', () => {
  let svc: TestService;
  // Each test's own responses, checked by expectNoLeaks at its end: no test reads what another left.
  let seen: Array<{ route: string; key: string; body: unknown }> = [];
  beforeEach(() => {
    seen = [];
  });
  const call = async (method: string, path: string, key: string, keyName: string, body?: unknown) => {
    const res = await svc.call(method, path, { key, ...(body !== undefined ? { body } : {}) });
    seen.push({ route: `${method} ${path}`, key: keyName, body: res.body });
    return res;
  };
  /** Stores a profile as the site does, for a test that needs one; its id is the test's own. */
  const stored = async (id: string) => {
    const put = await call('PUT', `/v1/workers/${id}`, svc.keys.site, 'site', worker());
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body).to.deep.equal({ id, result: 'created' });
  };
  /** No response this test saw carried the phone, ID number or name, except the bureau's reads of a worker. */
  const expectNoLeaks = (minResponses: number) => {
    expect(seen.length, 'responses checked').to.be.at.least(minResponses);
    for (const s of seen) {
      const text = JSON.stringify(s.body);
      const bureauRead = s.key === 'bureau' && s.route.startsWith('GET /v1/workers/');
      if (bureauRead) continue;
      for (const secret of [PHONE, ID_NUMBER, NAME])
        expect(text, `${s.key} ${s.route}`).to.not.contain(secret);
    }
  };
  before(async () => {
    svc = await startIngest();
  });
  after(async () => {
    await svc.close();
  });

  it('a site stores a profile with consent; the bureau reads the private fields, the site only the masked profile', async () => {
    await stored('w-1');
    const bureau = await call('GET', '/v1/workers/w-1', svc.keys.bureau, 'bureau');
    expect(bureau.body.private).to.deep.equal({ name: NAME, phone: PHONE, idNumber: ID_NUMBER });
    expect(bureau.body.profile).to.include({ id: 'w-1', maskedName: '张**' });
    const site = await call('GET', '/v1/workers/w-1', svc.keys.site, 'site');
    expect(site.status).to.equal(200);
    expect(site.body).to.include({ id: 'w-1', maskedName: '张**' });
    expect(site.body.occupations.map((o: { name: string }) => o.name)).to.include('焊工');
    expect((await call('GET', '/v1/workers/w-1', svc.keys.employerA, 'employer')).status).to.equal(403);
    expect((await call('GET', '/v1/workers/w-1', '', 'anonymous')).status).to.equal(401);
    // The service's other reads, with a worker stored: none may carry the private fields either.
    for (const [path, key, name] of [
      ['/v1/vacancies/changes', svc.keys.bureau, 'bureau'],
      ['/v1/vacancies/changes', svc.keys.site, 'site'],
      ['/v1/fairs', '', 'anonymous'],
      [`/v1/firms/${svc.firmA}`, svc.keys.bureau, 'bureau'],
      ['/openapi.json', '', 'anonymous'],
    ] as const) {
      expect((await call('GET', path, key, name)).status, path).to.equal(200);
    }
    expectNoLeaks(10);
    // The check can fail: the bureau's read did carry the phone, and was the only one allowed to.
    expect(
      seen.filter((s) => JSON.stringify(s.body).includes(PHONE)).map((s) => `${s.key} ${s.route}`),
    ).to.deep.equal(['bureau GET /v1/workers/w-1']);
  });

  it('the searchable index holds no private field; the private index holds them', async () => {
    await stored('w-index');
    const pub = await svc.rt.es.get({ index: svc.rt.names.workers, id: 'w-index' });
    expect(pub.found).to.equal(true);
    const text = JSON.stringify(pub._source);
    for (const secret of [PHONE, ID_NUMBER, NAME]) expect(text).to.not.contain(secret);
    const priv = await svc.rt.es.get<{ private: { phone: string } }>({
      index: svc.rt.names.workerPrivate,
      id: 'w-index',
    });
    expect(priv._source?.private.phone).to.equal(PHONE);
  });

  it('bad ID check digit, missing consent, unknown occupation and unknown fields are 400 naming the field', async () => {
    const badId = await call(
      'PUT',
      '/v1/workers/w-2',
      svc.keys.bureau,
      'bureau',
      worker({
        private: { name: NAME, idNumber: '110105194912310021' },
      }),
    );
    expect(badId.status).to.equal(400);
    expect(badId.body.error.details.issues[0].path).to.equal('private.idNumber');
    const noConsent = await call(
      'PUT',
      '/v1/workers/w-2',
      svc.keys.site,
      'site',
      worker({ consent: undefined }),
    );
    expect(noConsent.status).to.equal(400);
    expect(noConsent.body.error.details.issues[0].path).to.equal('consent');
    const occ = await call(
      'PUT',
      '/v1/workers/w-2',
      svc.keys.bureau,
      'bureau',
      worker({ occupations: ['宇航员鉴定师xyz'] }),
    );
    expect(occ.status).to.equal(400);
    expect(occ.body.error.details.issues[0].path).to.equal('occupations.0');
    // Nothing near it: no made-up hint. A near miss (电悍工, a typo of 电焊工) is refused with the right hint.
    expect(occ.body.error.details.issues[0].suggestions).to.deep.equal([]);
    const typo = await call(
      'PUT',
      '/v1/workers/w-2',
      svc.keys.bureau,
      'bureau',
      worker({ occupations: ['普工', '电悍工'] }),
    );
    expect(typo.status).to.equal(400);
    expect(typo.body.error.details.issues[0].path).to.equal('occupations.1');
    expect(typo.body.error.details.issues[0].suggestions).to.include('焊工 (6-18-02-04)');
    const extra = await call('PUT', '/v1/workers/w-2', svc.keys.bureau, 'bureau', worker({ wechat: 'x' }));
    expect(extra.status).to.equal(400);
    expect((await call('PUT', '/v1/workers/w-2', svc.keys.employerA, 'employer', worker())).status).to.equal(
      403,
    );
    expect(
      (await call('GET', '/v1/workers/w-2', svc.keys.bureau, 'bureau')).status,
      'nothing stored',
    ).to.equal(404);
    expectNoLeaks(7);
  });

  it('the bureau deletes both documents', async () => {
    await stored('w-del');
    for (const index of [svc.rt.names.workers, svc.rt.names.workerPrivate]) {
      expect(await svc.rt.es.exists({ index, id: 'w-del' }), `${index} before`).to.equal(true);
    }
    expect((await call('DELETE', '/v1/workers/w-del', svc.keys.site, 'site')).status).to.equal(403);
    const del = await call('DELETE', '/v1/workers/w-del', svc.keys.bureau, 'bureau');
    expect(del.body).to.deep.equal({ id: 'w-del', result: 'deleted' });
    for (const index of [svc.rt.names.workers, svc.rt.names.workerPrivate]) {
      expect(await svc.rt.es.exists({ index, id: 'w-del' }), index).to.equal(false);
    }
    expect((await call('DELETE', '/v1/workers/w-del', svc.keys.bureau, 'bureau')).status).to.equal(404);
    expectNoLeaks(4);
  });
});
