import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { lazy } from './data.ts';
import { Lru } from './memo.ts';
import { normalizeText } from './normalize.ts';
import { allOccupations, type Occupation } from './occupations.ts';
import { synonymGroups } from './synonyms.ts';

// Occupation names and colloquial titles join jieba's dictionary so 普工, 叉车司机, 口罩生产工 stay whole.
// 500 is high enough to keep them whole and low enough not to break common words (2,000 already cuts
// 装配工艺 into 装配工/艺 and 建筑工地 into 建筑工/地). Long official names are left out: they would hide
// their 4-character parts (工程技术) from queries, since search mode only re-emits 2- and 3-grams.
const USER_FREQ = 500;
const SHORT_HAN = /^\p{Script=Han}{2,7}$/u;

/** Whether an occupation's name is one of jieba's words here (minor groups and occupations, 2–7 characters). */
export function isDictionaryName(o: Occupation): boolean {
  return o.level >= 3 && SHORT_HAN.test(o.name);
}

/** The jieba instance, with its default dictionary and the occupation terms, built on first use. */
const jieba = lazy(() => {
  const words = new Set<string>();
  for (const g of synonymGroups()) for (const t of g.terms) words.add(t);
  for (const o of allOccupations()) if (isDictionaryName(o)) words.add(o.name);
  const j = Jieba.withDict(dict);
  j.loadDict(Buffer.from([...words].map((w) => `${w} ${USER_FREQ} n`).join('\n')));
  return j;
});

/** Function words dropped from the index and from queries. */
const STOPWORDS = new Set(
  (
    '的 了 和 及 等 与 或 在 是 为 对 把 被 就 也 都 而 并 其 之 于 以 由 从 向 着 过 吗 呢 吧 啊 呀 个 各 该 此 这 那 ' +
    '及其 以及 或者 并且 等等 我们 你们 他们'
  ).split(' '),
);
const HAN = /\p{Script=Han}/u;
const WORD_BREAK = /[^\p{L}\p{N}+#]+/u;
const WORDISH = /[\p{L}\p{N}]/u;
const ASCII_ALNUM = /[a-z0-9]/;
const LATIN_IN_HAN = /[a-z0-9][a-z0-9+#]*/g;

function pushTokens(out: string[], words: readonly string[]): void {
  for (const w of words) {
    if (HAN.test(w)) {
      if (STOPWORDS.has(w)) continue;
      out.push(w);
      // Dictionary words that mix scripts (4s店, cnc操作员) also yield their Latin part, so `cnc` finds them.
      if (ASCII_ALNUM.test(w)) for (const m of w.matchAll(LATIN_IN_HAN)) out.push(m[0]);
    } else if (WORDISH.test(w)) {
      // Latin words, numbers and mixes: split on punctuation (4000-6000 → 4000, 6000); keep c++, c#.
      for (const part of w.split(WORD_BREAK)) if (WORDISH.test(part)) out.push(part);
    }
  }
}

// jieba first cuts a text into runs of Han characters, Latin letters, digits and `+#&._%-`, and segments each
// run on its own; everything between runs (punctuation, spaces) comes out as separate tokens that pushTokens
// drops. So a text's tokens are its clauses' tokens in order, split at any of these characters (none is in a
// run, none is a letter or digit), and each clause can be segmented once and remembered: postings repeat
// their sentences (身体健康，能吃苦耐劳，包吃住) far more than whole descriptions. The cache is bounded (LRU).
const CLAUSE_BREAK = /[\s,;:!?()。、“”‘’《》【】]+/u;
const CLAUSE_CACHE = 20_000;
const searchTokens = new Lru<readonly string[]>(CLAUSE_CACHE);
const preciseTokens = new Lru<readonly string[]>(CLAUSE_CACHE);

// The clauses of one text that are not in the cache are segmented together, in one call of the native
// jieba (crossing into it costs more than segmenting a short clause): joined by a separator that jieba always
// gives back as a token of its own (not a run character, never inside a clause: it is a CLAUSE_BREAK), and
// its tokens split at the separators again. On the demo campaign most clauses hit; on varied text most miss, and then one call replaces thirty.
const SEPARATOR = '。';

function clauseTokens(
  out: string[],
  text: string,
  cache: Lru<readonly string[]>,
  cut: (clause: string) => string[],
): void {
  const clauses = text.split(CLAUSE_BREAK);
  const found: Array<readonly string[] | undefined> = new Array(clauses.length);
  // Clauses not in the cache, each once, with where they occur.
  let missing: Map<string, number[]> | undefined;
  for (let k = 0; k < clauses.length; k++) {
    const clause = clauses[k]!;
    if (!clause) continue;
    const tokens = cache.get(clause);
    if (tokens !== undefined) found[k] = tokens;
    else {
      missing ??= new Map();
      const at = missing.get(clause);
      if (at) at.push(k);
      else missing.set(clause, [k]);
    }
  }
  if (missing) {
    const list = [...missing.keys()];
    const cuts = list.length === 1 ? [cut(list[0]!)] : cutTogether(list, cut);
    list.forEach((clause, n) => {
      const tokens: string[] = [];
      pushTokens(tokens, cuts[n]!);
      cache.set(clause, tokens);
      for (const k of missing.get(clause)!) found[k] = tokens;
    });
  }
  for (const tokens of found) if (tokens) for (const t of tokens) out.push(t);
}

/**
 * jieba's words of each clause, from one call on the clauses joined by SEPARATOR. Falls back to one call a
 * clause if the separators did not come back as tokens of their own (never seen; a guard, so the result is
 * always what clause-by-clause segmentation gives).
 */
function cutTogether(clauses: readonly string[], cut: (clause: string) => string[]): string[][] {
  const words = cut(clauses.join(SEPARATOR));
  const out: string[][] = [[]];
  for (const w of words) {
    if (w === SEPARATOR) out.push([]);
    else if (w.includes(SEPARATOR)) return clauses.map(cut);
    else out[out.length - 1]!.push(w);
  }
  return out.length === clauses.length ? out : clauses.map(cut);
}

/**
 * Words of an already normalised text in jieba's precise mode (one segmentation, no overlapping
 * sub-words), stopwords and punctuation dropped. Used to find occupation names on word boundaries.
 */
export function cutWords(normalized: string): string[] {
  const out: string[] = [];
  clauseTokens(out, normalized, preciseTokens, (c) => jieba().cut(c, true));
  return out;
}

/** cutWords without the clause cache: jieba on the whole text (to test that the cache changes nothing). */
export function cutWordsUncached(normalized: string): string[] {
  const out: string[] = [];
  pushTokens(out, jieba().cut(normalized, true));
  return out;
}

/**
 * Tokens of a text for search: normalizeText, then jieba's search mode, which also emits the dictionary
 * words inside long words (防护服生产 → 防护, 防护服, 生产), so a query for a part finds the whole.
 * Punctuation, whitespace and stopwords are dropped; Latin words and numbers are kept, lowercased.
 */
export function segment(s: string): string[] {
  const out: string[] = [];
  const text = normalizeText(s);
  if (text) clauseTokens(out, text, searchTokens, (c) => jieba().cutForSearch(c, true));
  return out;
}

/** segment without the clause cache: jieba on the whole text (to test that the cache changes nothing). */
export function segmentUncached(s: string): string[] {
  const out: string[] = [];
  const text = normalizeText(s);
  if (text) pushTokens(out, jieba().cutForSearch(text, true));
  return out;
}

/** segment() joined by single spaces: the value of `*Seg` fields, analysed by Elasticsearch's whitespace analyzer. */
export function indexText(s: string): string {
  return segment(s).join(' ');
}
