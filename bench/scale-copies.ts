/**
 * `pnpm bench scale-copies`: search throughput through HAProxy with 1, 2 and 3 copies of the matcher, side by
 * side, on the cluster of `infra/up --cluster` (ELASTICSEARCH_URL with every node, REDIS_CLUSTER_NODES, and
 * INDEX_PREFIX naming indices that hold vacancies, e.g. those `./fugong start --cluster` and `pnpm bench
 * scale` filled). Each round starts the copies on SCALE_COPIES_PORT (3951…), a balancer in front on
 * SCALE_COPIES_FRONT (3850), runs SCALE_COPIES_LOOPS (16) loops of the search mix for SCALE_COPIES_S (15 s),
 * and stops them. Only searches: intention throughput per worker copy is `pnpm bench intentions`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FRONT = Number(process.env['SCALE_COPIES_FRONT'] ?? 3850);
const BASE = Number(process.env['SCALE_COPIES_PORT'] ?? 3951);
const LOOPS = Number(process.env['SCALE_COPIES_LOOPS'] ?? 16);
const MS = Number(process.env['SCALE_COPIES_S'] ?? 15) * 1000;
const QUERIES = [
  'q=普工',
  'q=操作工&district=薛城',
  'q=缝纫工&boardAndLodging=true',
  'q=电工&sort=wage',
  'district=370403&sort=newest',
];
const balancer = join(root, 'infra', 'cluster', 'balancer');
const env = { ...process.env, BALANCER_NAME: 'copies' };
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

const results = [];
for (const copies of [1, 2, 3]) {
  const ports = Array.from({ length: copies }, (_, i) => BASE + i);
  const children: ChildProcess[] = ports.map((port) =>
    spawn(process.execPath, [join(root, 'services', 'matcher', 'src', 'main.ts')], {
      // The bench is one client address: lift the anonymous limit for these copies only.
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'loopback',
        RATE_LIMIT_ANONYMOUS: '10000000',
      },
      stdio: 'ignore',
    }),
  );
  try {
    for (const p of ports) await ready(p);
    execFileSync(balancer, ['start', `matcher:${FRONT}:${ports.join(',')}`], { env, stdio: 'ignore' });
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
    results.push({
      copies,
      searchesPerSecond: Number((latencies.length / (MS / 1000)).toFixed(1)),
      p50Ms: Math.round(pct(latencies, 50)),
      p95Ms: Math.round(pct(latencies, 95)),
      errors,
    });
    console.error(JSON.stringify(results.at(-1)));
  } finally {
    execFileSync(balancer, ['stop'], { env, stdio: 'ignore' });
    for (const c of children) c.kill('SIGTERM');
    await sleep(1500);
  }
}
console.log(JSON.stringify({ loops: LOOPS, seconds: MS / 1000, results }));
