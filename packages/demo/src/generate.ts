import type { FairInput, FirmInput, GeoPoint, VacancyInput, WorkerInput } from '@fugong/schemas';
import {
  BENEFIT_OTHER,
  FAIR_NAMES,
  GIVEN,
  INDUSTRIES,
  type Industry,
  type Job,
  OTHER_CITIES,
  SHIFT_WEIGHTS,
  SURNAMES,
  TRADE_EXTRA,
  TRADE_FIRST,
  TRADE_SECOND,
  ZAOZHUANG_DISTRICTS,
} from './catalog.ts';
import { itemRandom, type Random } from './random.ts';
import { DISTRICTS, jitter, OTHER_CITY_PLACES, pickTown, type Town } from './towns.ts';

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

/**
 * The generator's version: raised whenever the same seed and options give different data, so a campaign
 * loaded by an older generator is reloaded rather than kept (load-demo's marker records it). 2: towns,
 * varied texts, wages and firm names (issue #12).
 */
export const DEMO_VERSION = 3;

// Separate streams for what was added later (towns, names, texts), so the draws of the older fields of an
// item do not depend on how the newer ones are made.
const STREAM = {
  firm: 1,
  fair: 2,
  vacancy: 3,
  worker: 4,
  firmPlace: 5,
  vacancyText: 6,
  workerPlace: 7,
} as const;

export const firmId = (i: number): string => `zz-firm-${String(i + 1).padStart(4, '0')}`;
export const fairId = (i: number): string => `zz-fair-${String(i + 1).padStart(2, '0')}`;
export const workerId = (i: number): string => `zz-worker-${String(i + 1).padStart(7, '0')}`;

/** Industry of firm i: key enterprises (the first ones) are PPE makers, logistics, food, machinery, textiles. */
function industryOf(o: DemoOptions, i: number): Industry {
  if (i < o.keyEnterprises) return INDUSTRIES[i % 5]!;
  return itemRandom(o.seed, STREAM.firm, i).pick(INDUSTRIES);
}

/** A firm with what its postings need besides its input: where it is and how well it pays. */
interface FirmProfile {
  id: string;
  input: FirmInput;
  industry: Industry;
  district: string;
  town: Town;
  location: GeoPoint;
  /** Its wages against the city's typical range for a job: district, size, key enterprise, and its own policy. */
  wageFactor: number;
}

const SIZE_WAGE = { micro: 0.94, small: 0.97, medium: 1, large: 1.05 } as const;
const SIZE_INSURED = { micro: 0.45, small: 0.65, medium: 0.8, large: 0.93 } as const;

function firmProfile(o: DemoOptions, i: number): FirmProfile {
  const r = itemRandom(o.seed, STREAM.firm, i + 1_000_000);
  const p = itemRandom(o.seed, STREAM.firmPlace, i);
  const industry = industryOf(o, i);
  const district = r.weighted(ZAOZHUANG_DISTRICTS);
  const d = DISTRICTS[district]!;
  const key = i < o.keyEnterprises;
  // The first generator drew the name's three parts and the address here: the same draws are made (and
  // discarded) so that credit codes, sizes and contact numbers stay what they were, and with them the demo's
  // resumption monitoring, which depends on the firms' sizes.
  r.next();
  r.next();
  r.next();
  const creditCodeValue = creditCode(r, district);
  r.next();
  r.next();
  const size = key
    ? ('large' as const)
    : r.weighted([
        ['micro', 3],
        ['small', 5],
        ['medium', 2],
        ['large', 1],
      ] as const);
  const town = pickTown(p, district);
  const location = jitter(p, town, 0.2, 2);
  const part = p.pick(industry.nameParts);
  // Hospitals, restaurants and guesthouses are often named without a company form (滕州市鑫源饭店).
  const bare = /(医院|护理院|饭店|宾馆)$/.test(part) && size !== 'large' && p.chance(0.6);
  const suffix = bare
    ? ''
    : size === 'large'
      ? p.pick(['集团有限公司', '股份有限公司', '有限公司'])
      : size === 'medium'
        ? p.pick(['有限公司', '有限公司', '股份有限公司'])
        : p.pick(['有限公司', '有限公司', '有限责任公司']);
  const road = p.pick(roadsOf(town));
  // Factories and warehouses sit in the towns' industrial parks; shops, hotels and offices in the streets.
  const address =
    FACTORY_INDUSTRIES.has(industry.name) && p.chance(0.4)
      ? `${town.name}工业园${road}${p.int(1, 99)}号`
      : `${town.name}${road}${p.int(1, 399)}号`;
  const contact = `${r.pick(SURNAMES)}${p.pick(['经理', '女士', '先生', '主管'])}`;
  const phone = `0632-${r.int(3000000, 8999999)}`;
  return {
    id: firmId(i),
    industry,
    district,
    town,
    location,
    wageFactor: d.wageLevel * SIZE_WAGE[size] * (key ? 1.05 : 1) * (0.93 + p.next() * 0.14),
    input: {
      name: `${p.pick(bare ? d.namePrefixes.filter((x) => !x.startsWith('山东')) : d.namePrefixes)}${tradeName(i)}${part}${suffix}`,
      creditCode: creditCodeValue,
      industry: industry.name,
      place: { district, address, location },
      size,
      ...(key
        ? {
            keyEnterprise: {
              level: 'municipal' as const,
              since: '2020-02-10',
              reason: `疫情防控重点保障企业（${industry.name}）`,
            },
          }
        : {}),
      contact: { name: contact, phone },
    },
  };
}

/**
 * The trade name (字号) of firm i: a permutation of the two-character names, so no two firms share one (and
 * so no two share a name) up to TRADE_FIRST × TRADE_SECOND firms; past that a third character in front
 * keeps them apart, up to (1 + TRADE_EXTRA) times as many. A permutation rather than the list in order, so
 * neighbouring firms do not read 鑫源, 鑫达, 鑫晨….
 */
function tradeName(i: number): string {
  const a = TRADE_FIRST.length;
  const space = a * TRADE_SECOND.length;
  const j = (i * TRADE_STEP + 17) % space;
  const round = Math.floor(i / space);
  const extra = round === 0 ? '' : TRADE_EXTRA[(round - 1) % TRADE_EXTRA.length]!;
  return `${extra}${TRADE_FIRST[j % a]!}${TRADE_SECOND[Math.floor(j / a)]!}`;
}
/** A step coprime with the number of trade names, so i → i × step mod n is a permutation. */
const TRADE_STEP = (() => {
  const n = TRADE_FIRST.length * TRADE_SECOND.length;
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  let step = Math.round(n * 0.618);
  while (gcd(step, n) !== 1) step++;
  return step;
})();

const FACTORY_INDUSTRIES = new Set(['防护用品制造', '物流快递', '食品加工', '机械制造', '纺织服装']);

/**
 * Roads for an address in a town: a sub-district (街道) or development zone lies in the district's urban
 * area and has its roads; a town (镇) has its own main street named after it and a few common names.
 */
function roadsOf(town: Town): string[] {
  if (!town.name.endsWith('镇')) return DISTRICTS[town.districtCode]!.roads;
  const short = town.name.slice(0, -1);
  return [`${short}路`, `${short}大街`, '府前路', '工业路', '建设路', '兴业路', '中心街', '振兴路'];
}

/** Firm i, deterministic. */
export function demoFirm(o: DemoOptions, i: number): { id: string; input: FirmInput } {
  const f = firmProfile(o, i);
  return { id: f.id, input: f.input };
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

const fairsByFirm = new WeakMap<DemoOptions, Map<number, string[]>>();

/**
 * The fair a vacancy is posted into: one of the fairs that list its firm (a firm posts only into fairs it takes
 * part in, so a fair's booths and its counters agree). `draw` is the generator's own draw (-1: none), kept so
 * the rest of the vacancy's random stream is unchanged.
 */
function fairOfVacancy(o: DemoOptions, firm: number, draw: number): string[] {
  if (draw < 0) return [];
  let byFirm = fairsByFirm.get(o);
  if (!byFirm) {
    byFirm = new Map();
    for (let k = 0; k < o.fairs; k++) {
      const fair = demoFair(o, k);
      for (const id of fair.input.firmIds ?? []) {
        const n = Number(id.slice(id.lastIndexOf('-') + 1)) - 1;
        byFirm.set(n, [...(byFirm.get(n) ?? []), fair.id]);
      }
    }
    fairsByFirm.set(o, byFirm);
  }
  const fairs = byFirm.get(firm) ?? [];
  return fairs.length ? [fairs[draw % fairs.length]!] : [];
}

/**
 * Vacancy i: a job of its firm's industry, in or near the firm's district. Most are at the firm's own site
 * (a few hundred metres around it: its workshops and gates), some at another town of the district (a branch,
 * a store, a building site), a few in another district or, for labour sent out, another city. The wage is
 * the job's range scaled by the firm's wage level; the description is composed from the posting's own facts.
 */
export function demoVacancy(
  o: DemoOptions,
  i: number,
): { firmId: string; externalRef: string; input: VacancyInput } {
  const r = itemRandom(o.seed, STREAM.vacancy, i);
  const t = itemRandom(o.seed, STREAM.vacancyText, i);
  // Key enterprises post more: a fifth of vacancies go to them.
  const f = o.keyEnterprises > 0 && r.chance(0.2) ? r.int(0, o.keyEnterprises - 1) : r.int(0, o.firms - 1);
  const firm = firmProfile(o, f);
  const job = r.pick(firm.industry.jobs);
  const unit = r.weighted([
    ['month', 8],
    ['day', 1],
    ['hour', 1],
  ] as const);
  const [lo, hi] = job.wage;
  const monthly = round100(r.int(lo, hi) * firm.wageFactor);
  const span = Math.min(5000, Math.max(300, round100((hi - lo) * (0.15 + t.next() * 0.85))));
  const open = unit === 'month' && t.chance(0.1); // "4500元起": no upper bound stated
  const wage =
    unit === 'month'
      ? { min: monthly, ...(open ? {} : { max: monthly + span }), unit, currency: 'CNY' }
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
  const sameDistrict = r.chance(0.8);
  const district = away
    ? r.pick(OTHER_CITIES)
    : sameDistrict
      ? firm.district
      : r.weighted(ZAOZHUANG_DISTRICTS);
  const workPlace = vacancyPlace(t, firm, district, away);
  const expired = r.chance(0.02);
  const urgent = r.chance(0.15);
  const openings = r.weighted([
    [1, 2],
    [r.int(2, 10), 5],
    [r.int(10, 50), 3],
    [r.int(50, 200), 1],
  ] as const);
  const employmentType = r.weighted([
    ['full_time', 8],
    ['temporary', 1],
    ['part_time', 1],
  ] as const);
  const shift = r.weighted(job.shifts ?? SHIFT_WEIGHTS);
  const education = r.weighted([
    ['junior_high', 5],
    ['senior_high', 3],
    ['vocational', 2],
    ['associate', 1],
  ] as const);
  const experienceYears = r.weighted([
    [0, 5],
    [1, 3],
    [3, 2],
  ] as const);
  const certificates = job.certificates && r.chance(0.7) ? job.certificates : [];
  const size = firm.input.size ?? 'small';
  const socialInsurance = r.chance(SIZE_INSURED[size]);
  // Free meals and a dormitory are what board and lodging already say: not listed twice.
  const covered = [...(board ? ['免费工作餐', '餐补'] : []), ...(lodging ? ['员工宿舍', '住房补贴'] : [])];
  const other = t
    .sample([...BENEFIT_OTHER, ...firm.industry.perks], t.int(1, 4))
    .filter((b) => !covered.includes(b));
  if (socialInsurance && t.chance(0.45)) other.unshift('五险一金');
  const hours = workHours(t, shift);
  return {
    firmId: firm.id,
    externalRef: `V${String(i + 1).padStart(7, '0')}`,
    input: {
      title: urgent ? `急招${job.title}` : job.title,
      description: describe(t, {
        firm,
        job,
        openings,
        wage,
        workPlace,
        district,
        shift,
        hours,
        employmentType,
        education,
        experienceYears,
        certificates,
        board,
        lodging,
        socialInsurance,
        other,
      }),
      skills: r.sample(job.skills, r.int(1, job.skills.length)),
      totalJobOpenings: openings,
      wage,
      employmentType,
      workPlace,
      workHours: hours,
      shifts: [shift],
      requirements: { education, experienceYears, certificates },
      benefits: { board, lodging, socialInsurance, other },
      fairIds: fairOfVacancy(o, f, r.chance(0.6) ? r.int(0, o.fairs - 1) : -1),
      validFrom: addDays(o.baseDate, expired ? -r.int(20, 40) : -r.int(0, 40)),
      validThrough: expired ? addDays(o.baseDate, -r.int(1, 10)) : addDays(o.baseDate, r.int(10, 90)),
      status: r.chance(0.03) ? 'filled' : 'open',
      source: 'demo',
    },
  };
}

/** Where a posting's work is: the firm's site, another town of the district, or another city's centre. */
function vacancyPlace(
  t: Random,
  firm: FirmProfile,
  district: string,
  away: boolean,
): { district: string; address?: string; location: GeoPoint } {
  if (away) {
    const city = OTHER_CITY_PLACES[district]!;
    return { district, location: jitter(t, city, 1, 8) };
  }
  if (district === firm.district && t.chance(0.7))
    return { district, address: firm.input.place.address!, location: jitter(t, firm.location, 0.05, 0.5) };
  const town = pickTown(t, district);
  const road = t.pick(roadsOf(town));
  return { district, address: `${town.name}${road}${t.int(1, 399)}号`, location: jitter(t, town, 0.3, 2) };
}

/** Working hours as postings state them, matching the shift (no shift word of another pattern in them). */
function workHours(t: Random, shift: string): string {
  switch (shift) {
    case '白班':
      return t.pick(['8:00-17:00，午休1小时', '8:30-17:30', '7:30-16:30，中午管饭', '9:00-18:00']);
    case '长白班':
      return t.pick(['7:30-17:30', '8:00-18:00，中午休息1小时', '7:00-17:00']);
    case '两班倒':
      return t.pick(['8:00-20:00 / 20:00-8:00，两周一换', '7:00-19:00 / 19:00-7:00，每周轮换']);
    default:
      return t.pick(['每班8小时，每周轮换', '8:00-16:00 / 16:00-24:00 / 0:00-8:00']);
  }
}

const EDUCATION_TEXT = {
  junior_high: '初中及以上学历',
  senior_high: '高中或中专及以上学历',
  vocational: '中专、技校及以上学历',
  associate: '大专及以上学历',
} as const;

interface PostingFacts {
  firm: FirmProfile;
  job: Job;
  openings: number;
  wage: { min: number; max?: number; unit: 'month' | 'day' | 'hour' };
  workPlace: { address?: string };
  district: string;
  shift: string;
  hours: string;
  employmentType: 'full_time' | 'temporary' | 'part_time';
  education: keyof typeof EDUCATION_TEXT;
  experienceYears: number;
  certificates: string[];
  board: boolean;
  lodging: boolean;
  socialInsurance: boolean;
  other: string[];
}

/**
 * A posting's description, composed from its own facts in one of two shapes real postings take (a paragraph,
 * or headed sections), with varied sentences: what the firm is, the duties, the requirements, pay, benefits,
 * hours, place and how to apply (never a phone number: contacts are private to the bureau and the firm).
 * Every fact stated agrees with the structured fields (its shift, benefits, headcount, wage).
 */
function describe(t: Random, v: PostingFacts): string {
  const { firm, job } = v;
  const name = firm.input.name;
  const title = job.title;
  const n = v.openings;
  const here = v.workPlace.address;
  const districtName = DISTRICTS[v.district]?.name ?? OTHER_CITY_PLACES[v.district]?.name ?? '';
  const kind = t.pick(firm.industry.kinds);
  const key = Boolean(firm.input.keyEnterprise);
  const intro = t.pick([
    `${name}因${/制造|加工|纺织/.test(firm.industry.name) ? '生产' : '经营发展'}需要，现招聘${title}${n}名。`,
    `${name}现有${title}岗位空缺${n}个，诚邀求职者加入。`,
    `${name}招聘：${title}${n}名。`,
    `${name}是一家${kind}，位于${DISTRICTS[firm.district]!.name}${firm.town.name}，现面向社会招聘${title}${n}人。`,
    `因业务扩大，${name}诚聘${title}${n}名，欢迎有意者加入。`,
    `${name}长期招聘${title}，本次计划招${n}人。`,
    ...(key ? [`${name}是市级疫情防控重点保障企业，现急需${title}${n}名，尽快到岗。`] : []),
  ]);
  const duties = t.sample(job.duties, 2);
  const age =
    /保安|保洁|绿化/.test(title) || t.chance(0.2)
      ? `年龄${t.int(18, 25)}-${t.pick([55, 60])}周岁`
      : `年龄${t.int(18, 22)}-${t.pick([40, 45, 50])}周岁`;
  const experience =
    v.experienceYears === 0
      ? t.pick(['无经验可培训', '接受新手，岗前带薪培训', '经验不限，有师傅带'])
      : v.experienceYears === 1
        ? '有1年以上相关工作经验'
        : t.pick(['有3年以上相关工作经验', '3年以上经验，熟练工优先']);
  const requirements = [
    EDUCATION_TEXT[v.education],
    age,
    experience,
    ...(v.certificates.length ? [`持有效${v.certificates.join('、')}`] : []),
    t.pick(['身体健康，能吃苦耐劳', '责任心强，服从管理', '工作认真细致，有团队精神', '遵守公司规章制度']),
  ];
  const w = v.wage;
  const pay =
    w.unit === 'month'
      ? w.max === undefined
        ? `月薪${w.min}元起，上不封顶`
        : t.pick([
            `月薪${w.min}-${w.max}元`,
            `综合工资${w.min}-${w.max}元/月`,
            `底薪${round100(w.min * 0.8)}元+绩效，月收入${w.min}-${w.max}元`,
          ])
      : w.unit === 'day'
        ? `日薪${w.min}-${w.max}元，${t.pick(['日结', '周结', '月结'])}`
        : `时薪${w.min}-${w.max}元，按月结算`;
  const perks = [
    ...(v.board && v.lodging
      ? ['包吃住']
      : v.board
        ? [t.pick(['包吃', '免费三餐'])]
        : v.lodging
          ? [t.pick(['包住', '免费住宿'])]
          : []),
    ...(v.socialInsurance && !v.other.includes('五险一金') ? ['缴纳五险'] : []),
    ...v.other,
  ];
  const rest = /白班/.test(v.shift)
    ? t.pick(['双休', '做六休一', '月休4天', '周末单休'])
    : t.pick(['月休4天', '做六休一', '按排班轮休']);
  const time = `工作时间：${v.hours}，${v.shift}，${rest}。`;
  const place = OTHER_CITY_PLACES[v.district]
    ? `工作地点：${districtName}，公司统一安排往返交通。`
    : `工作地点：${districtName}${here ?? ''}。`;
  const terms =
    v.employmentType === 'temporary'
      ? `本岗位为短期用工，工期约${t.int(1, 6)}个月。`
      : v.employmentType === 'part_time'
        ? `兼职岗位，每天工作${t.int(3, 6)}小时，时间可协商。`
        : '';
  const contact = t.pick([
    '有意者请通过本平台投递简历，人事部将在3个工作日内联系。',
    '面试地点：公司人事部，请携带身份证。',
    '可直接到公司人事部面试，周一至周六上午9点至11点。',
    '报名后人事专员会尽快与您联系，请留意平台消息。',
    `欢迎在线投递，也可到${districtName}公共就业服务窗口咨询。`,
    '本岗位参加网络招聘会，可在线预约视频面试。',
    '请在平台上提交求职意向，合适者通知面试。',
  ]);
  const perkText = perks.length ? perks.join('、') : '按国家规定';
  if (t.chance(0.5)) {
    // A paragraph.
    return [
      intro,
      `主要工作：${duties.join('；')}。`,
      `要求：${requirements.join('，')}。`,
      `待遇：${pay}，${perkText}。`,
      terms,
      t.chance(0.8) ? time : '',
      place,
      t.chance(0.85) ? contact : '',
    ].join('');
  }
  // Headed sections, numbered duties.
  return [
    intro,
    `岗位职责：${duties.map((d, k) => `${k + 1}. ${d}`).join('；')}。`,
    `任职要求：${requirements.join('；')}。`,
    `薪资福利：${pay}；${t.pick(['公司提供', '福利待遇：', ''])}${perkText}。`,
    terms,
    time,
    place,
    contact,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Worker i: a seeker with the seed's priority groups in plausible shares, living in a town of the city. */
export function demoWorker(o: DemoOptions, i: number): { id: string; input: WorkerInput } {
  const r = itemRandom(o.seed, STREAM.worker, i);
  const p = itemRandom(o.seed, STREAM.workerPlace, i);
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
      currentPlace: workerPlace(p, home),
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

/**
 * Where a seeker lives, only to the town (a street address would be private data): the town's name and a
 * point up to 2.5 km from its centre, or somewhere in another city for those from elsewhere.
 */
function workerPlace(p: Random, home: string): { district: string; address?: string; location: GeoPoint } {
  const city = OTHER_CITY_PLACES[home];
  if (city) return { district: home, location: jitter(p, city, 0.5, 8) };
  const town = pickTown(p, home);
  return { district: home, address: town.name, location: jitter(p, town, 0.2, 2.5) };
}

const round100 = (x: number) => Math.round(x / 100) * 100;

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
