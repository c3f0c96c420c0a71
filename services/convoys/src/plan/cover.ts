/**
 * The exact core of the planner: the cheapest mix of vehicles that seats m travellers on one route, for every
 * m up to n, by dynamic programming over seats (an unbounded covering knapsack), and the exact cheapest
 * split of a cluster of towns between each town's direct vehicles and vehicles shared by all of them.
 * Pure functions over integer costs (fen, 1/100 yuan), so that comparisons are exact.
 * @module
 */

/** One vehicle type priced for one route: its seats and what one vehicle costs on that route, in fen. */
export interface PricedType {
  index: number;
  seats: number;
  costFen: number;
}

/**
 * A cost and a vehicle count folded into one comparable number: the cost first (in fen), the number of
 * vehicles only breaking ties (fewer drivers for the same money). Exact below 2^53 (costs under 10^11 fen).
 */
const TIE = 10_000;
export const score = (costFen: number, vehicles: number): number => costFen * TIE + vehicles;
export const costOfScore = (s: number): number => Math.floor(s / TIE);

/** The best way to seat at least m travellers for every m in 0..n: its score and how to rebuild it. */
export interface CoverTable {
  /** best[m]: the score of the cheapest vehicle multiset with at least m seats. */
  best: number[];
  /** choice[m]: the type added last in that multiset (-1 for m = 0). */
  choice: number[];
  types: PricedType[];
}

/**
 * best[m] = min over types t of best[max(0, m − seats_t)] + cost_t: every optimal multiset for m seats
 * contains some type t, and without it seats at least m − seats_t, so this recurrence is exact. O(n × types).
 */
export function coverTable(n: number, types: readonly PricedType[]): CoverTable {
  const best = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const choice = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let m = 1; m <= n; m++) {
    for (let t = 0; t < types.length; t++) {
      const type = types[t]!;
      const candidate = best[Math.max(0, m - type.seats)]! + score(type.costFen, 1);
      if (candidate < best[m]!) {
        best[m] = candidate;
        choice[m] = t;
      }
    }
  }
  return { best, choice, types: [...types] };
}

/** The vehicles (type indexes, largest first) of the optimum for m travellers in a table. */
export function vehiclesFor(table: CoverTable, m: number): PricedType[] {
  const out: PricedType[] = [];
  let left = m;
  while (left > 0) {
    const type = table.types[table.choice[left]!]!;
    out.push(type);
    left = Math.max(0, left - type.seats);
  }
  return out.sort((a, b) => b.seats - a.seats || a.index - b.index);
}

/** The stated fallback when the time budget is spent: fill the largest vehicle while it fills, then the
 * cheapest single vehicle that seats the rest (or the largest again when none does). */
export function greedyVehicles(n: number, types: readonly PricedType[]): PricedType[] {
  const bySeats = [...types].sort((a, b) => b.seats - a.seats || a.costFen - b.costFen);
  const largest = bySeats[0]!;
  const out: PricedType[] = [];
  let left = n;
  while (left >= largest.seats) {
    out.push(largest);
    left -= largest.seats;
  }
  if (left > 0) {
    const fits = types.filter((t) => t.seats >= left).sort((a, b) => a.costFen - b.costFen);
    out.push(fits[0] ?? largest);
  }
  return out;
}

/** The total score of a list of vehicles. */
export const scoreOf = (vehicles: readonly PricedType[]): number =>
  vehicles.reduce((s, v) => s + score(v.costFen, 1), 0);

/** A cluster's towns: how many travel from each, and the vehicle types priced on each town's direct route. */
export interface ClusterTown {
  travellers: number;
  direct: readonly PricedType[];
}

/** The exact optimum of a cluster: how many of each town ride the shared vehicles, and all the vehicles. */
export interface ClusterSolution {
  score: number;
  /** shared[i]: how many of town i's travellers ride the shared vehicles. */
  shared: number[];
  direct: PricedType[][];
  sharedVehicles: PricedType[];
}

/**
 * The cheapest way to carry a cluster of towns' travellers when each town may have its own direct vehicles
 * and the cluster may also run vehicles that stop at every town (priced on the longer route): with k_i of
 * town i's travellers on the shared vehicles, the cost is Σ_i direct_i(n_i − k_i) + shared(Σ k_i). The inner
 * minimum over splits of a total s is a min-plus convolution of the towns' tables, built town by town, so
 * the whole is exact.
 *
 * Only remainders ride shared: when the shared route is at least as long as each town's direct one (so a
 * type costs no less shared than direct), a solution with k_i ≥ s for a shared vehicle of s seats can move
 * s of town i's travellers and that vehicle to town i's direct fleet at no extra cost. So some optimum has
 * every k_i below the largest shared seat count, and the search stops there: O((towns × seats)²), not
 * O(N²), whatever the number of travellers.
 */
export function solveCluster(towns: readonly ClusterTown[], shared: readonly PricedType[]): ClusterSolution {
  const tables = towns.map((t) => coverTable(t.travellers, t.direct));
  const widest = Math.max(0, ...shared.map((t) => t.seats));
  const kmax = towns.map((t) => Math.min(t.travellers, Math.max(0, widest - 1)));
  const total = kmax.reduce((s, k) => s + k, 0);
  const sharedTable = coverTable(total, shared);
  // conv[s]: the best Σ direct_i(n_i − k_i) over the towns so far with Σ k_i = s; pick[j][s]: k_j chosen.
  let conv = [0];
  const picks: number[][] = [];
  towns.forEach((town, j) => {
    const table = tables[j]!;
    const next = new Array<number>(conv.length + kmax[j]!).fill(Number.POSITIVE_INFINITY);
    const pick = new Array<number>(next.length).fill(0);
    for (let s = 0; s < conv.length; s++) {
      const base = conv[s]!;
      for (let k = 0; k <= kmax[j]!; k++) {
        const candidate = base + table.best[town.travellers - k]!;
        if (candidate < next[s + k]!) {
          next[s + k] = candidate;
          pick[s + k] = k;
        }
      }
    }
    conv = next;
    picks.push(pick);
  });
  let bestS = 0;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let s = 0; s < conv.length; s++) {
    const candidate = conv[s]! + sharedTable.best[s]!;
    if (candidate < bestScore) {
      bestScore = candidate;
      bestS = s;
    }
  }
  const sharedCounts = new Array<number>(towns.length).fill(0);
  let s = bestS;
  for (let j = towns.length - 1; j >= 0; j--) {
    const k = picks[j]![s]!;
    sharedCounts[j] = k;
    s -= k;
  }
  return {
    score: bestScore,
    shared: sharedCounts,
    direct: towns.map((t, j) => vehiclesFor(tables[j]!, t.travellers - sharedCounts[j]!)),
    sharedVehicles: vehiclesFor(sharedTable, bestS),
  };
}
