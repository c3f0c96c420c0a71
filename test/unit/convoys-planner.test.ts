import { expect } from 'chai';
import { coverTable, greedyVehicles, type PricedType, solveCluster } from '@fugong/convoys/cover';
import {
  departureDays,
  type PlanTraveller,
  planConvoys,
  type Stop,
  seat,
  type VehicleType,
} from '@fugong/convoys/plan';
import { seededRandom } from '../support/swap/generate.ts';
import { oracleClusterCost } from '../support/convoys/oracle.ts';

const BIG: VehicleType = { id: 'bus-45', seats: 45, costPerVehicle: 2000, costPerKm: 5 };
const SMALL: VehicleType = { id: 'bus-19', seats: 19, costPerVehicle: 1000, costPerKm: 3 };

/** Road km of the hand-solved case: every town is 800 km from N and 1,500 from Z; A and B are 30 km apart. */
const handDistance = (a: Stop, b: Stop): number => {
  const key = [a.code, b.code].sort().join('-');
  const table: Record<string, number> = { 'A-B': 30, 'A-C': 120, 'B-C': 110 };
  if (table[key] !== undefined) return table[key];
  if (b.code === 'N' || a.code === 'N') return 800;
  if (b.code === 'Z' || a.code === 'Z') return 1500;
  throw new Error(`no distance ${key}`);
};

function travellers(
  town: string,
  district: string,
  firm: string,
  destDistrict: string,
  n: number,
  from = '2020-02-14',
  to = '2020-02-14',
): PlanTraveller[] {
  return Array.from({ length: n }, (_, i) => ({
    workerId: `${town}-${firm}-${i}`,
    origin: { townCode: town, districtCode: district, point: { lat: 34.8, lon: 117.3 } },
    destination: { firmId: firm, districtCode: destDistrict, point: { lat: 29.9, lon: 121.5 } },
    earliest: from,
    latest: to,
  }));
}

/*
 * The hand-solved case: 75 workers from three towns (A and B in district X, C in district Y) to two firms,
 * F1 in district N (800 km from every town) and F2 in district Z (1,500 km). A→F1 40, A→F2 5, B→F1 12,
 * B→F2 8, C→F1 10. Vehicles: 45 seats at 2,000 + 5/km, 19 seats at 1,000 + 3/km.
 * Prices: to N a 45-seater costs 6,000 and a 19-seater 3,400; to Z 9,500 and 5,500.
 * Town by town: A→N 40 → one 45 (6,000; two 19s seat only 38, three cost 10,200); A→Z 5 → one 19 (5,500);
 * B→N 12 → one 19 (3,400); B→Z 8 → one 19 (5,500); C→N 10 → one 19 (3,400). Total 23,800 with 1 + 4 vehicles.
 * Merging A and B (one district, 30 km apart): the route A→B→dest is 830 km to N, 1,530 to Z.
 * X→Z: 13 travellers on one shared 19-seater = 1,000 + 3 × 1,530 = 5,590 instead of 11,000 — merged.
 * X→N: separately 6,000 + 3,400 = 9,400; any shared vehicle costs ≥ 3,490 (19) and A's 40 still need a
 * 6,000 vehicle unless the shared one takes ≥ 2 of them, so the best with sharing is 6,000 + 3,490 = 9,490
 * (B all shared) or 6,150 + 3,400 = 9,550 (a shared 45): not merged.
 * Optimum: 6,000 + 3,400 + 5,590 + 3,400 = 18,390 yuan with one 45-seater and three 19-seaters.
 */
const HAND: PlanTraveller[] = [
  ...travellers('A', 'X', 'F1', 'N', 40),
  ...travellers('A', 'X', 'F2', 'Z', 5),
  ...travellers('B', 'X', 'F1', 'N', 12),
  ...travellers('B', 'X', 'F2', 'Z', 8),
  ...travellers('C', 'Y', 'F1', 'N', 10),
];

const priced = (rand: () => number, count: number): PricedType[] =>
  Array.from({ length: count }, (_, index) => ({
    index,
    seats: 5 + Math.floor(rand() * 50),
    costFen: 50_000 + Math.floor(rand() * 900_000),
  }));

describe('convoy planner', () => {
  it('solves the hand case town by town: 23,800 yuan, one 45-seater and four 19-seaters', () => {
    const plan = planConvoys(HAND, [BIG, SMALL], { mergeTowns: false, distance: handDistance });
    expect(plan.totals.cost).to.equal(23_800);
    expect(plan.vehicles.map((v) => v.vehicleType).sort()).to.deep.equal([
      'bus-19',
      'bus-19',
      'bus-19',
      'bus-19',
      'bus-45',
    ]);
    expect(plan.totals.travellers).to.equal(75);
    expect(plan.vehicles.reduce((s, v) => s + v.passengers.length, 0)).to.equal(75);
    expect(plan.greedyGroups).to.equal(0);
  });

  it('merges towns A and B for Z only: 18,390 yuan, one 45-seater and three 19-seaters', () => {
    const plan = planConvoys(HAND, [BIG, SMALL], { distance: handDistance });
    expect(plan.totals.cost).to.equal(18_390);
    expect(plan.vehicles.map((v) => v.vehicleType).sort()).to.deep.equal([
      'bus-19',
      'bus-19',
      'bus-19',
      'bus-45',
    ]);
    const shared = plan.vehicles.filter((v) => v.stops.length > 1);
    expect(shared).to.have.length(1);
    expect(shared[0]!.destinationDistrict).to.equal('Z');
    expect(shared[0]!.km).to.equal(1530);
    expect(shared[0]!.passengers).to.have.length(13);
    expect(new Set(shared[0]!.passengers.map((p) => p.townCode))).to.deep.equal(new Set(['A', 'B']));
    // Every worker rides exactly one vehicle going to their firm's district.
    const rides = plan.vehicles.flatMap((v) =>
      v.passengers.map((p) => ({ ...p, dest: v.destinationDistrict })),
    );
    expect(new Set(rides.map((r) => r.workerId)).size).to.equal(75);
    for (const r of rides) expect(r.dest).to.equal(r.firmId === 'F1' ? 'N' : 'Z');
  });

  it('equals the MIP oracle on random single-route instances', () => {
    const rand = seededRandom(15);
    for (let trial = 0; trial < 60; trial++) {
      const types = priced(rand, 1 + Math.floor(rand() * 3));
      const n = 1 + Math.floor(rand() * 150);
      const table = coverTable(n, types);
      const ours = Math.floor(table.best[n]! / 10_000);
      expect(ours, `trial ${trial}`).to.equal(oracleClusterCost([{ travellers: n, direct: types }], []));
      // The greedy fallback is never cheaper than the exact optimum.
      const greedy = greedyVehicles(n, types).reduce((s, t) => s + t.costFen, 0);
      expect(greedy).to.be.at.least(ours);
    }
  });

  it('equals the MIP oracle on random clusters of two or three towns sharing vehicles', () => {
    const rand = seededRandom(1502);
    for (let trial = 0; trial < 30; trial++) {
      const typeCount = 1 + Math.floor(rand() * 2);
      const base = priced(rand, typeCount);
      const towns = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => ({
        travellers: 1 + Math.floor(rand() * 120),
        // Each town's direct price; the shared route is longer, so dearer than any town's.
        direct: base.map((t) => ({ ...t, costFen: t.costFen + Math.floor(rand() * 100_000) })),
      }));
      const shared = base.map((t) => ({ ...t, costFen: t.costFen + 100_000 + Math.floor(rand() * 50_000) }));
      const solution = solveCluster(towns, shared);
      expect(Math.floor(solution.score / 10_000), `trial ${trial}`).to.equal(
        oracleClusterCost(towns, shared),
      );
      // The solution's own vehicles seat everyone and cost what it says.
      const cost =
        solution.direct.flat().reduce((s, t) => s + t.costFen, 0) +
        solution.sharedVehicles.reduce((s, t) => s + t.costFen, 0);
      expect(cost).to.equal(Math.floor(solution.score / 10_000));
      towns.forEach((town, i) => {
        const seats = solution.direct[i]!.reduce((s, t) => s + t.seats, 0);
        expect(seats + solution.shared[i]!).to.be.at.least(town.travellers);
      });
      expect(solution.sharedVehicles.reduce((s, t) => s + t.seats, 0)).to.be.at.least(
        solution.shared.reduce((s, k) => s + k, 0),
      );
    }
  });

  it('never seats more than a vehicle holds, and keeps a firm together when it fits', () => {
    const rand = seededRandom(77);
    for (let trial = 0; trial < 30; trial++) {
      const list: PlanTraveller[] = [];
      const towns = 1 + Math.floor(rand() * 5);
      for (let t = 0; t < towns; t++) {
        const firms = 1 + Math.floor(rand() * 4);
        for (let f = 0; f < firms; f++) {
          list.push(
            ...travellers(`T${t}`, `D${t % 2}`, `F${f}`, `Q${f % 2}`, 1 + Math.floor(rand() * 60)).map(
              (x) => ({
                ...x,
                origin: { ...x.origin, point: { lat: 34 + t * 0.1, lon: 117 + t * 0.05 } },
                destination: { ...x.destination, point: { lat: 30 + (f % 2), lon: 121 } },
              }),
            ),
          );
        }
      }
      const plan = planConvoys(list, [
        BIG,
        SMALL,
        { id: 'van-7', seats: 7, costPerVehicle: 300, costPerKm: 1.5 },
      ]);
      for (const v of plan.vehicles) expect(v.passengers.length).to.be.at.most(v.seats);
      const ids = plan.vehicles.flatMap((v) => v.passengers.map((p) => p.workerId));
      expect(ids.length).to.equal(list.length);
      expect(new Set(ids).size).to.equal(list.length);
      expect(plan.totals.cost).to.be.at.least(plan.totals.lowerBound - 0.01);
    }
    const rows = seat(
      [
        ...Array.from({ length: 10 }, () => ({ firmId: 'a' })),
        ...Array.from({ length: 30 }, () => ({ firmId: 'b' })),
        ...Array.from({ length: 5 }, () => ({ firmId: 'c' })),
      ],
      [19, 45],
    );
    // b (30) takes the 45-seater, a (10) then c (5) its 15 free seats (the tightest fits): each firm whole.
    for (const [firm, n] of [
      ['a', 10],
      ['b', 30],
      ['c', 5],
    ] as const) {
      expect(rows.map((r) => r.filter((x) => x.firmId === firm).length)).to.include(n);
    }
    // 50 travellers of one firm, 64 seats: a firm is split across vehicles only when it fits in none.
    const split = seat(
      Array.from({ length: 50 }, () => ({ firmId: 'd' })),
      [45, 19],
    );
    expect(split.map((r) => r.length)).to.deep.equal([45, 5]);
  });

  it('picks the fewest departure days that suit every window, each as early as its travellers allow', () => {
    const items = [
      { id: 1, earliest: '2020-02-10', latest: '2020-02-12' },
      { id: 2, earliest: '2020-02-11', latest: '2020-02-15' },
      { id: 3, earliest: '2020-02-13', latest: '2020-02-14' },
      { id: 4, earliest: '2020-02-14', latest: '2020-02-20' },
    ];
    const days = departureDays(items);
    // Days 12th (1, 2) and 14th (3, 4) by stabbing; the first moves to the 11th, when both may leave.
    expect(items.map((i) => days.get(i))).to.deep.equal([
      '2020-02-11',
      '2020-02-11',
      '2020-02-14',
      '2020-02-14',
    ]);
    for (const i of items) {
      expect(days.get(i)! >= i.earliest && days.get(i)! <= i.latest).to.equal(true);
    }
  });

  it('falls back to the greedy mix past the time budget and says so', () => {
    let t = 0;
    const plan = planConvoys(HAND, [BIG, SMALL], {
      distance: handDistance,
      timeBudgetMs: 5,
      clock: () => (t += 10),
    });
    expect(plan.greedyGroups).to.be.greaterThan(0);
    expect(plan.groups.every((g) => g.method === 'greedy')).to.equal(true);
    expect(plan.vehicles.reduce((s, v) => s + v.passengers.length, 0)).to.equal(75);
    for (const v of plan.vehicles) expect(v.passengers.length).to.be.at.most(v.seats);
  });
});
