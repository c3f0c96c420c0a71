/**
 * `pnpm bench suggest [--vacancies N] [--concurrency C] [--seconds S]`: p95 of GET /v1/vacancies/suggest under
 * a fixed-concurrency load of keystroke prefixes, Chinese and pinyin.
 */
import { arg, drain, fmt, load, startBench } from './_matcher.ts';

const vacancies = arg('vacancies', 'BENCH_VACANCIES', 20_000);
const concurrency = arg('concurrency', 'BENCH_CONCURRENCY', 8);
const seconds = arg('seconds', 'BENCH_SECONDS', 10);
const PREFIXES = ['p', 'pu', 'pug', 'pugong', '普', '叉车', 'ch', 'dianh', '仓', 'fengren', '电焊', 'bao'];

const b = await startBench(vacancies, 0);
try {
  const call = (i: number) =>
    fetch(`${b.url}/v1/vacancies/suggest?q=${encodeURIComponent(PREFIXES[i % PREFIXES.length]!)}`, {
      headers: { authorization: `Bearer ${b.key}` },
    }).then(drain);
  await load(call, concurrency, 2);
  console.log(`/suggest : ${fmt(await load(call, concurrency, seconds))}`);
} finally {
  await b.close();
}
