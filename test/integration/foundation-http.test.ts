import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { expect } from 'chai';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { createRuntime } from '@fugong/http';
import { Redis } from 'ioredis';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { type TestService, startTestService, uniquePrefix } from './helpers.ts';

const firm = {
  name: '枣庄市示范防护用品有限公司',
  creditCode: '91350100M000100Y43',
  industry: '制造业',
  place: { district: '薛城区', address: '枣庄市薛城区光明大道1号' },
  contact: { name: '王经理', phone: '0632-1234567' },
};

describe('foundation: the HTTP kit on a real service', () => {
  let svc: TestService;
  before(async () => {
    svc = await startTestService(buildIngest);
  });
  after(async () => {
    await svc.close();
  });

  it('healthz, readyz, openapi.json and the docs page answer', async () => {
    expect((await svc.call('GET', '/healthz')).status).to.equal(200);
    const ready = await svc.call('GET', '/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body.checks).to.deep.equal({ elasticsearch: 'up', redis: 'up' });
    const doc = await svc.call('GET', '/openapi.json');
    expect(doc.body.openapi).to.equal('3.0.3');
    expect(doc.body.paths).to.have.property('/v1/firms/{id}');
    expect(doc.body.components.schemas).to.have.property('FirmInput');
    const page = await svc.call('GET', '/docs');
    expect(page.headers.get('content-type')).to.match(/text\/html/);
    expect(page.body).to.contain('/v1/firms/{id}');
  });

  it('the docs page shows each request body: field, type, required, description, allowed values', async () => {
    const page = await svc.call('GET', '/docs');
    const sections: string[] = page.body.split('<section>');
    const put = sections.find((s) =>
      /<span class="m put">PUT<\/span> <code>\/v1\/vacancies\/\{\w+\}<\/code>/.test(s),
    );
    expect(put, 'the vacancy PUT has a section').to.be.a('string');
    expect(put).to.match(/<td><code>title<\/code><\/td><td>string[^<]*<\/td><td>yes<\/td>/);
    expect(put).to.match(/<td><code>wage\.min<\/code><\/td><td>number[^<]*<\/td><td>yes<\/td>/);
    expect(put).to.contain('one of: &quot;full_time&quot;, &quot;part_time&quot;');
    expect(put).to.contain('包吃: meals provided');
    const firm = sections.find((s) =>
      s.includes('<span class="m put">PUT</span> <code>/v1/firms/{id}</code>'),
    );
    expect(firm).to.match(/<td><code>creditCode<\/code><\/td>/);
  });

  it('the description declares what the shell can answer: 404 with an id, 413 and 415 with a body, 429', async () => {
    const { paths } = (await svc.call('GET', '/openapi.json')).body;
    const firmPut = paths['/v1/firms/{id}'].put.responses;
    expect(firmPut).to.include.keys('400', '401', '403', '404', '413', '415', '429', '503');
    const fairs = paths['/v1/fairs'].get.responses;
    expect(fairs).to.include.keys('400', '401', '429', '503');
    expect(fairs).to.not.have.any.keys('404', '413', '415');
  });

  it('401 without a key, 401 with a bad key, 403 with a key of the wrong role', async () => {
    const none = await svc.call('PUT', '/v1/firms/f1', { body: firm });
    expect(none.status).to.equal(401);
    expect(none.body.error.code).to.equal('unauthorized');
    const bad = await svc.call('PUT', '/v1/firms/f1', {
      body: firm,
      key: 'fg_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    });
    expect(bad.status).to.equal(401);
    const employer = await svc.call('PUT', '/v1/firms/f1', { body: firm, key: svc.keys.employerA });
    expect(employer.status).to.equal(403);
    expect(employer.body.error.code).to.equal('forbidden');
    const read = await svc.call('GET', '/v1/firms/f1', { key: svc.keys.bureau });
    expect(read.status, 'nothing was written by the refused calls').to.equal(404);
  });

  it('400 names the field: unknown fields, bad values, bad JSON', async () => {
    const unknown = await svc.call('PUT', '/v1/firms/f1', {
      body: { ...firm, owner: 'x' },
      key: svc.keys.bureau,
    });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details.issues[0]).to.deep.include({
      path: '(root)',
      message: 'unknown field(s): owner',
    });
    const badCode = await svc.call('PUT', '/v1/firms/f1', {
      body: { ...firm, creditCode: '91350100M000100Y44' },
      key: svc.keys.bureau,
    });
    expect(badCode.status).to.equal(400);
    expect(badCode.body.error.details.issues[0].path).to.equal('creditCode');
    const nested = await svc.call('PUT', '/v1/firms/f1', {
      body: { ...firm, contact: { name: '王', phone: 'abc' } },
      key: svc.keys.bureau,
    });
    expect(nested.status).to.equal(400);
    expect(nested.body.error.details.issues[0].path).to.equal('contact.phone');
    const badJson = await svc.call('PUT', '/v1/firms/f1', { body: '{"name":', key: svc.keys.bureau });
    expect(badJson.status).to.equal(400);
    expect(badJson.body.error.code).to.equal('invalid_json');
    const badParam = await svc.call('GET', '/v1/firms/bad%20id', { key: svc.keys.bureau });
    expect(badParam.status).to.equal(400);
    expect(badParam.body.error.details.issues[0].path).to.equal('params.id');
  });

  it('the bureau writes a firm; its own employer sees the contact, another firm does not', async () => {
    const put = await svc.call('PUT', `/v1/firms/${svc.firmA}`, { body: firm, key: svc.keys.bureau });
    expect(put.status).to.equal(200);
    expect(put.body).to.deep.equal({ id: svc.firmA, result: 'created' });
    const own = await svc.call('GET', `/v1/firms/${svc.firmA}`, { key: svc.keys.employerA });
    expect(own.body.contact).to.deep.equal(firm.contact);
    expect(own.body.place.code).to.equal('370403');
    const other = await svc.call('GET', `/v1/firms/${svc.firmA}`, { key: svc.keys.employerB });
    expect(other.status).to.equal(200);
    expect(other.body).to.not.have.property('contact');
    expect(JSON.stringify(other.body)).to.not.contain('1234567');
  });
});

describe('foundation: a dependency down', () => {
  it('the engine down gives 503 from /readyz and from a route that needs it, not 500', async () => {
    const closedPort = await freePort();
    const svc = await startTestService(buildIngest);
    // Same service code, but pointed at a port where no engine listens.
    const rt = createRuntime(
      parseEnv(baseEnvSchema, {
        ...process.env,
        ELASTICSEARCH_URL: `http://127.0.0.1:${closedPort}`,
        LOG_LEVEL: 'silent',
      }),
      'test',
    );
    const built = buildIngest(rt);
    const server = built.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).to.equal(503);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks).to.deep.include({
        elasticsearch: 'down',
      });
      const route = await fetch(`${base}/v1/firms/x`, {
        headers: { authorization: `Bearer ${svc.keys.bureau}` },
      });
      const routeBody = (await route.json()) as { error: { code: string } };
      expect(route.status, JSON.stringify(routeBody)).to.equal(503);
      expect(routeBody.error.code).to.equal('unavailable');
    } finally {
      server.close();
      await rt.close();
      await svc.close();
    }
  });
});

describe('foundation: graceful shutdown', () => {
  it('SIGTERM closes the server and the Redis connections, and the process exits 0', async function () {
    this.timeout(60_000);
    const port = await freePort();
    const prefix = uniquePrefix('shut');
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/ingest/src/main.ts'], {
      env: { ...process.env, PORT: String(port), INDEX_PREFIX: prefix, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const redis = new Redis(process.env['REDIS_URL']!);
    try {
      for (let i = 0; ; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 200) throw new Error(`service did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // /healthz answers before the Redis handshakes finish on a busy machine: wait (bounded) until the
      // service holds its connections, since what is under test is that SIGTERM closes them.
      let clientsBefore = 0;
      for (let i = 0; i < 100 && clientsBefore === 0; i++) {
        clientsBefore = await clientsOf(redis, child.pid!);
        if (clientsBefore === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(clientsBefore, 'the service holds a Redis connection').to.be.greaterThan(0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
      expect(output).to.contain('shut down cleanly');
      const after = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => 'open',
        () => 'closed',
      );
      expect(after).to.equal('closed');
    } finally {
      child.kill('SIGKILL');
      redis.disconnect();
    }
  });
});

/** Redis clients whose connection name carries this pid (see redisConnection's connectionName). */
async function clientsOf(redis: Redis, pid: number): Promise<number> {
  const list = (await redis.client('LIST')) as string;
  return list.split('\n').filter((l) => l.includes(`name=fugong-${pid}-`)).length;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
