import { type OccupationMatch, resolveOccupations } from './occupation-match.ts';
import { occupationByCode } from './occupations.ts';
import { isDictionaryName, segment } from './segment.ts';
import { type SynonymGroup, synonymGroupOf, synonymGroupsForCode } from './synonyms.ts';

/** A search query prepared for the engine. */
export interface QueryTokens {
  /** segment() of the query, without duplicates. */
  tokens: string[];
  /**
   * Other words for the occupations the query names, not already in `tokens`: the other titles of their
   * synonym groups (普工 → 普通工人, 操作工, 生产工 …) and their short official names (外卖骑手 → 网约配送员).
   * Each is a single token of segment(), so it can be matched against `*Seg` fields as a term.
   */
  expanded: string[];
  /** The occupations the query names (see resolveOccupations), at most 10. */
  occupations: OccupationMatch[];
}

/**
 * Tokens, synonym expansion and occupation codes of a query (防護服 普工 → tokens 防护, 防护服, 普工;
 * expanded 普通工人, 操作工 …; occupations 6-99-00). Occupations are found on word boundaries, longest
 * first, so 叉车司机 expands to forklift titles and not to every 司机.
 */
export function queryTokens(q: string): QueryTokens {
  const tokens = [...new Set(segment(q))];
  const occupations = resolveOccupations(q, 10);
  const groups = new Set<SynonymGroup>();
  const names = new Set<string>();
  for (const m of occupations) {
    // A colloquial title brings its own group; an official name or code brings every group mapped to it.
    const own = synonymGroupOf(m.term);
    for (const g of own ? [own] : synonymGroupsForCode(m.code)) groups.add(g);
    const o = occupationByCode(m.code);
    if (o && isDictionaryName(o)) names.add(o.name);
  }
  for (const g of groups) {
    for (const code of g.codes) {
      const o = occupationByCode(code);
      if (o && isDictionaryName(o)) names.add(o.name);
    }
  }
  const have = new Set(tokens);
  const expanded = new Set([...[...groups].flatMap((g) => g.terms), ...names]);
  return { tokens, expanded: [...expanded].filter((t) => !have.has(t)), occupations };
}
