import { expect } from 'chai';
import solver from 'javascript-lp-solver';
import { NetworkSimplex } from '../../services/swap/src/allocation/simplex.ts';
import { seededRandom } from '../support/swap/generate.ts';

/**
 * The network simplex on its own, on general networks rather than the allocation's bipartite
 * ones: transshipment nodes make deep spanning trees, where the entering arc's endpoints lie at
 * very different depths or one is an ancestor of the other (the cases the join search must get
 * right), and arcs are added in batches between solves, as the allocator's pricing rounds do.
 * Every solve is checked against an LP solver (javascript-lp-solver) on the arcs added so far.
 */

interface Instance {
  n: number;
  hub: number;
  supply: number[];
  hubCost: (v: number) => number;
  batches: Array<Array<[number, number, number]>>;
}

/**
 * Random network on n nodes (the last is the hub). Non-hub arcs go from a lower to a higher index,
 * so they form no cycle; a cycle through the hub pays a supply node's hub cost (1,000), more than
 * any path can win back: no negative cycle, as the simplex requires.
 */
function randomInstance(rnd: () => number, maxNodes = 14): Instance {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const n = int(3, maxNodes);
  const hub = n - 1;
  const supply = new Array<number>(n).fill(0);
  for (let v = 0; v < hub; v++) {
    const kind = rnd();
    supply[v] = kind < 0.35 ? int(1, 9) : kind < 0.7 ? -int(1, 9) : 0; // transshipment nodes too
  }
  supply[hub] = 0 - supply.reduce((a, b) => a + b, 0); // never −0
  const arcs: Array<[number, number, number]> = [];
  const count = int(0, 4 * n);
  for (let k = 0; k < count; k++) {
    const a = int(0, hub - 1);
    const b = int(0, hub - 1);
    if (a === b) continue;
    arcs.push([Math.min(a, b), Math.max(a, b), int(-20, 20)]);
  }
  // Arcs arrive in up to three batches, each followed by a solve.
  const cut1 = int(0, arcs.length);
  const cut2 = int(cut1, arcs.length);
  const batches = [arcs.slice(0, cut1), arcs.slice(cut1, cut2), arcs.slice(cut2)];
  return { n, hub, supply, hubCost: (v) => (supply[v]! >= 0 ? 1000 : 0), batches };
}

/** Minimum cost over the hub arcs and `arcs`, by a general LP solver (integral: a network matrix). */
function lpMinCost(inst: Instance, arcs: Array<[number, number, number]>): number {
  const { n, hub, supply, hubCost } = inst;
  const constraints: Record<string, { equal: number }> = {};
  for (let v = 0; v < n; v++) constraints[`n${v}`] = { equal: supply[v]! };
  const variables: Record<string, Record<string, number>> = {};
  const arc = (name: string, u: number, v: number, c: number) => {
    variables[name] = { cost: c, [`n${u}`]: 1, [`n${v}`]: -1 };
  };
  for (let v = 0; v < hub; v++) {
    if (supply[v]! >= 0) arc(`h${v}`, v, hub, hubCost(v));
    else arc(`h${v}`, hub, v, hubCost(v));
  }
  for (const [k, [u, v, c]] of arcs.entries()) arc(`a${k}`, u, v, c);
  const result = solver.Solve({ optimize: 'cost', opType: 'min', constraints, variables }) as {
    feasible: boolean;
    result: number;
  };
  expect(result.feasible).to.equal(true);
  return Math.round(result.result);
}

/** Total cost of the simplex's flow, after checking that it is non-negative and conserves supply. */
function flowCost(net: NetworkSimplex, inst: Instance): number {
  const balance = new Array<number>(inst.n).fill(0);
  let cost = 0;
  for (let a = 0; a < net.arcCount; a++) {
    const f = net.flowOf(a);
    expect(f).to.be.at.least(0);
    expect(Number.isInteger(f)).to.equal(true);
    const [u, v, c] = net.arc(a);
    balance[u]! += f;
    balance[v]! -= f;
    cost += c * f;
  }
  expect(balance).to.deep.equal(inst.supply);
  return cost;
}

describe('swap allocation: network simplex on general networks', function () {
  this.timeout(60_000);

  /** Solves every batch pivot by pivot, checking the tree's thread, counts and potentials after each. */
  function check(inst: Instance, t: number): { resumed: boolean; pivots: number } {
    const net = new NetworkSimplex(inst.n, inst.supply, inst.hub, inst.hubCost);
    net.checkTree();
    const added: Array<[number, number, number]> = [];
    let resumed = false;
    for (const batch of inst.batches) {
      for (const [u, v, c] of batch) net.addArc(u, v, c);
      added.push(...batch);
      const before = net.pivots;
      while (net.step()) net.checkTree();
      if (added.length > batch.length && net.pivots > before) resumed = true;
      expect(flowCost(net, inst), `network ${t} after ${added.length} arcs`).to.equal(lpMinCost(inst, added));
      // At the optimum no arc has a negative reduced cost: the potentials prove it.
      for (let a = 0; a < net.arcCount; a++) {
        const [u, v, c] = net.arc(a);
        expect(c + net.pi[u]! - net.pi[v]!).to.be.at.least(0);
      }
    }
    return { resumed, pivots: net.pivots };
  }

  it('matches an LP after every batch of added arcs, on 400 random networks with transshipment', () => {
    const rnd = seededRandom(20200601);
    let resumed = 0;
    for (let t = 0; t < 400; t++) if (check(randomInstance(rnd), t).resumed) resumed++;
    // Solving resumed from an earlier optimum with pivots to make, not only from the star tree.
    expect(resumed).to.be.greaterThan(100);
  });

  it('keeps its preorder thread right on 150 larger networks (up to 60 nodes: deep trees, long stems)', () => {
    const rnd = seededRandom(20200214);
    let pivots = 0;
    for (let t = 0; t < 150; t++) {
      pivots += check(randomInstance(rnd, 60), t).pivots;
    }
    expect(pivots).to.be.greaterThan(3_000);
  });
});
