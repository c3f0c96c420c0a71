import { pinyin } from 'pinyin-pro';
import { memoize } from './memo.ts';
import { normalizeText } from './normalize.ts';

// A run of Chinese characters, or a run of Latin letters and digits; everything else separates runs.
const RUNS = /(\p{Script=Han}+)|([a-z0-9]+)/gu;

/**
 * Typeahead keys of a text: its full pinyin without tones or spaces and its initials, e.g. 普工 →
 * ['pugong', 'pg'], 绿化工 → ['lvhuagong', 'lhg'] (ü typed as v). Latin words and digits are kept whole in
 * both keys (java开发 → ['javakaifa', 'javakf']). The text is normalised first, so traditional forms give
 * the same keys. Polyphonic characters take pinyin-pro's reading in context (重庆 → chongqing).
 * Empty for text with no letters, digits or Chinese characters.
 */
export function pinyinKeys(s: string): string[] {
  return [...cachedKeys(s)];
}

// Titles and words repeat across postings and queries: each text's keys are computed once while in use.
const cachedKeys = memoize(computeKeys, 20_000, 100);

function computeKeys(s: string): readonly string[] {
  let full = '';
  let initials = '';
  for (const [, han, latin] of normalizeText(s).matchAll(RUNS)) {
    if (latin) {
      full += latin;
      initials += latin;
    } else if (han) {
      for (const p of pinyin(han, { toneType: 'none', type: 'array', v: true })) {
        full += p;
        initials += p[0] ?? '';
      }
    }
  }
  if (!full) return [];
  return full === initials ? [full] : [full, initials];
}
