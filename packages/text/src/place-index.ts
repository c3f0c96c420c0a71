/**
 * The index behind places.ts: data/places.json loaded into maps by code, full name and short name, and
 * the readers of qualified names. Internal to the package.
 */
import { pinyin } from 'pinyin-pro';
import { lazy, readDataFile } from './data.ts';
import type { LatLon } from './geo.ts';
import { shortPlaceName } from './place-names.ts';

export type PlaceLevel = 'province' | 'city' | 'district' | 'town';

/** An administrative unit: province, prefecture-level city, county-level district, or (Zaozhuang only) town. */
export interface Place {
  /** GB/T 2260 six-digit code (370000, 370400, 370403), or the nine-digit statistical code of a town. */
  code: string;
  name: string;
  /** Names from the province down, e.g. 山东省枣庄市薛城区 (a municipality is named once: 北京市东城区). */
  fullName: string;
  level: PlaceLevel;
  provinceCode: string;
  /** Absent for provinces. For municipalities, 110100 and the like; for 省直辖 counties, 419000 etc. */
  cityCode?: string;
  /** Set for towns. */
  districtCode?: string;
  /** Codes from the province down to this unit, to store on documents so any level filters with one term. */
  path: string[];
  /** Seat of government, or the parent's when `approximate` (see scripts/build-places.ts). */
  location: LatLon;
  approximate: boolean;
}

/** The city whose units win when a short name is shared (市中区 is in four cities): this is its platform. */
export const HOME_CITY_CODE = '370400';
export const HOME = '3704';
const HOME_PROVINCE = '37';
const LEVELS: PlaceLevel[] = ['province', 'city', 'district', 'town'];
const LEVEL_OF_LENGTH: Record<number, PlaceLevel> = { 2: 'province', 4: 'city', 6: 'district', 9: 'town' };
/** Names users write that the data spells differently. */
const ALIASES: Record<string, string> = { 各塔埠街道: '370402002', 各塔埠: '370402002' };
export const SEPARATORS = /[\s/\\|,，、·・\-—_()（）]+/g;

export interface Entry {
  key: string; // short code: 2, 4, 6 or 9 digits
  place: Place;
  names: string[]; // full and short names, for suggestions
  rank: number; // lower first when a name is shared
  virtual: boolean; // a municipality's 市辖区/县 or a 省直辖县级行政区划: holds children, has no name of its own
}

const official = (key: string) => (key.length === 2 ? `${key}0000` : key.length === 4 ? `${key}00` : key);

export const index = lazy(() => {
  type Row = [string, string, number, number, 0 | 1, 0 | 1];
  const rows = (JSON.parse(readDataFile('places.json')) as { places: Row[] }).places;
  const byKey = new Map<string, Entry>();
  const byName = new Map<string, Entry[]>(); // exact full names
  const byShort = new Map<string, Entry[]>(); // names without their suffix, and aliases
  const add = (map: Map<string, Entry[]>, name: string, e: Entry) =>
    map.set(name, [...(map.get(name) ?? []), e]);
  // Rows come parents first, so every parent is in byKey when its children arrive.
  for (const [key, name, lat, lon, approx, virtual] of rows) {
    const level = LEVEL_OF_LENGTH[key.length]!;
    const parents = [2, 4, 6].filter((n) => n < key.length).map((n) => byKey.get(key.slice(0, n))!);
    const fullName = parents.map((p) => (p.virtual ? '' : p.place.name)).join('') + name;
    const place: Place = {
      code: official(key),
      name,
      fullName: virtual ? name : fullName,
      level,
      provinceCode: official(key.slice(0, 2)),
      path: [...parents.map((p) => p.place.code), official(key)],
      location: { lat, lon },
      approximate: approx === 1,
    };
    if (key.length > 2) place.cityCode = official(key.slice(0, 4));
    if (key.length > 6) place.districtCode = key.slice(0, 6);
    // Shared by every caller: frozen so no caller can change another's result.
    Object.freeze(place.path);
    Object.freeze(place.location);
    Object.freeze(place);
    const short = shortPlaceName(name);
    const rank = (key.startsWith(HOME) ? 0 : key.startsWith(HOME_PROVINCE) ? 10 : 20) + LEVELS.indexOf(level);
    const e: Entry = { key, place, names: short ? [name, short] : [name], rank, virtual: virtual === 1 };
    byKey.set(key, e);
    if (e.virtual) continue; // no name leads to a virtual unit; its code still does
    add(byName, name, e);
    if (short) add(byShort, short, e);
  }
  for (const [alias, key] of Object.entries(ALIASES)) add(byShort, alias, byKey.get(key)!);
  for (const list of [...byName.values(), ...byShort.values()])
    list.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1));
  return { byKey, byName, byShort, entries: [...byKey.values()].filter((e) => !e.virtual) };
});

/** The short code (2/4/6/9 digits) of a 2, 4, 6, 9 or 12-digit code, trailing zero groups removed. */
export function keyOfCode(code: string): string | undefined {
  if (code.length === 12) return code.endsWith('000') ? code.slice(0, 9) : undefined;
  if (code.length === 6)
    return code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
  return [2, 4, 9].includes(code.length) ? code : undefined;
}

/** Candidates for a name, exact names before short ones, within `parent` (a short code) if given. */
function candidates(name: string, parent?: string): Entry[] {
  const { byName, byShort } = index();
  const all = [...(byName.get(name) ?? []), ...(byShort.get(name) ?? [])];
  return parent ? all.filter((e) => e.key.length > parent.length && e.key.startsWith(parent)) : all;
}

/** Reads a name that may be qualified by its parents (山东枣庄薛城, 枣庄市市中区), longest names first. */
export function parse(s: string, parent?: string): Entry | undefined {
  const whole = candidates(s, parent)[0];
  if (whole) return whole;
  for (let len = Math.min(s.length - 1, 12); len >= 2; len--) {
    for (const e of candidates(s.slice(0, len), parent)) {
      const rest = parse(s.slice(len), e.key);
      if (rest) return rest;
    }
  }
  return undefined;
}

/** The most specific place that a text starts with, and the text after it. */
export function longestPrefix(s: string, parent?: string): { entry: Entry; rest: string } | undefined {
  for (let len = Math.min(s.length, 12); len >= 2; len--) {
    const e = candidates(s.slice(0, len), parent)[0];
    if (e) return longestPrefix(s.slice(len), e.key) ?? { entry: e, rest: s.slice(len) };
  }
  return undefined;
}

/** Full pinyin of the names of every named unit (枣庄市 → zaozhuangshi, zaozhuang), built when first needed. */
export const pinyinOf = lazy(() => {
  const map = new Map<Entry, string[]>();
  for (const e of index().entries) {
    // One conversion a unit: a short name is a prefix of the name, so its pinyin is a prefix too.
    const syllables = pinyin(e.place.name, { toneType: 'none', type: 'array', v: true });
    map.set(
      e,
      e.names.map((n) => syllables.slice(0, n.length).join('')),
    );
  }
  return map;
});
