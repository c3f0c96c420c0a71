import { lazy, readDataFile } from './data.ts';

/** A set of colloquial job titles that mean the same work, and the classification codes they map to. */
export interface SynonymGroup {
  /** Simplified, lowercase; the first names the group (普工, 普通工人, 操作工 …). */
  terms: readonly string[];
  /** Codes of the 2022 classification, at any level (a colloquial title may only fix a minor group). */
  codes: readonly string[];
}

const index = lazy(() => {
  const groups = (JSON.parse(readDataFile('occupation-synonyms.json')) as { groups: SynonymGroup[] }).groups;
  const byTerm = new Map<string, SynonymGroup>();
  const byCode = new Map<string, SynonymGroup[]>();
  for (const g of groups) {
    Object.freeze(g.terms);
    Object.freeze(g.codes);
    Object.freeze(g);
    for (const t of g.terms) byTerm.set(t, g);
    for (const c of g.codes) byCode.set(c, [...(byCode.get(c) ?? []), g]);
  }
  return { groups, byTerm, byCode };
});

/** All synonym groups of data/occupation-synonyms.json. */
export function synonymGroups(): readonly SynonymGroup[] {
  return index().groups;
}

/** The group a (normalised) term belongs to; each term is in at most one group. */
export function synonymGroupOf(term: string): SynonymGroup | undefined {
  return index().byTerm.get(term);
}

/** The groups that map to this exact code. */
export function synonymGroupsForCode(code: string): readonly SynonymGroup[] {
  return index().byCode.get(code) ?? [];
}
