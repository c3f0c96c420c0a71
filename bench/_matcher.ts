/**
 * Shared set-up of the matcher benchmarks: a private index prefix filled with generated vacancies and
 * workers (built by the shared document builders), the matcher app on a free port with a bureau key and no
 * rate limit, and a bounded concurrent load loop. Everything is removed afterwards.
 */
import { buildApp } from '@fugong/matcher/app';
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

/** Starts the matcher over `vacancies` generated vacancies and `workers` generated workers. */
export async function startBench(vacancies: number, workers: number) {
  // The service first (no requests reach it before the data is in), on its own indices, unthrottled.
  const svc = await startTestService(buildApp, { RATE_LIMIT_KEYED: '1000000000' });
  const rt = svc.rt;
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
  for (let done = 0; done < workers; done += 5000) {
    const batch = Array.from({ length: Math.min(5000, workers - done) }, (_, k) => {
      const i = done + k;
      return worker(`bw${i}`, {
        occupations: [['缝纫工', '电焊工', '叉车司机', '普工', '仓库管理员'][i % 5]!],
        skills: i % 2 ? ['缝纫'] : ['电焊', '叉车'],
        currentPlace: { district: DISTRICTS[i % DISTRICTS.length] },
        experienceYears: i % 7,
        expectedWage: { min: 3000 + (i % 30) * 100 },
      });
    });
    await seed(rt.es, rt.names, { workers: batch });
  }
  console.log(
    `seeded ${vacancies} vacancies and ${workers} workers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { url: svc.url, key: svc.keys.bureau, siteKey: svc.keys.site, rt, close: svc.close };
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
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
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, rps: latencies.length / elapsed, p50: q(0.5), p95: q(0.95) };
}

export const fmt = (r: LoadResult) =>
  `${r.requests} req, ${r.errors} errors, ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`;

/** Reads a response to the end (so timings include the body) and says whether it was a success. */
export async function drain(r: Response): Promise<boolean> {
  await r.arrayBuffer();
  return r.ok;
}
