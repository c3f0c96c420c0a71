/**
 * `pnpm bench cluster` (issue #13): what more copies of the services buy on the cluster of `./fugong start
 * --cluster`, side by side for 1, 2 and 3 copies. Needs ELASTICSEARCH_URL (every node), REDIS_CLUSTER_NODES and
 * INDEX_PREFIX naming indices with vacancies and workers (those `./fugong start --cluster` filled), and the
 * bureau key of `.data/cluster-topology.json` (or SCALE_COPIES_KEY). Two phases (SCALE_COPIES_PHASES):
 *
 * - `search`: k copies of the matcher behind a balancer on SCALE_COPIES_FRONT (3850); SCALE_COPIES_LOOPS (16)
 *   loops of the search mix for SCALE_COPIES_S (15 s): searches/s, p50, p95, errors.
 * - `intentions`: k matcher copies behind the balancer and a queue of the bench's own (QUEUE_PREFIX
 *   `copies-<time>`, so the platform's own intent workers do not take its jobs). First SCALE_COPIES_INTENTIONS
 *   (6,000) applications by the bureau through the balancer, with no worker running: accepted (202) per
 *   second is the enqueue rate through k matcher copies. Then k intent-worker copies start on the filled
 *   queue, and the time from the last copy being ready until every accepted intention is in the engine gives
 *   recorded/s for k worker copies (copies that start earlier take some jobs first, so the figure for k > 1
 *   is a little flattering). Intentions already recorded before the round (a pair from an earlier run) are
 *   left out of the count.
 *
 * The copies run on this machine beside the three engine nodes, so on two cores the curve flattens early:
 * the figures say where the time goes, not what a real cluster with cores of its own would do.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSearchClient, indexNames } from '@fugong/search';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FRONT = Number(process.env['SCALE_COPIES_FRONT'] ?? 3850);
const BASE = Number(process.env['SCALE_COPIES_PORT'] ?? 3951);
const LOOPS = Number(process.env['SCALE_COPIES_LOOPS'] ?? 16);
const MS = Number(process.env['SCALE_COPIES_S'] ?? 15) * 1000;
const INTENTIONS = Number(process.env['SCALE_COPIES_INTENTIONS'] ?? 6000);
const PHASES = (process.env['SCALE_COPIES_PHASES'] ?? 'search,intentions').split(',');
const COPIES = (process.env['SCALE_COPIES'] ?? '1,2,3').split(',').map(Number);
const QUERIES = [
  'q=普工',
  'q=操作工&district=薛城',
  'q=缝纫工&boardAndLodging=true',
  'q=电工&sort=wage',
  'district=370403&sort=newest',
];
const balancer = join(root, 'infra', 'cluster', 'balancer');
const balancerEnv = { ...process.env, BALANCER_NAME: 'copies' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((p / 100) * (xs.length - 1))] ?? 0;

async function ready(port: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`port ${port} not ready`);
}

/** Starts `copies` copies of a service on consecutive ports from `base`; the caller stops them. */
function startCopies(service: string, base: number, copies: number, env: NodeJS.ProcessEnv) {
  const ports = Array.from({ length: copies }, (_, i) => base + i);
  const children: ChildProcess[] = ports.map((port) =>
    spawn(process.execPath, [join(root, 'services', service, 'src', 'main.ts')], {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'loopback',
        // The bench is one client address: lift the per-address and per-key limits for these copies only.
        RATE_LIMIT_ANONYMOUS: '10000000',
        RATE_LIMIT_KEYED: '10000000',
      },
      stdio: 'ignore',
    }),
  );
  return { ports, children };
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  try {
    execFileSync(balancer, ['stop'], { env: balancerEnv, stdio: 'ignore' });
  } catch {
    // no balancer running
  }
  for (const c of children) c.kill('SIGTERM');
  await sleep(1500);
}

async function searchRound(copies: number) {
  const { ports, children } = startCopies('matcher', BASE, copies, {});
  try {
    for (const p of ports) await ready(p);
    execFileSync(balancer, ['start', `matcher:${FRONT}:${ports.join(',')}`], {
      env: balancerEnv,
      stdio: 'ignore',
    });
    await ready(FRONT);
    const latencies: number[] = [];
    let errors = 0;
    const end = Date.now() + MS;
    await Promise.all(
      Array.from({ length: LOOPS }, async (_, l) => {
        for (let i = l; Date.now() < end; i++) {
          const t = performance.now();
          const res = await fetch(
            `http://127.0.0.1:${FRONT}/v1/vacancies/search?${QUERIES[i % QUERIES.length]}&size=10`,
          ).catch(() => undefined);
          await res?.arrayBuffer();
          if (res?.status === 200) latencies.push(performance.now() - t);
          else errors++;
        }
      }),
    );
    return {
      phase: 'search',
      copies,
      searchesPerSecond: Number((latencies.length / (MS / 1000)).toFixed(1)),
      p50Ms: Math.round(pct(latencies, 50)),
      p95Ms: Math.round(pct(latencies, 95)),
      errors,
    };
  } finally {
    await stopAll(children);
  }
}

const names = indexNames(process.env['INDEX_PREFIX'] ?? 'fugong');
const es = createSearchClient(process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200');

function bureauKey(): string {
  if (process.env['SCALE_COPIES_KEY']) return process.env['SCALE_COPIES_KEY'];
  const file = join(root, '.data', 'cluster-topology.json');
  if (!existsSync(file)) throw new Error('no SCALE_COPIES_KEY and no .data/cluster-topology.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { keys: { bureau: string } }).keys.bureau;
}

/** Open vacancies and workers to pair: applications by the bureau need nothing recorded before them. */
async function sample(): Promise<{ vacancies: string[]; workers: string[] }> {
  const ids = async (index: string, query: Record<string, object>) =>
    (
      await es.search({
        index,
        size: 400,
        _source: false,
        query: {
          function_score: { query, functions: [{ random_score: { seed: Date.now(), field: '_seq_no' } }] },
        },
      })
    ).hits.hits.map((h) => h._id!);
  const vacancies = await ids(names.vacancies, { term: { status: 'open' } });
  const workers = await ids(names.workers, { match_all: {} });
  if (vacancies.length < 20 || workers.length < 20)
    throw new Error(`too few open vacancies (${vacancies.length}) or workers (${workers.length})`);
  return { vacancies, workers };
}

/** The ids among these that the engine holds now (real time). */
async function present(ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const res = await es.mget({ index: names.intentions, ids: ids.slice(i, i + 1000), _source: false });
    for (const d of res.docs) if ('found' in d && d.found) found.add(d._id);
  }
  return found;
}

let pairCursor = Math.floor(Math.random() * 1e6);
async function intentionsRound(copies: number, pool: { vacancies: string[]; workers: string[] }) {
  const key = bureauKey();
  const queuePrefix = `copies-${Date.now().toString(36)}`;
  const matchers = startCopies('matcher', BASE, copies, { QUEUE_PREFIX: queuePrefix });
  const children = [...matchers.children];
  try {
    for (const p of matchers.ports) await ready(p);
    execFileSync(balancer, ['start', `matcher:${FRONT}:${matchers.ports.join(',')}`], {
      env: balancerEnv,
      stdio: 'ignore',
    });
    await ready(FRONT);
    // Fill: INTENTIONS distinct pairs, through the balancer, nobody consuming.
    const accepted: string[] = [];
    const codes: Record<number, number> = {};
    let next = 0;
    const fillStart = performance.now();
    await Promise.all(
      Array.from({ length: LOOPS }, async () => {
        while (next < INTENTIONS) {
          next++;
          const c = pairCursor++;
          const V = pool.vacancies.length;
          const body = {
            kind: 'application',
            vacancyId: pool.vacancies[c % V],
            workerId: pool.workers[Math.floor(c / V) % pool.workers.length],
          };
          const res = await fetch(`http://127.0.0.1:${FRONT}/v1/intentions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }).catch(() => undefined);
          const status = res?.status ?? 0;
          codes[status] = (codes[status] ?? 0) + 1;
          const json = (await res?.json().catch(() => undefined)) as { id?: string } | undefined;
          if (status === 202 && json?.id) accepted.push(json.id);
        }
      }),
    );
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const already = await present(accepted);
    const expected = accepted.filter((id) => !already.has(id));
    // Drain: k worker copies on the filled queue.
    const workers = startCopies('intent-worker', BASE + 10, copies, { QUEUE_PREFIX: queuePrefix });
    children.push(...workers.children);
    for (const p of workers.ports) await ready(p);
    const drainStart = performance.now();
    let missing = expected;
    const deadline = Date.now() + 10 * 60_000;
    while (missing.length > 0 && Date.now() < deadline) {
      await sleep(250);
      const found = await present(missing);
      missing = missing.filter((id) => !found.has(id));
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    return {
      phase: 'intentions',
      copies,
      sent: INTENTIONS,
      statuses: codes,
      acceptedPerSecond: Number((accepted.length / fillSeconds).toFixed(1)),
      recordedBeforeRound: already.size,
      recorded: expected.length - missing.length,
      missing: missing.length,
      recordedPerSecond: Number(((expected.length - missing.length) / drainSeconds).toFixed(1)),
    };
  } finally {
    await stopAll(children);
  }
}

const results: object[] = [];
const pool = PHASES.includes('intentions') ? await sample() : { vacancies: [], workers: [] };
for (const phase of PHASES)
  for (const copies of COPIES) {
    const r = phase === 'search' ? await searchRound(copies) : await intentionsRound(copies, pool);
    results.push(r);
    console.error(JSON.stringify(r));
  }
console.log(JSON.stringify({ loops: LOOPS, seconds: MS / 1000, intentions: INTENTIONS, results }));
