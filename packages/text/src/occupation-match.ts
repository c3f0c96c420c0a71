import { lazy } from './data.ts';
import { similarity, topBy } from './fuzzy.ts';
import { memoize } from './memo.ts';
import { normalizeText } from './normalize.ts';
import { allOccupations, type Occupation, occupationByCode, occupationsByName } from './occupations.ts';
import { cutWords } from './segment.ts';
import { synonymGroupOf, synonymGroups } from './synonyms.ts';

/** An occupation found in a text, and how. */
export interface OccupationMatch {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4;
  /** code: the text is a code; name: an official name; synonym: a colloquial title; contains: found inside. */
  matchedBy: 'code' | 'name' | 'synonym' | 'contains';
  /** The part of the (normalised) text that matched. */
  term: string;
}

/** A valid value to offer for a bad occupation input. */
export interface OccupationSuggestion {
  /** A name or colloquial title that resolves to `code`. */
  term: string;
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4;
}

const CODE_LIKE = /^[\d-]+$/;
const PUNCTUATION = /[、，,()（）]/;
const MAX_WORDS = 4; // a name is at most this many jieba words (口罩 生产 工 → 口罩生产工)

const match = (o: Occupation, matchedBy: OccupationMatch['matchedBy'], term: string): OccupationMatch => ({
  code: o.code,
  name: o.name,
  level: o.level,
  matchedBy,
  term,
});

/** Occupations a term names: an official name (most specific entry) or a synonym group's codes. */
export function occupationsOfTerm(term: string): { by: 'name' | 'synonym'; list: Occupation[] } | undefined {
  const named = occupationsByName(term)[0];
  if (named) return { by: 'name', list: [named] };
  const group = synonymGroupOf(term);
  if (group) return { by: 'synonym', list: group.codes.map((c) => occupationByCode(c)!).filter(Boolean) };
  return undefined;
}

/**
 * Occupations named by a text: a code (`6-18-02-04`, GB/T 6565 `61802`), an exact official name (焊工),
 * a colloquial title from data/occupation-synonyms.json (电焊工, 普工), or else the names and titles found
 * in it on word boundaries (高薪诚聘电焊工包吃住 → 焊工; 汽车工业 does not give 车工), longest first, then
 * earliest, at most `limit`. Traditional and full-width input work (電銲工).
 */
export function resolveOccupations(text: string, limit = 5): OccupationMatch[] {
  // Job titles repeat enormously: each (limit, text) is resolved once while in use; callers get copies.
  return cachedResolve(`${limit}|${text}`).map((m) => ({ ...m }));
}

const cachedResolve = memoize(
  (key: string) => {
    const bar = key.indexOf('|');
    return resolveUncached(key.slice(bar + 1), Number(key.slice(0, bar))) as readonly OccupationMatch[];
  },
  20_000,
  120,
);

function resolveUncached(text: string, limit: number): OccupationMatch[] {
  const norm = normalizeText(text);
  const whole = norm.replace(/\s+/g, '');
  if (!whole) return [];
  if (CODE_LIKE.test(whole)) {
    const o = occupationByCode(whole);
    return o ? [match(o, 'code', whole)] : [];
  }
  const exact = occupationsOfTerm(whole);
  if (exact) return exact.list.slice(0, limit).map((o) => match(o, exact.by, whole));

  const found: { term: string; at: number; o: Occupation }[] = [];
  const words = cutWords(norm);
  for (let i = 0; i < words.length; ) {
    let k = Math.min(MAX_WORDS, words.length - i);
    for (; k > 0; k--) {
      const term = words.slice(i, i + k).join('');
      const hit = term.length >= 2 ? occupationsOfTerm(term) : undefined;
      if (hit) {
        for (const o of hit.list) found.push({ term, at: i, o });
        break;
      }
    }
    i += Math.max(k, 1);
  }
  found.sort((a, b) => b.term.length - a.term.length || a.at - b.at || b.o.level - a.o.level);
  const seen = new Set<string>();
  const out: OccupationMatch[] = [];
  for (const f of found) {
    if (seen.has(f.o.code) || out.length >= limit) continue;
    seen.add(f.o.code);
    out.push(match(f.o, 'contains', f.term));
  }
  return out;
}

/** Every official name (without punctuation) and colloquial title, with the occupation it stands for. */
const suggestionTerms = lazy(() => {
  const list: OccupationSuggestion[] = [];
  for (const o of allOccupations()) {
    if (!PUNCTUATION.test(o.name)) list.push({ term: o.name, code: o.code, name: o.name, level: o.level });
  }
  for (const g of synonymGroups()) {
    const o = occupationByCode(g.codes[0]!);
    if (o) for (const t of g.terms) list.push({ term: t, code: o.code, name: o.name, level: o.level });
  }
  return list;
});

/**
 * The `n` valid names or titles nearest to a bad input, for error messages: by shared characters and
 * prefix (普通工 → 普通工人 / 普工), or, for a code, the deepest existing group it starts with and that
 * group's entries (6-05-01-99 → 6-05-01 纺织品和服装剪裁缝纫人员, 6-05-01-01 …).
 */
export function suggestOccupations(text: string, n = 5): OccupationSuggestion[] {
  const s = normalizeText(text).replace(/\s+/g, '');
  if (!s) return [];
  if (CODE_LIKE.test(s)) {
    const parts =
      s
        .replace(/-/g, '')
        .match(/^(\d)(\d{2})?(\d{2})?(\d{2})?/)
        ?.slice(1)
        .filter(Boolean) ?? [];
    let group: Occupation | undefined;
    for (let k = parts.length; k > 0 && !group; k--) group = occupationByCode(parts.slice(0, k).join('-'));
    const pool = group
      ? allOccupations().filter((o) => o.code === group.code || o.parentCode === group.code)
      : allOccupations().filter((o) => o.level === 1);
    return pool.slice(0, n).map((o) => ({ term: o.name, code: o.code, name: o.name, level: o.level }));
  }
  const best = topBy(suggestionTerms(), (t) => similarity(s, t.term), n * 4);
  const seen = new Set<string>();
  return best.filter((t) => !seen.has(t.code) && seen.add(t.code)).slice(0, n);
}
