import { normalizeText } from './normalize.ts';

/**
 * A shift pattern: day work only (白班, 长白班), a two- or three-shift rotation (两班倒, 三班倒), night work
 * (夜班), or a rotation of no stated kind (倒班). A two- or three-shift posting is also `rotating`.
 */
export type ShiftTag = 'day' | 'two_shifts' | 'three_shifts' | 'night' | 'rotating';

/** The words of each pattern, as postings and seekers write them. Negations (不倒班) are day work. */
const SHIFT_WORDS: Record<ShiftTag, readonly string[]> = {
  day: [
    '长白班',
    '常白班',
    '纯白班',
    '白班',
    '不倒班',
    '无需倒班',
    '不用倒班',
    '无夜班',
    '不上夜班',
    '没有夜班',
  ],
  two_shifts: ['两班倒', '二班倒', '两班制', '两班轮换', '白夜班', '白夜两班'],
  three_shifts: ['三班倒', '三班制', '三班两倒', '三班两运转'],
  night: ['夜班', '晚班', '大夜班', '通宵班'],
  rotating: ['倒班', '轮班', '四班三倒', '四班三运转'],
};

/**
 * Every shift word with its pattern, longest first: a longer word is taken before the shorter one inside it
 * (不倒班 before 倒班, 白夜班 before 夜班, 长白班 before 白班).
 */
const PHRASES: ReadonlyArray<readonly [string, ShiftTag]> = Object.entries(SHIFT_WORDS)
  .flatMap(([tag, words]) => words.map((w) => [w, tag as ShiftTag] as const))
  .sort((a, b) => b[0].length - a[0].length);

/** A shift word found in a text, and the text without it. */
export interface FoundShifts {
  found: Array<{ input: string; shift: ShiftTag }>;
  /** The text with every shift word replaced by a space, so it is not read again as a place or a job word. */
  rest: string;
}

/**
 * The shift words of an already normalised text, longest first (长白班 is one word, never the place 长白 +
 * 班). Each word is reported once, in the order of the table.
 */
export function findShifts(normalized: string): FoundShifts {
  let rest = normalized;
  const found: FoundShifts['found'] = [];
  for (const [word, shift] of PHRASES) {
    if (!rest.includes(word)) continue;
    found.push({ input: word, shift });
    rest = rest.split(word).join(' ');
  }
  return { found, rest };
}

/**
 * The shift patterns a posting states in any of its texts (its `shifts` list, working hours, title,
 * description), for the `shiftTags` of its document. A two- or three-shift rotation is also `rotating`.
 */
export function shiftTags(...texts: ReadonlyArray<string | undefined>): ShiftTag[] {
  const tags = new Set<ShiftTag>();
  for (const t of texts) if (t) for (const f of findShifts(normalizeText(t)).found) tags.add(f.shift);
  if (tags.has('two_shifts') || tags.has('three_shifts')) tags.add('rotating');
  return [...tags].sort();
}
