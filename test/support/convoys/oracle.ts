/**
 * An independent solver of the convoy planner's vehicle problems, for tests and the benchmark ONLY: a general
 * MIP (javascript-lp-solver, a root devDependency: simplex with branch and bound). It shares nothing with the
 * planner's dynamic programmes but the problem's definition: integer vehicle counts per type, seats covering
 * the travellers, cost minimised (integer fen).
 * @module
 */
import solver from 'javascript-lp-solver';

export interface OracleType {
  seats: number;
  costFen: number;
}

type Model = {
  optimize: string;
  opType: 'min';
  constraints: Record<string, { min?: number; max?: number }>;
  variables: Record<string, Record<string, number>>;
  ints: Record<string, 1>;
};

function solve(model: Model): number {
  const result = solver.Solve(model) as { feasible: boolean; result: number };
  if (!result.feasible) throw new Error('convoy oracle: infeasible');
  return Math.round(result.result);
}

/**
 * The cheapest cost (fen) of carrying a cluster of towns' travellers: per town, direct vehicles of each type
 * priced on that town's route; shared vehicles priced on the route through every town; k_i of town i's
 * travellers on the shared ones. A cluster of one town with no shared types is the plain covering problem.
 * `integers: false` gives the LP relaxation (a lower bound).
 */
export function oracleClusterCost(
  towns: ReadonlyArray<{ travellers: number; direct: readonly OracleType[] }>,
  shared: readonly OracleType[],
  { integers = true }: { integers?: boolean } = {},
): number {
  const model: Model = { optimize: 'cost', opType: 'min', constraints: {}, variables: {}, ints: {} };
  model.constraints['shared'] = { min: 0 };
  towns.forEach((town, i) => {
    model.constraints[`cover${i}`] = { min: town.travellers };
    model.constraints[`kmax${i}`] = { max: town.travellers };
    town.direct.forEach((t, j) => {
      model.variables[`d${i}_${j}`] = { cost: t.costFen, [`cover${i}`]: t.seats };
      if (integers) model.ints[`d${i}_${j}`] = 1;
    });
    if (shared.length > 0) {
      model.variables[`k${i}`] = { [`cover${i}`]: 1, shared: -1, [`kmax${i}`]: 1 };
      if (integers) model.ints[`k${i}`] = 1;
    }
  });
  shared.forEach((t, j) => {
    model.variables[`h${j}`] = { cost: t.costFen, shared: t.seats };
    if (integers) model.ints[`h${j}`] = 1;
  });
  return solve(model);
}
