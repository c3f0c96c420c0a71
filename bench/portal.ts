/**
 * `pnpm bench portal [--vacancies N] [--concurrency C] [--seconds S]`: the portal's results page (/jobs, a
 * full server-rendered page: search API call with facets and highlight, then HTML) against the search API it
 * calls, under the same fixed-concurrency load, in one run. Targets (issue #12): p95 ≤ 1.3× the search
 * API's p95; the first results page ≤ 150 KB transferred.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildPortal } from '@fugong/portal/app';
import { delEach } from '@fugong/portal/redis';
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
  'q=仓管&from=370403&radiusKm=30',
  'occupation=焊工',
  'q=缝纫工&boardAndLodging=true',
];
// What the portal sends for each page (its toApiQuery): 20 hits, facets and highlight on; `from` → `near`.
const apiQuery = (qs: string) =>
  `${qs.replace('from=370403', 'near=34.7952,117.2632')}&size=20&facets=true&highlight=true`;

const b = await startBench(vacancies, 0);
const prefix = `bench-portal-${randomBytes(3).toString('hex')}`;
const portal = await buildPortal({
  urls: { ingest: b.url, matcher: b.url, swap: b.url, intent: b.url, monitor: b.url, convoys: b.url },
  keys: { site: b.siteKey, bureau: b.key },
  siteId: 'test-site',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  prefix,
  sessionSecret: randomBytes(32).toString('hex'),
  secureCookies: false,
});
const server = portal.app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
try {
  const first = await fetch(`${portalUrl}/jobs?q=${encodeURIComponent('普工')}`);
  const page = Buffer.from(await first.arrayBuffer());
  const assets = await Promise.all(
    ['/assets/portal.css', '/assets/portal.js'].map(
      async (p) => (await (await fetch(`${portalUrl}${p}`)).arrayBuffer()).byteLength,
    ),
  );
  const total = page.length + assets.reduce((a, n) => a + n, 0);
  console.log(
    `first results page: HTML ${(page.length / 1024).toFixed(1)} KB + CSS/JS ${(assets.reduce((a, n) => a + n, 0) / 1024).toFixed(1)} KB = ${(total / 1024).toFixed(1)} KB uncompressed (target ≤ 150 KB)`,
  );
  const api = (i: number) =>
    fetch(`${b.url}/v1/vacancies/search?${apiQuery(QUERIES[i % QUERIES.length]!)}`, {
      headers: { authorization: `Bearer ${b.siteKey}` },
    }).then(drain);
  const pages = (i: number) => fetch(`${portalUrl}/jobs?${QUERIES[i % QUERIES.length]}`).then(drain);
  await load(api, concurrency, 2); // warm both paths
  await load(pages, concurrency, 2);
  const a = await load(api, concurrency, seconds);
  const p = await load(pages, concurrency, seconds);
  console.log(`search API     : ${fmt(a)}`);
  console.log(`portal /jobs   : ${fmt(p)}`);
  console.log(
    `p95 ratio ${(p.p95 / a.p95).toFixed(2)} (target ≤ 1.30), throughput ratio ${(p.rps / a.rps).toFixed(2)}`,
  );
} finally {
  await new Promise((r) => server.close(r));
  for await (const keys of portal.redis.scan(`${prefix}:*`)) await delEach(portal.redis, keys);
  await portal.close();
  await b.close();
}
