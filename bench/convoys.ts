/**
 * `pnpm bench convoys [--travellers 5000] [--towns 60] [--firms 200] [--runs 5] [--seed 15]`: the convoy
 * planner (issue #15) at city-campaign size, in this process (the planner is pure: no engine).
 *
 * Synthetic campaign: `--towns` home towns in 12 origin districts around Zaozhuang, `--firms` firms in 25
 * destination districts of five distant cities (Ningbo, Suzhou, Shenzhen, Zhaotong, Beijing), travellers
 * spread unevenly (a few big towns; 80 % of a town's workers go to its six usual firms), departure windows of
 * 2–6 days within the campaign's first fortnight.
 * Vehicle types: a 45-seat coach (1,500 + 6/km), a 19-seat bus (800 + 4/km), a 7-seat van (300 + 2.2/km).
 *
 * Reports, for the plan with merging and without:
 * - time to plan (median and max of `--runs`);
 * - the gap to a lower bound: every traveller at the cheapest cost per seat of their own town's direct route
 *   (the LP relaxation of the per-group covering problem; a valid bound with merging too, since a route through
 *   more towns is never shorter than a town's direct one);
 * - the gap to a stronger bound, given the departure days chosen: per origin district → destination district →
 *   day, the MIP (javascript-lp-solver) of seating all its travellers as if every vehicle cost what it costs on
 *   the shortest direct route of the bucket's towns (any vehicle there, direct or shared, costs at least that);
 * - the oracle check: every group's exact vehicle mix (no merging) against the MIP (javascript-lp-solver) of
 *   that group — the count of groups where the costs agree;
 * - the greedy fallback's cost (largest vehicle first), what the plan costs when the time budget runs out.
 */
import { parseArgs } from 'node:util';
import { planConvoys, type PlanTraveller, priceTypes, type VehicleType } from '@fugong/convoys/plan';
import { distanceKm } from '@fugong/text';
import { seededRandom } from '../test/support/swap/generate.ts';
import { oracleClusterCost } from '../test/support/convoys/oracle.ts';

const { values } = parseArgs({
  options: {
    travellers: { type: 'string', default: '5000' },
    towns: { type: 'string', default: '60' },
    firms: { type: 'string', default: '200' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '15' },
  },
});
const N = Number(values.travellers);
const TOWNS = Number(values.towns);
const FIRMS = Number(values.firms);
const RUNS = Number(values.runs);
const rand = seededRandom(Number(values.seed));

const TYPES: VehicleType[] = [
  { id: 'bus-45', seats: 45, costPerVehicle: 1500, costPerKm: 6 },
  { id: 'bus-19', seats: 19, costPerVehicle: 800, costPerKm: 4 },
  { id: 'van-7', seats: 7, costPerVehicle: 300, costPerKm: 2.2 },
];
const ROAD = 1.3;

const CITIES = [
  { name: 'ningbo', lat: 29.87, lon: 121.55 },
  { name: 'suzhou', lat: 31.3, lon: 120.62 },
  { name: 'shenzhen', lat: 22.54, lon: 114.06 },
  { name: 'zhaotong', lat: 27.34, lon: 103.72 },
  { name: 'beijing', lat: 39.9, lon: 116.4 },
];

// Origin: 12 districts around Zaozhuang (34.81 N, 117.32 E), towns within ~25 km of their district's centre.
const districts = Array.from({ length: 12 }, (_, d) => ({
  code: `3704${String(d).padStart(2, '0')}`,
  lat: 34.81 + (rand() - 0.5) * 0.8,
  lon: 117.32 + (rand() - 0.5) * 0.8,
}));
const towns = Array.from({ length: TOWNS }, (_, t) => {
  const d = districts[t % districts.length]!;
  return {
    code: `${d.code}${String(t).padStart(3, '0')}`,
    district: d.code,
    point: { lat: d.lat + (rand() - 0.5) * 0.3, lon: d.lon + (rand() - 0.5) * 0.3 },
    weight: 0.3 + rand() ** 2 * 3,
    // Chain migration: most of a town's workers go back to the same few firms (filled in below).
    favourites: [] as number[],
  };
});
// Destination: 25 districts (5 per city), firms spread among them.
const destDistricts = Array.from({ length: 25 }, (_, i) => {
  const c = CITIES[i % CITIES.length]!;
  return {
    code: `${c.name}-${Math.floor(i / CITIES.length)}`,
    lat: c.lat + (rand() - 0.5) * 0.4,
    lon: c.lon + (rand() - 0.5) * 0.4,
  };
});
const firms = Array.from({ length: FIRMS }, (_, f) => {
  const d = destDistricts[f % destDistricts.length]!;
  return {
    id: `firm-${f}`,
    district: d.code,
    point: { lat: d.lat + (rand() - 0.5) * 0.1, lon: d.lon + (rand() - 0.5) * 0.1 },
    weight: 0.2 + rand() ** 3 * 5,
  };
});
for (const town of towns) town.favourites = Array.from({ length: 6 }, () => Math.floor(rand() * FIRMS));
const pick = <T extends { weight: number }>(items: readonly T[]): T => {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rand() * total;
  for (const i of items) {
    r -= i.weight;
    if (r <= 0) return i;
  }
  return items[items.length - 1]!;
};
const day = (offset: number) => new Date(Date.UTC(2020, 1, 10 + offset)).toISOString().slice(0, 10);
const travellers: PlanTraveller[] = Array.from({ length: N }, (_, i) => {
  const town = pick(towns);
  const firm = rand() < 0.8 ? firms[town.favourites[Math.floor(rand() * 6)]!]! : pick(firms);
  // The campaign's first week; most can leave on any of 2–6 days.
  const start = Math.floor(rand() * 7);
  return {
    workerId: `w${i}`,
    origin: { townCode: town.code, districtCode: town.district, point: town.point },
    destination: { firmId: firm.id, districtCode: firm.district, point: firm.point },
    earliest: day(start),
    latest: day(start + 1 + Math.floor(rand() * 5)),
  };
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const yuan = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

function run(label: string, mergeTowns: boolean) {
  const times: number[] = [];
  let plan = planConvoys(travellers, TYPES, { mergeTowns, roadFactor: ROAD, timeBudgetMs: 60_000 });
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    plan = planConvoys(travellers, TYPES, { mergeTowns, roadFactor: ROAD, timeBudgetMs: 60_000 });
    times.push(performance.now() - t0);
  }
  const { totals } = plan;
  const gap = (totals.cost / totals.lowerBound - 1) * 100;
  const merged = plan.groups.filter((g) => g.towns.length > 1).length;
  const over = plan.vehicles.filter((v) => v.passengers.length > v.seats).length;
  console.log(
    `${label.padEnd(18)} plan ${median(times).toFixed(1)} ms median (max ${Math.max(...times).toFixed(1)}, ${RUNS} runs); ` +
      `${plan.groups.length} groups (${merged} merged clusters), ${totals.vehicles} vehicles, ${totals.seats} seats for ` +
      `${totals.travellers}; cost ${yuan(totals.cost)} yuan, bound ${yuan(totals.lowerBound)}, gap ${gap.toFixed(2)} %; ` +
      `greedy groups ${plan.greedyGroups}; vehicles over capacity ${over}`,
  );
  return plan;
}

console.log(
  `convoys: ${N} travellers, ${TOWNS} towns in 12 districts, ${FIRMS} firms in 25 districts of 5 cities; ` +
    `vehicle types ${TYPES.map((t) => `${t.seats} seats ${t.costPerVehicle}+${t.costPerKm}/km`).join(', ')}`,
);
const exact = run('exact, towns apart', false);
const merged = run('exact + merging', true);
console.log(
  `merging saves ${yuan(exact.totals.cost - merged.totals.cost)} yuan (${(((exact.totals.cost - merged.totals.cost) / exact.totals.cost) * 100).toFixed(2)} %)`,
);

// The fallback: what the plan costs when the budget is spent before the first group (every group greedy).
let tick = 0;
const greedy = planConvoys(travellers, TYPES, {
  mergeTowns: false,
  roadFactor: ROAD,
  timeBudgetMs: 0,
  clock: () => tick++,
});
console.log(
  `greedy fallback    ${greedy.greedyGroups} of ${greedy.groups.length} groups greedy; cost ${yuan(greedy.totals.cost)} yuan ` +
    `(+${((greedy.totals.cost / exact.totals.cost - 1) * 100).toFixed(2)} % over the exact plan), ${greedy.totals.vehicles} vehicles`,
);

// The oracle: each group's exact cost (towns apart) against the MIP of that group.
const townPoint = new Map(towns.map((t) => [t.code, t.point]));
const destPoint = new Map<string, { lat: number; lon: number }[]>();
for (const t of travellers) {
  const list = destPoint.get(t.destination.districtCode) ?? [];
  list.push(t.destination.point);
  destPoint.set(t.destination.districtCode, list);
}
const centre = (ps: { lat: number; lon: number }[]) => ({
  lat: ps.reduce((s, p) => s + p.lat, 0) / ps.length,
  lon: ps.reduce((s, p) => s + p.lon, 0) / ps.length,
});
let agree = 0;
let oracleMs = 0;
let oracleTotal = 0;
for (const g of exact.groups) {
  const km = distanceKm(townPoint.get(g.towns[0]!)!, centre(destPoint.get(g.destinationDistrict)!)) * ROAD;
  const t0 = performance.now();
  const mip = oracleClusterCost([{ travellers: g.travellers, direct: priceTypes(TYPES, km) }], []);
  oracleMs += performance.now() - t0;
  oracleTotal += mip;
  if (Math.round(g.cost * 100) === mip) agree++;
}
console.log(
  `oracle (MIP per group, javascript-lp-solver): ${agree} of ${exact.groups.length} groups at the same cost; ` +
    `MIP total ${yuan(oracleTotal / 100)} yuan vs ${yuan(exact.totals.cost)}; MIP time ${oracleMs.toFixed(0)} ms`,
);

// The stronger bound: per bucket (origin district, destination district, day), all travellers on vehicles
// priced at the bucket's shortest direct route, solved by the MIP.
const buckets = new Map<string, { travellers: number; km: number }>();
for (const g of merged.groups) {
  const key = `${g.originDistrict}|${g.destinationDistrict}|${g.departureDate}`;
  const dest = centre(destPoint.get(g.destinationDistrict)!);
  const km = Math.min(...g.towns.map((t) => distanceKm(townPoint.get(t)!, dest) * ROAD));
  const b = buckets.get(key) ?? { travellers: 0, km: Number.POSITIVE_INFINITY };
  b.travellers += g.travellers;
  b.km = Math.min(b.km, km);
  buckets.set(key, b);
}
let bound = 0;
for (const b of buckets.values())
  bound += oracleClusterCost([{ travellers: b.travellers, direct: priceTypes(TYPES, b.km) }], []);
const strong = bound / 100;
console.log(
  `bucket bound (MIP, ${buckets.size} buckets): ${yuan(strong)} yuan; gap of the merged plan ${((merged.totals.cost / strong - 1) * 100).toFixed(2)} %, ` +
    `of the plan with towns apart ${((exact.totals.cost / strong - 1) * 100).toFixed(2)} %`,
);
