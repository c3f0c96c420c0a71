/**
 * `pnpm bench search [--vacancies N] [--concurrency C] [--seconds S] [--index-prefix P] [--filter K=V]`:
 * fixed-concurrency load on GET /v1/vacancies/search against the very same engine requests sent straight to
 * _search, in one run. Targets: throughput ≥ 0.8× direct, p95 ≤ 1.25× direct. Defaults are small (20,000
 * vacancies, 8 loops, 15 s each); the issue's figure is --vacancies 100000.
 *
 * --index-prefix P searches the existing indices P-… (e.g. kept by `pnpm bench scale-size --keep --prefix P`)
 * instead of generating vacancies; they are left in place. --filter K=V adds one parameter to every query of
 * the mix (e.g. `--filter city=枣庄`: each search scoped to one city).
 */
import { loadavg } from 'node:os';
import { buildApp } from '@fugong/matcher/app';
import { searchRequest } from '@fugong/matcher/queries';
import { startTestService } from '../test/support/service.ts';
import { arg, drain, fmt, load, startBench } from './_matcher.ts';

const vacancies = arg('vacancies', 'BENCH_VACANCIES', 20_000);
const concurrency = arg('concurrency', 'BENCH_CONCURRENCY', 8);
const seconds = arg('seconds', 'BENCH_SECONDS', 15);
const argText = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const indexPrefix = argText('index-prefix');
const filter = argText('filter');
const MIX = [
  'q=普工',
  'q=防護服&district=薛城',
  'q=叉车司机&sort=wage',
  'q=电焊工&wageMin=4000',
  'district=370481&sort=newest',
  'q=仓管&near=34.8,117.3&radiusKm=30',
  'occupation=焊工&fairId=fair-3',
  'q=缝纫工&boardAndLodging=true',
];
const QUERIES = filter ? MIX.map((q) => `${q}&${filter}`) : MIX;

// On existing indices: the service on that prefix (its keys are stored there). A named prefix is not the test
// service's to delete, so its close() leaves P's indices in place.
const b = indexPrefix
  ? await startTestService(buildApp, { RATE_LIMIT_KEYED: '1000000000', INDEX_PREFIX: indexPrefix }).then(
      (svc) => ({ url: svc.url, key: svc.keys.bureau, rt: svc.rt, close: svc.close }),
    )
  : await startBench(vacancies, 0);
try {
  // ELASTICSEARCH_URL may list every node of a cluster: the direct requests go round them, as the client does.
  const esUrls = (process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200').split(',');
  // The same engine request the service sends for each query string (facets, highlight words included).
  const bodies = QUERIES.map((qs) =>
    JSON.stringify(searchRequest(Object.fromEntries(new URLSearchParams(qs)), new Date())),
  );
  const direct = (i: number) =>
    fetch(`${esUrls[i % esUrls.length]}/${b.rt.names.vacancies}/_search`, {
      method: 'POST',
      // Like the service's engine client: no gzip. fetch asks for it by default, which would make the
      // engine compress and this process inflate every response, slowing the baseline only.
      headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' },
      body: bodies[i % bodies.length]!,
    }).then(drain);
  const api = (i: number) =>
    fetch(`${b.url}/v1/vacancies/search?${QUERIES[i % QUERIES.length]}`, {
      headers: { authorization: `Bearer ${b.key}` },
    }).then(drain);
  await load(direct, concurrency, 2); // warm caches on both paths
  await load(api, concurrency, 2);
  const loadBefore = loadavg();
  // The engine's own CPU per search (every node's process CPU over the phase / searches): unlike the rate,
  // it hardly depends on what else the machine's cores are running.
  const engineCpu = async () => {
    const s = await b.rt.es.nodes.stats({ metric: 'process' });
    return Object.values(s.nodes).reduce((t, n) => t + (n.process?.cpu?.total_in_millis ?? 0), 0);
  };
  // This process's CPU too: the load loops in both phases, the service's own work in the API phase only.
  const own = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const c0 = await engineCpu();
  const p0 = own();
  const d = await load(direct, concurrency, seconds);
  const p1 = own();
  const c1 = await engineCpu();
  const a = await load(api, concurrency, seconds);
  const p2 = own();
  const c2 = await engineCpu();
  console.log(
    `engine CPU per search: direct ${((c1 - c0) / d.requests).toFixed(1)} ms, through the API ${((c2 - c1) / a.requests).toFixed(1)} ms`,
  );
  console.log(
    `bench process CPU per search: direct ${((p1 - p0) / d.requests).toFixed(1)} ms, through the API ${((p2 - p1) / a.requests).toFixed(1)} ms (the difference is the service's own work)`,
  );
  if (indexPrefix) {
    const count = await b.rt.es.count({ index: b.rt.names.vacancies });
    console.log(
      `index ${b.rt.names.vacancies}: ${count.count} vacancies${filter ? `, every query with ${filter}` : ''}`,
    );
  }
  console.log(
    `load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`direct _search : ${fmt(d)}`);
  console.log(`/v1/…/search   : ${fmt(a)}`);
  console.log(
    `throughput ratio ${(a.rps / d.rps).toFixed(2)} (target ≥ 0.80), p95 ratio ${(a.p95 / d.p95).toFixed(2)} (target ≤ 1.25)`,
  );
} finally {
  await b.close();
}
