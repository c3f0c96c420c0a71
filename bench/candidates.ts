/**
 * `pnpm bench candidates [--workers N] [--concurrency C] [--seconds S]`: p50/p95 of
 * GET /v1/vacancies/{id}/candidates over N generated workers (default 20,000; the issue asks 100,000 and
 * 1,000,000), and of the same ranking request sent straight to the engine.
 */
import type { VacancyDoc } from '@fugong/documents';
import { candidatesRequest } from '@fugong/matcher/queries';
import { arg, drain, fmt, load, startBench } from './_matcher.ts';

const workers = arg('workers', 'BENCH_WORKERS', 20_000);
const concurrency = arg('concurrency', 'BENCH_CONCURRENCY', 4);
const seconds = arg('seconds', 'BENCH_SECONDS', 10);

const b = await startBench(200, workers);
try {
  const ids = ['bf-8:b8', 'bf-1:b1', 'bf-12:b12', 'bf-10:b10'];
  const esUrl = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
  const bodies = await Promise.all(
    ids.map(async (id) => {
      const v = (await b.rt.es.get<VacancyDoc>({ index: b.rt.names.vacancies, id }))._source!;
      return JSON.stringify(candidatesRequest(v, { now: Date.now(), size: 20 }));
    }),
  );
  const direct = (i: number) =>
    fetch(`${esUrl}/${b.rt.names.workers}/_search`, {
      method: 'POST',
      // Like the service's engine client: no gzip. fetch asks for it by default, which would make the
      // engine compress and this process inflate every response, slowing the baseline only.
      headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' },
      body: bodies[i % bodies.length]!,
    }).then(drain);
  const api = (i: number) =>
    fetch(`${b.url}/v1/vacancies/${ids[i % ids.length]}/candidates`, {
      headers: { authorization: `Bearer ${b.key}` },
    }).then(drain);
  await load(api, concurrency, 2);
  console.log(`direct ranking : ${fmt(await load(direct, concurrency, seconds))}`);
  console.log(`/candidates    : ${fmt(await load(api, concurrency, seconds))}`);
} finally {
  await b.close();
}
