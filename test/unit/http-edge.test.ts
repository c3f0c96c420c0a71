/**
 * Issue #9 items 6, 10, 16 and 18 without the engine or Redis: settings for trusted proxies and the public
 * URL, a configured proxy's X-Forwarded-For is believed (and only then), lone surrogates are found wherever
 * they are, impossible dates are named, Redis outages are recognised.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@elastic/elasticsearch';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { ApiKeyStore, createLogger, createServiceApp, loneSurrogatePath } from '@fugong/http';
import { isRedisUnavailable } from '@fugong/queue';
import { IsoDate } from '@fugong/schemas';
import { expect } from 'chai';

describe('http: settings for proxies, the public URL and timeouts', () => {
  it('TRUST_PROXY is empty by default and takes addresses, CIDRs and the named ranges', () => {
    expect(parseEnv(baseEnvSchema, {}).TRUST_PROXY).to.deep.equal([]);
    expect(
      parseEnv(baseEnvSchema, { TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,loopback,fd00::/8' }).TRUST_PROXY,
    ).to.deep.equal(['10.0.0.0/8', '192.168.1.7', 'loopback', 'fd00::/8']);
    expect(() => parseEnv(baseEnvSchema, { TRUST_PROXY: 'true' })).to.throw(/TRUST_PROXY/);
    expect(() => parseEnv(baseEnvSchema, { TRUST_PROXY: '10.0.0.0/33' })).to.throw(/TRUST_PROXY/);
  });

  it('PUBLIC_BASE_URL must be an http(s) URL; the timeouts have short defaults', () => {
    const env = parseEnv(baseEnvSchema, {});
    expect(env.PUBLIC_BASE_URL).to.equal(undefined);
    expect(env.ENGINE_TIMEOUT_MS).to.be.at.most(10_000);
    expect(env.REDIS_COMMAND_TIMEOUT_MS).to.be.at.most(5000);
    expect(
      parseEnv(baseEnvSchema, { PUBLIC_BASE_URL: 'https://jobs.example.cn/matcher/' }).PUBLIC_BASE_URL,
    ).to.equal('https://jobs.example.cn/matcher');
    expect(() => parseEnv(baseEnvSchema, { PUBLIC_BASE_URL: 'javascript:alert(1)' })).to.throw(
      /PUBLIC_BASE_URL/,
    );
  });
});

describe('http: X-Forwarded-For is believed only from configured proxies', () => {
  async function anonymousStatuses(trustProxy: string[] | undefined): Promise<number[]> {
    const svc = createServiceApp({
      name: 't',
      version: '0',
      description: 't',
      logger: createLogger('t', 'silent'),
      keyStore: new ApiKeyStore({} as Client, 'unused'),
      readiness: {},
      rateLimits: { anonymous: 2, keyed: 100 },
      ...(trustProxy ? { trustProxy } : {}),
    });
    svc.api.route({
      method: 'get',
      path: '/v1/ping',
      summary: 'ping',
      auth: 'public',
      responses: {},
      handler: () => ({ ok: true }),
    });
    const app = svc.finish();
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/ping`;
      const out: number[] = [];
      for (let i = 0; i < 4; i++) {
        out.push((await fetch(url, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } })).status);
      }
      return out;
    } finally {
      server.close();
      server.closeAllConnections();
    }
  }

  it('by default every request counts against the address that connected', async () => {
    expect(await anonymousStatuses(undefined)).to.deep.equal([200, 200, 429, 429]);
  });

  it('behind a configured balancer, each forwarded client has its own limit', async () => {
    expect(await anonymousStatuses(['127.0.0.1'])).to.deep.equal([200, 200, 200, 200]);
  });
});

describe('http: lone surrogates', () => {
  it('names the field, the array element or the key that holds one; proper pairs are fine', () => {
    expect(loneSurrogatePath({ title: '电焊工🔥', n: 1, ok: null })).to.equal(undefined);
    expect(loneSurrogatePath(JSON.parse('{"title":"a\\ud800"}'))).to.equal('title');
    expect(loneSurrogatePath(JSON.parse('{"a":{"b":["x","\\udc00y"]}}'))).to.equal('a.b.1');
    expect(loneSurrogatePath(JSON.parse('{"ok":"x","k\\ud83d":1}'))).to.equal('k\ufffd');
    expect(loneSurrogatePath(JSON.parse('"\\udbff"'))).to.equal('(root)');
    expect(loneSurrogatePath(JSON.parse('{"a":"\\ud83d\\ude00"}'))).to.equal(undefined);
  });

  it('walks a body nested far deeper than the call stack without overflowing', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`);
    const path = loneSurrogatePath(deep);
    expect(path?.split('.').length).to.equal(depth);
  });
});

describe('http: dates that do not exist', () => {
  const message = (v: unknown) => IsoDate.safeParse(v).error?.issues[0]?.message;
  it('says which date does not exist and why', () => {
    expect(message('2026-02-30')).to.equal('2026-02-30 does not exist: February 2026 has 28 days');
    expect(message('2024-02-30')).to.equal('2024-02-30 does not exist: February 2024 has 29 days');
    expect(message('2026-04-31T08:00:00+08:00')).to.equal(
      '2026-04-31 does not exist: April 2026 has 30 days',
    );
    expect(message('2026-13-01')).to.contain('there is no month 13');
  });
  it('gives the expected shape for anything else, and accepts real dates', () => {
    expect(message('next tuesday')).to.match(/^expected a date YYYY-MM-DD/);
    expect(message(20260301)).to.match(/got number$/);
    expect(IsoDate.safeParse('2024-02-29').success).to.equal(true);
    expect(IsoDate.safeParse('2026-03-01T08:00:00+08:00').success).to.equal(true);
  });
});

describe('queue: Redis outages are recognised for the 503 mapping', () => {
  it('command timeouts and closed connections are outages; a refused command is not', () => {
    expect(isRedisUnavailable(new Error('Command timed out'))).to.equal(true);
    expect(isRedisUnavailable(new Error('Connection is closed.'))).to.equal(true);
    expect(
      isRedisUnavailable(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).to.equal(true);
    expect(isRedisUnavailable(new Error('ERR wrong number of arguments'))).to.equal(false);
    expect(isRedisUnavailable('Command timed out')).to.equal(false);
  });
});
