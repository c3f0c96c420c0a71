/**
 * `pnpm bench candidates [--workers N] [--concurrency C] [--seconds S] [--rounds R] [--keep PREFIX]`: p50/p95
 * of GET /v1/vacancies/{id}/candidates over N generated workers (default 20,000; the issue asks 100,000 and
 * 1,000,000), of the engine requests the route sends (narrowed: a limited count and the occupation tiers it
 * scores) sent straight to the engine, and of the exhaustive ranking (every filtered worker scored in one
 * request, as before issue #14). The sides alternate for R rounds (default 1) of S seconds each, in a
 * rotating order, so load from elsewhere on the machine falls on all; the figures are over all rounds. The
 * narrowed and exhaustive rankings are checked equal (ids and scores) first. `--keep PREFIX` keeps the indices under that prefix and reuses them on the next run with
 * the same counts (a 1,000,000-worker load takes minutes).
 */
import { loadavg } from 'node:os';
import type { VacancyDoc } from '@fugong/documents';
import { candidatesRequest, rankCandidates } from '@fugong/matcher/queries';
import { arg, drain, fmt, type LoadResult, load, mergeLoads, startBench } from './_matcher.ts';

const workers = arg('workers', 'BENCH_WORKERS', 20_000);
const concurrency = arg('concurrency', 'BENCH_CONCURRENCY', 4);
const seconds = arg('seconds', 'BENCH_SECONDS', 10);
const rounds = arg('rounds', 'BENCH_ROUNDS', 1);
const keepAt = process.argv.indexOf('--keep');
const keep = keepAt >= 0 ? process.argv[keepAt + 1] : process.env['BENCH_KEEP'];

const b = await startBench(200, workers, keep);
try {
  const ids = ['bf-8:b8', 'bf-1:b1', 'bf-12:b12', 'bf-10:b10'];
  const esUrl = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
  const now = Date.now();
  const docs = await Promise.all(
    ids.map(async (id) => (await b.rt.es.get<VacancyDoc>({ index: b.rt.names.vacancies, id }))._source!),
  );
  const bodies = docs.map((v) => JSON.stringify(candidatesRequest(v, { now, size: 20 })));
  const post = async (body: string) => {
    const r = await fetch(`${esUrl}/${b.rt.names.workers}/_search`, {
      method: 'POST',
      // Like the service's engine client: no gzip. fetch asks for it by default, which would make the
      // engine compress and this process inflate every response, slowing the baseline only.
      headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' },
      body,
    });
    if (!r.ok) throw new Error(`engine ${r.status}: ${await r.text()}`);
    return (await r.json()) as {
      hits: {
        total?: { value: number };
        hits: Array<{ _id: string; _score: number | null; _source?: unknown }>;
      };
    };
  };
  const search = async (body: object) => {
    const r = await post(JSON.stringify(body));
    return {
      total: r.hits.total?.value ?? 0,
      hits: r.hits.hits.map((h) => ({ id: h._id, score: h._score, doc: h._source })),
    };
  };
  // The route's ranking must be the exhaustive one, id for id and score for score.
  for (const v of docs) {
    const narrowed = await rankCandidates(search, v, { now, size: 20 });
    const full = await search(candidatesRequest(v, { now, size: 20 }));
    const same = (x: typeof full.hits) => x.map((h) => `${h.id}:${h.score}`).join();
    if (same(narrowed.hits) !== same(full.hits)) throw new Error(`${v.id}: narrowed ranking differs`);
    console.log(
      `${v.id}: ${narrowed.scored} of ${narrowed.tiers} tiers scored in ${narrowed.requests} requests, total ${narrowed.total}${narrowed.totalExact ? '' : '+'} (exhaustive ${full.total}), same 20 hits`,
    );
  }
  const exhaustive = (i: number) => post(bodies[i % bodies.length]!).then(() => true);
  const direct = (i: number) =>
    rankCandidates(search, docs[i % docs.length]!, { now, size: 20 }).then(() => true);
  const api = (i: number) =>
    fetch(`${b.url}/v1/vacancies/${ids[i % ids.length]}/candidates`, {
      headers: { authorization: `Bearer ${b.key}` },
    }).then(drain);
  const calls = { exhaustive, 'direct narrowed': direct, '/candidates': api };
  type Side = keyof typeof calls;
  const sides = Object.keys(calls) as Side[];
  for (const side of sides) await load(calls[side], concurrency, 2);
  const results = new Map<Side, LoadResult[]>(sides.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < sides.length; j++) {
      const side = sides[(r + j) % sides.length]!;
      const res = await load(calls[side], concurrency, seconds);
      results.get(side)!.push(res);
      if (rounds > 1)
        console.log(`  round ${r + 1} ${side.padEnd(16)}: ${fmt(res)} (load ${loadavg()[0]!.toFixed(2)})`);
    }
  }
  for (const side of sides) console.log(`${side.padEnd(16)}: ${fmt(mergeLoads(results.get(side)!))}`);
} finally {
  await b.close();
}
