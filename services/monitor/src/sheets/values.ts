/**
 * Cell values as bureau staff type them, read into report fields. Each reader returns `{ value }` (undefined
 * for an empty cell) or `{ problem }` saying, in a sentence the person who filled the sheet can act on, what
 * was expected.
 */
import type { Difficulty, HiringNeed, OperatingStatus, PolicyNeed, TrainingNeed } from '@fugong/schemas';
import { CalendarDay } from '@fugong/schemas';

/** A cell as the readers hand it over: XLSX keeps numbers, booleans and dates; CSV gives text. */
export type CellValue = string | number | boolean | Date | null;

export type Read<T> = { value: T | undefined; problem?: undefined } | { value?: undefined; problem: string };

const empty = <T>(): Read<T> => ({ value: undefined });
const ok = <T>(value: T): Read<T> => ({ value });
const bad = <T>(problem: string): Read<T> => ({ problem });

/** The cell as text: NFKC (full-width digits and punctuation → ASCII), trimmed. Dates as YYYY-MM-DD. */
export function cellText(c: CellValue): string {
  if (c === null) return '';
  if (c instanceof Date) return dateOf(c) ?? '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (typeof c === 'boolean') return c ? '是' : '否';
  return c.normalize('NFKC').trim();
}

// What bureau sheets write in a cell that does not apply: treated as empty.
const NOT_APPLICABLE = new Set(['-', '/', '—', '--', '——', '\\', 'N/A', 'n/a', '#N/A']);
const NONE = new Set(['无', '没有', '暂无', '无困难', '无需求', '否', '0']);

function quoted(s: string): string {
  return `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;
}

/**
 * A headcount: `1200`, `1,200`, ` 30 `, `１２` (full-width), `30人`. `无` is 0. Decimals and negatives are
 * returned as read, so the report schema names the rule they break.
 */
export function readCount(c: CellValue): Read<number> {
  if (typeof c === 'number') return Number.isFinite(c) ? ok(c) : bad('not a number');
  const s = cellText(c).replace(/\s+/g, '');
  if (s === '' || NOT_APPLICABLE.has(s)) return empty();
  if (s === '无' || s === '没有') return ok(0);
  const m = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?:人|名|个|位|家)?$/.exec(s);
  if (!m) return bad(`not a number: ${quoted(s)}`);
  return ok(Number(m[1]!.replace(/,/g, '')));
}

/**
 * A percentage: `85`, `85%`, `0.85` → 85. A fraction strictly between 0 and 1 is read as a share (Excel's
 * percent cells hold 0.85 and the XLSX reader has already turned percent-formatted cells into `85%`); 1 and
 * above are percent already. Rounded to 2 decimals so 0.57 × 100 does not become 56.99999999999999.
 */
export function readPercent(c: CellValue): Read<number> {
  let v: number;
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return bad('not a number');
    v = c > 0 && c < 1 ? c * 100 : c;
  } else {
    const s = cellText(c).replace(/\s+/g, '');
    if (s === '' || NOT_APPLICABLE.has(s)) return empty();
    const m = /^(-?\d+(?:\.\d+)?)(%)?$/.exec(s);
    if (!m) return bad(`not a percentage: ${quoted(s)} (write 85, 85% or 0.85)`);
    const n = Number(m[1]);
    v = m[2] || !(n > 0 && n < 1) ? n : n * 100;
  }
  return ok(Math.round(v * 100) / 100);
}

/** YYYY-MM-DD of an instant, rounded to the second first: Excel's float days can land at 23:59:59.999. */
function dateOf(d: Date): string | undefined {
  const t = d.getTime();
  if (Number.isNaN(t)) return undefined;
  return new Date(Math.round(t / 1000) * 1000).toISOString().slice(0, 10);
}

// Excel's 1900 date system: serial 1 is 1900-01-01 and it counts a 29 February 1900 that never was, so
// serials from 61 on are days since 1899-12-30.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DATE_FORMS = 'write 2020-02-10, 2020/2/10 or 2020年2月10日';

/**
 * A calendar day: `2020-02-10`, `2020/2/10`, `2020年2月10日`, `2020.2.10`, `20200210`, an Excel date cell or
 * an Excel serial number (43871 = 2020-02-10). A time after the date is ignored.
 */
export function readDate(c: CellValue): Read<string> {
  let s: string | undefined;
  if (c instanceof Date) s = dateOf(c);
  else if (typeof c === 'number') {
    if (Number.isInteger(c) && c >= 19_000_101 && c <= 29_991_231) {
      s = ymd(Math.floor(c / 10_000), Math.floor(c / 100) % 100, c % 100);
    } else if (c >= 61 && c < 2_958_466) {
      s = dateOf(new Date(EXCEL_EPOCH + Math.floor(c + 1e-9) * DAY_MS));
    } else return bad(`not a date: ${c} (${DATE_FORMS})`);
  } else {
    const text = cellText(c);
    if (text === '' || NOT_APPLICABLE.has(text)) return empty();
    const t = text.replace(/\s+/g, '');
    const m =
      /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$/.exec(t) ??
      /^(\d{4})(\d{2})(\d{2})$/.exec(t);
    if (m) s = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    else if (/^\d{5}(\.\d+)?$/.test(t)) return readDate(Number(t));
    else return bad(`not a date: ${quoted(text)} (${DATE_FORMS})`);
  }
  if (s === undefined || !CalendarDay.safeParse(s).success)
    return bad(`not a date that exists: ${quoted(s ?? '')}`);
  return ok(s);
}

/** Today in the bureau's time zone (Asia/Shanghai), as YYYY-MM-DD: no report may be dated after it. */
export function bureauToday(now: Date = new Date()): string {
  // en-CA formats a date as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

const STATUS: Record<string, OperatingStatus> = {};
for (const w of [
  '是',
  '已开工',
  '全面开工',
  '开工',
  '已复工',
  '全面复工',
  '复工',
  '正常',
  '正常生产',
  '正常开工',
])
  STATUS[w] = 'operating';
for (const w of ['部分', '部分开工', '部分复工', '部分生产', '半开工']) STATUS[w] = 'partly';
for (const w of ['否', '未开工', '未复工', '停工', '停产', '没有开工']) STATUS[w] = 'not_operating';
for (const w of ['operating', 'partly', 'not_operating'] as const) STATUS[w] = w;

/** 是否开工: 是 / 已开工 / 全面开工 → operating; 部分 / 部分开工 → partly; 否 / 未开工 → not operating. */
export function readStatus(c: CellValue): Read<OperatingStatus> {
  const s = cellText(c).replace(/\s+/g, '');
  if (s === '' || NOT_APPLICABLE.has(s)) return empty();
  const status = STATUS[s] ?? STATUS[s.toLowerCase()];
  return status ? ok(status) : bad(`${quoted(s)} is not one of 是 (已开工), 部分 (部分开工), 否 (未开工)`);
}

/** The items of a free-text list cell: `缺工、原材料；物流` → three items. */
export function listItems(c: CellValue): string[] {
  return cellText(c)
    .split(/[、，,；;\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !NOT_APPLICABLE.has(s) && !NONE.has(s));
}

/** Keyword → enum value, first match wins: order the more specific keywords first. */
function classify<T extends string>(items: string[], rules: ReadonlyArray<readonly [RegExp, T]>, other: T) {
  const values: T[] = [];
  const unmatched: string[] = [];
  for (const item of items) {
    const hit = rules.find(([re]) => re.test(item));
    const v = hit ? hit[1] : other;
    if (!hit) unmatched.push(item);
    if (!values.includes(v)) values.push(v);
  }
  return { values, text: unmatched.length > 0 ? unmatched.join('、') : undefined };
}

const DIFFICULTY_RULES: ReadonlyArray<readonly [RegExp, Difficulty]> = [
  [/防疫物资|口罩|消毒|防护/, 'prevention_supplies'],
  [/缺工|用工|招工|人手|工人/, 'workers'],
  [/原材料|原料|材料/, 'materials'],
  [/物流|运输/, 'logistics'],
  [/资金|贷款|融资/, 'funding'],
];

/** 困难: `缺工、原材料短缺、道路不通` → workers, materials and other with difficultyText `道路不通`. */
export function readDifficulties(c: CellValue): { difficulties: Difficulty[]; difficultyText?: string } {
  const { values, text } = classify(listItems(c), DIFFICULTY_RULES, 'other');
  return text === undefined ? { difficulties: values } : { difficulties: values, difficultyText: text };
}

const POLICY_RULES: ReadonlyArray<readonly [RegExp, PolicyNeed]> = [
  [/缓缴/, 'social_insurance_deferral'],
  [/减免|减半|免征/, 'social_insurance_reduction'],
  [/稳岗|失业保险.*返还|返还/, 'unemployment_insurance_refund'],
  [/以工代训|培训补贴/, 'training_subsidy'],
  [/岗位补贴|就业补贴|吸纳|社保补贴/, 'job_subsidy'],
  [/贷款|贴息|担保|融资/, 'loan_support'],
  [/点对点|包车|专车|专列|返岗交通|接返/, 'transport'],
];

/** 政策需求: `社保缓缴、稳岗返还、房租减免` → the two measures and other, the rest kept in policyText. */
export function readPolicyNeeds(c: CellValue): { policyNeeds: PolicyNeed[]; policyText?: string } {
  const { values, text } = classify(listItems(c), POLICY_RULES, 'other');
  return text === undefined ? { policyNeeds: values } : { policyNeeds: values, policyText: text };
}

/** One trade and a headcount: both a hiring need and a training need have this shape. */
export type Need = Pick<HiringNeed & TrainingNeed, 'occupation' | 'headcount'>;

/**
 * 用工需求 / 培训需求: `普工20人;焊工5人` → [{普工, 20}, {焊工, 5}]. Each item must name a trade and a
 * headcount; `无` is none.
 */
export function readNeeds(c: CellValue): Read<Need[]> {
  const out: Need[] = [];
  for (const item of listItems(c)) {
    const m = /^(.*?)[\s:：×xX*]*(\d+)\s*(?:人|名|个|位)?$/.exec(item);
    const occupation = m?.[1]?.trim();
    if (!m || !occupation) return bad(`${quoted(item)} needs a trade and a headcount, e.g. 普工20人;焊工5人`);
    out.push({ occupation, headcount: Number(m[2]) });
  }
  return ok(out);
}
