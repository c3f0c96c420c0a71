/**
 * The five services' OpenAPI documents, committed under openapi/ so that a change of contract shows in review
 * (and breaks the typed client, packages/client, until it is regenerated).
 *
 *   pnpm openapi                  writes openapi/<service>.json from the built apps
 *   pnpm openapi --check          exits 1 when a committed document differs from the built one (a unit test
 *                                 runs this: test/unit/openapi-contract.test.ts)
 *   pnpm openapi --out DIR        writes elsewhere
 *
 * No infrastructure is needed: each app is built on a runtime whose engine client connects lazily and whose
 * Redis address answers nothing (the connections retry in the background and are never used), then serves
 * its own `/openapi.json` on a loopback port — the document clients see. The environment is cleared of
 * everything but what Node needs first, so a local setting (PUBLIC_BASE_URL, a service's limits) can never
 * leak into the committed contract.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The services in the order the README lists them; each document is `openapi/<name>.json`. */
export const SERVICES = ['ingest', 'matcher', 'swap', 'intent-worker', 'monitor', 'convoys'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const OPENAPI_DIR = join(root, 'openapi');

/** The refresh command, named in every "stale" message. */
export const REFRESH = 'pnpm openapi && pnpm client:generate';

/** Variables kept: those Node and the shell need. Everything the services read falls back to its default. */
const KEEP_ENV = new Set(['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_OPTIONS']);

/** How a document is stored: two-space JSON, one trailing newline (stable, diff-friendly). */
export function serialise(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Builds every service's app without infrastructure and answers each one's `/openapi.json`. Clears this
 * process's environment first and leaves connections behind: for a process of its own (the CLI below).
 */
export async function buildDocuments(): Promise<Record<ServiceName, unknown>> {
  for (const key of Object.keys(process.env)) if (!KEEP_ENV.has(key)) delete process.env[key];
  process.env['INGEST_EXPIRY_INTERVAL_MS'] = '0'; // no sweeper timer
  process.env['INTENT_WORKER'] = 'false'; // the read side only: no BullMQ worker
  // Imported only now, after the environment is cleared, in case a module reads it when loaded.
  const { baseEnvSchema, parseEnv } = await import('@fugong/config');
  const { createRuntime } = await import('@fugong/http');
  const ingest = await import('@fugong/ingest/app');
  const matcher = await import('@fugong/matcher/app');
  const swap = await import('@fugong/swap/app');
  const intent = await import('@fugong/intent-worker/app');
  const monitor = await import('@fugong/monitor/app');
  const convoys = await import('@fugong/convoys/app');
  // Port 1 is never served on loopback: the Redis client's connection attempts fail at once, quietly.
  const env = parseEnv(baseEnvSchema, {
    ELASTICSEARCH_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    LOG_LEVEL: 'silent',
  });
  const rt = createRuntime(env, 'openapi');
  const builders: Record<ServiceName, () => ReturnType<typeof ingest.buildApp>> = {
    ingest: () => ingest.buildApp(rt),
    matcher: () => matcher.buildApp(rt),
    swap: () => swap.buildApp(rt, { SWAP_REPAIR_INTERVAL_MS: 0 }),
    'intent-worker': () => intent.buildApp(rt),
    monitor: () => monitor.buildApp(rt),
    convoys: () => convoys.buildApp(rt),
  };
  const docs = {} as Record<ServiceName, unknown>;
  for (const name of SERVICES) {
    const built = builders[name]();
    const server: Server = await new Promise((resolve) => {
      const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`);
      if (res.status !== 200) throw new Error(`${name}: GET /openapi.json answered ${res.status}`);
      docs[name] = await res.json();
    } finally {
      server.close();
      server.closeAllConnections();
    }
  }
  // The apps' closers would wait on connections that never come up: the caller exits instead.
  return docs;
}

/** The services whose committed document differs from `docs` (or is missing). */
export function staleDocuments(docs: Record<ServiceName, unknown>, dir = OPENAPI_DIR): ServiceName[] {
  return SERVICES.filter((name) => {
    const file = join(dir, `${name}.json`);
    return !existsSync(file) || readFileSync(file, 'utf8') !== serialise(docs[name]);
  });
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const outIndex = argv.indexOf('--out');
  const dir = outIndex >= 0 && argv[outIndex + 1] ? resolve(argv[outIndex + 1]!) : OPENAPI_DIR;
  const docs = await buildDocuments();
  if (check) {
    const stale = staleDocuments(docs, dir);
    if (stale.length === 0) {
      console.log(`openapi: the ${SERVICES.length} committed documents match the built services`);
      return 0;
    }
    const files = stale.map((name) => relative(root, join(dir, `${name}.json`))).join(', ');
    console.error(
      `openapi: stale contract in ${files}: run \`${REFRESH}\` and commit openapi/ and the client`,
    );
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  for (const name of SERVICES) writeFileSync(join(dir, `${name}.json`), serialise(docs[name]));
  console.log(`openapi: wrote ${SERVICES.length} documents to ${relative(root, dir) || '.'}/`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
