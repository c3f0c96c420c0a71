import {
  findShifts,
  normalizeText,
  resolveOccupations,
  resolvePlace,
  type ShiftTag,
  segment,
  synonymGroupOf,
} from '@fugong/text';

/** A place named in `q`: the word typed and the district/county or prefecture-level city it resolved to. */
export interface QueryPlace {
  input: string;
  code: string;
  name: string;
}

/** A benefit phrase named in `q` (包吃住, 包住 …) and what it asks for. */
export interface QueryBenefit {
  input: string;
  board: boolean;
  lodging: boolean;
}

/** A shift word named in `q` (长白班, 两班倒, 夜班 …) and the shift pattern it asks for. */
export interface QueryShift {
  input: string;
  shift: ShiftTag;
}

/** What `q` says besides the words to match: places, benefits and shifts, taken out of the text match. */
export interface UnderstoodQuery {
  /** `q` without the place, benefit and shift words: what is matched as text (may be empty). */
  text: string;
  places: QueryPlace[];
  benefits: QueryBenefit[];
  shifts: QueryShift[];
}

/**
 * Benefit phrases, longest first so 包吃住 is not read as 包吃 + 住. Matched on the normalised text, not on
 * tokens: the segmenter cuts 包吃住 into 包吃 + 住 and keeps 包住 whole, so the tokens of a query and of a
 * posting disagree.
 */
const BENEFIT_PHRASES: ReadonlyArray<readonly [string, boolean, boolean]> = (
  [
    ['包吃住', true, true],
    ['包食宿', true, true],
    ['管吃住', true, true],
    ['管食宿', true, true],
    ['提供食宿', true, true],
    ['提供吃住', true, true],
    ['包住宿', false, true],
    ['提供住宿', false, true],
    ['包住', false, true],
    ['管住', false, true],
    ['包三餐', true, false],
    ['包伙食', true, false],
    ['提供餐', true, false],
    ['包吃', true, false],
    ['管吃', true, false],
    ['包餐', true, false],
    ['管饭', true, false],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

/** Levels a place word in `q` may resolve to: a town is too fine, a province too coarse to mean "work here". */
const PLACE_LEVELS = new Set(['district', 'city']);

/** A token that names an occupation (or a colloquial title) is a job word, even if a place shares it. */
function isOccupationWord(token: string): boolean {
  if (synonymGroupOf(token)) return true;
  return resolveOccupations(token, 3).some((m) => m.term === token && m.matchedBy !== 'contains');
}

/**
 * Splits a free-text query into the words to match and what it says about place, benefits and shifts
 * (滕州 电焊工 → text 电焊工, places 滕州 → 370481; 叉车 包住 → text 叉车, benefits lodging; 普工 长白班 →
 * text 普工, shifts day). Benefit and shift words are taken out first, longest first, so 长白班 is a shift and
 * never the place 长白 (长白朝鲜族自治县) + 班. A place is a token of at least two characters that
 * resolvePlace() resolves to a district/county or a prefecture-level city and that is not also an occupation
 * word.
 */
export function understandQuery(q: string): UnderstoodQuery {
  let text = normalizeText(q);
  const benefits: QueryBenefit[] = [];
  for (const [phrase, board, lodging] of BENEFIT_PHRASES) {
    if (!text.includes(phrase)) continue;
    benefits.push({ input: phrase, board, lodging });
    text = text.split(phrase).join(' ');
  }
  const named = findShifts(text);
  text = named.rest;
  const shifts: QueryShift[] = [];
  for (const s of named.found) if (!shifts.some((x) => x.shift === s.shift)) shifts.push(s);
  const places: QueryPlace[] = [];
  // Search-mode tokens overlap (薛城区 → 薛城, 城区): longest first, and a token no longer in the text
  // (part of a place already taken) is not looked at, so 城区 of 薛城区 never becomes Yangquan's 城区.
  const tokens = segment(text).sort((a, b) => b.length - a.length);
  for (const token of tokens) {
    if ([...token].length < 2 || !text.includes(token) || isOccupationWord(token)) continue;
    const p = resolvePlace(token);
    if (!p || !PLACE_LEVELS.has(p.level)) continue;
    // The unit's suffix goes with it (滕州市, 薛城区), so no lone 市/区 is left to match as text.
    text = text.replace(new RegExp(`${escapeRegExp(token)}[市区县]?`, 'g'), ' ');
    if (places.some((x) => x.code === p.code)) continue;
    places.push({ input: token, code: p.code, name: p.name });
  }
  return { text: text.replace(/\s+/g, ' ').trim(), places, benefits, shifts };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
