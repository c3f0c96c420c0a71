import OpenCC from 'opencc-js';
import { lazy, readDataFile } from './data.ts';
import { memoize } from './memo.ts';

// Taiwan then Hong Kong tables (OpenCC via opencc-js, character and phrase level, no regional wording
// such as 軟體 → 软件: those rewrite real words, e.g. 蚌埠 → 蚌端口). Each handles variants the other keeps
// (簷, 顎 / 衞). Built once, on first traditional text (~20 ms).
const convert = lazy(() => {
  const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
  return (s: string) => hk(tw(s));
});

// Variant characters of Taiwanese and Hong Kong job titles that OpenCC keeps as they are.
const VARIANTS: Record<string, string> = { 銲: '焊', 鎚: '锤', 綑: '捆' };
const VARIANT_RE = new RegExp(`[${Object.keys(VARIANTS).join('')}]`, 'g');

/**
 * The characters that mark a text as traditional (data/traditional-chars.txt, written by
 * scripts/build-traditional-chars.ts), as a bitmap over the BMP so the check costs one array read a
 * character. Text without them is left as written: the converters are not made for simplified input
 * (they turn 打坏 into 打坯) and skipping them saves most of normalizeText's time.
 */
const traditional = lazy(() => {
  const bits = new Uint8Array(0x10000);
  for (const ch of readDataFile('traditional-chars.txt') + Object.keys(VARIANTS).join('')) {
    if (ch !== '\n') bits[ch.charCodeAt(0)] = 1;
  }
  return bits;
});

function looksTraditional(s: string): boolean {
  const bits = traditional();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Characters beyond the BMP (surrogate pairs) are rare and may be traditional: convert to be safe.
    if (bits[c] || (c >= 0xd800 && c < 0xdc00)) return true;
  }
  return false;
}

/** Traditional (Taiwan or Hong Kong) Chinese to simplified; text with no traditional character is returned as is. */
export function toSimplified(s: string): string {
  if (!looksTraditional(s)) return s;
  return convert()(s).replace(VARIANT_RE, (ch) => VARIANTS[ch] ?? ch);
}

const SPACES = /\s+/g;

/**
 * The canonical form of a text for indexing and for queries: Unicode NFKC (full-width ＡＢＣ１２３ → ABC123,
 * compatibility ideographs → unified ones), traditional → simplified Chinese, Latin lowercased, runs of
 * whitespace collapsed to one space, trimmed. Idempotent.
 */
export function normalizeText(s: string): string {
  return s.length > SHORT ? normalizeLong(s) : normalizeShort(s);
}

function normalize(s: string): string {
  return toSimplified(s.normalize('NFKC')).toLowerCase().replace(SPACES, ' ').trim();
}

// Titles, names, skills and places repeat across postings: short texts are normalised once while in use.
const SHORT = 64;
const normalizeShort = memoize(normalize, 20_000, SHORT);

// A long text (a description) is not worth a cache entry, but one document's builders normalise it several
// times in a row (its segmentation, its shift words…; for traditional text each time through OpenCC): the last
// few long inputs are remembered. Comparing with them is a length check for other texts.
const RECENT = 4;
const recentIn: string[] = [];
const recentOut: string[] = [];
let recentNext = 0;

function normalizeLong(s: string): string {
  for (let i = 0; i < recentIn.length; i++) if (recentIn[i] === s) return recentOut[i]!;
  const v = normalize(s);
  recentIn[recentNext] = s;
  recentOut[recentNext] = v;
  recentNext = (recentNext + 1) % RECENT;
  return v;
}
