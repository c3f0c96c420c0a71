import { lazy, readDataFile } from './data.ts';

/** One group or occupation of the 2022 national occupation classification (职业分类大典). */
export interface Occupation {
  /** 2022 code: `6` (major group), `6-05` (middle), `6-05-01` (minor), `6-05-01-03` (occupation). */
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4;
  /** Code of the enclosing group; absent for the 8 major groups. */
  parentCode?: string;
  /** The GB/T 6565-2015 five-digit code of the same group, where one corresponds (levels 1–3 only). */
  gbCode?: string;
}

interface Table {
  list: Occupation[];
  byCode: Map<string, Occupation>;
  byGbCode: Map<string, Occupation>;
  /**
   * Names to occupations, most specific first (幼儿园教师 names both 2-08-03 and 2-08-03-00), and the
   * GB/T 6565-2015 names of renamed groups (幼儿教育教师 → 2-08-03).
   */
  byName: Map<string, Occupation[]>;
}

const table = lazy((): Table => {
  const list: Occupation[] = [];
  const byCode = new Map<string, Occupation>();
  const byGbCode = new Map<string, Occupation>();
  const byName = new Map<string, Occupation[]>();
  const oldNames: [string, Occupation][] = [];
  // data/occupations.csv is written by scripts/build-occupations.ts; no field contains a comma.
  for (const line of readDataFile('occupations.csv').trim().split('\n').slice(1)) {
    const [code = '', name = '', level, parentCode, gb = '', old = ''] = line.split(',');
    const gbCodes = gb.split(' ').filter(Boolean);
    const occ: Occupation = { code, name, level: Number(level) as Occupation['level'] };
    if (parentCode) occ.parentCode = parentCode;
    if (gbCodes[0]) occ.gbCode = gbCodes[0];
    list.push(Object.freeze(occ)); // shared by every caller
    byCode.set(code, occ);
    for (const g of gbCodes) byGbCode.set(g, occ);
    byName.set(name, [occ, ...(byName.get(name) ?? [])]);
    for (const n of old.split(' ').filter(Boolean)) oldNames.push([n, occ]);
  }
  // A GB/T 6565-2015 name of a renamed group (幼儿教育教师) leads to its 2022 group; 2022 names come first.
  for (const [n, occ] of oldNames) if (!byName.has(n)) byName.set(n, [occ]);
  return { list, byCode, byGbCode, byName };
});

/** Every group and occupation, in classification order (8 + 79 + 450 + 1,639 entries). */
export function allOccupations(): readonly Occupation[] {
  return table().list;
}

/**
 * The group or occupation with this code: a 2022 code (`6-05-01-03`, also written `60501-03` or
 * `6050103`) or a GB/T 6565-2015 five-digit code (`60501`, mapped by name to its 2022 group, see
 * scripts/build-occupations.ts). Undefined when the code is unknown.
 */
export function occupationByCode(code: string): Occupation | undefined {
  const c = code.trim();
  const t = table();
  const direct = t.byCode.get(c);
  if (direct) return direct;
  if (/^\d{5}$/.test(c)) return t.byGbCode.get(c);
  const digits = c.replace(/[-\s]/g, '');
  if (/^\d(\d{2}){0,3}$/.test(digits)) {
    return t.byCode.get(
      [digits.slice(0, 1), digits.slice(1, 3), digits.slice(3, 5), digits.slice(5, 7)]
        .filter(Boolean)
        .join('-'),
    );
  }
  return undefined;
}

/**
 * The codes from the major group down to this entry, e.g. `6-05-01-03` → ['6', '6-05', '6-05-01',
 * '6-05-01-03']; empty when the code is unknown. Stored on documents so "same occupation > same minor
 * group > same middle group" is one term query per level.
 */
export function occupationPath(code: string): string[] {
  const path: string[] = [];
  for (let o = occupationByCode(code); o; o = o.parentCode ? table().byCode.get(o.parentCode) : undefined) {
    path.unshift(o.code);
  }
  return path;
}

/**
 * Entries with exactly this (normalised) name, most specific first; a group renamed in 2022 is also found by
 * its GB/T 6565-2015 name (仓储人员 → 4-02-06 仓储物流服务人员).
 */
export function occupationsByName(name: string): readonly Occupation[] {
  return table().byName.get(name) ?? [];
}
