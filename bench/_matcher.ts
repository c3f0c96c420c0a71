/**
 * Shared set-up of the matcher benchmarks: a private index prefix filled with generated vacancies and
 * workers (built by the shared document builders), the matcher app on a free port with a bureau key and no
 * rate limit, and a bounded concurrent load loop. Everything is removed afterwards.
 */
import { buildApp } from '@fugong/matcher/app';
import { maskName } from '@fugong/text';
import { seed, vacancy, worker } from '../test/support/eval/build.ts';
import { rng, TITLES } from '../test/support/eval/corpus.ts';
import { startTestService } from '../test/support/service.ts';

const DISTRICTS = ['市中区', '薛城区', '峄城区', '台儿庄区', '山亭区', '滕州市'];

/** `--name value` from argv, else the environment variable, else the default. */
export function arg(name: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : process.env[env];
  return v ? Number(v) : fallback;
}

/**
 * Starts the matcher over `vacancies` generated vacancies and `workers` generated workers. With `keep` (an
 * index prefix), the indices are that prefix's: seeding is skipped when they already hold the same counts
 * (the same deterministic data), and `close` leaves them for the next run (remove them with
 * `curl -X DELETE "$ELASTICSEARCH_URL/PREFIX-*"`).
 */
export async function startBench(vacancies: number, workers: number, keep?: string) {
  // The service first (no requests reach it before the data is in), on its own indices, unthrottled.
  const svc = await startTestService(buildApp, {
    RATE_LIMIT_KEYED: '1000000000',
    ...(keep ? { INDEX_PREFIX: keep } : {}),
  });
  const rt = svc.rt;
  const count = async (index: string) => (await rt.es.count({ index })).count;
  if (
    keep &&
    (await count(rt.names.vacancies)) === vacancies &&
    (await count(rt.names.workers)) === workers
  ) {
    console.log(`reusing ${vacancies} vacancies and ${workers} workers in ${keep}-*`);
    return { url: svc.url, key: svc.keys.bureau, siteKey: svc.keys.site, rt, close: svc.close };
  }
  const r = rng(1);
  const started = Date.now();
  const firms = Array.from({ length: 200 }, (_, i) => ({
    id: `bf-${i}`,
    name: `枣庄第${i}企业`,
    keyEnterprise: i % 10 === 0,
  }));
  for (let done = 0; done < vacancies; done += 5000) {
    const batch = Array.from({ length: Math.min(5000, vacancies - done) }, (_, k) => {
      const i = done + k;
      const title = TITLES[i % TITLES.length]!;
      const wage = 3000 + Math.round(r() * 50) * 100;
      return vacancy(
        `b${i}`,
        {
          title,
          description: `${title}，急招，包吃住`,
          wage: { min: wage, max: wage + 1000 },
          workPlace: { district: DISTRICTS[i % DISTRICTS.length] },
          skills: i % 3 === 0 ? ['缝纫', '叉车'] : ['电焊'],
          fairIds: [`fair-${i % 23}`],
        },
        firms[i % firms.length]!,
      );
    });
    await seed(rt.es, rt.names, { vacancies: batch });
  }
  // The generated profiles repeat every 210 workers (the lcm of the cycles below), so each is built once by
  // the shared builder and copied under the next ids: the same documents as building every one (only the id
  // and the name derived from it differ), and a 1,000,000-worker load is bounded by the engine, not by
  // building documents. A kept index resumes where an interrupted load stopped.
  const profiles = Array.from({ length: Math.min(210, workers) }, (_, i) =>
    worker(`bw${i}`, {
      occupations: [['缝纫工', '电焊工', '叉车司机', '普工', '仓库管理员'][i % 5]!],
      skills: i % 2 ? ['缝纫'] : ['电焊', '叉车'],
      currentPlace: { district: DISTRICTS[i % DISTRICTS.length] },
      experienceYears: i % 7,
      expectedWage: { min: 3000 + (i % 30) * 100 },
    }),
  );
  const workerAt = (i: number) => {
    const p = profiles[i % 210]!;
    if (i < 210) return p;
    const id = `bw${i}`;
    const name = `张${id}`;
    return {
      doc: { ...p.doc, id, maskedName: maskName(name) },
      privateDoc: { ...p.privateDoc, workerId: id, private: { ...p.privateDoc.private, name } },
    };
  };
  const from = keep ? Math.floor(Math.min(await count(rt.names.workers), workers) / 5000) * 5000 : 0;
  for (let done = from; done < workers; done += 5000) {
    const batch = Array.from({ length: Math.min(5000, workers - done) }, (_, k) => workerAt(done + k));
    await seed(rt.es, rt.names, { workers: batch });
  }
  console.log(
    `seeded ${vacancies} vacancies and ${workers} workers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    url: svc.url,
    key: svc.keys.bureau,
    siteKey: svc.keys.site,
    rt,
    // A kept prefix was named here, so the service's close leaves its indices in place.
    close: svc.close,
  };
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  /** Every latency (ms), sorted; with `seconds` the wall time, so runs can be merged (mergeLoads). */
  latencies: number[];
  seconds: number;
}

const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Several runs of one side as one: percentiles over all their latencies, throughput over their wall time. */
export function mergeLoads(runs: LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((t, r) => t + r.seconds, 0);
  return {
    requests: latencies.length,
    errors: runs.reduce((t, r) => t + r.errors, 0),
    rps: latencies.length / (seconds || 1),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    latencies,
    seconds,
  };
}

/** Runs `call` from `concurrency` loops for `seconds`; latencies in ms. */
export async function load(
  call: (i: number) => Promise<boolean>,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = Date.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const s = performance.now();
        const ok = await call(n++).catch(() => false);
        latencies.push(performance.now() - s);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    latencies,
    seconds: elapsed,
  };
}

export const fmt = (r: LoadResult) =>
  `${r.requests} req, ${r.errors} errors, ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`;

/** Reads a response to the end (so timings include the body) and says whether it was a success. */
export async function drain(r: Response): Promise<boolean> {
  await r.arrayBuffer();
  return r.ok;
}
