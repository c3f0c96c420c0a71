/**
 * Where the demo puts things: Zaozhuang's 66 towns and sub-districts (乡镇/街道, the same units and codes as
 * packages/text/data/places.json) with an approximate centre each, and the centres of the other cities
 * workers come from or go to.
 *
 * The text package only knows the towns' names: their `location` there is the district's seat (flagged
 * `approximate`), so a demo built on it put every posting of a district on one point. The points below are
 * hand-placed approximations of each town's seat, good to a few kilometres (enough for a distance sort
 * to look like a real city; not survey data, never used outside the demo). Each lies within 25 km of its
 * district's seat, checked in test/unit/demo-places.test.ts. GCJ-02-ish like the bundled district seats.
 */
import type { GeoPoint } from '@fugong/schemas';
import type { Random } from './random.ts';

export interface Town {
  /** Nine-digit statistical code, as in places.json. */
  code: string;
  name: string;
  districtCode: string;
  lat: number;
  lon: number;
  /** Relative share of the district's firms and people: sub-districts (街道, the urban core) draw more. */
  weight: number;
}

export interface District {
  code: string;
  name: string;
  /** The seat, as places.json has it. */
  lat: number;
  lon: number;
  /** How firm names usually start in this district (滕州市…, 枣庄市薛城区…, 山东…). */
  namePrefixes: string[];
  /** Relative wage level against the city's (滕州 and the city centre pay a little more, 山亭 less). */
  wageLevel: number;
  /** Local road names, for addresses. */
  roads: string[];
}

export const DISTRICTS: Record<string, District> = {
  '370402': {
    code: '370402',
    name: '市中区',
    lat: 34.86355,
    lon: 117.55614,
    namePrefixes: ['枣庄市', '枣庄市市中区', '山东', '枣庄'],
    wageLevel: 1.03,
    roads: [
      '光明路',
      '建设路',
      '文化路',
      '龙山路',
      '振兴路',
      '君山路',
      '青檀路',
      '解放路',
      '西昌路',
      '华山路',
    ],
  },
  '370403': {
    code: '370403',
    name: '薛城区',
    lat: 34.79506,
    lon: 117.26316,
    namePrefixes: ['枣庄市薛城区', '枣庄', '山东', '枣庄市'],
    wageLevel: 1.02,
    roads: [
      '黄河路',
      '长江路',
      '泰山路',
      '珠江路',
      '常庄路',
      '临山路',
      '光明大道',
      '复元路',
      '永福路',
      '嵩山路',
    ],
  },
  '370404': {
    code: '370404',
    name: '峄城区',
    lat: 34.77326,
    lon: 117.59082,
    namePrefixes: ['枣庄市峄城区', '峄城', '枣庄市', '枣庄'],
    wageLevel: 0.96,
    roads: ['承水路', '坛山路', '榴园路', '峨山路', '吴林路', '古邵路', '工业大道', '胜利路'],
  },
  '370405': {
    code: '370405',
    name: '台儿庄区',
    lat: 34.56244,
    lon: 117.73441,
    namePrefixes: ['枣庄市台儿庄区', '台儿庄', '枣庄市', '枣庄'],
    wageLevel: 0.95,
    roads: ['华兴路', '金光路', '兴中路', '箭道街', '运河大道', '文化路', '长安路', '古城路'],
  },
  '370406': {
    code: '370406',
    name: '山亭区',
    lat: 35.09953,
    lon: 117.46152,
    namePrefixes: ['枣庄市山亭区', '山亭', '枣庄市', '枣庄'],
    wageLevel: 0.93,
    roads: ['府前路', '汉诺路', '翼云路', '北京路', '岱庄路', '店子路', '工业路', '长江路'],
  },
  '370481': {
    code: '370481',
    name: '滕州市',
    lat: 35.11415,
    lon: 117.16582,
    namePrefixes: ['滕州市', '山东滕州', '山东', '滕州'],
    wageLevel: 1.04,
    roads: [
      '善国路',
      '荆河路',
      '学院路',
      '塔寺路',
      '北辛路',
      '龙泉路',
      '杏坛路',
      '平行路',
      '大同路',
      '解放路',
    ],
  },
};

const T = (
  code: string,
  name: string,
  lat: number,
  lon: number,
  weight = name.endsWith('街道') ? 3 : 2,
): Town => ({ code, name, districtCode: code.slice(0, 6), lat, lon, weight });

/** The 66 towns and sub-districts, in code order. */
export const TOWNS: readonly Town[] = [
  T('370402001', '中心街街道', 34.8622, 117.5571),
  T('370402002', '垎塔埠街道', 34.8788, 117.5842),
  T('370402003', '矿区街道', 34.8567, 117.5338),
  T('370402004', '文化路街道', 34.8539, 117.5702),
  T('370402005', '龙山路街道', 34.8461, 117.5487),
  T('370402006', '光明路街道', 34.8724, 117.5448),
  T('370402101', '税郭镇', 34.9346, 117.6357),
  T('370402102', '孟庄镇', 34.8052, 117.4832),
  T('370402103', '齐村镇', 34.9031, 117.5197),
  T('370402104', '永安镇', 34.826, 117.6298),
  T('370402105', '西王庄镇', 34.8012, 117.5603),
  T('370403001', '临城街道', 34.7951, 117.2632),
  T('370403002', '兴仁街道', 34.7563, 117.2811),
  T('370403003', '兴城街道', 34.8127, 117.2985),
  T('370403004', '张范街道', 34.7694, 117.2198),
  T('370403005', '常庄街道', 34.8346, 117.2487),
  T('370403006', '新城街道', 34.8051, 117.3226),
  T('370403101', '沙沟镇', 34.7005, 117.2316),
  T('370403102', '周营镇', 34.6921, 117.3302),
  T('370403103', '邹坞镇', 34.8561, 117.3312),
  T('370403104', '陶庄镇', 34.8702, 117.2893),
  T('370404001', '坛山街道', 34.7733, 117.5908),
  T('370404002', '吴林街道', 34.7452, 117.6207),
  T('370404100', '古邵镇', 34.7213, 117.5312),
  T('370404101', '阴平镇', 34.8398, 117.6519),
  T('370404102', '底阁镇', 34.6905, 117.6214),
  T('370404103', '榴园镇', 34.7896, 117.5305),
  T('370404104', '峨山镇', 34.7701, 117.6823),
  T('370405001', '运河街道', 34.5624, 117.7344),
  T('370405100', '邳庄镇', 34.5763, 117.7998),
  T('370405101', '张山子镇', 34.6147, 117.6012),
  T('370405102', '泥沟镇', 34.6012, 117.6804),
  T('370405103', '涧头集镇', 34.5307, 117.6496),
  T('370405104', '马兰屯镇', 34.6402, 117.7703),
  T('370406001', '山城街道', 35.0995, 117.4615),
  T('370406101', '店子镇', 35.0702, 117.3805),
  T('370406102', '西集镇', 35.0497, 117.5198),
  T('370406103', '桑村镇', 35.0302, 117.3708),
  T('370406104', '北庄镇', 35.1603, 117.5392),
  T('370406105', '城头镇', 35.1301, 117.3906),
  T('370406106', '徐庄镇', 35.1702, 117.6203),
  T('370406107', '水泉镇', 35.1298, 117.5801),
  T('370406108', '冯卯镇', 35.2004, 117.4795),
  T('370406109', '凫城镇', 35.0403, 117.4302),
  T('370406405', '山亭经济开发区', 35.0851, 117.4803, 2),
  T('370481001', '荆河街道', 35.0902, 117.1503),
  T('370481002', '龙泉街道', 35.1103, 117.1652),
  T('370481003', '北辛街道', 35.1251, 117.1448),
  T('370481004', '善南街道', 35.0752, 117.1751),
  T('370481005', '东沙河街道', 35.1252, 117.2103),
  T('370481101', '洪绪镇', 35.0498, 117.1302),
  T('370481102', '南沙河镇', 35.0203, 117.1804),
  T('370481103', '大坞镇', 35.0402, 117.0703),
  T('370481104', '滨湖镇', 34.9301, 117.0802),
  T('370481105', '级索镇', 35.0104, 117.0005),
  T('370481106', '西岗镇', 35.0603, 117.0201),
  T('370481107', '姜屯镇', 35.1802, 117.0902),
  T('370481108', '鲍沟镇', 35.2503, 117.0798),
  T('370481109', '张汪镇', 34.9402, 117.2203),
  T('370481110', '官桥镇', 34.9803, 117.2802),
  T('370481111', '柴胡店镇', 35.0202, 117.2601),
  T('370481112', '羊庄镇', 35.1403, 117.2902),
  T('370481113', '木石镇', 35.0604, 117.3302),
  T('370481114', '界河镇', 35.2302, 117.1801),
  T('370481115', '龙阳镇', 35.2003, 117.1302),
  T('370481116', '东郭镇', 35.2201, 117.3003),
];

/** The towns of each district with their weights, for `Random.weighted`. */
export const TOWNS_BY_DISTRICT: ReadonlyMap<string, ReadonlyArray<readonly [Town, number]>> = new Map(
  Object.keys(DISTRICTS).map((d) => [
    d,
    TOWNS.filter((t) => t.districtCode === d).map((t) => [t, t.weight] as const),
  ]),
);

/** The other cities of the campaign (OTHER_CITIES) with their names and approximate centres. */
export const OTHER_CITY_PLACES: Record<string, { name: string; lat: number; lon: number }> = {
  '330200': { name: '宁波市', lat: 29.8683, lon: 121.544 },
  '530600': { name: '昭通市', lat: 27.3381, lon: 103.7172 },
  '370100': { name: '济南市', lat: 36.6512, lon: 117.1201 },
  '370200': { name: '青岛市', lat: 36.0671, lon: 120.3826 },
  '370800': { name: '济宁市', lat: 35.4154, lon: 116.5871 },
  '320300': { name: '徐州市', lat: 34.2044, lon: 117.2859 },
  '310100': { name: '上海市', lat: 31.2304, lon: 121.4737 },
};

/** A town of `districtCode`, by weight. */
export function pickTown(r: Random, districtCode: string): Town {
  const towns = TOWNS_BY_DISTRICT.get(districtCode);
  if (!towns) throw new Error(`no demo towns for district ${districtCode}`);
  return r.weighted(towns);
}

const KM_PER_DEG_LAT = 111.32;

/**
 * A point `minKm`..`maxKm` from `at` in a random direction, uniform over that ring's area (so points do not
 * crowd at the centre), rounded to 5 decimals (about a metre).
 */
export function jitter(r: Random, at: { lat: number; lon: number }, minKm: number, maxKm: number): GeoPoint {
  const d = Math.sqrt(minKm ** 2 + r.next() * (maxKm ** 2 - minKm ** 2));
  const a = r.next() * 2 * Math.PI;
  const lat = at.lat + (d * Math.cos(a)) / KM_PER_DEG_LAT;
  const lon = at.lon + (d * Math.sin(a)) / (KM_PER_DEG_LAT * Math.cos((at.lat * Math.PI) / 180));
  return { lat: round5(lat), lon: round5(lon) };
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
