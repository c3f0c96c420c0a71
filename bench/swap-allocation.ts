/**
 * Allocation benchmark: 200, 2,000 and 20,000 generated posts per side, with the LP oracle's
 * optimum for comparison where it finishes in reasonable time (200 per side). Prints wall and CPU
 * milliseconds of the allocation and the process's peak resident memory.
 *
 *   pnpm bench swap-allocation [sizes…] [--seed=N] [--oracle-max=N]
 * @module
 */
import { allocateSwaps } from '@fugong/swap/allocation';
import { generateSwapPosts } from '../test/support/swap/generate.ts';
import { lpOptimum } from '../test/support/swap/lp-oracle.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
};
const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
const seed = flag('seed', 1);
const oracleMax = flag('oracle-max', 200);

const sum = (xs: { headcount: number }[]) => xs.reduce((a, p) => a + p.headcount, 0);

for (const n of sizes.length > 0 ? sizes : [200, 2_000, 20_000]) {
  const { surplus, shortage } = generateSwapPosts(n, seed);
  const cpu = process.cpuUsage();
  const r = allocateSwaps(surplus, shortage);
  const cpuMs = process.cpuUsage(cpu).user / 1000;
  const line = [
    `n=${n}/side`,
    `surplus=${sum(surplus)}`,
    `shortage=${sum(shortage)}`,
    `pairs=${r.stats.pairs}`,
    `arcs=${r.stats.arcs}`,
    `rounds=${r.stats.rounds}`,
    `matched=${r.matchedHeadcount}`,
    `scaledQuality=${r.scaledQuality}`,
    `proposals=${r.proposals.length}`,
    `ms=${r.stats.ms.toFixed(0)}`,
    `cpuMs=${cpuMs.toFixed(0)}`,
    // Peak resident set of the whole process so far (sizes run in the order given, smallest first).
    `peakRssMB=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`,
  ];
  if (n <= oracleMax) {
    const t = performance.now();
    // The relaxation is integral here (totally unimodular) and much faster than branch-and-bound.
    const best = lpOptimum(surplus, shortage, {}, { integers: false });
    const same = best.headcount === r.matchedHeadcount && best.scaledQuality === r.scaledQuality;
    line.push(
      `oracle: matched=${best.headcount} scaledQuality=${best.scaledQuality}`,
      `(${(performance.now() - t).toFixed(0)} ms) ${same ? 'EQUAL' : 'DIFFERENT'}`,
    );
    if (!same) process.exitCode = 1;
  }
  console.log(line.join(' '));
}
