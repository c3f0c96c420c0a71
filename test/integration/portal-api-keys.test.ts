/**
 * Issue #12 (the portal's API): the bureau manages employer and site keys over HTTP. Keys are stored and
 * revoked through the same functions as the CLI; a revocation is published, so a second process that cached
 * the key refuses it at once.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { createRuntime, type Runtime } from '@fugong/http';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { expect } from 'chai';
import { pollUntil } from './hardening-http-helpers.ts';
import type { TestService } from './helpers.ts';
import { startIngest } from './ingest-fixtures.ts';

const keyIdOf = (key: string): string => key.split('_')[1]!;

describe('portal API: key management over HTTP (bureau only)', () => {
  let svc: TestService;
  let rt2: Runtime;
  let server2: Server;
  let url2: string;

  before(async () => {
    svc = await startIngest();
    // A second process's worth of connections and app on the same deployment: it must hear revocations.
    rt2 = createRuntime(
      parseEnv(baseEnvSchema, {
        ...process.env,
        INDEX_PREFIX: svc.rt.env.INDEX_PREFIX,
        QUEUE_PREFIX: svc.rt.env.QUEUE_PREFIX,
        LOG_LEVEL: 'silent',
      }),
      'test-2',
    );
    const built = buildIngest(rt2);
    server2 = await new Promise<Server>((resolve) => {
      const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url2 = `http://127.0.0.1:${(server2.address() as AddressInfo).port}`;
  });
  after(async () => {
    server2?.closeAllConnections();
    await new Promise((r) => server2?.close(r));
    await rt2?.close();
    await svc?.close();
  });

  const create = (body: unknown, key = svc.keys.bureau) => svc.call('POST', '/v1/keys', { key, body });

  it('creates an employer key bound to its firm: shown once, not cached, and it acts only for that firm', async () => {
    const res = await create({ role: 'employer', firmId: svc.firmA, label: '张经理' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ role: 'employer', firmId: svc.firmA, label: '张经理' });
    expect(res.body.key).to.match(/^fg_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(keyIdOf(res.body.key)).to.equal(res.body.keyId);
    expect(res.body).to.not.have.any.keys('hash', 'revoked', 'siteId');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    // The key works, and the services bind it to firm A by themselves.
    const own = await svc.call('GET', '/v1/vacancies', { key: res.body.key });
    expect(own.status, JSON.stringify(own.body)).to.equal(200);
    const other = await svc.call('GET', `/v1/vacancies?firmId=${svc.firmB}`, { key: res.body.key });
    expect(other.status).to.equal(403);
    const firmB = await svc.call('GET', `/v1/firms/${svc.firmB}`, { key: res.body.key });
    expect(firmB.body.contact, 'another firm’s contact').to.equal(undefined);
  });

  it('creates a site key bound to its site', async () => {
    const res = await create({ role: 'site', siteId: 'zz-portal' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ role: 'site', siteId: 'zz-portal' });
    const asSite = await svc.call('GET', '/v1/vacancies/changes?limit=1', { key: res.body.key });
    expect(asSite.status, JSON.stringify(asSite.body)).to.equal(200);
  });

  it('a key made with its own rate limit is held to it; others keep the service default', async () => {
    const res = await create({ role: 'site', siteId: 'busy-portal', rateLimit: 3 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.rateLimit).to.equal(3);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await svc.call('GET', '/v1/vacancies/changes?limit=1', { key: res.body.key })).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    // Another site key (default limit, thousands a minute) is not held back by that one's count.
    const other = await create({ role: 'site', siteId: 'quiet-portal' });
    for (let i = 0; i < 4; i++)
      expect(
        (await svc.call('GET', '/v1/vacancies/changes?limit=1', { key: other.body.key })).status,
      ).to.equal(200);
    const listed = await svc.call('GET', '/v1/keys?siteId=busy-portal', { key: svc.keys.bureau });
    expect(listed.body.items[0].rateLimit).to.equal(3);
    const bad = await create({ role: 'site', siteId: 'x', rateLimit: 0 });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.contain('rateLimit');
  });

  it('refuses bad input with a 400 naming the field; a bureau key cannot be made over HTTP', async () => {
    const cases: Array<[unknown, string]> = [
      [{ role: 'bureau', label: 'ops' }, 'role'],
      [{ role: 'admin' }, 'role'],
      [{ firmId: svc.firmA }, 'role'],
      [{ role: 'employer' }, 'firmId'],
      [{ role: 'employer', firmId: svc.firmA, siteId: 's' }, 'siteId'],
      [{ role: 'site' }, 'siteId'],
      [{ role: 'site', siteId: 's', firmId: svc.firmA }, 'firmId'],
      [{ role: 'employer', firmId: 'bad firm id' }, 'firmId'],
      [{ role: 'site', siteId: 's', label: '' }, 'label'],
      [{ role: 'site', siteId: 's', label: 'x'.repeat(101) }, 'label'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      // The field is the issue's path, or named as an unknown field of the role's shape.
      const named = res.body.error.details.issues.some(
        (i: { path: string; message: string }) =>
          i.path === field || (i.path === '(root)' && i.message.includes(field)),
      );
      expect(named, `${JSON.stringify(body)} → ${JSON.stringify(res.body.error)}`).to.equal(true);
    }
    const bureau = await create({ role: 'bureau' });
    expect(bureau.body.error.details.issues[0].message).to.contain('./fugong keys create');
    const unknown = await create({ role: 'site', siteId: 's', expiresAt: '2030-01-01' });
    expect(unknown.status).to.equal(400);
    const notJson = await svc.call('POST', '/v1/keys', {
      key: svc.keys.bureau,
      body: 'role=site',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).to.equal(415);
    const list = await svc.call('GET', '/v1/keys?role=bureau', { key: svc.keys.bureau });
    expect(list.body.total, 'no bureau key was made: only the test’s own').to.equal(1);
  });

  it('an employer key for a firm that is not registered is a 404 naming firmId, and nothing is stored', async () => {
    const res = await create({ role: 'employer', firmId: 'no-such-firm' });
    expect(res.status).to.equal(404);
    expect(res.body.error.details.issues[0].path).to.equal('firmId');
    const list = await svc.call('GET', '/v1/keys?firmId=no-such-firm', { key: svc.keys.bureau });
    expect(list.body.total).to.equal(0);
  });

  it('only the bureau manages keys: employers and sites 403, anonymous 401', async () => {
    const body = { role: 'employer', firmId: svc.firmA };
    for (const key of [svc.keys.employerA, svc.keys.site]) {
      expect((await create(body, key)).status).to.equal(403);
      expect((await svc.call('GET', '/v1/keys', { key })).status).to.equal(403);
      const revoke = await svc.call('POST', `/v1/keys/${keyIdOf(svc.keys.employerB)}/revoke`, { key });
      expect(revoke.status).to.equal(403);
    }
    expect((await svc.call('POST', '/v1/keys', { body })).status).to.equal(401);
    expect((await svc.call('GET', '/v1/keys')).status).to.equal(401);
    // employer B's key was not revoked by any of these.
    expect((await svc.call('GET', '/v1/vacancies', { key: svc.keys.employerB })).status).to.equal(200);
  });

  it('lists keys newest first with filters, never a key or a hash', async () => {
    const made = [];
    for (const firmId of [svc.firmA, svc.firmB, svc.firmA]) {
      made.push((await create({ role: 'employer', firmId, label: `list-${firmId}` })).body);
    }
    const all = await svc.call('GET', '/v1/keys?size=100', { key: svc.keys.bureau });
    expect(all.status).to.equal(200);
    const text = JSON.stringify(all.body);
    for (const m of made) expect(text).to.not.contain(m.key);
    for (const item of all.body.items) expect(item).to.not.have.any.keys('hash', 'key');
    const times = all.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect(times).to.deep.equal([...times].sort().reverse());

    const firmA = await svc.call('GET', `/v1/keys?role=employer&firmId=${svc.firmA}&size=100`, {
      key: svc.keys.bureau,
    });
    expect(firmA.body.items.every((i: { firmId: string }) => i.firmId === svc.firmA)).to.equal(true);
    const ids = firmA.body.items.map((i: { keyId: string }) => i.keyId);
    expect(ids).to.include.members([made[0].keyId, made[2].keyId, keyIdOf(svc.keys.employerA)]);
    expect(ids).to.not.include(made[1].keyId);

    const paged = await svc.call('GET', '/v1/keys?size=2&page=2', { key: svc.keys.bureau });
    expect(paged.body).to.include({ page: 2, size: 2, total: all.body.total });
    expect(paged.body.items.map((i: { keyId: string }) => i.keyId)).to.deep.equal(
      all.body.items.slice(2, 4).map((i: { keyId: string }) => i.keyId),
    );
    for (const [query, field] of [
      ['role=admin', 'role'],
      ['size=101', 'size'],
      ['page=0', 'page'],
      ['revoked=yes', 'revoked'],
      ['firmId=a%20b', 'firmId'],
      ['page=200&size=100', 'page'],
      ['color=red', ''],
    ] as const) {
      const res = await svc.call('GET', `/v1/keys?${query}`, { key: svc.keys.bureau });
      expect(res.status, query).to.equal(400);
      if (field)
        expect(JSON.stringify(res.body.error.details), query).to.match(
          new RegExp(`"path":"(query\\.)?${field}"`),
        );
    }
  });

  it('revokes an employer key: both processes refuse it at once; again is unchanged; the list shows it', async function () {
    this.timeout(30_000);
    const made = (await create({ role: 'employer', firmId: svc.firmB })).body;
    const status = async (base: string) =>
      (await fetch(`${base}/v1/vacancies`, { headers: { authorization: `Bearer ${made.key}` } })).status;
    // Both apps looked the key up and cached it (trusted for 10 s while revocations are heard).
    for (const base of [svc.url, url2]) expect(await status(base), base).to.equal(200);

    const res = await svc.call('POST', `/v1/keys/${made.keyId}/revoke`, { key: svc.keys.bureau });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ keyId: made.keyId, result: 'revoked', published: true });
    const refused = await Promise.all(
      [svc.url, url2].map((base) => pollUntil(async () => (await status(base)) === 401, 2500)),
    );
    expect(refused, 'a process still accepts the revoked key').to.deep.equal([true, true]);

    const again = await svc.call('POST', `/v1/keys/${made.keyId}/revoke`, { key: svc.keys.bureau });
    expect(again.body.result).to.equal('unchanged');
    const revoked = await svc.call('GET', `/v1/keys?revoked=true&firmId=${svc.firmB}`, {
      key: svc.keys.bureau,
    });
    expect(revoked.body.items.map((i: { keyId: string }) => i.keyId)).to.deep.equal([made.keyId]);
    expect(revoked.body.items[0].revoked).to.equal(true);
    const valid = await svc.call('GET', `/v1/keys?revoked=false&firmId=${svc.firmB}`, {
      key: svc.keys.bureau,
    });
    expect(valid.body.items.map((i: { keyId: string }) => i.keyId)).to.not.include(made.keyId);
  });

  it('revoking: an unknown id is 404, a malformed one 400 naming keyId, a bureau key 403 (CLI only)', async () => {
    const unknown = await svc.call('POST', '/v1/keys/zzzzzzzzzzzz/revoke', { key: svc.keys.bureau });
    expect(unknown.status).to.equal(404);
    const malformed = await svc.call('POST', '/v1/keys/NOT-A-KEY/revoke', { key: svc.keys.bureau });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error.details.issues[0].path).to.equal('params.keyId');
    const bureau = await svc.call('POST', `/v1/keys/${keyIdOf(svc.keys.bureau)}/revoke`, {
      key: svc.keys.bureau,
    });
    expect(bureau.status).to.equal(403);
    expect((await svc.call('GET', '/v1/keys', { key: svc.keys.bureau })).status, 'still valid').to.equal(200);
  });
});
