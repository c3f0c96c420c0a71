/**
 * An independent solver of the same lexicographic problem, for tests and benchmarks ONLY: it uses
 * `javascript-lp-solver` (a root devDependency, general simplex / branch-and-bound) and shares no
 * optimisation code with the allocator — only the definition of which pairs exist and their scores
 * (`scorePair`, from the `@fugong/swap/allocation` entry). Lives under test/support, out of service code.
 * @module
 */
import solver from 'javascript-lp-solver';
import { type AllocationOptions, type SwapPost, scaledQuality, scorePair } from '@fugong/swap/allocation';

/** The oracle's optimum: H* (max headcount) and Q* (max Σ x × round(score × 1000) given H*). */
export interface OracleOptimum {
  headcount: number;
  scaledQuality: number;
  variables: number;
}

/**
 * Solves, with a general LP/MIP solver: max Σx over integer x_ij ≥ 0 on compatible pairs subject
 * to Σ_j x_ij ≤ surplus_i and Σ_i x_ij ≤ shortage_j, giving H*; then max Σ q_ij x_ij with Σx = H*.
 * `integers: false` solves the relaxations, which are integral here (the constraint matrix is
 * totally unimodular) and much faster on large instances.
 */
export function lpOptimum(
  surplus: SwapPost[],
  shortage: SwapPost[],
  opts: AllocationOptions = {},
  { integers = true, timeoutMs }: { integers?: boolean; timeoutMs?: number } = {},
): OracleOptimum {
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};
  const constraints: Record<string, { max?: number; equal?: number }> = {};
  surplus.forEach((s, i) => {
    constraints[`s${i}`] = { max: s.headcount };
  });
  shortage.forEach((d, j) => {
    constraints[`d${j}`] = { max: d.headcount };
  });
  surplus.forEach((s, i) => {
    shortage.forEach((d, j) => {
      const pair = scorePair(s, d, opts);
      if (!pair) return;
      const name = `x${i}_${j}`;
      variables[name] = { [`s${i}`]: 1, [`d${j}`]: 1, h: 1, q: scaledQuality(pair.score) };
      if (integers) ints[name] = 1;
    });
  });
  const count = Object.keys(variables).length;
  if (count === 0) return { headcount: 0, scaledQuality: 0, variables: 0 };
  const options = timeoutMs === undefined ? {} : { timeout: timeoutMs };
  const solve = (optimize: string) => {
    const result = solver.Solve({ optimize, opType: 'max', constraints, variables, ints, options }) as {
      feasible: boolean;
      result: number;
    };
    if (!result.feasible) throw new Error(`LP oracle: ${optimize} stage infeasible`);
    return Math.round(result.result);
  };
  const headcount = solve('h');
  constraints['h'] = { equal: headcount };
  return { headcount, scaledQuality: solve('q'), variables: count };
}
