/**
 * `pnpm bench search [--vacancies N] [--concurrency C] [--seconds S]`: fixed-concurrency load on
 * GET /v1/vacancies/search against the very same engine requests sent straight to _search, in one run.
 * Targets: throughput ≥ 0.8× direct, p95 ≤ 1.25× direct. Defaults are small (20,000 vacancies, 8 loops,
 * 15 s each); the figure is --vacancies 100000.
 */
import { searchRequest } from '@fugong/matcher/queries';
import { arg, drain, fmt, load, startBench } from './_matcher.ts';

const vacancies = arg('vacancies', 'BENCH_VACANCIES', 20_000);
const concurrency = arg('concurrency', 'BENCH_CONCURRENCY', 8);
const seconds = arg('seconds', 'BENCH_SECONDS', 15);
const QUERIES = [
  'q=普工',
  'q=防護服&district=薛城',
  'q=叉车司机&sort=wage',
  'q=电焊工&wageMin=4000',
  'district=370481&sort=newest',
  'q=仓管&near=34.8,117.3&radiusKm=30',
  'occupation=焊工&fairId=fair-3',
  'q=缝纫工&boardAndLodging=true',
];

const b = await startBench(vacancies, 0);
try {
  const esUrl = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
  // The same engine request the service sends for each query string (facets, highlight words included).
  const bodies = QUERIES.map((qs) =>
    JSON.stringify(searchRequest(Object.fromEntries(new URLSearchParams(qs)), new Date())),
  );
  const direct = (i: number) =>
    fetch(`${esUrl}/${b.rt.names.vacancies}/_search`, {
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
  const d = await load(direct, concurrency, seconds);
  const a = await load(api, concurrency, seconds);
  console.log(`direct _search : ${fmt(d)}`);
  console.log(`/v1/…/search   : ${fmt(a)}`);
  console.log(
    `throughput ratio ${(a.rps / d.rps).toFixed(2)} (target ≥ 0.80), p95 ratio ${(a.p95 / d.p95).toFixed(2)} (target ≤ 1.25)`,
  );
} finally {
  await b.close();
}
