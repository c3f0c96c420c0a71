/**
 * Relevance evaluation: `pnpm exec tsx scripts/eval.ts [--no-rjdb] [--set corpus|demo]`.
 * `--set demo` runs only the demo set: the demo campaign (@fugong/demo, fixed seed and baseDate, 3,000
 * vacancies) graded by the written rules of test/fixtures/judgments-demo.json; prints nDCG@10 and recall@50
 * (and the recall@50 a perfect ranking could reach, since many queries have more than 50 relevant postings).
 * 1. Builds the deterministic corpus (test/support/eval/corpus.ts) in a private index prefix and
 *    scores search and candidate ranking against test/fixtures/judgments.json: nDCG@10 and recall@50.
 * 2. Loads ../shared/data/eval/rjdb-test.jsonl (1,000 English jobs, each with a matched and an unmatched
 *    resume) as 2,000 worker profiles and reports pairwise accuracy and MRR of the matched resume.
 * Uses the service's own query builders (its public `@fugong/matcher/queries` entry), so what is measured is
 * what the API ranks. Indices are removed after.
 */
import type { estypes } from '@elastic/elasticsearch';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_DEFAULTS, demoFirm, demoVacancy } from '@fugong/demo';
import type { VacancyDoc, VacancyFirm } from '@fugong/documents';
import {
  createSearchClient,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexNames,
  intentionPairsIndex,
  vacanciesIndex,
  workerPrivateIndex,
  workersIndex,
} from '@fugong/search';
import { isLiveVacancy } from '@fugong/stores';
import { candidateScorer, rankCandidates, searchRequest } from '@fugong/matcher/queries';
import { seed, vacancy, worker } from '../test/support/eval/build.ts';
import { corpusVacancies, corpusWorkers } from '../test/support/eval/corpus.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const es = createSearchClient(process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200');
const prefix = `eval-${randomBytes(3).toString('hex')}`;
const names = indexNames(prefix);
type Grades = Record<string, number>;
const judgments = JSON.parse(readFileSync(join(root, 'test/fixtures/judgments.json'), 'utf8')) as {
  search: Array<{ q: string; grades: Grades }>;
  candidates: CandidateJudgment[];
};
/**
 * Candidates for a corpus posting of a title: the first (a key enterprise's), or the `posting`-th of the three
 * (1 offers board and lodging, 2 neither). With `requires` the posting asks that many years of experience, and
 * a worker with fewer is graded at most `otherwise`.
 */
interface CandidateJudgment {
  vacancy: string;
  posting?: number;
  requires?: { experienceYears: number; otherwise: number };
  grades: Grades;
}

/** The candidates ranking's engine requests against `index`, as the route sends them (no sources needed). */
const workerSearch = (index: string) => async (body: estypes.SearchRequest) => {
  const r = await es.search({ ...body, index, _source: false });
  const total = r.hits.total;
  return {
    total: typeof total === 'number' ? total : (total?.value ?? 0),
    hits: r.hits.hits.map((h) => ({ id: h._id!, score: h._score ?? null, doc: undefined })),
  };
};

/** nDCG@k with gains 2^g − 1 over the ranked grades and all judged grades of the corpus. */
export function ndcg(ranked: number[], all: number[], k = 10): number {
  const dcg = (gs: number[]) => gs.slice(0, k).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...all].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked) / ideal;
}
const recall = (ranked: number[], all: number[], k = 50) =>
  ranked.slice(0, k).filter((g) => g > 0).length / Math.max(1, all.filter((g) => g > 0).length);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f3 = (n: number) => n.toFixed(3);

async function evalCorpus(): Promise<void> {
  const vacancies = corpusVacancies();
  const workers = corpusWorkers();
  await seed(es, names, { vacancies, workers });
  const titleOf = new Map(vacancies.map((v) => [v.id, v.title]));
  const nd: number[] = [];
  const rc: number[] = [];
  for (const j of judgments.search) {
    const body = searchRequest({ q: j.q, size: '50', facets: 'false', highlight: 'false' }, new Date());
    const res = await es.search<VacancyDoc>({ index: names.vacancies, ...body, _source: false });
    const ranked = res.hits.hits.map((h) => j.grades[titleOf.get(h._id!) ?? ''] ?? 0);
    const all = vacancies.map((v) => j.grades[v.title] ?? 0);
    nd.push(ndcg(ranked, all));
    rc.push(recall(ranked, all));
    if (process.env['EVAL_VERBOSE'])
      console.log(`  ${j.q}: nDCG@10 ${f3(nd.at(-1)!)} recall@50 ${f3(rc.at(-1)!)}`);
  }
  console.log(
    `search      (${judgments.search.length} queries, ${vacancies.length} vacancies): nDCG@10 ${f3(mean(nd))}  recall@50 ${f3(mean(rc))}`,
  );
  const workerById = new Map(workers.map((w) => [w.doc.id, w]));
  const cnd: number[] = [];
  const crc: number[] = [];
  const now = Date.parse('2020-03-01T00:00:00+08:00');
  for (const j of judgments.candidates) {
    const posting = vacancies.filter((x) => x.title === j.vacancy)[j.posting ?? 0]!;
    const v = j.requires
      ? {
          ...posting,
          requirements: { ...posting.requirements, experienceYears: j.requires.experienceYears },
        }
      : posting;
    const grade = (w: (typeof workers)[number] | undefined) => {
      if (!w) return 0;
      const g = j.grades[w.title] ?? 0;
      return j.requires && w.doc.experienceYears < j.requires.experienceYears
        ? Math.min(g, j.requires.otherwise)
        : g;
    };
    const res = await rankCandidates(workerSearch(names.workers), v, { now, size: 50 });
    const ranked = res.hits.map((h) => grade(workerById.get(h.id)));
    const all = workers.map(grade);
    cnd.push(ndcg(ranked, all));
    crc.push(recall(ranked, all));
    if (process.env['EVAL_VERBOSE'])
      console.log(
        `  ${j.vacancy}${j.requires ? ` (${j.requires.experienceYears} years)` : ''}: nDCG@10 ${f3(cnd.at(-1)!)} recall@50 ${f3(crc.at(-1)!)} top10 ${ranked.slice(0, 10).join('')}`,
      );
  }
  console.log(
    `candidates  (${judgments.candidates.length} vacancies, ${workers.length} workers): nDCG@10 ${f3(mean(cnd))}  recall@50 ${f3(mean(crc))}`,
  );
}

const section = (text: string, name: string) =>
  (new RegExp(`## ${name}\\n([\\s\\S]*?)(\\n## |$)`).exec(text)?.[1] ?? '').trim();
const listItems = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/^\s*(\d+\.|[-*])\s*/, '').trim())
    .filter((l) => l.length > 0 && l.length <= 50);

async function evalRjdb(): Promise<void> {
  const file = join(root, '..', 'shared', 'data', 'eval', 'rjdb-test.jsonl');
  if (!existsSync(file)) return void console.log(`rjdb: ${file} not found, skipped`);
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);
  const rnames = indexNames(`${prefix}-rjdb`);
  await ensureIndices(es, `${prefix}-rjdb`, [workersIndex, workerPrivateIndex]);
  const id = (i: number, kind: string) =>
    createHash('sha256').update(`${i}${kind}`).digest('hex').slice(0, 16);
  const resume = (i: number, kind: string, text: string) =>
    worker(id(i, kind), {
      skills: listItems(section(text, 'Skills')).slice(0, 50),
      summary: text.slice(0, 20_000),
      currentPlace: {},
    });
  const workers = rows.flatMap((r, i) => [
    resume(i, 'm', r['Resume-matched'] ?? ''),
    resume(i, 'u', r['Resume-unmatched'] ?? ''),
  ]);
  await seed(es, rnames, { workers });
  const now = Date.now();
  let wins = 0;
  let ties = 0;
  const rr: number[] = [];
  const byId = new Map(workers.map((w) => [w.doc.id, w.doc]));
  const jobs = rows.map((r, i) => {
    const jd = r['Job-Description'] ?? '';
    const raw: unknown = r['Skills'];
    const listed = Array.isArray(raw)
      ? raw.map(String)
      : [...String(raw ?? '').matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
    const skills = listed.filter((s) => s.length > 0 && s.length <= 50);
    const title = section(jd, 'Job title').split('\n')[0]?.slice(0, 200) || 'job';
    return {
      i,
      v: vacancy(
        `job-${i}`,
        { title, description: jd.slice(0, 20_000), skills: skills.slice(0, 50), workPlace: {} },
        { id: 'rjdb', keyEnterprise: false },
      ),
    };
  });
  for (let k = 0; k < jobs.length; k += 8) {
    await Promise.all(
      jobs.slice(k, k + 8).map(async ({ i, v }) => {
        const score = candidateScorer(v, now);
        const m = score(byId.get(id(i, 'm'))!);
        const u = score(byId.get(id(i, 'u'))!);
        if (m > u) wins++;
        else if (m === u) ties++;
        const res = await rankCandidates(workerSearch(rnames.workers), v, { now, size: 100 });
        const pos = res.hits.findIndex((h) => h.id === id(i, 'm'));
        rr.push(pos >= 0 ? 1 / (pos + 1) : 0);
      }),
    );
  }
  const n = jobs.length;
  console.log(
    `rjdb        (${n} jobs, ${workers.length} resumes): pairwise accuracy ${f3((wins + ties / 2) / n)} (wins ${wins}, ties ${ties}, losses ${n - wins - ties})  MRR ${f3(mean(rr))} (matched outside the top 100 counts 0)`,
  );
}

interface DemoJudgment {
  q: string;
  rule: string;
  titles: Grades;
  district?: { code: string; otherwise: number };
  boardAndLodging?: { otherwise: number };
  lodging?: { otherwise: number };
  shift?: { tags: string[]; otherwise: number };
}

/** The grade of a demo posting for a query, by the rules written in judgments-demo.json. */
export function demoGrade(j: DemoJudgment, v: VacancyDoc, now: Date): number {
  if (!isLiveVacancy(v, now)) return 0;
  let g = j.titles[v.title.replace(/^急招/, '')] ?? j.titles['*'] ?? 0;
  if (j.district && !v.workPlace.codes?.includes(j.district.code)) g = Math.min(g, j.district.otherwise);
  const b = v.benefits;
  if (j.boardAndLodging && !(b?.board && b?.lodging)) g = Math.min(g, j.boardAndLodging.otherwise);
  if (j.lodging && !b?.lodging) g = Math.min(g, j.lodging.otherwise);
  if (j.shift && !j.shift.tags.some((t) => (v.shiftTags ?? []).includes(t as never)))
    g = Math.min(g, j.shift.otherwise);
  return g;
}

async function evalDemo(): Promise<void> {
  const set = JSON.parse(readFileSync(join(root, 'test/fixtures/judgments-demo.json'), 'utf8')) as {
    corpus: { seed: number; vacancies: number; baseDate: string; now: string };
    search: DemoJudgment[];
  };
  const c = set.corpus;
  const o = { ...DEMO_DEFAULTS, seed: c.seed, vacancies: c.vacancies, baseDate: c.baseDate };
  const now = new Date(c.now);
  const firms = new Map<string, VacancyFirm>();
  for (let i = 0; i < o.firms; i++) {
    const f = demoFirm(o, i);
    firms.set(f.id, { id: f.id, name: f.input.name, keyEnterprise: Boolean(f.input.keyEnterprise) });
  }
  const vacancies = Array.from({ length: o.vacancies }, (_, i) => {
    const v = demoVacancy(o, i);
    return vacancy(v.externalRef, v.input as unknown as Record<string, unknown>, firms.get(v.firmId)!, now);
  });
  const dnames = indexNames(`${prefix}-demo`);
  await ensureIndices(es, `${prefix}-demo`, [vacanciesIndex]);
  await seed(es, dnames, { vacancies });
  const byId = new Map(vacancies.map((v) => [v.id, v]));
  const nd: number[] = [];
  const rc: number[] = [];
  const ceiling: number[] = [];
  const precAll: number[] = [];
  const recAll: number[] = [];
  const ndWage: number[] = [];
  const run = async (q: string, size: number, sort?: string) => {
    const query = { q, size: String(size), facets: 'false', highlight: 'false', ...(sort ? { sort } : {}) };
    const body = searchRequest(query, now);
    const res = await es.search<VacancyDoc>({ index: dnames.vacancies, ...body, _source: false });
    return res.hits.hits.map((h) => byId.get(h._id!)!);
  };
  for (const j of set.search) {
    const grade = (v: VacancyDoc) => demoGrade(j, v, now);
    const all = vacancies.map(grade);
    const relevant = all.filter((g) => g > 0).length;
    const ranked = (await run(j.q, 50)).map(grade);
    nd.push(ndcg(ranked, all));
    rc.push(recall(ranked, all));
    ceiling.push(Math.min(50, relevant) / Math.max(1, relevant));
    // Every hit (pages of 100 up to the 1,000 depth; the demo's largest match is below that): is what matches relevant?
    const hits = await allHits(j.q, grade);
    precAll.push(hits.filter((g) => g > 0).length / Math.max(1, hits.length));
    recAll.push(hits.filter((g) => g > 0).length / Math.max(1, relevant));
    // sort=wage shows the matching set in an order unrelated to the text: a loose match surfaces at once.
    ndWage.push(ndcg((await run(j.q, 10, 'wage')).map(grade), all));
    if (process.env['EVAL_VERBOSE'])
      console.log(
        `  ${j.q}: nDCG@10 ${f3(nd.at(-1)!)} recall@50 ${f3(rc.at(-1)!)} (ceiling ${f3(ceiling.at(-1)!)}; ${relevant} relevant, ${hits.length} hits, precision ${f3(precAll.at(-1)!)}, recall ${f3(recAll.at(-1)!)}; sort=wage nDCG@10 ${f3(ndWage.at(-1)!)}) top10 ${ranked.slice(0, 10).join('')}`,
      );
  }
  console.log(
    `demo search (${set.search.length} queries, ${vacancies.length} demo vacancies, base ${c.baseDate}): nDCG@10 ${f3(mean(nd))}  recall@50 ${f3(mean(rc))} (a perfect ranking: ${f3(mean(ceiling))})`,
  );
  console.log(
    `  all hits: precision ${f3(mean(precAll))}  recall ${f3(mean(recAll))};  sort=wage nDCG@10 ${f3(mean(ndWage))}`,
  );

  async function allHits(q: string, grade: (v: VacancyDoc) => number): Promise<number[]> {
    const out: number[] = [];
    for (let page = 1; page <= 10; page++) {
      const query = { q, size: '100', page: String(page), facets: 'false', highlight: 'false' };
      const body = searchRequest(query, now);
      const res = await es.search<VacancyDoc>({ index: dnames.vacancies, ...body, _source: false });
      out.push(...res.hits.hits.map((h) => grade(byId.get(h._id!)!)));
      if (res.hits.hits.length < 100) break;
    }
    return out;
  }
}

const setArg = process.argv.indexOf('--set');
const which = setArg >= 0 ? process.argv[setArg + 1] : 'corpus';
try {
  if (which === 'demo') {
    await evalDemo();
  } else if (which === 'corpus') {
    await ensureIndices(es, prefix, [vacanciesIndex, workersIndex, workerPrivateIndex, intentionPairsIndex]);
    await evalCorpus();
    if (!process.argv.includes('--no-rjdb')) await evalRjdb();
  } else {
    throw new Error(`--set: corpus or demo, not ${which}`);
  }
} finally {
  await deleteIndicesWithPrefix(es, prefix).catch(() => {});
  await es.close();
}
