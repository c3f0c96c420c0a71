/**
 * Starts the platform: indices and aliases, demo keys, the demo campaign (firms, fairs, 20,000 vacancies,
 * 10,000 workers; FUGONG_DEMO=0 skips it), the four services, then prints the URLs. Ctrl-C stops the services (and the infra, via ./fugong).
 * Expects ELASTICSEARCH_URL and REDIS_URL (./fugong start sets them from infra/up).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { ApiKeyStore, createRuntime, generateApiKey, storeApiKey } from '@fugong/http';
import { allIndices, createSearchClient, ensureIndices, indexNames } from '@fugong/search';
import { redisReady } from '@fugong/queue';
import { loadDemoData } from './load-demo.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = parseEnv(baseEnvSchema);
const dataDir = join(root, '.data');
mkdirSync(join(dataDir, 'logs'), { recursive: true });

const services = [
  { name: 'ingest', port: 3001 },
  { name: 'matcher', port: 3002 },
  { name: 'swap', port: 3003 },
  { name: 'intent-worker', port: 3004 },
] as const;

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
  const rt = createRuntime(env, 'demo-loader');
  try {
    await redisReady(rt.redis);
    await loadDemoData(rt, { log: (line: string) => console.error(line) });
  } finally {
    await rt.close();
  }
  console.error(`demo data ready in ${((Date.now() - demoStarted) / 1000).toFixed(1)} s`);
}

const children: ChildProcess[] = [];
for (const svc of services) {
  const log = createWriteStream(join(dataDir, 'logs', `${svc.name}.log`), { flags: 'a' });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'services', svc.name, 'src', 'main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(process.env[`${svc.name.toUpperCase().replace('-', '_')}_PORT`] ?? svc.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${svc.name} exited (${code ?? signal}); see .data/logs/${svc.name}.log; stopping`);
      void stop(1);
    }
  });
  children.push(child);
}

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error('stopping services…');
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  await es.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

await waitReady();
console.error(`all four services ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`
fugong is up.
  Elasticsearch  ${env.ELASTICSEARCH_URL}
  Redis          ${env.REDIS_URL}
${services.map((s) => `  ${s.name.padEnd(14)} http://127.0.0.1:${s.port}   docs: http://127.0.0.1:${s.port}/docs`).join('\n')}
  logs           .data/logs/
  demo API keys  (also in .data/demo-keys.json)
    bureau    ${keys.bureau}
    employer  ${keys.employer}   (firm ${keys.employerFirmId})
    site      ${keys.site}
Press Ctrl-C to stop.`);

async function waitReady(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (const svc of services) {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${svc.port}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) {
        console.error(`${svc.name} not ready after 120 s; see .data/logs/${svc.name}.log`);
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
  const site = generateApiKey({ role: 'site', siteId: 'zzhrss-portal', label: 'demo job-fair site' });
  for (const k of [bureau, employer, site]) await storeApiKey(es, names.apiKeys, k.record);
  const keys = { bureau: bureau.key, employer: employer.key, employerFirmId, site: site.key };
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
