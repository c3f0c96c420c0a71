/**
 * Test and bench support: a service app on a free port against the real engine and Redis, in its own
 * indices and queues. Used by the integration tests (through test/integration/helpers.ts) and the benches.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { type BuiltService, type Runtime, createRuntime, generateApiKey, storeApiKey } from '@fugong/http';
import { allIndices, deleteIndicesWithPrefix, ensureIndices } from '@fugong/search';

/** A unique, valid index prefix / queue prefix for one test suite. */
export const uniquePrefix = (tag = 't'): string =>
  `${tag}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

export interface TestService {
  url: string;
  rt: Runtime;
  built: BuiltService;
  keys: { bureau: string; employerA: string; employerB: string; site: string };
  firmA: string;
  firmB: string;
  /** fetch with JSON in and out and an optional key. */
  call: (
    method: string,
    path: string,
    opts?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{ status: number; body: any; headers: Headers }>;
  close: () => Promise<void>;
}

/**
 * Starts one service's app on a free port against the real engine and Redis, in its own indices and queues,
 * with keys for the bureau, two employers (firms A and B) and a site. `close` removes everything it made
 * (the indices only when it chose their prefix: an `INDEX_PREFIX` override is left to its owner).
 */
export async function startTestService(
  build: (rt: Runtime) => Promise<BuiltService> | BuiltService,
  overrides: Record<string, string> = {},
): Promise<TestService> {
  // A bench may name its own prefix to keep and reuse its indices (bench/_matcher.ts, --keep).
  const prefix = overrides['INDEX_PREFIX'] ?? uniquePrefix();
  // Only a prefix made up here is this service's to delete: a named one belongs to whoever named it (another
  // test service sharing its indices, a bench keeping them).
  const ownsIndices = overrides['INDEX_PREFIX'] === undefined;
  const env = parseEnv(baseEnvSchema, {
    ...process.env,
    INDEX_PREFIX: prefix,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  const rt = createRuntime(env, 'test');
  await ensureIndices(rt.es, prefix, allIndices);
  const firmA = 'firm-a';
  const firmB = 'firm-b';
  const make = async (input: Parameters<typeof generateApiKey>[0]) => {
    const { key, record } = generateApiKey(input);
    await storeApiKey(rt.es, rt.names.apiKeys, record);
    return key;
  };
  // Side by side: each store waits for the index's refresh, and four in a row waited for up to four of them.
  const [bureau, employerA, employerB, site] = await Promise.all([
    make({ role: 'bureau' }),
    make({ role: 'employer', firmId: firmA }),
    make({ role: 'employer', firmId: firmB }),
    make({ role: 'site', siteId: 'test-site' }),
  ]);
  const keys = { bureau, employerA, employerB, site };
  const built = await build(rt);
  const server: Server = await new Promise((resolve) => {
    const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call: TestService['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.key) headers['authorization'] = `Bearer ${opts.key}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    url,
    rt,
    built,
    keys,
    firmA,
    firmB,
    call,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const close of built.closers ?? []) await close();
      if (ownsIndices) await deleteIndicesWithPrefix(rt.es, prefix).catch(() => {});
      await rt.close();
    },
  };
}

/** Another service's app on the same runtime (same indices, queues and keys) as `svc`, on a free port. */
export interface Companion {
  url: string;
  built: BuiltService;
  close: () => Promise<void>;
}

/**
 * Starts another service's app beside `svc`, sharing its runtime: the same keys work on both, so a test can
 * follow a call from one service to another over HTTP (the monitor publishing vacancies through ingest).
 * Close companions before `svc` (which removes the indices).
 */
export async function startCompanion(
  svc: TestService,
  build: (rt: Runtime) => Promise<BuiltService> | BuiltService,
): Promise<Companion> {
  const built = await build(svc.rt);
  const server: Server = await new Promise((resolve) => {
    const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    built,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const close of built.closers ?? []) await close();
    },
  };
}

/** Registers firms as the bureau's firm route would store them (swap only checks that they exist). */
export async function registerFirms(svc: TestService, ids: Iterable<string>): Promise<void> {
  const operations = [...new Set(ids)].flatMap((id) => [
    { index: { _index: svc.rt.names.firms, _id: id } },
    { id, name: `测试企业 ${id}`, isKeyEnterprise: false, updatedAt: new Date().toISOString() },
  ]);
  if (operations.length === 0) return;
  const res = await svc.rt.es.bulk({ operations });
  if (res.errors) throw new Error(`registering firms failed: ${JSON.stringify(res.items.slice(0, 3))}`);
}
