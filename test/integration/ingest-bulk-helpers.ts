import { FirmStore } from '@fugong/stores';
import { readFileSync } from 'node:fs';
import { type BuiltService, type Runtime, createServiceApp } from '@fugong/http';
import { expect } from 'chai';
import { registerBulkRoutes } from '../../services/ingest/src/bulk/routes.ts';
import { type BulkLimits, DEFAULT_BULK_LIMITS } from '../../services/ingest/src/bulk/limits.ts';
import { registerFairRoutes } from '../../services/ingest/src/fairs/routes.ts';
import { registerFirmRoutes } from '../../services/ingest/src/firms/routes.ts';
import { FirmCache } from '../../services/ingest/src/vacancies/firms.ts';
import type { TestService } from './helpers.ts';

export const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url));

/** Registers the test service's two firms (A and B) through the firm route, as the bureau does. */
export async function registerFirms(svc: TestService): Promise<void> {
  for (const id of [svc.firmA, svc.firmB]) {
    const res = await svc.call('PUT', `/v1/firms/${id}`, {
      key: svc.keys.bureau,
      body: {
        name: `测试企业${id}`,
        creditCode: '91350100M000100Y43',
        industry: '制造业',
        place: { district: '薛城区' },
      },
    });
    // Each suite has its own firms index: the firm is new, and a PUT answers 200 either way.
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({ id, result: 'created' });
  }
}

/** POSTs a raw body (text or bytes) to the bulk route. */
export async function upload(
  svc: TestService,
  body: string | Buffer,
  contentType: string,
  opts: { key?: string; query?: string; accept?: string } = {},
): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${svc.url}/v1/vacancies/bulk${opts.query ?? ''}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${opts.key ?? svc.keys.employerA}`,
      'content-type': contentType,
      ...(opts.accept ? { accept: opts.accept } : {}),
    },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // NDJSON or text: keep it
  }
  return { status: res.status, body: parsed, text };
}

/** The stored vacancies with these ids (tombstones excluded), read straight from the engine. */
export async function stored(rt: Runtime, ids: string[]): Promise<Map<string, Record<string, any>>> {
  if (ids.length === 0) return new Map();
  const res = await rt.es.mget<Record<string, any>>({ index: rt.names.vacancies, ids });
  const out = new Map<string, Record<string, any>>();
  for (const d of res.docs as Array<{ _id: string; found?: boolean; _source?: Record<string, any> }>) {
    if (d.found && d._source && d._source['status'] !== 'deleted') out.set(d._id, d._source);
  }
  return out;
}

/** Checks the report against the index: every item said stored is there, nothing rejected was stored. */
export async function expectReportTruthful(
  rt: Runtime,
  items: Array<{ id?: string; result: string }>,
): Promise<void> {
  const said = items.filter((i) => ['created', 'updated', 'unchanged'].includes(i.result)).map((i) => i.id!);
  const found = await stored(rt, said);
  expect([...found.keys()].sort()).to.deep.equal([...new Set(said)].sort());
  const rejected = items
    .filter((i) => i.result === 'rejected' && i.id && !said.includes(i.id))
    .map((i) => i.id!);
  expect([...(await stored(rt, rejected)).keys()]).to.deep.equal([]);
}

/**
 * An ingest app builder with firms and the bulk route (and the fair routes when asked; the firm cache given,
 * e.g. one that fails on purpose), under the given bulk limits, for tests that need to reach limits or count engine requests per batch.
 */
export function bulkAppBuilder(
  limits: Partial<BulkLimits>,
  opts: { fairs?: boolean; firms?: (rt: Runtime) => FirmCache } = {},
): (rt: Runtime) => BuiltService {
  return (rt) => {
    const svc = createServiceApp({
      name: 'ingest-test',
      version: '0',
      description: 'bulk route under test',
      logger: rt.logger,
      keyStore: rt.keyStore,
      readiness: rt.readiness,
      rateLimits: { anonymous: 1000, keyed: 1000 },
      streamingPaths: /^\/v1\/vacancies\/bulk$/,
    });
    const firms = opts.firms?.(rt) ?? new FirmCache(new FirmStore(rt));
    registerFirmRoutes(svc.api, rt, firms);
    if (opts.fairs) registerFairRoutes(svc.api, rt);
    registerBulkRoutes(svc.api, rt, firms, { ...DEFAULT_BULK_LIMITS, ...limits });
    return { app: svc.finish(), state: svc.state };
  };
}

/** An ingest app with only firms and the bulk route, under small limits so tests can reach them. */
export const buildSmallLimitsApp = bulkAppBuilder({ maxBodyBytes: 4000, maxItems: 3, batchSize: 2 });
