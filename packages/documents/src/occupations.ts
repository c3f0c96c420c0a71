import {
  occupationByCode,
  occupationPath,
  resolveOccupations,
  resolveTitle,
  suggestOccupations,
} from '@fugong/text';
import type { DocIssue } from './place.ts';

export interface OccupationRef {
  code: string;
  name: string;
}

/**
 * Resolves occupations given as codes or names, read as titles (workers, swap posts, explicit vacancy
 * codes). Each unknown value is an issue with suggestions: the caller decides whether that rejects the
 * document.
 */
export function resolveOccupationList(
  values: readonly string[],
  path: string,
  issues: DocIssue[],
): OccupationRef[] {
  const out = new Map<string, OccupationRef>();
  values.forEach((value, i) => {
    const byCode = occupationByCode(value.trim());
    const match = byCode ? { code: byCode.code, name: byCode.name } : resolveTitle(value, 1)[0];
    if (!match) {
      issues.push({
        path: `${path}.${i}`,
        message: `unknown occupation "${value}"`,
        suggestions: suggestOccupations(value, 5).map((s) => `${s.name} (${s.code})`),
      });
      return;
    }
    out.set(match.code, { code: match.code, name: match.name });
  });
  return [...out.values()];
}

/**
 * Occupations found in a job's title (read as a title: qualifiers aside, see resolveTitle) or else its
 * description, most specific first, at most `limit`.
 */
export function inferOccupations(title: string, description: string, limit = 3): OccupationRef[] {
  const fromTitle = resolveTitle(title, limit);
  const found = fromTitle.length > 0 ? fromTitle : resolveOccupations(description.slice(0, 500), limit);
  const out = new Map<string, OccupationRef>();
  for (const m of found) out.set(m.code, { code: m.code, name: m.name });
  return [...out.values()];
}

/** Every code of the occupations and their ancestors, to filter or match at any level with one term. */
export function occupationPaths(occupations: readonly OccupationRef[]): string[] {
  return [...new Set(occupations.flatMap((o) => occupationPath(o.code)))];
}
