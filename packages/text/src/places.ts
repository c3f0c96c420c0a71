import { lazy } from './data.ts';
import { memoize } from './memo.ts';
import { similarity, topBy } from './fuzzy.ts';
import { normalizeText } from './normalize.ts';
import { pinyinKeys } from './pinyin.ts';
import {
  type Entry,
  HOME,
  index,
  keyOfCode,
  longestPrefix,
  type Place,
  parse,
  pinyinOf,
  SEPARATORS,
} from './place-index.ts';

export { HOME_CITY_CODE, type Place, type PlaceLevel } from './place-index.ts';

/**
 * Resolves a place from a code or a name. Codes: 2, 4, 6 or 9 digits (37, 3704, 370403, 370403001), six
 * digits with trailing zeros (370400) or a 12-digit statistical code ending in 000. Names: full (枣庄市),
 * short (枣庄, 滕州, 薛城), traditional (棗莊), full-width, or qualified by their parents (枣庄市薛城区,
 * 山东枣庄). A short name shared by several units resolves to Zaozhuang's (市中区 → 370402), then
 * Shandong's, then the higher level (吉林 → the province), then the lowest code: this is Zaozhuang's
 * platform, and the response echoes the place so a caller can see what was chosen.
 * Pinyin (zaozhuang, ningbo) resolves only when a single unit has it. Undefined when nothing matches.
 */
export function resolvePlace(nameOrCode: string): Place | undefined {
  return cachedResolve(nameOrCode);
}

// Postings name the same districts and addresses over and over; the Place objects are the index's own.
const cachedResolve = memoize(resolveUncached, 10_000);
const cachedFromAddress = memoize(fromAddressUncached, 10_000);

function resolveUncached(nameOrCode: string): Place | undefined {
  const s = normalizeText(nameOrCode).replace(SEPARATORS, '');
  if (!s) return undefined;
  if (/^\d+$/.test(s)) {
    const key = keyOfCode(s);
    return key ? index().byKey.get(key)?.place : undefined;
  }
  if (/^[a-z]+$/.test(s)) {
    const hits = pinyinIndex().get(s) ?? [];
    return hits.length === 1 ? hits[0]!.place : undefined;
  }
  return parse(s)?.place;
}

/**
 * The most specific place named at the start of an address (山东省枣庄市薛城区临城街道黄河路1号 → 临城街道),
 * ignoring the rest; undefined when the address starts with no known place.
 */
export function placeFromAddress(address: string): Place | undefined {
  return cachedFromAddress(address);
}

function fromAddressUncached(address: string): Place | undefined {
  const s = normalizeText(address).replace(SEPARATORS, '');
  return s ? longestPrefix(s)?.entry.place : undefined;
}

/** Pinyin of provinces, cities and Zaozhuang's districts and towns, for Latin input to resolvePlace. */
const pinyinIndex = lazy(() => {
  const map = new Map<string, Entry[]>();
  for (const [e, keys] of pinyinOf()) {
    if (e.key.length > 4 && !e.key.startsWith(HOME)) continue;
    for (const k of new Set(keys)) if (k) map.set(k, [...(map.get(k) ?? []), e]);
  }
  return map;
});

/**
 * The `n` valid places nearest to a bad input, for error messages that suggest valid values: by shared
 * characters and prefix with their names and full names, by pinyin (早庄 → 枣庄), or by code prefix for
 * digits (370499 → 枣庄市 and its districts). A known place at the start narrows the rest to its units
 * (枣庄市薛城去 → 薛城区 first). Only close matches are suggested, Zaozhuang's before those elsewhere; the
 * list is filled up with Zaozhuang's districts, so a name like nothing known (火星) gets the city's own
 * districts rather than counties elsewhere in China that share a character or a sound with it.
 */
export function suggestPlaces(text: string, n = 5): Place[] {
  const s = normalizeText(text).replace(SEPARATORS, '');
  if (!s) return [];
  const entries = index().entries;
  if (/^\d+$/.test(s)) {
    let prefix = s.slice(0, 6).replace(/0+$/, '');
    while (prefix.length > 1 && !entries.some((e) => e.key.startsWith(prefix))) prefix = prefix.slice(0, -1);
    const scored = entries.filter((e) => e.key.startsWith(prefix));
    return scored
      .sort((a, b) => a.key.length - b.key.length || a.key.localeCompare(b.key))
      .slice(0, n)
      .map((e) => e.place);
  }
  // A known place at the start (枣庄市薛城去 → 薛城区, rest 去): it and its best-matching units come first.
  const prefix = longestPrefix(s);
  const children = prefix
    ? entries.filter((e) => e.key.length > prefix.entry.key.length && e.key.startsWith(prefix.entry.key))
    : [];
  const within = prefix ? [prefix.entry, ...rank(prefix.rest, children, n)] : [];
  // Close matches only, Zaozhuang's first (a generous pool, so a home unit behind many namesakes elsewhere
  // still makes the list), then the city's own districts.
  const close = rank(s, entries, n * 4, true)
    .filter((e) => !within.includes(e))
    .sort((a, b) => Number(!a.key.startsWith(HOME)) - Number(!b.key.startsWith(HOME)));
  const home = homeDistricts().filter((e) => !within.includes(e) && !close.includes(e));
  return [...within, ...close, ...home].slice(0, n).map((e) => e.place);
}

/** Zaozhuang's county-level units (市中区 … 滕州市), in code order. */
const homeDistricts = lazy(() => index().entries.filter((e) => e.key.length === 6 && e.key.startsWith(HOME)));

/**
 * The best `n` places for `s` by shared characters (textual) or sound (phonetic, 0.9 of its similarity). With
 * `close`, only those likely meant: characters and sound together at least 0.85 (宁坡 → 宁波 0.43 + 0.47,
 * 早庄 → 枣庄 0.3 + 0.9), or for Latin input a sound of 0.5 (tengzhuo → 滕州 0.55); not a name sharing only a
 * syllable (火星 → 博兴县 0 + 0.38) or one character (月球 → 月湖区 0.43 + 0.38, 高新区 → 高淳区 0.43 + 0.31).
 */
function rank(s: string, entries: Entry[], n: number, close = false): Entry[] {
  const sound = pinyinKeys(s)[0] ?? '';
  const latin = /^[a-z]+$/.test(s);
  const pinyins = pinyinOf();
  const score = (e: Entry) => {
    const textual = latin
      ? 0
      : Math.max(...e.names.map((name) => similarity(s, name)), similarity(s, e.place.fullName));
    const phonetic = sound ? 0.9 * Math.max(...(pinyins.get(e) ?? []).map((p) => similarity(sound, p))) : 0;
    if (close && (latin ? phonetic < 0.5 : textual + phonetic < 0.85)) return 0;
    return Math.max(textual, phonetic) - e.rank / 1000;
  };
  return topBy(entries, score, n);
}

/** Whether `code` is `ancestorCode` or lies within it; both may be any code or name resolvePlace accepts. */
export function placeWithin(code: string, ancestorCode: string): boolean {
  const place = resolvePlace(code);
  const ancestor = resolvePlace(ancestorCode);
  return Boolean(place && ancestor && place.path.includes(ancestor.code));
}

/** The codes from the province down to the place, e.g. 370403 → ['370000', '370400', '370403']; [] if unknown. */
export function placePath(nameOrCode: string): string[] {
  return resolvePlace(nameOrCode)?.path ?? [];
}
