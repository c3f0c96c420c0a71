/**
 * The varied corpus of `pnpm bench ingest --corpus varied` (issue #14): postings whose titles and descriptions
 * vary the way real ones do, so a benchmark of the write path cannot be flattered by its caches. The demo
 * campaign draws ~100 job titles and a few hundred sentence pieces, so after the first thousand items nearly
 * every title, clause and place is a cache hit; here
 *
 * - titles come from the whole 2022 occupation classification (all 1,639 occupations' official names) and from
 *   every colloquial term of the synonym groups, with the prefixes and suffixes postings add (急招…, …学徒,
 *   …（熟练工）, a district name, a headcount);
 * - descriptions are composed from many more pieces (every duty of every demo job, the occupation's own name,
 *   numbers for ages, years, wages, hours, dates and addresses), some written in traditional characters, and
 *   no two descriptions of one corpus are identical ({@link variedCorpus} checks and redraws);
 * - firms and fairs are the demo campaign's (the write path checks that both exist).
 *
 * Deterministic: item i is the same on every machine and whatever else was generated.
 * @module
 */
import {
  BENEFIT_OTHER,
  DISTRICTS,
  type DemoOptions,
  demoFirm,
  fairId,
  INDUSTRIES,
  itemRandom,
  jitter,
  OTHER_CITIES,
  OTHER_CITY_PLACES,
  pickTown,
  type Random,
  ZAOZHUANG_DISTRICTS,
} from '@fugong/demo';
import type { VacancyInput } from '@fugong/schemas';
import { allOccupations, synonymGroups } from '@fugong/text';

/** A stream number no demo stream uses. */
const STREAM = 101;

interface Pools {
  official: string[];
  colloquial: string[];
  duties: string[];
  skills: string[];
  perks: string[];
}

let pools: Pools | undefined;
function poolsOf(): Pools {
  if (pools) return pools;
  const jobs = INDUSTRIES.flatMap((i) => i.jobs);
  pools = {
    official: allOccupations()
      .filter((o) => o.level === 4)
      .map((o) => o.name)
      .filter((n) => n.length > 0 && n.length <= 40),
    colloquial: [...new Set(synonymGroups().flatMap((g) => g.terms))].filter((t) => !/^[a-z0-9 ]+$/.test(t)),
    duties: [...new Set(jobs.flatMap((j) => j.duties))],
    skills: [...new Set(jobs.flatMap((j) => j.skills))],
    perks: [...new Set([...BENEFIT_OTHER, ...INDUSTRIES.flatMap((i) => i.perks)])],
  };
  return pools;
}

const TITLE_PREFIX: ReadonlyArray<readonly [string, number]> = [
  ['', 14],
  ['急招', 2],
  ['诚聘', 1],
  ['高薪招聘', 1],
  ['长期招聘', 1],
  ['招', 1],
  ['直招', 1],
  ['DISTRICT', 1],
];
const TITLE_SUFFIX: ReadonlyArray<readonly [string, number]> = [
  ['', 14],
  ['（熟练工）', 1],
  ['学徒', 1],
  ['若干名', 1],
  ['COUNT', 1],
  ['（包吃住）', 1],
  ['（日结）', 1],
  ['/临时工', 0.5],
  [' 男女不限', 1],
  ['（可兼职）', 0.5],
  ['助理', 0.5],
];

const QUALITIES = [
  '身体健康，能吃苦耐劳',
  '责任心强，服从管理',
  '工作认真细致，有团队精神',
  '遵守公司规章制度',
  '品行端正，无不良记录',
  '沟通能力强，性格开朗',
  '能适应倒班',
  '视力良好，无色盲色弱',
  '会使用智能手机',
  '学习能力强，肯钻研',
  '有驾照者优先',
  '退役军人优先',
  '本地人优先',
  '夫妻工优先安排宿舍',
  '能接受加班',
  '服从工作安排，踏实肯干',
  '动手能力强',
  '有同行业经验者优先',
  '普通话标准',
  '吃苦耐劳，手脚麻利',
];
const CONTACTS = [
  '有意者请通过本平台投递简历，人事部将在{n}个工作日内联系。',
  '面试地点：公司人事部，请携带身份证及{n}张一寸照片。',
  '可直接到公司人事部面试，周一至周六上午{h}点至11点。',
  '报名后人事专员会尽快与您联系，请留意平台消息。',
  '欢迎在线投递，也可到{d}公共就业服务窗口咨询。',
  '本岗位参加网络招聘会，可在线预约视频面试。',
  '请在平台上提交求职意向，合适者{n}日内通知面试。',
  '简历请注明应聘岗位，录用后签订{n}年劳动合同。',
];
const INTROS = [
  '{firm}因生产经营需要，现招聘{title}{n}名。',
  '{firm}现有{title}岗位空缺{n}个，诚邀求职者加入。',
  '{firm}招聘：{title}{n}名。',
  '{firm}是一家{industry}企业，位于{district}{town}，现面向社会招聘{title}{n}人。',
  '因业务扩大，{firm}诚聘{title}{n}名，欢迎有意者加入。',
  '{firm}长期招聘{title}，本次计划招{n}人。',
  '{firm}成立于{year}年，现有员工{staff}余人，因发展需要招聘{title}{n}名。',
  '{district}{firm}招{title}，名额{n}个，招满为止。',
];
/** Traditional forms of characters common in postings: some employers still write them. */
const TRADITIONAL: Record<string, string> = {
  诚: '誠',
  长: '長',
  资: '資',
  员: '員',
  经: '經',
  验: '驗',
  优: '優',
  职: '職',
  责: '責',
  时: '時',
  间: '間',
  险: '險',
  务: '務',
  岗: '崗',
  龄: '齡',
  龙: '龍',
  车: '車',
  厂: '廠',
  电: '電',
  话: '話',
  业: '業',
  发: '發',
  门: '門',
  财: '財',
  贴: '貼',
  费: '費',
  节: '節',
  体: '體',
  实: '實',
  习: '習',
};

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

function toTraditional(text: string): string {
  let out = '';
  for (const ch of text) out += TRADITIONAL[ch] ?? ch;
  return out;
}

/** Varied item i (before the uniqueness check): one attempt of stream `attempt`. */
function variedItem(
  o: DemoOptions,
  i: number,
  attempt: number,
): { firmId: string; externalRef: string; input: VacancyInput } {
  const p = poolsOf();
  const r: Random = itemRandom(o.seed + attempt * 7919, STREAM, i);
  const firmNo = r.int(0, o.firms - 1);
  const firm = demoFirm(o, firmNo);
  const colloquial = r.chance(0.55);
  const base = colloquial ? r.pick(p.colloquial) : r.pick(p.official);
  const away = r.chance(0.04);
  const district = away ? r.pick(OTHER_CITIES) : r.weighted(ZAOZHUANG_DISTRICTS);
  const districtName = DISTRICTS[district]?.name ?? OTHER_CITY_PLACES[district]?.name ?? '';
  const openings = r.weighted([
    [1, 3],
    [r.int(2, 10), 5],
    [r.int(10, 60), 3],
    [r.int(60, 300), 1],
  ] as const);
  const prefix = r.weighted(TITLE_PREFIX);
  const suffix = r.weighted(TITLE_SUFFIX);
  const title = `${prefix === 'DISTRICT' ? districtName : prefix}${base}${suffix === 'COUNT' ? `${openings}名` : suffix}`;

  // Place: a town and street of a Zaozhuang district, or another city's centre.
  let workPlace: VacancyInput['workPlace'];
  let town = '';
  if (away) {
    workPlace = { district, location: jitter(r, OTHER_CITY_PLACES[district]!, 1, 8) };
  } else {
    const t = pickTown(r, district);
    town = t.name;
    const road = r.pick(DISTRICTS[district]!.roads);
    workPlace = {
      district,
      address: `${t.name}${road}${r.int(1, 999)}号${r.chance(0.3) ? `${r.int(1, 30)}号楼` : ''}`,
      location: jitter(r, t, 0.1, 2.5),
    };
  }

  const unit = r.weighted([
    ['month', 8],
    ['day', 1.5],
    ['hour', 1],
    ['piece', 0.3],
  ] as const);
  const monthly = r.int(22, 160) * 100;
  const span = r.int(3, 50) * 100;
  const wage =
    unit === 'month'
      ? { min: monthly, ...(r.chance(0.1) ? {} : { max: monthly + span }), unit, currency: 'CNY' }
      : unit === 'day'
        ? { min: r.int(80, 400), max: r.int(400, 600), unit, currency: 'CNY' }
        : unit === 'hour'
          ? { min: r.int(15, 40), max: r.int(40, 80), unit, currency: 'CNY' }
          : { min: r.int(1, 20) / 10, max: r.int(21, 60) / 10, unit, currency: 'CNY' };
  const board = r.chance(0.45);
  const lodging = r.chance(0.35);
  const socialInsurance = r.chance(0.7);
  const other = r.sample(p.perks, r.int(0, 4));
  const skills = r.sample(p.skills, r.int(0, 3));
  const experienceYears = r.weighted([
    [0, 5],
    [r.int(1, 3), 3],
    [r.int(3, 10), 2],
  ] as const);
  const shift = r.pick(['白班', '长白班', '两班倒', '三班倒']);

  const n = openings;
  const values = {
    firm: firm.input.name,
    title: base,
    n,
    industry: firm.input.industry ?? '',
    district: districtName,
    town,
    year: r.int(1985, 2019),
    staff: r.int(2, 300) * 10,
  };
  const pay =
    unit === 'month'
      ? wage.max === undefined
        ? `月薪${wage.min}元起，上不封顶`
        : r.pick([
            `月薪${wage.min}-${wage.max}元`,
            `综合工资${wage.min}-${wage.max}元/月`,
            `底薪${Math.round((wage.min * 0.7) / 100) * 100}元+绩效提成，月收入${wage.min}-${wage.max}元`,
            `试用期${r.int(1, 3)}个月，试用期工资${Math.round((wage.min * 0.85) / 10) * 10}元，转正后${wage.min}-${wage.max}元`,
          ])
      : unit === 'day'
        ? `日薪${wage.min}-${wage.max}元，${r.pick(['日结', '周结', '月结', '干满一周结'])}`
        : unit === 'hour'
          ? `时薪${wage.min}-${wage.max}元，${r.pick(['按月结算', '半月一结', '加班1.5倍'])}`
          : `计件工资，每件${wage.min}-${wage.max}元，多劳多得，熟练工月入${monthly + span}元以上`;
  const duties = [
    r.pick([
      `负责${base}相关工作`,
      `从事${base}岗位的日常工作`,
      `按要求完成${base}的各项任务`,
      `在班组长安排下做好${base}工作`,
    ]),
    ...r.sample(p.duties, r.int(1, 3)),
  ];
  const requirements = [
    r.pick(['初中及以上学历', '高中或中专及以上学历', '中专、技校及以上学历', '大专及以上学历', '学历不限']),
    `年龄${r.int(16, 25)}-${r.int(35, 60)}周岁`,
    experienceYears === 0
      ? r.pick([
          '无经验可培训',
          '接受新手，岗前带薪培训',
          '经验不限，有师傅带',
          `新手学徒期${r.int(1, 6)}个月`,
        ])
      : `有${experienceYears}年以上${base}相关工作经验`,
    ...r.sample(QUALITIES, r.int(1, 3)),
  ];
  const perks = [
    ...(board && lodging ? ['包吃住'] : board ? [r.pick(['包吃', '免费三餐', '提供午餐'])] : []),
    ...(lodging && !board ? [r.pick(['包住', '免费住宿', `提供${r.int(2, 8)}人间宿舍`])] : []),
    ...(socialInsurance ? [r.pick(['缴纳五险', '五险一金', '入职即缴社保'])] : []),
    ...other,
  ];
  const start = `${r.int(6, 9)}:${r.pick(['00', '30'])}`;
  const hours = `${start}-${r.int(16, 20)}:${r.pick(['00', '30'])}，${shift}，${r.pick(['双休', '做六休一', `月休${r.int(2, 6)}天`, '按排班轮休'])}`;
  const sentences = [
    fill(r.pick(INTROS), values),
    `${r.pick(['主要工作', '岗位职责', '工作内容'])}：${duties.join('；')}。`,
    `${r.pick(['要求', '任职要求', '招聘条件'])}：${requirements.join('，')}。`,
    `${r.pick(['待遇', '薪资福利', '薪酬待遇'])}：${pay}${perks.length ? `，${perks.join('、')}` : ''}。`,
    r.chance(0.7) ? `工作时间：${hours}。` : '',
    away
      ? `工作地点：${districtName}，公司统一安排往返交通。`
      : `工作地点：${districtName}${workPlace.address}。`,
    r.chance(0.3) ? `请于${r.int(1, 12)}月${r.int(1, 28)}日前到岗。` : '',
    r.chance(0.85) ? fill(r.pick(CONTACTS), { n: r.int(1, 7), h: r.int(8, 10), d: districtName }) : '',
  ].filter(Boolean);
  let description = r.chance(0.5) ? sentences.join('') : sentences.join('\n');
  if (r.chance(0.08)) description = toTraditional(description);
  const validFrom = addDays(o.baseDate, -r.int(0, 40));
  return {
    firmId: firm.id,
    externalRef: `W${String(i + 1).padStart(7, '0')}`,
    input: {
      title,
      description,
      skills,
      totalJobOpenings: openings,
      wage,
      employmentType: r.weighted([
        ['full_time', 8],
        ['temporary', 1],
        ['part_time', 1],
      ] as const),
      workPlace,
      workHours: hours,
      shifts: [shift],
      requirements: { experienceYears, certificates: [] },
      benefits: { board, lodging, socialInsurance, other },
      fairIds: r.chance(0.4) ? [fairId(r.int(0, o.fairs - 1))] : [],
      validFrom,
      validThrough: addDays(o.baseDate, r.int(10, 120)),
      status: 'open',
      source: 'bench-varied',
    },
  };
}

/**
 * `count` varied postings, items 0..count-1, every description different from every other (an item whose
 * description repeats an earlier one is drawn again from another seed). Holds the descriptions seen (a few tens of MB at 100,000 items, in the benchmark's process).
 */
export function* variedCorpus(
  o: DemoOptions,
  count: number,
): Generator<{ firmId: string; externalRef: string; input: VacancyInput }> {
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    for (let attempt = 0; ; attempt++) {
      const v = variedItem(o, i, attempt);
      if (seen.has(v.input.description)) continue;
      seen.add(v.input.description);
      yield v;
      break;
    }
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
