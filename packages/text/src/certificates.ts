import { normalizeText } from './normalize.ts';

/**
 * Licences and certificates as canonical ids, so `A2驾照`, `驾驶证a2` and `Ａ２驾驶执照` are one thing.
 *
 * Ids are lowercase ASCII: `driving:a2` (driving licence classes), `driving` (a licence of any class),
 * `special-equipment:n1` (特种设备作业人员证, forklift), `electrician:low-voltage` (特种作业操作证, 低压电工作业),
 * `health` (健康证) … A text no rule knows keeps its own words: `text:` + the normalised text without spaces
 * or punctuation, with a trailing 证书 read as 证 (安全员证书 → `text:安全员证`), so two spellings of an unknown
 * certificate still match when they are written alike.
 *
 * Hierarchy: a holder also holds what their certificate covers (see {@link certificatesHeld}); a driving
 * licence covers the classes it may drive (A2 → B1, B2, C1 …, per the 准驾车型 table of the 机动车驾驶证申领和
 * 使用规定), a specific certificate covers its generic id (低压电工 → `electrician`, any class → `driving`), and
 * a nurse's practising certificate covers the qualification.
 */

interface Rule {
  id: string;
  /** Tested on the compact normalised text (no spaces or punctuation, lowercase, simplified). */
  test: RegExp;
  /** Ids a holder of this one also holds (one step; the closure is taken). */
  covers?: string[];
}

/** Driving licence classes and the other classes each may drive. */
const DRIVING_COVERS: Record<string, string[]> = {
  a1: ['a3', 'b1', 'b2', 'c1', 'c2', 'c3', 'c4', 'm'],
  a2: ['b1', 'b2', 'c1', 'c2', 'c3', 'c4', 'c6', 'm'],
  a3: ['c1', 'c2', 'c3', 'c4'],
  b1: ['c1', 'c2', 'c3', 'c4', 'm'],
  b2: ['c1', 'c2', 'c3', 'c4', 'm'],
  c1: ['c2', 'c3', 'c4'],
  c2: [],
  c3: ['c4'],
  c4: [],
  c5: [],
  c6: [],
  d: ['e', 'f'],
  e: ['f'],
  f: [],
  m: [],
  n: [],
  p: [],
};

/** Words that make a text a driving licence (a class right before 照 counts too: A2照). */
const DRIVING = /驾照|驾驶证|驾驶员证|驾驶执照|驾驶本|驾证|驾本|准驾|机动车驾驶|[abc][1-6]照/;
/** A licence class standing alone: not inside a longer run of letters or digits (n1 is a forklift). */
const DRIVING_CLASS = /(?<![a-z0-9])([abc][1-6]|[defmnp])(?![a-z0-9])/g;

/** Certificates other than driving licences, most specific first: the first rule that matches wins. */
const RULES: Rule[] = [
  // 特种设备作业人员证 (市场监管总局): N1 叉车司机, N2 观光车, Q1 起重指挥, Q2 起重机司机, G1 工业锅炉司炉.
  {
    id: 'special-equipment:n1',
    test: /叉车|(?<![a-z0-9])n1(?![a-z0-9])|[场厂]内(专用)?机动车/,
    covers: ['special-equipment'],
  },
  { id: 'special-equipment:n2', test: /观光车|(?<![a-z0-9])n2(?![a-z0-9])/, covers: ['special-equipment'] },
  {
    id: 'special-equipment:q2',
    test: /行车证|天车|桥式起重|门式起重|起重机司机|起重机械司机|吊车|塔吊|塔式起重|(?<![a-z0-9])q2(?![a-z0-9])/,
    covers: ['special-equipment'],
  },
  {
    id: 'special-equipment:q1',
    test: /起重(机械)?指挥|司索|(?<![a-z0-9])q1(?![a-z0-9])/,
    covers: ['special-equipment'],
  },
  {
    id: 'special-equipment:g1',
    test: /司炉|锅炉证|锅炉操作|(?<![a-z0-9])g1(?![a-z0-9])/,
    covers: ['special-equipment'],
  },
  { id: 'special-equipment', test: /特种设备/ },
  // 特种作业操作证 (应急管理部): 电工作业, 焊接与热切割作业, 高处作业, 制冷与空调作业.
  { id: 'electrician:high-voltage', test: /高压电工/, covers: ['electrician'] },
  { id: 'electrician:low-voltage', test: /低压电工/, covers: ['electrician'] },
  { id: 'electrician', test: /电工/ },
  {
    id: 'welding:fusion',
    test: /熔化焊|焊接与热切割|焊接和热切割|电焊|气焊|氩弧焊|二保焊/,
    covers: ['welding'],
  },
  { id: 'welding:pressure', test: /压力焊/, covers: ['welding'] },
  { id: 'welding:brazing', test: /钎焊/, covers: ['welding'] },
  { id: 'welding', test: /焊工|焊接|焊/ },
  { id: 'height-work:scaffolding', test: /登高架设/, covers: ['height-work'] },
  { id: 'height-work:maintenance', test: /高处安装|维护拆除/, covers: ['height-work'] },
  { id: 'height-work', test: /登高|高处作业|高空作业/ },
  { id: 'refrigeration', test: /制冷与空调|制冷空调|制冷证/ },
  // Occupational skill certificates and others seen in postings.
  { id: 'excavator', test: /挖掘机|挖机/ },
  { id: 'loader', test: /装载机|铲车/ },
  { id: 'health', test: /健康证|健康证明|健康合格证/ },
  { id: 'chef:western', test: /西式烹调|西餐/, covers: ['chef'] },
  { id: 'chef:chinese', test: /中式烹调|中餐/, covers: ['chef'] },
  { id: 'pastry:western', test: /西式面点|西点/, covers: ['pastry'] },
  { id: 'pastry:chinese', test: /中式面点/, covers: ['pastry'] },
  { id: 'pastry', test: /面点/ },
  { id: 'chef', test: /厨师|烹调|烹饪/ },
  { id: 'infant-care', test: /育婴/ },
  { id: 'nursery-care', test: /保育/ },
  { id: 'elderly-care', test: /养老护理/ },
  { id: 'nurse-qualification', test: /护士资格|护士执业资格/ },
  { id: 'nurse', test: /护士/, covers: ['nurse-qualification'] },
  { id: 'security-guard', test: /保安/ },
  { id: 'safety-officer', test: /安全员|安全生产管理人员|安全管理人员/ },
  { id: 'teacher', test: /教师资格/ },
  { id: 'road-transport:freight', test: /货运资格|货运从业|道路货物运输/, covers: ['road-transport'] },
  { id: 'road-transport:passenger', test: /客运资格|客运从业|道路旅客运输/, covers: ['road-transport'] },
  { id: 'road-transport', test: /道路运输从业|运输从业资格/ },
];

const RULE_COVERS = new Map(RULES.filter((r) => r.covers).map((r) => [r.id, r.covers!]));
const SEPARATORS = /[\s()（）【】[\]{}<>《》"'“”‘’、，,。.;；:：/\\|_+·・-]+/g;

/** Driving classes named in a normalised text, in order, without repeats. */
function drivingClasses(norm: string): string[] {
  const classes: string[] = [];
  for (const m of norm.matchAll(DRIVING_CLASS)) {
    const c = m[1]!;
    if (!classes.includes(c)) classes.push(c);
  }
  return classes;
}

/**
 * The canonical ids a certificate text names: usually one (`驾驶证a2` → ['driving:a2']), several for a
 * holder's `A2、B2驾照`, `driving` for a licence of no stated class, `text:…` when no rule knows the text.
 * Empty for a text of only spaces or punctuation.
 */
export function certificateIds(text: string): string[] {
  const norm = normalizeText(text); // NFKC: full-width Ａ２ and （） become a2 and ()
  const bare = norm.replace(SEPARATORS, '');
  if (!bare) return [];
  // A forklift's 叉车驾驶证 is not a road licence: the special-equipment rules go first.
  const equipment = RULES.find((r) => r.id.startsWith('special-equipment') && r.test.test(bare));
  if (equipment) return [equipment.id];
  if (DRIVING.test(bare)) {
    const classes = drivingClasses(norm.replace(/[^a-z0-9]+/g, ' '));
    return classes.length > 0 ? classes.map((c) => `driving:${c}`) : ['driving'];
  }
  const rule = RULES.find((r) => r.test.test(bare));
  if (rule) return [rule.id];
  return [`text:${bare.replace(/证书$/, '证')}`];
}

/** The ids one id also stands for (itself first), through the hierarchy. */
export function certificateCovers(id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) {
    const cur = out[i]!;
    const next = cur.startsWith('driving:')
      ? [...(DRIVING_COVERS[cur.slice(8)] ?? []).map((c) => `driving:${c}`), 'driving']
      : (RULE_COVERS.get(cur) ?? []);
    for (const n of next) if (!out.includes(n)) out.push(n);
  }
  return out;
}

/**
 * What a holder of these certificates qualifies for: every id they name and every id those cover. Stored
 * on a worker: `A2驾照` gives driving:a2, driving:b2, driving:c1 … and driving, so a vacancy requiring a C1
 * or any licence finds them.
 */
export function certificatesHeld(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap(certificateIds).flatMap(certificateCovers))];
}

/**
 * The id a required certificate text demands. A text naming several driving classes (`A2/B2驾照`, `B2及以上`)
 * asks for any of them: the class every other named class covers is required (B2, which A2 holders hold
 * too); when none is covered by all the others, the first named class. Undefined for an empty text.
 */
export function certificateRequired(text: string): string | undefined {
  const ids = certificateIds(text);
  if (ids.length <= 1) return ids[0];
  const least = ids.find((id) => ids.every((other) => certificateCovers(other).includes(id)));
  return least ?? ids[0];
}

/** The distinct ids a list of required certificate texts demands, in order. */
export function certificatesRequired(texts: readonly string[]): string[] {
  return [...new Set(texts.map(certificateRequired).filter((id): id is string => !!id))];
}
