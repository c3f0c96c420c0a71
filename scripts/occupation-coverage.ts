/**
 * Occupation coverage: `pnpm exec tsx scripts/occupation-coverage.ts [--misses]`.
 * Resolves every title of test/fixtures/occupation-titles.json (realistic posting titles with the codes a
 * reader would accept, chosen by hand from the 2022 classification) the way a worker's occupation or a
 * posting's title is resolved (the first match of resolveTitle; before it existed, of resolveOccupations,
 * which documents then used), and prints the share whose first code has an accepted code on its path, for
 * the whole list, the first list and the held-out titles. `--misses` lists the titles that fail.
 */
import { readFileSync } from 'node:fs';
import { occupationPath, resolveTitle } from '@fugong/text';

export interface TitleCase {
  title: string;
  /** Accepted codes: a resolved code counts when one of these is on its path. */
  codes: string[];
  /** Written after the resolver was tuned on the others, to see how the changes generalise. */
  heldOut?: boolean;
}

export interface Coverage {
  total: number;
  resolved: number;
  correct: number;
  misses: { title: string; expected: string[]; got?: string }[];
}

export const TITLES_FILE = new URL('../test/fixtures/occupation-titles.json', import.meta.url);

export function loadTitleCases(): TitleCase[] {
  return (JSON.parse(readFileSync(TITLES_FILE, 'utf8')) as { titles: TitleCase[] }).titles;
}

/** How many titles resolve at all, and how many to an accepted code. */
export function occupationCoverage(cases: readonly TitleCase[]): Coverage {
  const out: Coverage = { total: cases.length, resolved: 0, correct: 0, misses: [] };
  for (const c of cases) {
    const first = resolveTitle(c.title, 1)[0];
    if (first) out.resolved++;
    if (first && occupationPath(first.code).some((p) => c.codes.includes(p))) out.correct++;
    else
      out.misses.push({
        title: c.title,
        expected: c.codes,
        ...(first ? { got: `${first.code} ${first.name}` } : {}),
      });
  }
  return out;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const all = loadTitleCases();
  const sets: [string, TitleCase[]][] = [
    ['all', all],
    ['first list', all.filter((c) => !c.heldOut)],
    ['held out', all.filter((c) => c.heldOut)],
  ];
  for (const [name, cases] of sets) {
    const cov = occupationCoverage(cases);
    const pct = (n: number) => `${((100 * n) / cov.total).toFixed(1)}%`;
    console.log(
      `${name}: ${cov.total} titles, ${cov.correct} (${pct(cov.correct)}) resolved to an accepted code, ` +
        `${cov.resolved} (${pct(cov.resolved)}) to some code`,
    );
  }
  if (process.argv.includes('--misses')) {
    for (const m of occupationCoverage(all).misses) {
      console.log(`  ${m.title} → ${m.got ?? '(nothing)'}; expected ${m.expected.join(' | ')}`);
    }
  }
}
