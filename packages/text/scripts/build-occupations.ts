/**
 * Builds packages/text/data/occupations.csv from the shared reference data:
 *   pnpm --filter @fugong/text build:occupations [DIR]   (DIR defaults to ../shared/data/occupations)
 *
 * Input: zhiye-dadian-2022.csv (中华人民共和国职业分类大典 2022: code, gb_code, name, level, parent_code;
 * OCR'd from the published book, see the shared README) and gbt6565-2015.csv (GB/T 6565-2015: code, name).
 *
 * The 2022 file's gb_code column is only the 2022 code written as five digits (2-07-01 → 20701); it is not
 * the GB/T 6565-2015 code, whose groups were renumbered in 2022 (20701 is 法官 in 2015 but 2-07-01 is
 * 监察人员 in 2022). So the GB/T 6565-2015 code of each 2022 group is found here by name: the same name at
 * the same level in the same major group, else the most similar name (see similarity(): ≥ 0.6, or ≥ 0.3
 * when the digits also agree), plus a few renames listed by hand. Several 2015 groups may fold into one 2022 group. Output columns:
 * code,name,level,parent_code,gbt6565 (space-separated 2015 codes, the same-named one first; often empty),
 * gbt6565_names (space-separated 2015 names of those codes that no 2022 entry has; often empty).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Default: the workplace's shared reference data, beside the repository.
const src = process.argv[2] ?? new URL('../../../../shared/data/occupations', import.meta.url).pathname;
const rows = (file: string) =>
  readFileSync(join(src, file), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));

const dadian = rows('zhiye-dadian-2022.csv').map(([code, , name, level, parent]) => ({
  code: code!,
  name: name!,
  level: Number(level),
  parent: parent ?? '',
}));
const gbt = rows('gbt6565-2015.csv').map(([code, name]) => ({ code: code!, name: name! }));

/** GB/T 6565 level from the five-digit code: X0000 major, XYY00 middle, XYYZZ minor. */
const gbLevel = (c: string) => (c.endsWith('0000') ? 1 : c.endsWith('00') ? 2 : 3);
/** The 2022 code as five digits, e.g. 2-07-01 → 20701, 2 → 20000. */
const digits = (c: string) => c.replaceAll('-', '').padEnd(5, '0');
/** Names without the generic tail they share (兵器工程技术人员 / 数字技术工程技术人员 → 兵器 / 数字技术). */
function stems(a: string, b: string): [string, string] {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return [a.slice(0, a.length - n), b.slice(0, b.length - n)];
}
/**
 * Similarity of two group names, judged on what differs once the shared tail is gone, so a generic tail
 * alone (…服务人员) never makes two groups similar: 1 when one stem contains the other (租赁 / 租赁和拍卖),
 * else the Dice coefficient of their character sets (高等教育 / 高等学校 → 0.5).
 */
function similarity(a: string, b: string): number {
  const [x, y] = stems(a, b);
  if (x.includes(y) || y.includes(x)) return 1;
  const cx = new Set(x);
  const cy = new Set(y);
  let common = 0;
  for (const ch of cx) if (cy.has(ch)) common++;
  return (2 * common) / (cx.size + cy.size);
}

// Renames the name comparison cannot see, checked against both editions by hand.
const MANUAL: Record<string, string> = {
  '10403': '1-04-03', // 民办非企业单位负责人 → 社会服务机构负责人 (renamed by the 2016 Charity Law)
  '20113': '2-01-06', // 理学研究人员 → 自然科学和地球科学研究人员
  '20237': '2-02-37', // 土地整治工程技术人员 → 国土空间规划与生态修复工程技术人员
  '20501': '2-05-01', // 西医医师 → 临床和口腔医师
  '20802': '2-08-02', // 中等职业教育教师 → 中小学教师 (now 中等职业学校教师 under it)
  '20804': '2-08-03', // 幼儿教育教师 → 幼儿园教师
  '30100': '3-01', // 办事人员 → 行政办事及辅助人员
  '30202': '3-02-02', // 保卫人员 → 保卫和警务辅助人员
  '40101': '4-01-01', // 采购人员 → 购销服务人员
  '20611': '2-06-11', // 证券专业人员 (证劵 in the source) → 证券期货基金专业人员
  '40502': '4-05-02', // 证券服务人员 (证劵 in the source) → 证券期货服务人员
  '41301': '4-13-01', // 群众文化活动服务人员 → 社会文化活动服务人员
  '62700': '6-27', // 废弃资源综合利用人员 → 再生资源综合利用人员
  '70000': '7', // 军人 → 军队人员
};

const gbTo2022 = new Map<string, string>(Object.entries(MANUAL));
const exact = new Set<string>();
// Exact names first, so a renamed group never takes a code whose group kept its name.
for (const pass of ['exact', 'similar'] as const) {
  for (const g of gbt) {
    if (gbTo2022.has(g.code)) continue;
    const level = gbLevel(g.code);
    let best: { code: string; score: number } | undefined;
    for (const d of dadian) {
      // Level-3 rows that repeat their level-2 parent (1-01-00) are skipped: the middle group takes the code.
      if (d.level !== level || d.code[0] !== g.code[0] || exact.has(d.code)) continue;
      const score = d.name === g.name ? 1 : pass === 'exact' ? 0 : similarity(d.name, g.name);
      const needed = digits(d.code) === g.code ? 0.3 : 0.6;
      if (score >= needed && (!best || score > best.score)) best = { code: d.code, score };
    }
    if (best) {
      gbTo2022.set(g.code, best.code);
      if (pass === 'exact') exact.add(best.code);
    }
  }
}
const mapping = new Map<string, string[]>(); // 2022 code → GB/T 6565-2015 codes, best first
for (const g of gbt) {
  const code = gbTo2022.get(g.code);
  if (!code) continue;
  const list = mapping.get(code) ?? [];
  if (
    exact.has(code) &&
    gbt.find((x) => x.code === g.code)?.name === dadian.find((d) => d.code === code)?.name
  ) {
    list.unshift(g.code);
  } else list.push(g.code);
  mapping.set(code, list);
}

// The 2015 names of groups the 2022 edition renamed (幼儿教育教师 → 幼儿园教师, 仓储人员 → 仓储物流服务人员), so
// a name people learnt from the old edition still resolves. A name some 2022 entry has keeps that entry.
const names2022 = new Set(dadian.map((d) => d.name));
const oldNames = (code: string) => {
  const own = dadian.find((d) => d.code === code)!.name;
  const names = (mapping.get(code) ?? [])
    .map((gb) => gbt.find((g) => g.code === gb)!.name.replaceAll('劵', '券')) // the source spells 证券 as 证劵
    .filter((n) => n !== own && !names2022.has(n));
  return [...new Set(names)];
};
const csv = ['code,name,level,parent_code,gbt6565,gbt6565_names'];
for (const d of dadian)
  csv.push(
    [
      d.code,
      d.name,
      d.level,
      d.parent,
      (mapping.get(d.code) ?? []).join(' '),
      oldNames(d.code).join(' '),
    ].join(','),
  );
writeFileSync(new URL('../data/occupations.csv', import.meta.url), `${csv.join('\n')}\n`);

const unmapped = gbt.filter((g) => !gbTo2022.has(g.code));
console.log(`${dadian.length} occupations written; ${gbTo2022.size} GB/T 6565-2015 codes mapped.`);
console.log(
  `GB/T 6565-2015 codes with no 2022 group: ${unmapped.map((g) => `${g.code} ${g.name}`).join(', ')}`,
);
for (const [gb, code] of gbTo2022) {
  const a = dadian.find((d) => d.code === code)!.name;
  const b = gbt.find((g) => g.code === gb)!.name;
  if (a !== b) console.log(`  renamed: ${gb} ${b} → ${code} ${a}`);
}
