import type { FairInput, FirmInput, VacancyInput, WorkerInput } from '@fugong/schemas';
import {
  BENEFIT_OTHER,
  FAIR_NAMES,
  FIRM_PREFIXES,
  FIRM_SUFFIXES,
  GIVEN,
  INDUSTRIES,
  type Industry,
  OTHER_CITIES,
  SHIFTS,
  SURNAMES,
  ZAOZHUANG_DISTRICTS,
} from './catalog.ts';
import { itemRandom, type Random } from './random.ts';

/** How much demo data to make. The defaults are the seed's campaign, a little larger. */
export interface DemoOptions {
  seed: number;
  firms: number;
  keyEnterprises: number;
  vacancies: number;
  workers: number;
  fairs: number;
  /** Dates are relative to this day (YYYY-MM-DD), so the demo's vacancies are open when it is loaded. */
  baseDate: string;
}

export const DEMO_DEFAULTS: DemoOptions = {
  seed: 2020,
  firms: 520,
  keyEnterprises: 21,
  vacancies: 20_000,
  workers: 10_000,
  fairs: 23,
  baseDate: new Date().toISOString().slice(0, 10),
};

const STREAM = { firm: 1, fair: 2, vacancy: 3, worker: 4 } as const;

export const firmId = (i: number): string => `zz-firm-${String(i + 1).padStart(4, '0')}`;
export const fairId = (i: number): string => `zz-fair-${String(i + 1).padStart(2, '0')}`;
export const workerId = (i: number): string => `zz-worker-${String(i + 1).padStart(7, '0')}`;

/** Industry of firm i: key enterprises (the first ones) are PPE makers, logistics, food, machinery, textiles. */
function industryOf(o: DemoOptions, i: number): Industry {
  if (i < o.keyEnterprises) return INDUSTRIES[i % 5]!;
  return itemRandom(o.seed, STREAM.firm, i).pick(INDUSTRIES);
}

/** Firm i, deterministic. */
export function demoFirm(o: DemoOptions, i: number): { id: string; input: FirmInput } {
  const r = itemRandom(o.seed, STREAM.firm, i + 1_000_000);
  const industry = industryOf(o, i);
  const district = r.weighted(ZAOZHUANG_DISTRICTS);
  const key = i < o.keyEnterprises;
  return {
    id: firmId(i),
    input: {
      name: `${r.pick(FIRM_PREFIXES)}${r.pick(industry.nameParts)}${String(i + 1).padStart(3, '0')}${r.pick(FIRM_SUFFIXES)}`,
      creditCode: creditCode(r, district),
      industry: industry.name,
      place: {
        district,
        address: `${r.pick(['光明路', '建设路', '解放路', '新城大道', '工业园区'])}${r.int(1, 300)}号`,
      },
      size: key
        ? 'large'
        : r.weighted([
            ['micro', 3],
            ['small', 5],
            ['medium', 2],
            ['large', 1],
          ] as const),
      ...(key
        ? {
            keyEnterprise: {
              level: 'municipal' as const,
              since: '2020-02-10',
              reason: `疫情防控重点保障企业（${industry.name}）`,
            },
          }
        : {}),
      contact: { name: `${r.pick(SURNAMES)}经理`, phone: `0632-${r.int(3000000, 8999999)}` },
    },
  };
}

/** Fair i: the seed's 23 online fairs, spread over the weeks around the base date. */
export function demoFair(o: DemoOptions, i: number): { id: string; input: FairInput } {
  const r = itemRandom(o.seed, STREAM.fair, i);
  const start = addDays(o.baseDate, -30 + i * 3);
  const firmIds = r
    .sample(
      Array.from({ length: o.firms }, (_, k) => k),
      Math.min(o.firms, r.int(20, 120)),
    )
    .map(firmId);
  return {
    id: fairId(i),
    input: {
      name: `2020年${FAIR_NAMES[i % FAIR_NAMES.length]}（第${Math.floor(i / FAIR_NAMES.length) + 1}场）`,
      startDate: start,
      endDate: addDays(start, r.int(3, 14)),
      online: true,
      firmIds,
    },
  };
}

/** Vacancy i: a job of its firm's industry, in or near the firm's district. */
export function demoVacancy(
  o: DemoOptions,
  i: number,
): { firmId: string; externalRef: string; input: VacancyInput } {
  const r = itemRandom(o.seed, STREAM.vacancy, i);
  // Key enterprises post more: a fifth of vacancies go to them.
  const f = o.keyEnterprises > 0 && r.chance(0.2) ? r.int(0, o.keyEnterprises - 1) : r.int(0, o.firms - 1);
  const firm = demoFirm(o, f);
  const job = r.pick(industryOf(o, f).jobs);
  const unit = r.weighted([
    ['month', 8],
    ['day', 1],
    ['hour', 1],
  ] as const);
  const [lo, hi] = job.wage;
  const monthly = Math.round(r.int(lo, hi) / 100) * 100;
  const span = Math.round(r.int(500, 2000) / 100) * 100;
  const wage =
    unit === 'month'
      ? { min: monthly, max: monthly + span, unit, currency: 'CNY' }
      : unit === 'day'
        ? {
            min: Math.round(monthly / 21.75),
            max: Math.round((monthly + span) / 21.75),
            unit,
            currency: 'CNY',
          }
        : { min: Math.round(monthly / 174), max: Math.round((monthly + span) / 174), unit, currency: 'CNY' };
  const board = r.chance(0.45);
  const lodging = r.chance(0.35);
  const away = r.chance(0.03);
  const district = away
    ? r.pick(OTHER_CITIES)
    : r.chance(0.8)
      ? firm.input.place.district!
      : r.weighted(ZAOZHUANG_DISTRICTS);
  const expired = r.chance(0.02);
  const perks = [
    board && lodging ? '包吃住' : board ? '包吃' : lodging ? '包住' : '',
    ...r.sample(BENEFIT_OTHER, 2),
  ].filter(Boolean);
  return {
    firmId: firm.id,
    externalRef: `V${String(i + 1).padStart(7, '0')}`,
    input: {
      title: r.chance(0.15) ? `急招${job.title}` : job.title,
      description: `${firm.input.name}招聘${job.title}${r.int(1, 30)}名。要求：身体健康，能吃苦耐劳，${r.pick(['有经验者优先', '可接受新手，岗前培训', '熟练工优先'])}。待遇：${perks.join('，')}。工作地点：${firm.input.place.address ?? ''}。`,
      skills: r.sample(job.skills, r.int(1, job.skills.length)),
      totalJobOpenings: r.weighted([
        [1, 2],
        [r.int(2, 10), 5],
        [r.int(10, 50), 3],
        [r.int(50, 200), 1],
      ] as const),
      wage,
      employmentType: r.weighted([
        ['full_time', 8],
        ['temporary', 1],
        ['part_time', 1],
      ] as const),
      workPlace: { district },
      shifts: [r.pick(SHIFTS)],
      requirements: {
        education: r.weighted([
          ['junior_high', 5],
          ['senior_high', 3],
          ['vocational', 2],
          ['associate', 1],
        ] as const),
        experienceYears: r.weighted([
          [0, 5],
          [1, 3],
          [3, 2],
        ] as const),
        certificates: job.certificates && r.chance(0.7) ? job.certificates : [],
      },
      benefits: { board, lodging, socialInsurance: r.chance(0.7), other: r.sample(BENEFIT_OTHER, 2) },
      fairIds: r.chance(0.6) ? [fairId(r.int(0, o.fairs - 1))] : [],
      validFrom: addDays(o.baseDate, expired ? -r.int(20, 40) : -r.int(0, 40)),
      validThrough: expired ? addDays(o.baseDate, -r.int(1, 10)) : addDays(o.baseDate, r.int(10, 90)),
      status: r.chance(0.03) ? 'filled' : 'open',
      source: 'demo',
    },
  };
}

/** Worker i: a seeker with the seed's priority groups in plausible shares. */
export function demoWorker(o: DemoOptions, i: number): { id: string; input: WorkerInput } {
  const r = itemRandom(o.seed, STREAM.worker, i);
  const industry = r.pick(INDUSTRIES);
  const jobs = r.sample(industry.jobs, r.int(1, 2));
  const home = r.chance(0.9) ? r.weighted(ZAOZHUANG_DISTRICTS) : r.pick(OTHER_CITIES);
  const birthYear = r.int(1966, 2003);
  const groups: Array<'migrant_worker' | 'graduate' | 'poverty_registered'> = [];
  if (r.chance(0.4)) groups.push('migrant_worker');
  if (birthYear >= 1998 && r.chance(0.4)) groups.push('graduate');
  if (r.chance(0.08)) groups.push('poverty_registered');
  const expected = Math.round(r.int(jobs[0]!.wage[0] - 500, jobs[0]!.wage[1]) / 100) * 100;
  return {
    id: workerId(i),
    input: {
      occupations: jobs.map((j) => j.title),
      skills: [...new Set(jobs.flatMap((j) => r.sample(j.skills, r.int(1, j.skills.length))))],
      certificates: [
        ...new Set(jobs.flatMap((j) => (j.certificates && r.chance(0.6) ? j.certificates : []))),
      ],
      experienceYears: r.int(0, Math.min(25, 2020 - birthYear - 16)),
      education: groups.includes('graduate')
        ? r.pick(['associate', 'bachelor'] as const)
        : r.pick(['junior_high', 'senior_high', 'vocational'] as const),
      currentPlace: { district: home },
      willingPlaces: r.chance(0.5) ? [{ district: r.weighted(ZAOZHUANG_DISTRICTS) }] : [],
      maxCommuteKm: r.pick([10, 20, 30, 50]),
      expectedWage: { min: Math.max(2000, expected), unit: 'month' },
      availableFrom: addDays(o.baseDate, r.int(-10, 20)),
      priorityGroups: groups,
      status: r.chance(0.92) ? 'seeking' : 'employed',
      consent: { given: true, at: addDays(o.baseDate, -r.int(1, 30)), via: 'zzhrss-portal' },
      private: {
        name: `${r.pick(SURNAMES)}${r.pick(GIVEN)}${r.chance(0.6) ? r.pick(GIVEN) : ''}`,
        phone: `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`,
        idNumber: idNumber(r, home.startsWith('37') ? home : '370481', birthYear),
      },
    },
  };
}

/** Streams items 0..n-1 of a kind without holding them: 1M vacancies stay flat in memory. */
export function* demoStream<T>(n: number, make: (i: number) => T): Generator<T> {
  for (let i = 0; i < n; i++) yield make(i);
}

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(r: Random, district: string): string {
  let body = `91${district}`;
  for (let k = 0; k < 9; k++) body += USCC[r.int(0, k < 8 ? 30 : 9)];
  const sum = [...body].reduce((s, c, k) => s + USCC.indexOf(c) * USCC_W[k]!, 0);
  return body + USCC[(31 - (sum % 31)) % 31];
}

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(r: Random, area: string, year: number): string {
  const body = `${area}${year}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(0, 999)).padStart(3, '0')}`;
  const sum = [...body].reduce((s, c, k) => s + Number(c) * ID_W[k]!, 0);
  return body + '10X98765432'[sum % 11];
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
