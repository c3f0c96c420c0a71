/**
 * Property-based fuzzing of the five services' OpenAPI descriptions with schemathesis (PyPI).
 *
 * Starts ingest, matcher, swap and intent-worker in this process against the real engine and Redis, in
 * their own index and queue prefix, seeds a small demo campaign (firms, fairs, vacancies, workers, swap posts,
 * an agreement, an intention), then runs `schemathesis run` on each `/openapi.json` with a bureau key and
 * again with an employer and a site key. Checks: no 5xx, status codes and content types as documented,
 * responses that conform to their own schema, no stack trace in any body (test/fuzz/hooks.py). Exits
 * non-zero on any failure. schemathesis is installed into `.venv-fuzz/` (git-ignored), reused when present.
 *
 *   pnpm test:fuzz            the CI run: fixed seed, a bounded number of examples per operation
 *   pnpm fuzz                 a longer local run: random seed, more examples
 *   options: --examples N  --seed N|random  --service ingest|matcher|swap|intent-worker (repeatable)
 *
 * Expects ELASTICSEARCH_URL and REDIS_URL (./fugong test sets them).
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ensurePinnedVenv } from '../../scripts/python-venv.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { type BuiltService, type Runtime, createRuntime, generateApiKey, storeApiKey } from '@fugong/http';
import { allIndices, deleteIndicesWithPrefix, ensureIndices } from '@fugong/search';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { buildIntentService } from '@fugong/intent-worker/app';
import { intentOptionsFromEnv } from '../../services/intent-worker/src/env.ts';
import { buildApp as buildMatcher } from '@fugong/matcher/app';
import { buildApp as buildMonitor } from '@fugong/monitor/app';
import { buildApp as buildConvoys } from '@fugong/convoys/app';
import { buildApp as buildSwap } from '@fugong/swap/app';
import { loadDemoData } from '../../scripts/load-demo.ts';
import { uniquePrefix } from '../support/service.ts';
import { shortageBody, surplusBody, termsFor } from '../integration/swap-helpers.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const venv = join(root, '.venv-fuzz');
const reportDir = join(root, 'reports', 'fuzz');

const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'no_stack_trace',
];

interface Options {
  /** `--long`: every phase for every key (CI: the coverage phase for the bureau only). */
  long: boolean;
  examples: number;
  seed: number;
  services: string[];
}

function parseArgs(argv: string[]): Options {
  const long = argv.includes('--long');
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seedArg = value('--seed') ?? (long ? 'random' : '20200301');
  const seed = seedArg === 'random' ? randomInt(1, 2 ** 31 - 1) : Number(seedArg);
  const examples = Number(value('--examples') ?? (long ? 200 : 12));
  if (!Number.isInteger(seed) || !Number.isInteger(examples) || examples < 1)
    throw new Error('--seed: an integer or "random"; --examples: a positive integer');
  const services = argv.flatMap((a, i) => (argv[i - 1] === '--service' ? [a] : []));
  return { long, examples, seed, services };
}

/** Creates `.venv-fuzz` with the pinned schemathesis, or reuses it when it already holds those pins. */
function ensureVenv(): string {
  return join(
    ensurePinnedVenv(venv, join(root, 'test', 'fuzz', 'requirements.txt'), 'fuzz'),
    'bin',
    'schemathesis',
  );
}

/** One service's app, listening on a free port of this process. */
interface Running {
  name: string;
  url: string;
  built: BuiltService;
  server: Server;
}

async function listen(name: string, built: BuiltService): Promise<Running> {
  const server: Server = await new Promise((resolve) => {
    const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { name, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, built, server };
}

/** A JSON request with a key; throws unless the status is one of `ok`. */
async function call(url: string, method: string, key: string, body: unknown, ok: number[]): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!ok.includes(res.status)) throw new Error(`seed ${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** A key stored in the shared key index. */
async function makeKey(rt: Runtime, input: Parameters<typeof generateApiKey>[0]): Promise<string> {
  const { key, record } = generateApiKey(input);
  await storeApiKey(rt.es, rt.names.apiKeys, record);
  return key;
}

interface Seeded {
  keys: { bureau: string; employer: string; site: string };
  /** path template → parameter → values that name stored records. */
  known: Record<string, Record<string, string[]>>;
}

/** A small campaign (the demo loader, then the swap and matcher write paths) and the ids to reach. */
async function seed(rt: Runtime, urls: Record<string, string>): Promise<Seeded> {
  await loadDemoData(rt, { scale: 60, force: true });
  const firm = 'zz-firm-0001';
  const keys = {
    bureau: await makeKey(rt, { role: 'bureau', label: 'fuzz bureau' }),
    employer: await makeKey(rt, { role: 'employer', firmId: firm, label: 'fuzz employer' }),
    site: await makeKey(rt, { role: 'site', siteId: 'zzhrss-portal', label: 'fuzz site' }),
  };
  const other = await makeKey(rt, { role: 'employer', firmId: 'zz-firm-0002' });
  // A posting of the employer's own, so its routes reach a record it may change.
  await call(`${urls['ingest']}/v1/vacancies/fuzz-1`, 'PUT', keys.employer, seedVacancy(), [200, 201]);
  await rt.es.indices.refresh({ index: [rt.names.vacancies, rt.names.workers, rt.names.fairs] });
  const ids = async (index: string, query: object = { match_all: {} }): Promise<string[]> => {
    const res = await rt.es.search({ index, size: 3, query, sort: ['_doc'] });
    return res.hits.hits.map((h) => String(h._id));
  };
  const vacancies = await ids(rt.names.vacancies);
  const workers = await ids(rt.names.workers);
  const fairs = await ids(rt.names.fairs);

  const swap = urls['swap']!;
  const surplusId = (await call(`${swap}/v1/swap/surplus`, 'POST', keys.employer, surplusBody(), [201])).id;
  const shortageId = (await call(`${swap}/v1/swap/shortage`, 'POST', other, shortageBody(), [201])).id;
  const agreementId = (
    await call(
      `${swap}/v1/swap/agreements`,
      'POST',
      keys.employer,
      { surplusId, shortageId, headcount: 1, from: '2020-03-05', to: '2020-04-15', terms: termsFor(1) },
      [201],
    )
  ).id;
  const application = {
    kind: 'application',
    vacancyId: vacancies[0],
    workerId: workers[0],
    consent: { given: true, at: new Date().toISOString() },
  };
  await call(`${urls['matcher']}/v1/intentions`, 'POST', keys.site, application, [200, 202, 400, 409]);

  // A monitored firm with a report (yesterday in Asia/Shanghai) that names a trade, so the monitor's routes
  // reach a stored report, its history and the loop's publish path.
  const monitor = urls['monitor']!;
  const reportDay = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  await call(
    `${monitor}/v1/monitor/firms/${firm}`,
    'PUT',
    keys.bureau,
    { frequency: 'daily', startDate: '2020-01-01' },
    [200, 201],
  );
  await call(
    `${monitor}/v1/monitor/reports/${firm}/${reportDay}`,
    'PUT',
    keys.employer,
    {
      status: 'partly',
      capacityPct: 50,
      employees: 100,
      onPost: 60,
      openPositions: 8,
      hiringNeeds: [{ occupation: '普工', headcount: 8 }],
    },
    [200, 201],
  );
  const report = { firmId: [firm], date: [reportDay] };

  // A convoy plan: the employer's firm receives the trip, the first seeded worker rides it.
  const trip = {
    tripId: [await seedConvoy(urls['convoys']!, keys.bureau, firm, workers[0] ?? 'zz-worker-0001')],
  };
  const agreement = { id: [agreementId] };
  return {
    keys,
    known: {
      '/v1/vacancies/{externalRef}': { externalRef: ['fuzz-1'] },
      '/v1/vacancies/{externalRef}/close': { externalRef: ['fuzz-1'] },
      // One template for both, where the path is read as an id when it holds a colon.
      '/v1/vacancies/{ref}': { ref: ['fuzz-1', ...vacancies] },
      '/v1/vacancies/{ref}/close': { ref: ['fuzz-1'] },
      '/v1/vacancies/{id}': { id: vacancies },
      '/v1/vacancies/{id}/candidates': { id: [`${firm}:fuzz-1`, ...vacancies] },
      '/v1/workers/{id}': { id: workers },
      '/v1/workers/{id}/recommendations': { id: workers },
      '/v1/firms/{id}': { id: [firm, 'zz-firm-0002'] },
      '/v1/fairs/{id}': { id: fairs },
      '/v1/fairs/{id}/dashboard': { id: fairs },
      '/v1/swap/surplus/{id}': { id: [surplusId] },
      '/v1/swap/surplus/{id}/close': { id: [surplusId] },
      '/v1/swap/shortage/{id}': { id: [shortageId] },
      '/v1/swap/shortage/{id}/close': { id: [shortageId] },
      '/v1/swap/agreements/{id}': agreement,
      '/v1/swap/agreements/{id}/accept': agreement,
      '/v1/swap/agreements/{id}/activate': agreement,
      '/v1/swap/agreements/{id}/complete': agreement,
      '/v1/swap/agreements/{id}/cancel': agreement,
      '/v1/convoys/trips/{tripId}': trip,
      '/v1/convoys/trips/{tripId}/confirm': trip,
      '/v1/convoys/trips/{tripId}/depart': trip,
      '/v1/convoys/trips/{tripId}/arrive': trip,
      '/v1/convoys/trips/{tripId}/cancel': trip,
      '/v1/convoys/trips/{tripId}/passengers': trip,
      '/v1/convoys/trips/{tripId}/passengers/{workerId}': {
        ...trip,
        workerId: [workers[0] ?? 'zz-worker-0001'],
      },
      '/v1/convoys/trips/{tripId}/manifest': trip,
      '/v1/convoys/trips/{tripId}/manifest/csv': trip,
      '/v1/convoys/trips/{tripId}/manifest/xlsx': trip,
      '/v1/monitor/firms/{firmId}': { firmId: [firm, 'zz-firm-0002'] },
      '/v1/monitor/reports/{firmId}/{date}': report,
      '/v1/monitor/reports/{firmId}/{date}/history': report,
      '/v1/monitor/reports/{firmId}/{date}/publish': report,
      '/v1/monitor/reports/{firmId}/{date}/publications': report,
      // Top-level body fields that name records (test/fuzz/hooks.py, flatmap_body).
      '@body': {
        firmId: [firm, 'zz-firm-0002'],
        vacancyId: vacancies.slice(0, 2),
        workerId: workers.slice(0, 2),
        surplusId: [surplusId],
        shortageId: [shortageId],
      },
    },
  };
}

/** One planned trip (convoys): three travellers to `firm`, `worker` among them; returns its id. */
async function seedConvoy(url: string, key: string, firm: string, worker: string): Promise<string> {
  const traveller = (workerId: string) => ({
    workerId,
    origin: { townCode: '370403006', districtCode: '370403', point: { lat: 34.8051, lon: 117.3226 } },
    destination: { firmId: firm, districtCode: '330203', point: { lat: 29.87, lon: 121.55 } },
    earliest: '2020-02-14',
    latest: '2020-02-16',
  });
  const body = { travellers: [traveller(worker), traveller('fuzz-rider-1'), traveller('fuzz-rider-2')] };
  return (await call(`${url}/v1/convoys/plans`, 'POST', key, body, [201])).trips[0].tripId;
}

const seedVacancy = () => ({
  title: '普工',
  totalJobOpenings: 5,
  wage: { min: 4000, max: 6000, unit: 'month' },
  workPlace: { district: '薛城区' },
  validThrough: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
});

interface RunResult {
  service: string;
  caller: string;
  code: number;
  seconds: number;
  summary: string;
  /** Operations tested and test cases generated, as schemathesis counted them. */
  operations: number;
  cases: number;
}

/** One `schemathesis run` against one service with one key; its output goes through, its summary is kept. */
function schemathesis(
  bin: string,
  run: { service: string; url: string; caller: string; key: string; examples: number; phases: string },
  opts: Options,
  knownFile: string,
): Promise<RunResult> {
  const { service, url, caller, key, examples, phases } = run;
  const started = Date.now();
  const dir = join(reportDir, `${service}-${caller}`);
  const args = [
    '--config-file',
    join(root, 'test', 'fuzz', 'schemathesis.toml'),
    'run',
    `${url}/openapi.json`,
    '--checks',
    CHECKS.join(','),
    '--header',
    `Authorization: Bearer ${key}`,
    '--phases',
    phases,
    '--max-examples',
    String(examples),
    '--seed',
    String(opts.seed),
    '--generation-database',
    'none',
    '--request-timeout',
    '30',
    '--workers',
    '1',
    '--no-color',
    '--report',
    'junit',
    '--report-dir',
    dir,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: root,
      env: {
        ...process.env,
        SCHEMATHESIS_HOOKS: 'hooks',
        PYTHONPATH: join(root, 'test', 'fuzz'),
        FUZZ_KNOWN_IDS: knownFile,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // The full report goes to a file beside the JUnit one, and to the terminal only when the run failed:
    // schemathesis closes with pytest-style lines ("=== 3 warnings in 1.76s ===") that a CI reading the
    // last lines would take for a pytest run of no tests.
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'output.txt'), out);
      if (code !== 0) process.stderr.write(out);
      const summary = (/={3,} (.+?) in [\d.]+s ={3,}/.exec(out)?.[1] ?? 'no summary').trim();
      const operations = Number(/Tested: (\d+)/.exec(out)?.[1] ?? 0);
      const cases = Number(/(\d+) generated/.exec(out)?.[1] ?? 0);
      const seconds = (Date.now() - started) / 1000;
      console.error(
        `[fuzz] ${service} as ${caller}: ${cases} test cases, ${summary} (${seconds.toFixed(1)} s)`,
      );
      resolve({ service, caller, code: code ?? 1, seconds, summary, operations, cases });
    });
  });
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const bin = ensureVenv();
  const prefix = uniquePrefix('fz');
  const env = parseEnv(baseEnvSchema, {
    ...process.env,
    INDEX_PREFIX: prefix,
    QUEUE_PREFIX: prefix,
    // A 5xx is logged with its stack (on stdout, the fuzzer's report goes to stderr); nothing else is.
    LOG_LEVEL: process.env['FUZZ_LOG_LEVEL'] ?? 'error',
    // The fuzzer is one client sending thousands of requests: the limits are not what it tests.
    RATE_LIMIT_ANONYMOUS: '1000000',
    RATE_LIMIT_KEYED: '1000000',
    // Nor is latency: on a busy machine (CI, a CPU hog beside the suite) an engine call may take seconds, and
    // a 503 for that would be noise. A slow answer is still an answer; a timed-out request still fails the run.
    ENGINE_TIMEOUT_MS: process.env['FUZZ_ENGINE_TIMEOUT_MS'] ?? '20000',
    REDIS_COMMAND_TIMEOUT_MS: process.env['FUZZ_REDIS_COMMAND_TIMEOUT_MS'] ?? '10000',
  });
  process.env['INGEST_EXPIRY_INTERVAL_MS'] = '0';
  // One runtime (engine client, Redis) for the five apps, as one process of each would have.
  const rt = createRuntime(env, 'fuzz');
  const running: Running[] = [];
  let failed = true;
  try {
    await ensureIndices(rt.es, prefix, allIndices);
    // Writes wait for a refresh (`refresh: wait_for`): a short interval keeps each from costing up to a second.
    await rt.es.indices.putSettings({ index: `${prefix}-*`, settings: { refresh_interval: '100ms' } });
    running.push(await listen('ingest', await buildIngest(rt)));
    running.push(await listen('matcher', await buildMatcher(rt)));
    running.push(await listen('swap', await buildSwap(rt, { SWAP_REPAIR_INTERVAL_MS: 0 })));
    running.push(await listen('intent-worker', await buildIntentService(intentOptionsFromEnv())(rt)));
    // The monitor's loop publishes through the three above, as it would in a deployment.
    const at = (name: string) => running.find((r) => r.name === name)!.url;
    running.push(
      await listen(
        'monitor',
        buildMonitor(rt, {
          loop: {
            urls: { ingest: at('ingest'), matcher: at('matcher'), swap: at('swap') },
            timeoutMs: 20_000,
          },
        }),
      ),
    );
    running.push(await listen('convoys', buildConvoys(rt)));
    const seeded = await seed(rt, Object.fromEntries(running.map((r) => [r.name, r.url])));
    mkdirSync(reportDir, { recursive: true });
    const knownFile = join(reportDir, 'known-ids.json');
    writeFileSync(knownFile, JSON.stringify(seeded.known, null, 2));
    console.error(
      `[fuzz] services up and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `seed ${opts.seed}, ${opts.examples} examples per operation (prefix ${prefix})`,
    );

    const results: RunResult[] = [];
    const wanted = running.filter((r) => opts.services.length === 0 || opts.services.includes(r.name));
    for (const svc of wanted) {
      // The bureau may call every route: every phase, including the coverage phase's boundary and wrong-type
      // values for each field. An employer and a site see their own views: random cases, fewer of them
      // (every phase too in a long run).
      const few = Math.max(1, Math.ceil(opts.examples / 3));
      const all = 'examples,coverage,fuzzing,stateful';
      for (const [caller, examples, phases] of [
        ['bureau', opts.examples, all],
        ['employer', few, opts.long ? all : 'fuzzing'],
        ['site', few, opts.long ? all : 'fuzzing'],
      ] as const) {
        // The bureau's runs may revoke any employer or site key they find (GET /v1/keys lists them; the stateful
        // phase feeds their ids to POST /v1/keys/{keyId}/revoke): each employer and site run gets a key made
        // just before it (same firm, same site), so it tests its role and not a revoked key's 401s.
        const key =
          caller === 'employer'
            ? await makeKey(rt, { role: 'employer', firmId: 'zz-firm-0001', label: 'fuzz employer' })
            : caller === 'site'
              ? await makeKey(rt, { role: 'site', siteId: 'zzhrss-portal', label: 'fuzz site' })
              : seeded.keys.bureau;
        results.push(
          await schemathesis(
            bin,
            { service: svc.name, url: svc.url, caller, key, examples, phases },
            opts,
            knownFile,
          ),
        );
      }
    }
    const bad = results.filter((r) => r.code !== 0);
    console.error('\n[fuzz] summary (service, key, time, operations, test cases, result)');
    for (const r of results) {
      const line = [
        r.code === 0 ? 'ok  ' : 'FAIL',
        r.service.padEnd(14),
        r.caller.padEnd(9),
        `${r.seconds.toFixed(1).padStart(6)} s`,
        `${String(r.operations).padStart(3)} ops`,
        `${String(r.cases).padStart(5)} cases`,
        r.summary,
      ];
      console.error(`  ${line.join('  ')}`);
    }
    const total = (f: (r: RunResult) => number) => results.reduce((n, r) => n + f(r), 0);
    console.error(
      `[fuzz] ${total((r) => r.cases)} test cases over ${total((r) => r.operations)} operation runs in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; seed ${opts.seed}, ${opts.examples} examples per ` +
        `operation; reports in reports/fuzz/; replay: pnpm fuzz --seed ${opts.seed} --examples ${opts.examples}`,
    );
    console.error(`[fuzz] full reports: reports/fuzz/<service>-<key>/output.txt`);
    // On stdout: ./fugong test adds it to the run's total.
    console.log(`fuzz: ${results.length - bad.length} passed, ${bad.length} failed`);
    failed = bad.length > 0;
  } finally {
    for (const r of running.reverse()) {
      await new Promise<void>((resolve) => r.server.close(() => resolve()));
      r.server.closeAllConnections();
      for (const close of r.built.closers ?? []) await close().catch(() => {});
    }
    await deleteIndicesWithPrefix(rt.es, prefix).catch(() => {});
    await cleanRedis(rt, prefix);
    await rt.close();
  }
  process.exit(failed ? 1 : 0);
}

/** Removes what the run left in Redis (queues, change sequence, demo marker) under its unique prefix. */
async function cleanRedis(rt: Runtime, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await rt.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await rt.redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

await main();
