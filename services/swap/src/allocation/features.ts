/**
 * Numeric features of posts, computed once so that scoring millions of pairs touches only numbers.
 * Strings (firms, occupation groups, skills, cities) are interned to small integers.
 * @module
 */
import type { SwapPost } from './types.ts';

const DAY_MS = 86_400_000;
const EARTH_RADIUS_KM = 6371.0088;

/** A post reduced to the numbers compatibility and scoring need. */
export interface PreparedPost {
  post: SwapPost;
  firm: number;
  fromDay: number;
  toDay: number;
  /** Interned city and district, −1 when unknown. */
  city: number;
  district: number;
  hasGeo: boolean;
  latRad: number;
  lonRad: number;
  /** cos(latitude), kept so that scoring a pair costs no cosine. */
  cosLat: number;
  /** Per usable code (≥ 2 segments): interned middle, minor and exact keys, −1 when the code is coarser. */
  middle: Int32Array;
  minor: Int32Array;
  exact: Int32Array;
  /** Distinct middle groups, ascending: used for bucketing and to emit each pair once. */
  groups: Int32Array;
  /** Distinct transferable families some code falls in (interned), ascending: the same two uses. */
  families: Int32Array;
  /** Distinct skills, ascending. */
  skills: Int32Array;
  /** Monthly wage offered, NaN when absent. */
  wage: number;
}

/** Maps strings to dense integers; one interner must be shared by all posts that are compared. */
export class Interner {
  private readonly ids = new Map<string, number>();
  /** The integer of `key`, allocating the next one on first sight. */
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** UTC calendar day number of an ISO date or date-time; NaN when unparseable. */
export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(iso) / DAY_MS);
}

/** City of a post: its `cityCode`, else the first 4 digits of its `districtCode`. */
export function cityOf(post: Pick<SwapPost, 'cityCode' | 'districtCode'>): string | undefined {
  if (post.cityCode) return post.cityCode;
  if (post.districtCode && post.districtCode.length >= 4) return post.districtCode.slice(0, 4);
  return undefined;
}

/**
 * Haversine on radians with the cosines of the latitudes given: the allocation's pair loop computes them once
 * per post (the same formula as `distanceKm` in @fugong/text, for millions of pairs).
 */
export function haversineRad(
  lat1: number,
  lon1: number,
  cos1: number,
  lat2: number,
  lon2: number,
  cos2: number,
): number {
  const s1 = Math.sin((lat2 - lat1) / 2);
  const s2 = Math.sin((lon2 - lon1) / 2);
  const h = s1 * s1 + cos1 * cos2 * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Skills as compared: trimmed, blanks dropped. */
export function cleanSkills(skills: string[]): string[] {
  return skills.map((s) => s.trim()).filter((s) => s !== '');
}

function sortedUnique(values: number[]): Int32Array {
  const out = Int32Array.from(new Set(values));
  out.sort();
  return out;
}

/** True when `prefix` ('4-02' or '4-02-07') is `code` or one of its ancestors, segment-wise. */
function codeUnder(code: string, prefix: string): boolean {
  return code === prefix || (code.startsWith(prefix) && code.charCodeAt(prefix.length) === 45); // '-'
}

/**
 * Reduces a post to numbers; `strings` interns every kind of key (the kinds cannot collide).
 * `families` are the transferable families (lists of code prefixes); family k is interned as `t:k`.
 */
export function preparePost(
  post: SwapPost,
  strings: Interner,
  families: ReadonlyArray<ReadonlyArray<string>> = [],
): PreparedPost {
  const middle: number[] = [];
  const minor: number[] = [];
  const exact: number[] = [];
  const inFamilies: number[] = [];
  for (const raw of post.occupationCodes) {
    const seg = raw.trim().split('-');
    // A code coarser than a middle group ('6') can never satisfy the compatibility rule.
    if (seg.length < 2 || seg.some((s) => s === '')) continue;
    middle.push(strings.id(`o:${seg[0]}-${seg[1]}`));
    minor.push(seg.length >= 3 ? strings.id(`o:${seg.slice(0, 3).join('-')}`) : -1);
    exact.push(seg.length >= 4 ? strings.id(`o:${seg.slice(0, 4).join('-')}`) : -1);
    const code = seg.slice(0, 4).join('-');
    families.forEach((members, k) => {
      if (members.some((m) => codeUnder(code, m))) inFamilies.push(strings.id(`t:${k}`));
    });
  }
  const city = cityOf(post);
  const geo = post.location;
  const hasGeo = geo !== undefined && Number.isFinite(geo.lat) && Number.isFinite(geo.lon);
  const rad = Math.PI / 180;
  return {
    post,
    firm: strings.id(`f:${post.firmId}`),
    fromDay: dayNumber(post.from),
    toDay: dayNumber(post.to),
    city: city ? strings.id(`c:${city}`) : -1,
    district: post.districtCode ? strings.id(`d:${post.districtCode}`) : -1,
    hasGeo,
    latRad: hasGeo ? geo.lat * rad : 0,
    lonRad: hasGeo ? geo.lon * rad : 0,
    cosLat: hasGeo ? Math.cos(geo.lat * rad) : 1,
    middle: Int32Array.from(middle),
    minor: Int32Array.from(minor),
    exact: Int32Array.from(exact),
    groups: sortedUnique(middle),
    families: sortedUnique(inFamilies),
    skills: sortedUnique(cleanSkills(post.skills).map((s) => strings.id(`s:${s}`))),
    wage: post.wageOffered ?? Number.NaN,
  };
}
