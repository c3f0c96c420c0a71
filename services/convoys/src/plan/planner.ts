/**
 * The convoy planner (点对点返岗专车): who rides which vehicle, from which town, on which day. Pure: no engine,
 * no clock except the time budget's. See docs/convoys.md for the model and the method.
 *
 * 1. Departure days: per origin district → destination district, the fewest days that suit everyone
 *    (interval stabbing: the earliest `latest` among those not yet placed is a day; all whose window holds
 *    it ride that day), then each day moved as early as its travellers allow. Optimal for the number of days,
 *    so travellers are bundled as much as their dates allow.
 * 2. Groups: origin town → destination district on one day. Each group's vehicle mix is the exact optimum of
 *    the covering problem (cover.ts), cost first, then fewer vehicles.
 * 3. Optional merging: towns of one origin district going to one destination district on one day may share
 *    vehicles that stop once in each town; clusters are grown by the best cost-lowering merge of two
 *    (a heuristic over partitions), and each cluster's split between direct and shared vehicles is exact.
 * 4. Seats: each vehicle's passengers, travellers of one destination firm kept together where they fit.
 * Past the time budget the remaining groups get the greedy mix (largest vehicle first) and no merging; the
 * plan says which groups did.
 * @module
 */
import { distanceKm, type LatLon } from '@fugong/text';
import {
  type ClusterTown,
  coverTable,
  costOfScore,
  greedyVehicles,
  type PricedType,
  scoreOf,
  solveCluster,
  vehiclesFor,
} from './cover.ts';

export interface PlanTraveller {
  workerId: string;
  origin: { townCode: string; districtCode: string; point: LatLon };
  destination: { firmId: string; districtCode: string; point: LatLon };
  /** First and last acceptable departure day, YYYY-MM-DD (Asia/Shanghai calendar days). */
  earliest: string;
  latest: string;
}

export interface VehicleType {
  id: string;
  seats: number;
  /** Yuan per vehicle (hire, driver, tolls not per km). */
  costPerVehicle: number;
  /** Yuan per km driven from the first pick-up to the destination district. */
  costPerKm: number;
}

/** A place on a route: a town (pick-up) or a destination district (drop-off at its firms' gates). */
export interface Stop {
  kind: 'town' | 'district';
  code: string;
  point: LatLon;
}

export interface PlanOptions {
  /** Let towns of one district share vehicles with one pick-up per town when it costs less (default true). */
  mergeTowns?: boolean;
  /** Most pick-up stops on one shared vehicle (default 4). */
  maxStops?: number;
  /** Past this many milliseconds, the remaining groups are planned greedily (default 2,000). */
  timeBudgetMs?: number;
  /** Road km between two stops; default the great-circle distance × `roadFactor`. */
  distance?: (from: Stop, to: Stop) => number;
  /** Road km per great-circle km for the default distance (default 1.3). */
  roadFactor?: number;
  /** The clock of the time budget (tests pin it). */
  clock?: () => number;
}

export interface PlannedVehicle {
  vehicleType: string;
  seats: number;
  departureDate: string;
  originDistrict: string;
  destinationDistrict: string;
  /** Pick-up stops in driving order (one town for a direct vehicle). */
  stops: Array<{ townCode: string; point: LatLon }>;
  destinationPoint: LatLon;
  km: number;
  cost: number;
  passengers: Array<{ workerId: string; townCode: string; firmId: string }>;
}

export interface PlannedGroup {
  originDistrict: string;
  destinationDistrict: string;
  departureDate: string;
  /** The towns planned together (one unless merged). */
  towns: string[];
  travellers: number;
  vehicles: number;
  cost: number;
  /** A lower bound on any plan of these travellers: each pays the cheapest cost per seat of its town. */
  lowerBound: number;
  method: 'exact' | 'greedy';
}

export interface Plan {
  vehicles: PlannedVehicle[];
  groups: PlannedGroup[];
  totals: { travellers: number; vehicles: number; seats: number; cost: number; lowerBound: number };
  /** Groups planned by the greedy fallback because the time budget ran out (0 when all are exact). */
  greedyGroups: number;
  elapsedMs: number;
}

const mean = (points: readonly LatLon[]): LatLon => ({
  lat: points.reduce((s, p) => s + p.lat, 0) / points.length,
  lon: points.reduce((s, p) => s + p.lon, 0) / points.length,
});

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Departure days for travellers with windows: the fewest days that give every one a day in its window, each
 * as early as its travellers allow.
 */
export function departureDays<T extends { earliest: string; latest: string }>(
  items: readonly T[],
): Map<T, string> {
  const out = new Map<T, string>();
  const byLatest = [...items].sort((a, b) => (a.latest < b.latest ? -1 : a.latest > b.latest ? 1 : 0));
  const byEarliest = [...items].sort((a, b) =>
    a.earliest < b.earliest ? -1 : a.earliest > b.earliest ? 1 : 0,
  );
  let e = 0;
  for (const item of byLatest) {
    if (out.has(item)) continue;
    const day = item.latest;
    // Everyone not yet placed whose window opens by `day` also closes on or after it (sorted by latest).
    while (e < byEarliest.length && byEarliest[e]!.earliest <= day) {
      const other = byEarliest[e]!;
      if (!out.has(other)) out.set(other, day);
      e++;
    }
  }
  // Leave as early as everyone on a day allows: the latest `earliest` among them (no later than the day, and
  // later than any earlier day's, since each of them was still unplaced when that day was chosen).
  const earliestOn = new Map<string, string>();
  for (const [item, day] of out) {
    const e = earliestOn.get(day);
    if (e === undefined || item.earliest > e) earliestOn.set(day, item.earliest);
  }
  for (const [item, day] of out) out.set(item, earliestOn.get(day)!);
  return out;
}

/** The shortest order of pick-ups ending at the destination (every order for up to 6 stops). */
function route(
  towns: readonly Stop[],
  dest: Stop,
  distance: (a: Stop, b: Stop) => number,
): { order: Stop[]; km: number } {
  let best: { order: Stop[]; km: number } | undefined;
  const permute = (done: Stop[], left: Stop[]): void => {
    if (left.length === 0) {
      let km = 0;
      for (let i = 0; i + 1 < done.length; i++) km += distance(done[i]!, done[i + 1]!);
      km += distance(done[done.length - 1]!, dest);
      if (!best || km < best.km) best = { order: done, km };
      return;
    }
    left.forEach((s, i) => {
      permute([...done, s], [...left.slice(0, i), ...left.slice(i + 1)]);
    });
  };
  if (towns.length <= 6) permute([], [...towns]);
  else {
    // Nearest neighbour from the stop farthest from the destination (a bus does not stop at more than a few).
    const left = [...towns].sort((a, b) => distance(b, dest) - distance(a, dest));
    const order = [left.shift()!];
    while (left.length) {
      const last = order[order.length - 1]!;
      left.sort((a, b) => distance(last, a) - distance(last, b));
      order.push(left.shift()!);
    }
    let km = distance(order[order.length - 1]!, dest);
    for (let i = 0; i + 1 < order.length; i++) km += distance(order[i]!, order[i + 1]!);
    best = { order, km };
  }
  return best!;
}

/** Vehicle types priced for a route of `km` (fen, rounded once per vehicle). */
export const priceTypes = (types: readonly VehicleType[], km: number): PricedType[] =>
  types.map((t, index) => ({
    index,
    seats: t.seats,
    costFen: Math.round((t.costPerVehicle + t.costPerKm * km) * 100),
  }));

/** The cheapest cost per seat among priced types, in fen (the LP relaxation's price of one traveller). */
const cheapestPerSeat = (types: readonly PricedType[]): number =>
  Math.min(...types.map((t) => t.costFen / t.seats));

/**
 * Seats travellers in vehicles: one destination firm's travellers together in the tightest vehicle that holds
 * them all, otherwise spread from the emptiest vehicle on. Total seats must be at least the travellers.
 */
export function seat<T extends { firmId: string }>(
  travellers: readonly T[],
  capacities: readonly number[],
): T[][] {
  const out: T[][] = capacities.map(() => []);
  const free = [...capacities];
  const byFirm = new Map<string, T[]>();
  for (const t of travellers) {
    const list = byFirm.get(t.firmId);
    if (list) list.push(t);
    else byFirm.set(t.firmId, [t]);
  }
  const firms = [...byFirm.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  for (const [, members] of firms) {
    let left = members;
    while (left.length > 0) {
      let fit = -1;
      for (let v = 0; v < free.length; v++) {
        if (free[v]! >= left.length && (fit < 0 || free[v]! < free[fit]!)) fit = v;
      }
      if (fit < 0) {
        for (let v = 0; v < free.length; v++) if (fit < 0 || free[v]! > free[fit]!) fit = v;
      }
      const take = Math.min(left.length, free[fit]!);
      if (take === 0) throw new Error('seat: fewer seats than travellers');
      out[fit]!.push(...left.slice(0, take));
      free[fit] = free[fit]! - take;
      left = left.slice(take);
    }
  }
  return out;
}

interface TownGroup {
  town: Stop;
  originDistrict: string;
  travellers: PlanTraveller[];
}

/** Plans vehicles for travellers. Throws on an empty list of vehicle types (the route validates input). */
export function planConvoys(
  travellers: readonly PlanTraveller[],
  types: readonly VehicleType[],
  options: PlanOptions = {},
): Plan {
  if (types.length === 0) throw new Error('planConvoys: no vehicle types');
  const clock = options.clock ?? Date.now;
  const started = clock();
  const budget = options.timeBudgetMs ?? 2_000;
  const maxStops = options.maxStops ?? 4;
  const merge = options.mergeTowns ?? true;
  const factor = options.roadFactor ?? 1.3;
  const distance = options.distance ?? ((a: Stop, b: Stop) => distanceKm(a.point, b.point) * factor);

  // Places: a town's pick-up point and a destination district's drop-off point are the means of the
  // travellers' own points there (the bureau gives a point per traveller; most give the town's).
  const townPoints = new Map<string, LatLon[]>();
  const districtPoints = new Map<string, LatLon[]>();
  for (const t of travellers) {
    (townPoints.get(t.origin.townCode) ?? townPoints.set(t.origin.townCode, []).get(t.origin.townCode)!).push(
      t.origin.point,
    );
    const d = t.destination.districtCode;
    (districtPoints.get(d) ?? districtPoints.set(d, []).get(d)!).push(t.destination.point);
  }
  const townStop = new Map<string, Stop>();
  for (const [code, points] of townPoints) townStop.set(code, { kind: 'town', code, point: mean(points) });
  const districtStop = new Map<string, Stop>();
  for (const [code, points] of districtPoints)
    districtStop.set(code, { kind: 'district', code, point: mean(points) });

  // 1. Days per origin district → destination district; 2. groups per town → destination district → day.
  const corridors = new Map<string, PlanTraveller[]>();
  for (const t of travellers) {
    const key = `${t.origin.districtCode}|${t.destination.districtCode}`;
    (corridors.get(key) ?? corridors.set(key, []).get(key)!).push(t);
  }
  // Buckets: origin district → destination district → day, each holding its towns' groups.
  const buckets = new Map<
    string,
    { originDistrict: string; dest: Stop; day: string; towns: Map<string, TownGroup> }
  >();
  for (const members of [...corridors.values()]) {
    const days = departureDays(members);
    for (const t of members) {
      const day = days.get(t)!;
      const key = `${t.origin.districtCode}|${t.destination.districtCode}|${day}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = {
          originDistrict: t.origin.districtCode,
          dest: districtStop.get(t.destination.districtCode)!,
          day,
          towns: new Map(),
        };
        buckets.set(key, bucket);
      }
      let group = bucket.towns.get(t.origin.townCode);
      if (!group) {
        group = {
          town: townStop.get(t.origin.townCode)!,
          originDistrict: t.origin.districtCode,
          travellers: [],
        };
        bucket.towns.set(t.origin.townCode, group);
      }
      group.travellers.push(t);
    }
  }

  const vehicles: PlannedVehicle[] = [];
  const groups: PlannedGroup[] = [];
  let greedyGroups = 0;
  const sortedBuckets = [...buckets.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, b]) => b);
  for (const bucket of sortedBuckets) {
    const towns = [...bucket.towns.values()].sort((a, b) => (a.town.code < b.town.code ? -1 : 1));
    const exact = clock() - started <= budget;
    const directKm = (g: TownGroup) => distance(g.town, bucket.dest);
    const lowerOf = (cluster: TownGroup[]) =>
      cluster.reduce((s, g) => s + g.travellers.length * cheapestPerSeat(priceTypes(types, directKm(g))), 0);

    // A cluster's exact optimum (a single town is a cluster of one with no shared vehicles).
    const solve = (cluster: TownGroup[]) => {
      const clusterTowns: ClusterTown[] = cluster.map((g) => ({
        travellers: g.travellers.length,
        direct: priceTypes(types, directKm(g)),
      }));
      if (cluster.length === 1) {
        const table = coverTable(cluster[0]!.travellers.length, clusterTowns[0]!.direct);
        const direct = vehiclesFor(table, cluster[0]!.travellers.length);
        return {
          score: table.best[cluster[0]!.travellers.length]!,
          shared: [0],
          direct: [direct],
          sharedVehicles: [],
          route: undefined,
        };
      }
      const r = route(
        cluster.map((g) => g.town),
        bucket.dest,
        distance,
      );
      const solution = solveCluster(clusterTowns, priceTypes(types, r.km));
      return { ...solution, route: r };
    };

    let clusters: TownGroup[][] = towns.map((g) => [g]);
    if (!exact) {
      greedyGroups += clusters.length;
      for (const g of towns) {
        const km = directKm(g);
        const chosen = greedyVehicles(g.travellers.length, priceTypes(types, km));
        emit(
          bucket,
          [g],
          { direct: [chosen], shared: [0], sharedVehicles: [], route: undefined },
          'greedy',
          lowerOf([g]),
        );
      }
      continue;
    }
    const solved = new Map<TownGroup[], ReturnType<typeof solve>>();
    for (const c of clusters) solved.set(c, solve(c));
    if (merge && clusters.length > 1) {
      // Greedy agglomeration: merge the pair of clusters that saves most, until no merge saves anything.
      for (;;) {
        if (clock() - started > budget) break;
        let best:
          | { a: number; b: number; saving: number; merged: TownGroup[]; solution: ReturnType<typeof solve> }
          | undefined;
        for (let a = 0; a < clusters.length; a++) {
          for (let b = a + 1; b < clusters.length; b++) {
            const merged = [...clusters[a]!, ...clusters[b]!];
            if (merged.length > maxStops) continue;
            const solution = solve(merged);
            const saving = solved.get(clusters[a]!)!.score + solved.get(clusters[b]!)!.score - solution.score;
            if (saving > 0 && (!best || saving > best.saving)) best = { a, b, saving, merged, solution };
          }
        }
        if (!best) break;
        const { a, b, merged, solution } = best;
        clusters = clusters.filter((_, i) => i !== a && i !== b);
        clusters.push(merged);
        solved.set(merged, solution);
      }
    }
    for (const cluster of clusters) emit(bucket, cluster, solved.get(cluster)!, 'exact', lowerOf(cluster));
  }

  function emit(
    bucket: { originDistrict: string; dest: Stop; day: string },
    cluster: TownGroup[],
    solution: {
      direct: PricedType[][];
      shared: number[];
      sharedVehicles: PricedType[];
      route: { order: Stop[]; km: number } | undefined;
    },
    method: 'exact' | 'greedy',
    lowerBoundFen: number,
  ): void {
    const before = vehicles.length;
    const sharedRiders: Array<PlanTraveller> = [];
    cluster.forEach((g, i) => {
      // Whole firms stay on the direct vehicles first; the smallest firms' travellers ride the shared ones.
      const sizes = new Map<string, number>();
      for (const t of g.travellers)
        sizes.set(t.destination.firmId, (sizes.get(t.destination.firmId) ?? 0) + 1);
      const ordered = [...g.travellers].sort(
        (x, y) =>
          sizes.get(y.destination.firmId)! - sizes.get(x.destination.firmId)! ||
          (x.destination.firmId < y.destination.firmId
            ? -1
            : x.destination.firmId > y.destination.firmId
              ? 1
              : 0) ||
          (x.workerId < y.workerId ? -1 : 1),
      );
      const directCount = g.travellers.length - solution.shared[i]!;
      sharedRiders.push(...ordered.slice(directCount));
      const km = distance(g.town, bucket.dest);
      addVehicles(bucket, [g.town], km, solution.direct[i]!, ordered.slice(0, directCount));
    });
    if (solution.sharedVehicles.length > 0 && solution.route) {
      addVehicles(bucket, solution.route.order, solution.route.km, solution.sharedVehicles, sharedRiders);
    }
    const mine = vehicles.slice(before);
    groups.push({
      originDistrict: bucket.originDistrict,
      destinationDistrict: bucket.dest.code,
      departureDate: bucket.day,
      towns: cluster.map((g) => g.town.code),
      travellers: cluster.reduce((s, g) => s + g.travellers.length, 0),
      vehicles: mine.length,
      cost: round2(mine.reduce((s, v) => s + v.cost, 0)),
      lowerBound: round2(lowerBoundFen / 100),
      method,
    });
  }

  function addVehicles(
    bucket: { originDistrict: string; dest: Stop; day: string },
    stops: readonly Stop[],
    km: number,
    chosen: readonly PricedType[],
    riders: readonly PlanTraveller[],
  ): void {
    const seated = seat(
      riders.map((t) => ({ firmId: t.destination.firmId, t })),
      chosen.map((c) => c.seats),
    );
    chosen.forEach((c, v) => {
      const passengers = seated[v]!.map(({ t }) => ({
        workerId: t.workerId,
        townCode: t.origin.townCode,
        firmId: t.destination.firmId,
      }));
      if (passengers.length === 0) return; // an optimum never hires an empty vehicle; a zero-cost type might
      vehicles.push({
        vehicleType: types[c.index]!.id,
        seats: c.seats,
        departureDate: bucket.day,
        originDistrict: bucket.originDistrict,
        destinationDistrict: bucket.dest.code,
        stops: stops.map((s) => ({ townCode: s.code, point: s.point })),
        destinationPoint: bucket.dest.point,
        km: round2(km),
        cost: c.costFen / 100,
        passengers,
      });
    });
  }

  const costFen = vehicles.reduce((s, v) => s + Math.round(v.cost * 100), 0);
  return {
    vehicles,
    groups,
    totals: {
      travellers: travellers.length,
      vehicles: vehicles.length,
      seats: vehicles.reduce((s, v) => s + v.seats, 0),
      cost: costFen / 100,
      lowerBound: round2(groups.reduce((s, g) => s + g.lowerBound, 0)),
    },
    greedyGroups,
    elapsedMs: clock() - started,
  };
}

/** Re-exported for the oracle tests: the cost (fen) of a vehicle list's score. */
export { costOfScore, scoreOf };
