/**
 * `./fugong start --cluster [--replicas N]`: the platform on the clustered topology (infra/up --cluster: three
 * Elasticsearch nodes, a Redis Cluster), N copies of each API service on their own ports under the supervisor,
 * and HAProxy in front of them (infra/cluster/balancer) on the services' usual ports (INGEST_PORT, …), so
 * clients use the same URLs as on one machine. Expects ELASTICSEARCH_URL (every node) and
 * REDIS_CLUSTER_NODES (./fugong sets both from infra/up --cluster).
 *
 * Copy k (1…N) of the i-th service listens on CLUSTER_COPY_PORT_BASE (3900) + 10·i + k. Every copy trusts the
 * balancer's X-Forwarded-For (TRUST_PROXY=loopback) and counts rate limits in Redis; the intentions are spread
 * over INTENT_QUEUE_PARTITIONS (default here 3) queues. The portal runs in
 * copies too, its accounts and sessions on the Redis Cluster (one session secret for all), reaching the
 * services through the balancer; the demo accounts bureau and employer are made as on one machine. The
 * topology is written to
 * .data/cluster-topology.json for `pnpm bench scale`. Ctrl-C or SIGTERM stops the copies and the balancer.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { createRuntime, generateApiKey, storeApiKey } from '@fugong/http';
import { redisReady } from '@fugong/queue';
import { allIndices, createSearchClient, ensureIndices, indexLayout, indexNames } from '@fugong/search';
import { loadDemoData, loaderEnv } from './load-demo.ts';
import { preparePortal } from './portal-setup.ts';
import { answersAs, listeningLine, servicePorts } from './services.ts';
import { Supervisor } from './supervise.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The intentions over three queues, one per primary of the three-primary Redis Cluster (docs/scale.md):
// set before anything reads the environment, so the demo loader and every copy agree on it.
process.env['INTENT_QUEUE_PARTITIONS'] ??= '3';
const env = parseEnv(baseEnvSchema);
if (!env.REDIS_CLUSTER_NODES)
  throw new Error('REDIS_CLUSTER_NODES is not set: start with ./fugong start --cluster');
const args = process.argv.slice(2);
const replicasArg = args.indexOf('--replicas');
const copies = replicasArg >= 0 ? Number(args[replicasArg + 1]) : 2;
if (!Number.isInteger(copies) || copies < 1 || copies > 9) throw new Error('--replicas takes 1 to 9');
const portBase = Number(process.env['CLUSTER_COPY_PORT_BASE'] ?? 3900);
const dataDir = join(root, '.data');
mkdirSync(join(dataDir, 'logs'), { recursive: true });

const services = servicePorts(process.env);
const topology = services.map((svc, i) => ({
  name: svc.name,
  front: svc.port,
  copies: Array.from({ length: copies }, (_, k) => portBase + 10 * i + k + 1),
}));

const started = Date.now();
const es = createSearchClient(env.ELASTICSEARCH_URL);
const indices = await ensureIndices(es, env.INDEX_PREFIX, allIndices, indexLayout(env));
console.error(
  `indices: ${Object.entries(indices)
    .map(([n, r]) => `${n} ${r}`)
    .join(', ')}`,
);
const keys = await clusterKeys();
if (process.env['FUGONG_DEMO'] !== '0') {
  const rt = createRuntime(loaderEnv(env), 'demo-loader');
  try {
    await redisReady(rt.redis);
    await loadDemoData(rt, { log: (line: string) => console.error(line) });
  } finally {
    await rt.close();
  }
}

// The portal's copies: the cluster's keys, one session secret, the services through the balancer.
const portalEnv = await preparePortal({
  dataDir,
  redisUrl: env.REDIS_URL,
  redisClusterNodes: env.REDIS_CLUSTER_NODES,
  prefix: env.QUEUE_PREFIX,
  keys,
  employerName: keys.employerFirmId,
  serviceUrls: topology.map((svc) => [svc.name, `http://127.0.0.1:${svc.front}`] as const),
});

const logs = createWriteStream(join(dataDir, 'logs', 'cluster.log'), { flags: 'a' });
const supervisor = new Supervisor(
  topology.flatMap((svc) =>
    svc.copies.map((port, k) => ({
      name: `${svc.name}-${k + 1}`,
      command: process.execPath,
      args: [join(root, 'services', svc.name, 'src', 'main.ts')],
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        TRUST_PROXY: process.env['TRUST_PROXY'] ?? 'loopback',
        RATE_LIMIT_STORE: process.env['RATE_LIMIT_STORE'] ?? 'redis',
        ...(svc.name === 'portal' ? portalEnv : {}),
      },
      readyLine: listeningLine(svc.name),
    })),
  ),
  {
    log: (line) => console.error(`${new Date().toISOString()} ${line}`),
    onOutput: (name, line) => logs.write(`${name} ${line}\n`),
  },
);
supervisor.start();
const balancer = join(root, 'infra', 'cluster', 'balancer');
execFileSync(balancer, ['start', ...topology.map((s) => `${s.name}:${s.front}:${s.copies.join(',')}`)], {
  stdio: ['ignore', 'inherit', 'inherit'],
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error('stopping the balancer and the service copies…');
  try {
    execFileSync(balancer, ['stop'], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    // already gone
  }
  await supervisor.stop();
  await new Promise((r) => logs.end(r));
  await es.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

// Ready when every copy answers as its service and the balancer answers for each service.
const deadline = Date.now() + 180_000;
for (const svc of topology) {
  for (const port of [...svc.copies, svc.front]) {
    while (!(await answersAs(svc.name, port))) {
      if (Date.now() > deadline) {
        console.error(`${svc.name} not ready on port ${port} after 180 s; see .data/logs/cluster.log`);
        await stop(1);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
writeFileSync(
  join(dataDir, 'cluster-topology.json'),
  `${JSON.stringify({ elasticsearch: env.ELASTICSEARCH_URL, redisClusterNodes: env.REDIS_CLUSTER_NODES, services: topology, keys }, null, 2)}\n`,
  { mode: 0o600 },
);
console.error(
  `${topology.length} services × ${copies} copies ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`
fugong is up on the cluster.
  Elasticsearch  ${env.ELASTICSEARCH_URL}
  Redis Cluster  ${env.REDIS_CLUSTER_NODES.join(',')}
  balancer (HAProxy), ${copies} copies each:
${topology.map((s) => `  ${s.name.padEnd(14)} http://127.0.0.1:${s.front}   copies on ${s.copies.join(', ')}`).join('\n')}
  logs           .data/logs/cluster.log, infra/.data/cluster-*/
  portal         http://127.0.0.1:${topology.find((s) => s.name === 'portal')?.front ?? 3000}/   (bureau / Bureau2020, employer / Employer2020)
  API keys       bureau ${keys.bureau}
                 site   ${keys.site}
Press Ctrl-C to stop.`);

/**
 * A bureau, a site and the demo firm's employer key for this index prefix (made at each start; the cluster has
 * its own indices).
 */
async function clusterKeys(): Promise<{
  bureau: string;
  site: string;
  employer: string;
  employerFirmId: string;
}> {
  const names = indexNames(env.INDEX_PREFIX);
  const employerFirmId = 'zz-firm-0001';
  const bureau = generateApiKey({ role: 'bureau', label: 'cluster bureau' });
  const site = generateApiKey({
    role: 'site',
    siteId: 'zzhrss-portal',
    label: 'cluster site (the portal)',
    rateLimit: 10 * env.RATE_LIMIT_KEYED,
  });
  const employer = generateApiKey({ role: 'employer', firmId: employerFirmId, label: 'cluster employer' });
  for (const k of [bureau, site, employer]) await storeApiKey(es, names.apiKeys, k.record);
  return { bureau: bureau.key, site: site.key, employer: employer.key, employerFirmId };
}
