/**
 * Starts the platform: indices and aliases, demo keys, the demo campaign (firms, fairs, 20,000 vacancies,
 * 10,000 workers; FUGONG_DEMO=0 skips it), the portal and the five services under a supervisor (a service that exits is
 * restarted with a back-off while the others keep serving), then prints the URLs. Ports: INGEST_PORT,
 * MATCHER_PORT, SWAP_PORT, INTENT_WORKER_PORT (3001–3004). Ctrl-C or SIGTERM stops the services (and the
 * infra, via ./fugong). Expects ELASTICSEARCH_URL and REDIS_URL (./fugong start sets them from infra/up).
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { ApiKeyStore, createRuntime, generateApiKey, storeApiKey } from '@fugong/http';
import { allIndices, createSearchClient, ensureIndices, indexNames } from '@fugong/search';
import { redisReady } from '@fugong/queue';
import { seedDemoConvoys } from './demo-convoys.ts';
import { DEMO_ACCOUNTS, preparePortal } from './portal-setup.ts';
import { seedDemoSwap } from './demo-swap.ts';
import { loadDemoData, loaderEnv } from './load-demo.ts';
import { answersAs, listeningLine, servicePorts } from './services.ts';
import { Supervisor } from './supervise.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = parseEnv(baseEnvSchema);
const dataDir = join(root, '.data');
mkdirSync(join(dataDir, 'logs'), { recursive: true });

// Read first, so a bad INGEST_PORT… fails before anything is loaded.
const services = servicePorts(process.env);
// The services listen on HOST; the URLs printed and polled use loopback when HOST is a wildcard.
const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
// Readiness is taken from the child's own "<name> listening" line (info level); below info only /healthz's
// service name is checked.
const seesListening = ['info', 'debug', 'trace'].includes(env.LOG_LEVEL);

const started = Date.now();
const es = createSearchClient(env.ELASTICSEARCH_URL);
const indices = await ensureIndices(es, env.INDEX_PREFIX, allIndices);
console.error(
  `indices: ${Object.entries(indices)
    .map(([n, r]) => `${n} ${r}`)
    .join(', ')}`,
);
const keys = await demoKeys();
if (process.env['FUGONG_DEMO'] !== '0') {
  // The seed's campaign, loaded once (a later start finds it and skips); FUGONG_DEMO=0 starts empty.
  const demoStarted = Date.now();
  const rt = createRuntime(loaderEnv(env), 'demo-loader');
  try {
    await redisReady(rt.redis);
    await loadDemoData(rt, { log: (line: string) => console.error(line) });
  } finally {
    await rt.close();
  }
  console.error(`demo data ready in ${((Date.now() - demoStarted) / 1000).toFixed(1)} s`);
}

// The portal: its own session secret (kept in .data/, git-ignored), the demo's portal accounts, its env.
const portalEnv = await preparePortal({
  dataDir,
  redisUrl: env.REDIS_URL,
  redisClusterNodes: env.REDIS_CLUSTER_NODES,
  prefix: env.QUEUE_PREFIX,
  keys,
  employerName: await es
    .get<{ name?: string }>({ index: indexNames(env.INDEX_PREFIX).firms, id: keys.employerFirmId })
    .then((r) => r._source?.name ?? keys.employerFirmId)
    .catch(() => keys.employerFirmId),
  serviceUrls: services.map((svc) => [svc.name, `http://${host}:${svc.port}`] as const),
});

const logs = new Map<string, ReturnType<typeof createWriteStream>>(
  services.map((svc) => [
    svc.name,
    createWriteStream(join(dataDir, 'logs', `${svc.name}.log`), { flags: 'a' }),
  ]),
);
const supervisor = new Supervisor(
  services.map((svc) => ({
    name: svc.name,
    command: process.execPath,
    // Node's own type stripping runs the services' TypeScript (no tsx on the runtime path; issue #10).
    args: [join(root, 'services', svc.name, 'src', 'main.ts')],
    cwd: root,
    env: { ...process.env, PORT: String(svc.port), ...(svc.name === 'portal' ? portalEnv : {}) },
    ...(seesListening ? { readyLine: listeningLine(svc.name) } : {}),
  })),
  {
    log: (line) => console.error(`${new Date().toISOString()} ${line}`),
    onOutput: (name, line) => logs.get(name)?.write(`${line}\n`),
  },
);
supervisor.start();

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error('stopping services…');
  await supervisor.stop();
  await Promise.all([...logs.values()].map((l) => new Promise((r) => l.end(r))));
  await es.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

await waitReady();
console.error(`all ${services.length} services ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (process.env['FUGONG_DEMO'] !== '0') {
  const swapPort = services.find((svc) => svc.name === 'swap')?.port ?? 3003;
  await seedDemoSwap(`http://${host}:${swapPort}`, keys.bureau, new Date()).then(
    (n) =>
      n.surplus + n.shortage > 0 &&
      console.error(`demo 共享员工: ${n.surplus} surplus and ${n.shortage} shortage posts`),
    (err: unknown) => console.error(`demo 共享员工 posts not made: ${(err as Error).message}`),
  );
  const convoysPort = services.find((svc) => svc.name === 'convoys')?.port ?? 3006;
  const portOf = (name: string, fallback: number) =>
    services.find((svc) => svc.name === name)?.port ?? fallback;
  await seedDemoConvoys(
    {
      convoys: `http://${host}:${convoysPort}`,
      matcher: `http://${host}:${portOf('matcher', 3002)}`,
      ingest: `http://${host}:${portOf('ingest', 3001)}`,
    },
    keys.bureau,
    new Date(),
  ).then(
    (n) =>
      n.trips > 0 &&
      console.error(
        `demo 返岗专车: ${n.travellers} travellers on ${n.trips} trips; ${n.leftToRequest} hires of the demo employer left for it to request`,
      ),
    (err: unknown) => console.error(`demo 返岗专车 not planned: ${(err as Error).message}`),
  );
}
const portal = services.find((s) => s.name === 'portal');
console.log(`
fugong is up.
  Portal         http://${host}:${portal?.port ?? 3000}/   (bureau: ${DEMO_ACCOUNTS.bureau.join(' / ')}, employer: ${DEMO_ACCOUNTS.employer.join(' / ')}; seekers sign up)
  Elasticsearch  ${env.ELASTICSEARCH_URL}
  Redis          ${env.REDIS_URL}
${services
  .filter((s) => s.name !== 'portal')
  .map((s) => `  ${s.name.padEnd(14)} http://${host}:${s.port}   docs: http://${host}:${s.port}/docs`)
  .join('\n')}
  logs           .data/logs/
  demo API keys  (also in .data/demo-keys.json)
    bureau    ${keys.bureau}
    employer  ${keys.employer}   (firm ${keys.employerFirmId})
    site      ${keys.site}
A service that exits is restarted (back-off 1 s doubling to 30 s); the others keep serving.
Press Ctrl-C to stop.`);

/**
 * Waits until every service answers ready on its configured port, and the answer comes from the child started
 * here: it printed its own listening line and /healthz names the service (not another copy on that port).
 */
async function waitReady(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (const svc of services) {
    for (;;) {
      const answering = await answersAs(svc.name, svc.port, host);
      if (answering && supervisor.isUp(svc.name)) break;
      if (Date.now() > deadline) {
        console.error(
          answering
            ? `port ${svc.port} (${svc.portVar}) answers as ${svc.name}, but not from the process started here: ` +
                `is another copy running? Stop it or set ${svc.portVar}; see .data/logs/${svc.name}.log`
            : `${svc.name} not ready on port ${svc.port} (${svc.portVar}) after 120 s; see .data/logs/${svc.name}.log`,
        );
        await stop(1);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Demo keys, made once per index prefix and kept in .data/demo-keys.json (git-ignored). */
async function demoKeys(): Promise<{
  bureau: string;
  employer: string;
  employerFirmId: string;
  site: string;
}> {
  const file = join(dataDir, 'demo-keys.json');
  const names = indexNames(env.INDEX_PREFIX);
  const store = new ApiKeyStore(es, names.apiKeys);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const valid = await store.authenticate(saved.bureau).then(
      () => true,
      () => false,
    );
    if (valid) return saved;
  }
  const employerFirmId = 'zz-firm-0001';
  const bureau = generateApiKey({ role: 'bureau', label: 'demo bureau' });
  const employer = generateApiKey({ role: 'employer', firmId: employerFirmId, label: 'demo employer' });
  // The portal's site key carries every visitor's search: ten times a partner's default limit.
  const site = generateApiKey({
    role: 'site',
    siteId: 'zzhrss-portal',
    label: 'demo job-fair site (the portal)',
    rateLimit: 10 * env.RATE_LIMIT_KEYED,
  });
  for (const k of [bureau, employer, site]) await storeApiKey(es, names.apiKeys, k.record);
  const keys = { bureau: bureau.key, employer: employer.key, employerFirmId, site: site.key };
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
