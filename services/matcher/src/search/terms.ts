import { allOccupations, normalizeText, pinyinKeys, synonymGroups } from '@fugong/text';

interface Term {
  text: string;
  keys: string[];
}

let cache: Term[] | undefined;

/**
 * Occupation names and colloquial titles with their pinyin keys, built once (a few thousand entries): typeahead
 * completes job words the postings may not start with (pugong → 普工) without an engine round trip.
 */
function terms(): Term[] {
  if (cache) return cache;
  const words = new Set<string>();
  for (const g of synonymGroups()) for (const t of g.terms) words.add(t);
  for (const o of allOccupations())
    if (o.level >= 3 && /^\p{Script=Han}{2,8}$/u.test(o.name)) words.add(o.name);
  cache = [...words]
    .map((text) => ({ text, keys: pinyinKeys(text) }))
    .sort((a, b) => a.text.length - b.text.length);
  return cache;
}

/**
 * Occupation words for a typed prefix: Chinese by prefix, Latin by pinyin prefix (full or initials). Exact
 * pinyin matches come first (pugong → 普工 before 普工工人).
 */
export function suggestTerms(q: string, n: number): Array<{ text: string; matched: string; exact: boolean }> {
  const s = normalizeText(q).replace(/\s+/g, '');
  if (!s) return [];
  const latin = /^[a-z]+$/.test(s);
  const out: Array<{ text: string; matched: string; exact: boolean }> = [];
  for (const t of terms()) {
    const key = latin ? t.keys.find((k) => k.startsWith(s)) : t.text.startsWith(s) ? t.text : undefined;
    if (key) out.push({ text: t.text, matched: key, exact: key === s });
  }
  return out.sort((a, b) => Number(b.exact) - Number(a.exact)).slice(0, n);
}
