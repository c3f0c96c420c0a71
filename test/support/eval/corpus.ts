/**
 * A small deterministic corpus for relevance evaluation (until the demo generator lands): every title of
 * TITLES posted three times by different firms in different districts, and workers whose profiles carry one
 * of the same titles as their occupation. Same seed, same documents, same ids.
 */
import type { VacancyDoc } from '@fugong/documents';
import { resolveOccupations } from '@fugong/text';
import { vacancy, worker } from './build.ts';

export const TITLES = [
  '普工',
  '生产普工',
  '操作工',
  '流水线工人',
  '包装工',
  '防护服生产工',
  '防護服生產工',
  '口罩生产工',
  '缝纫工',
  '裁剪工',
  '电焊工',
  '氩弧焊工',
  '叉车司机',
  '货车司机',
  '仓库管理员',
  '仓管员',
  '倉庫管理員',
  '快递员',
  '外卖骑手',
  '保安',
  '保洁员',
  '厨师',
  '服务员',
  '收银员',
  '销售代表',
  '电工',
  '维修电工',
  '钳工',
  '数控车床操作工',
  '车工',
  '质检员',
  '护工',
  '护士',
  '幼儿园教师',
  '会计',
  '出纳',
  '文员',
  'Java开发工程师',
  '前端开发工程师',
  '装卸工',
  '搬运工',
  '建筑工人',
  '木工',
  '瓦工',
  '挖掘机司机',
];
const DISTRICTS = ['市中区', '薛城区', '峄城区', '台儿庄区', '山亭区', '滕州市'];
const BLURBS = ['包吃住，五险一金', '长白班，按时发薪', '计件工资，多劳多得', '有经验者优先', '新厂开工急招'];

/** A seeded PRNG (mulberry32): the corpus is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const now = new Date('2020-03-01T00:00:00+08:00');

/** The vacancies: three postings per title. */
export function corpusVacancies(): VacancyDoc[] {
  const r = rng(42);
  return TITLES.flatMap((title, i) =>
    [0, 1, 2].map((k) => {
      const firm = {
        id: `zz-firm-${String((i * 3 + k) % 40).padStart(3, '0')}`,
        name: `枣庄第${(i * 3 + k) % 40}企业`,
        keyEnterprise: k === 0,
      };
      const wage = 3000 + Math.round(r() * 40) * 100;
      return vacancy(
        `v${i}-${k}`,
        {
          title,
          description: `${title}，${BLURBS[(i + k) % BLURBS.length]}`,
          wage: { min: wage, max: wage + 1000 },
          workPlace: { district: DISTRICTS[(i + k * 2) % DISTRICTS.length] },
          benefits: { board: k === 1, lodging: k === 1 },
        },
        firm,
        now,
      );
    }),
  );
}

/** The workers: `perTitle` for every title whose occupation the dictionary knows, in varied places. */
export function corpusWorkers(perTitle = 6) {
  const r = rng(7);
  const out: Array<ReturnType<typeof worker> & { title: string }> = [];
  TITLES.forEach((title, i) => {
    if (resolveOccupations(title, 1).length === 0) return;
    for (let k = 0; k < perTitle; k++) {
      const w = worker(
        `w${i}-${k}`,
        {
          occupations: [title],
          experienceYears: Math.floor(r() * 8),
          currentPlace: { district: DISTRICTS[Math.floor(r() * DISTRICTS.length)] },
          maxCommuteKm: 20 + Math.floor(r() * 40),
          expectedWage: { min: 3000 + Math.round(r() * 30) * 100 },
          priorityGroups: r() < 0.3 ? ['migrant_worker'] : [],
        },
        now,
      );
      out.push({ ...w, title });
    }
  });
  return out;
}
