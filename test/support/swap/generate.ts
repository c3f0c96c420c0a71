/**
 * Synthetic but realistic swap posts for benchmarks and tests, modelled on Zaozhuang in spring
 * 2020: restaurants, hotels, shops and garment workshops idle; logistics, supermarkets, PPE and
 * food plants short of hands. Occupation codes are from the 2022 classification (职业大典).
 * @module
 */
import type { SwapPost } from '@fugong/swap/allocation';

/** A seeded pseudo-random generator of floats in [0, 1) (a 32-bit xorshift-multiply mixer). */
export function seededRandom(seed: number): () => number {
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Occupation codes by middle group, with the skills typical of that group. */
const GROUPS: Record<string, { codes: string[]; skills: string[] }> = {
  '4-01': {
    // 商品营业员, 收银员, 营销员, 电子商务师, 采购员, 医药商品购销员
    codes: ['4-01-02-03', '4-01-02-04', '4-01-02-01', '4-01-06-01', '4-01-01-00', '4-01-05-02'],
    skills: ['收银', '理货', '导购', '商品陈列', '客户服务'],
  },
  '4-02': {
    // 装卸搬运工, 仓储管理员, 理货员, 物流服务师, 快递员, 道路货运汽车驾驶员, 客运车辆驾驶员
    codes: ['4-02-05-01', '4-02-06-01', '4-02-06-02', '4-02-06-03', '4-02-07-08', '4-02-02-02', '4-02-02-01'],
    skills: ['分拣', '装卸', '叉车证', 'C1驾照', 'A2驾照', '仓库管理', '扫码录单'],
  },
  '4-03': {
    // 前厅服务员, 客房服务员, 中式烹调师, 中式面点师, 餐厅服务员, 营养配餐员
    codes: ['4-03-01-01', '4-03-01-02', '4-03-02-01', '4-03-02-02', '4-03-02-05', '4-03-02-06'],
    skills: ['烹饪', '面点', '餐厅服务', '食品安全', '健康证', '客房整理'],
  },
  '4-07': {
    // 保安员, 安检员, 消防设施操作员
    codes: ['4-07-05-01', '4-07-05-02', '4-07-05-03'],
    skills: ['安保巡逻', '消防证', '测温登记', '门岗管理'],
  },
  '4-09': {
    // 保洁员, 生活垃圾清运工
    codes: ['4-09-08-01', '4-09-08-02'],
    skills: ['保洁', '消毒', '垃圾分类'],
  },
  '6-02': {
    // 糕点面包烘焙师, 米面主食制作工, 冷冻食品制作工
    codes: ['6-02-01-01', '6-02-03-01', '6-02-03-02'],
    skills: ['食品加工', '包装', '健康证', '冷链'],
  },
  '6-05': {
    // 服装制版师, 裁剪工, 缝纫工, 缝纫品整型工
    codes: ['6-05-01-01', '6-05-01-02', '6-05-01-03', '6-05-01-04'],
    skills: ['缝纫', '平车', '裁剪', '熨烫', '口罩机操作'],
  },
  '6-21': {
    // 医疗器械装配工, 医用材料产品生产工
    codes: ['6-21-06-01', '6-21-06-04'],
    skills: ['口罩机操作', '无菌车间', '医用耗材', '设备调试'],
  },
  '6-31': {
    // 机修钳工, 电工, 机电设备维修工, 质检员, 称重计量工, 包装工
    codes: ['6-31-01-02', '6-31-01-03', '6-31-01-10', '6-31-03-05', '6-31-04-00', '6-31-05-00'],
    skills: ['质检', '包装', '电工证', '设备维修', '计量'],
  },
};

/** Every occupation code the generator uses. */
export const GENERATOR_OCCUPATION_CODES: readonly string[] = Object.values(GROUPS).flatMap((g) => g.codes);

/** Which groups idle staff of a group can also work in (the second code some posts list). */
const TRANSFERS: Record<string, string[]> = {
  '4-01': ['4-02', '4-03'],
  '4-02': ['4-01', '6-31'],
  '4-03': ['4-01', '4-02', '6-02', '4-09'],
  '4-07': ['4-09'],
  '4-09': ['4-07', '4-03'],
  '6-02': ['4-03', '6-31'],
  '6-05': ['6-21', '6-31'],
  '6-21': ['6-31', '6-05'],
  '6-31': ['6-21', '4-02'],
};

const SURPLUS_MIX: Array<[string, number]> = [
  ['4-03', 28],
  ['4-01', 15],
  ['6-05', 15],
  ['4-02', 10],
  ['6-31', 10],
  ['4-07', 8],
  ['6-02', 5],
  ['4-09', 5],
  ['6-21', 4],
];
const SHORTAGE_MIX: Array<[string, number]> = [
  ['4-02', 25],
  ['4-01', 20],
  ['6-31', 13],
  ['6-21', 12],
  ['6-02', 10],
  ['4-09', 7],
  ['4-07', 6],
  ['6-05', 5],
  ['4-03', 2],
];

/** Districts (GB/T 2260) with rough centres and weights: mostly Zaozhuang, some Ningbo and Zhaotong. */
const DISTRICTS: Array<[code: string, lat: number, lon: number, weight: number]> = [
  ['370402', 34.864, 117.556, 20], // 枣庄 市中区
  ['370403', 34.795, 117.263, 15], // 薛城区
  ['370404', 34.773, 117.591, 10], // 峄城区
  ['370405', 34.562, 117.734, 10], // 台儿庄区
  ['370406', 35.099, 117.461, 8], // 山亭区
  ['370481', 35.084, 117.165, 22], // 滕州市
  ['330203', 29.874, 121.551, 5], // 宁波 海曙区
  ['330212', 29.817, 121.547, 5], // 宁波 鄞州区
  ['530602', 27.337, 103.717, 5], // 昭通 昭阳区
];

function pickWeighted<T>(rnd: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rnd() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

const BASE_DAY = Date.UTC(2020, 1, 10); // 2020-02-10, when Zaozhuang firms began resuming work
const isoDay = (offset: number) => new Date(BASE_DAY + offset * 86_400_000).toISOString().slice(0, 10);

/** `n` surplus and `n` shortage posts, reproducible from `seed`. */
export function generateSwapPosts(n: number, seed = 1): { surplus: SwapPost[]; shortage: SwapPost[] } {
  const rnd = seededRandom(seed);
  const firms = Math.max(3, Math.ceil(n / 4));
  const districts = DISTRICTS.map(([code, lat, lon, w]): [[string, number, number], number] => [
    [code, lat, lon],
    w,
  ]);
  const make = (side: 'surplus' | 'shortage', k: number): SwapPost => {
    const group = pickWeighted(rnd, side === 'surplus' ? SURPLUS_MIX : SHORTAGE_MIX);
    const g = GROUPS[group]!;
    const codes = [pick(rnd, g.codes)];
    if (rnd() < 0.4) codes.push(pick(rnd, GROUPS[pick(rnd, TRANSFERS[group]!)]!.codes));
    if (rnd() < 0.2) codes.push(pick(rnd, g.codes));
    const skills = new Set<string>();
    const wanted = 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < wanted; s++) skills.add(pick(rnd, g.skills));
    const [district, lat, lon] = pickWeighted(rnd, districts);
    const start = Math.floor(rnd() * 75);
    const length = 14 + Math.floor(rnd() * 77);
    // Some firms appear on both sides (idle in one workshop, short in another).
    const firm =
      side === 'shortage' && rnd() < 0.15
        ? `F${Math.floor(rnd() * firms)}`
        : `${side === 'surplus' ? 'F' : 'G'}${Math.floor(rnd() * firms)}`;
    const post: SwapPost = {
      id: `${side === 'surplus' ? 'sur' : 'sho'}-${String(k).padStart(6, '0')}`,
      firmId: firm,
      headcount: 1 + Math.floor(49 * rnd() ** 2.2),
      occupationCodes: [...new Set(codes)],
      skills: [...skills],
      from: isoDay(start),
      to: isoDay(start + length - 1),
      districtCode: district,
    };
    if (rnd() < 0.5) post.cityCode = district.slice(0, 4);
    if (rnd() < 0.9) post.location = { lat: lat + (rnd() - 0.5) * 0.1, lon: lon + (rnd() - 0.5) * 0.1 };
    if (side === 'shortage' && rnd() < 0.8) post.wageOffered = 3000 + 500 * Math.floor(rnd() * 8);
    return post;
  };
  const surplus = Array.from({ length: n }, (_, k) => make('surplus', k));
  const shortage = Array.from({ length: n }, (_, k) => make('shortage', k));
  return { surplus, shortage };
}
