import { memoize } from './memo.ts';
import { normalizeText } from './normalize.ts';
import { occupationPath } from './occupations.ts';
import { type OccupationMatch, occupationsOfTerm, resolveOccupations } from './occupation-match.ts';

/**
 * Words of a posting title that say how the job is offered, not what it is: who may apply, how many, the
 * shift, the pay, board and lodging (急招 普工 若干名 男女不限 长白班 (包吃住) → 普工). Removed anywhere in the
 * title; none of them is part of an occupation name or colloquial title.
 */
const QUALIFIERS = new RegExp(
  [
    '高薪诚聘',
    '高薪招聘',
    '长期招聘',
    '大量招聘',
    '急招',
    '急聘',
    '急需',
    '诚聘',
    '直招',
    '热招',
    '高薪',
    '招聘',
    '聘请',
    '长期',
    '若干名?',
    '数名',
    '多名',
    '[0-9一二两三四五六七八九十]+名',
    '[0-9]+人',
    '男女不限',
    '男女均可',
    '不限男女',
    '包吃包住',
    '包吃住',
    '包食宿',
    '管吃住',
    '包住',
    '包吃',
    '五险一金',
    '日结',
    '周结',
    '月结',
    '长白班',
    '两班倒',
    '三班倒',
    '白班',
    '夜班',
    '倒班',
    '计件',
    '多劳多得',
    '全职',
    '兼职',
    '有经验优先',
    '经验不限',
    '熟练',
    '一线',
    '车间',
    '持证上岗',
    '持证',
    '有证',
    '[0-9]+[-~到至][0-9]+岁',
    '[0-9]+岁以[上下]',
    '月薪[0-9]+',
    '[0-9]+元',
    '(?<![a-z0-9])[0-9]+\\+?(?![a-z0-9])',
  ].join('|'),
  'g',
);
/** Bracketed asides: (包吃住), 【急聘】, [长期]. */
const ASIDES = /[([【][^)\]】]*[)\]】]/g;

/**
 * Endings that say "a worker of X" (防护服生产一线工人 → 防护服, 注塑操作工 → 注塑, 烘焙学徒 → 烘焙), longest
 * first, and the official and colloquial name forms tried for X in turn (X工, X生产工, X制造工 …). A title
 * ending in 普工 is not one: the employer says general labour (防护服生产普工, 纸箱厂普工 stay 普工).
 */
const WORKER_SUFFIX =
  /(生产线工人|生产工人|操作工人|操作人员|学徒工|学徒|工人|员工|人员|女工|男工|师傅|操作工|操作员|生产工|技师|工)$/;
const GENERAL_LABOUR = /普工$/;
const NAME_FORMS = ['工', '生产工', '制造工', '加工工', '制作工', '操作工', '操作员', '普工', '员', '师'];

/**
 * Forms of a title to try when it is not itself a name: a doctor by speciality (内科医生 → 内科医师, 口腔医生 →
 * 口腔科医师), a teacher without the subject (初中数学老师 → 初中老师), and X + each name form for a title
 * that ends in a worker suffix.
 */
function titleForms(core: string): string[] {
  const forms: string[] = [];
  if (core.endsWith('医生')) forms.push(`${core.slice(0, -2)}医师`, `${core.slice(0, -2)}科医师`);
  const subject = core.replace(
    /(语文|数学|英语|物理|化学|生物|历史|地理|政治|音乐|美术|体育|科学)(老师|教师)$/,
    '$2',
  );
  if (subject !== core) forms.push(subject);
  const stem = GENERAL_LABOUR.test(core) ? core : core.replace(WORKER_SUFFIX, '');
  if (stem !== core && stem.length >= 2) forms.push(stem, ...NAME_FORMS.map((f) => stem + f));
  return forms;
}

/** The occupation's part of a title: qualifiers, asides, spaces and punctuation removed. */
export function titleCore(text: string): string {
  return normalizeText(text)
    .replace(ASIDES, ' ')
    .replace(QUALIFIERS, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const exactMatch = (term: string, limit: number): OccupationMatch[] | undefined => {
  const hit = occupationsOfTerm(term);
  return hit?.list.slice(0, limit).map((o) => ({
    code: o.code,
    name: o.name,
    level: o.level,
    matchedBy: hit.by,
    term,
  }));
};

/** The catch-all group a generic title (普工, 操作工, 生产线工人) stands for: a specific name beats it. */
const GENERIC = '6-99-00';

/**
 * Occupations of a job title or an occupation as a person writes it (a posting's title, a worker's stated
 * occupations): resolveOccupations, but with the title's qualifiers set aside (急招电焊工若干名 → 电焊工), and,
 * when that finds nothing or only the catch-all 普工 group, the title read as "a worker of X" (防护服生产一线工人
 * → 防护服工 → 缝纫工/医用材料产品生产工; 电池生产工 → 电池制造工), a doctor by speciality or a teacher without
 * the subject. Most specific first, at most `limit`.
 */
export function resolveTitle(text: string, limit = 5): OccupationMatch[] {
  return cachedTitle(`${limit}|${text}`).map((m) => ({ ...m }));
}

const cachedTitle = memoize(
  (key: string) => {
    const bar = key.indexOf('|');
    return resolveTitleUncached(key.slice(bar + 1), Number(key.slice(0, bar))) as readonly OccupationMatch[];
  },
  20_000,
  120,
);

function resolveTitleUncached(text: string, limit: number): OccupationMatch[] {
  const found = resolveOccupations(text, limit);
  if (found[0] && found[0].matchedBy !== 'contains') return found;
  const core = titleCore(text);
  if (core.length < 2) return found;
  const exact = exactMatch(core, limit);
  if (exact) return exact;
  // A specific name found inside the title stands, unless it is only a group that a form of the title
  // refines (全科医生: 医生 gives 临床和口腔医师, 全科医师 one of its occupations).
  const top = found[0];
  const refines = (code: string) => !top || top.code === GENERIC || occupationPath(code).includes(top.code);
  if (top && top.code !== GENERIC && top.level === 4) return found;
  for (const form of titleForms(core)) {
    const hit = exactMatch(form, limit);
    if (hit && hit[0]!.code !== GENERIC && refines(hit[0]!.code)) {
      const codes = new Set(hit.map((m) => m.code));
      return [...hit, ...found.filter((m) => !codes.has(m.code))].slice(0, limit);
    }
  }
  if (found.length > 0) return found;
  // Words of the core, once qualifiers no longer hide them (软件开发 (Java) → 软件开发).
  return core === normalizeText(text).replace(/\s+/g, '') ? [] : resolveOccupations(core, limit);
}
