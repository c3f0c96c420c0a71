import { EmploymentType, Id, IsoDate, ValidationError, type FieldIssue } from '@fugong/schemas';
import {
  occupationByCode,
  resolveOccupations,
  resolvePlace,
  suggestOccupations,
  suggestPlaces,
} from '@fugong/text';
import { z } from 'zod';

/** page × size may not exceed this; deeper results are read with `cursor` (search_after). */
export const MAX_DEPTH = 1000;
export const MAX_SIZE = 100;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The query string of GET /v1/vacancies/search. Strict: a misspelt parameter is a 400, never ignored. */
export const SearchQuery = z
  .strictObject({
    q: z.string().max(200).optional().describe('free text, Chinese (traditional or simplified) or English'),
    district: z
      .string()
      .max(64)
      .optional()
      .describe('district or county: name (薛城, 滕州市) or GB/T 2260 code'),
    city: z.string().max(64).optional().describe('city: name (枣庄) or code (370400)'),
    occupation: z
      .string()
      .max(50)
      .optional()
      .describe('occupation name, colloquial title or code, any level'),
    wageMin: z.coerce.number().min(0).max(1_000_000).optional().describe('monthly wage at least (yuan)'),
    employmentType: EmploymentType.optional(),
    fairId: Id.optional(),
    keyEnterprise: flag.optional(),
    boardAndLodging: flag.optional().describe('包吃住: meals and accommodation both provided'),
    postedSince: IsoDate.optional(),
    near: z
      .string()
      .regex(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'lat,lon in decimal degrees')
      .optional(),
    radiusKm: z.coerce.number().positive().max(1000).optional(),
    sort: z.enum(['relevance', 'distance', 'wage', 'newest']).optional(),
    page: z.coerce.number().int().min(1).default(1),
    size: z.coerce.number().int().min(1).max(MAX_SIZE).default(20),
    cursor: z.string().max(2000).optional().describe('from `nextCursor`: the page after the previous one'),
    facets: flag.default(true),
    highlight: flag.default(true),
  })
  .meta({ id: 'VacancySearchQuery' });
export type SearchQuery = z.output<typeof SearchQuery>;

/** A filter value as the caller wrote it and what it resolved to. */
export interface Resolved {
  input: string;
  code: string;
  name: string;
}

/** The search after resolution: codes instead of names, a point instead of text. */
export interface SearchPlan {
  query: SearchQuery;
  district?: Resolved;
  city?: Resolved;
  occupation?: Resolved;
  near?: { lat: number; lon: number };
  sort: 'relevance' | 'distance' | 'wage' | 'newest';
}

/**
 * Resolves names and codes and checks combinations; every problem is one issue naming the parameter, with
 * the nearest valid values for unknown names, so a typo is never a silent empty list.
 */
export function planSearch(query: SearchQuery): SearchPlan {
  const issues: FieldIssue[] = [];
  const place = (param: 'district' | 'city'): Resolved | undefined => {
    const input = query[param];
    if (input === undefined) return undefined;
    const p = resolvePlace(input);
    if (p) return { input, code: p.code, name: p.fullName };
    issues.push({
      path: param,
      message: `unknown ${param} "${input}"`,
      // Six: with nothing close, the suggestions are Zaozhuang's six districts (suggestPlaces).
      suggestions: suggestPlaces(input, 6).map((s) => `${s.fullName} (${s.code})`),
    });
    return undefined;
  };
  const district = place('district');
  const city = place('city');
  let occupation: Resolved | undefined;
  if (query.occupation !== undefined) {
    const o = occupationByCode(query.occupation) ?? resolveOccupations(query.occupation, 1)[0];
    if (o) occupation = { input: query.occupation, code: o.code, name: o.name };
    else
      issues.push({
        path: 'occupation',
        message: `unknown occupation "${query.occupation}"`,
        suggestions: suggestOccupations(query.occupation, 5).map((s) => `${s.term} (${s.code})`),
      });
  }
  const near = query.near ? parseNear(query.near, issues) : undefined;
  if (query.radiusKm !== undefined && !near)
    issues.push({ path: 'radiusKm', message: 'radiusKm needs near=lat,lon' });
  const sort = query.sort ?? (query.q ? 'relevance' : 'newest');
  if (sort === 'distance' && !near)
    issues.push({ path: 'sort', message: 'sort=distance needs near=lat,lon' });
  if (query.cursor !== undefined && query.page !== 1)
    issues.push({ path: 'page', message: 'give either page or cursor, not both' });
  if (query.cursor === undefined && query.page * query.size > MAX_DEPTH) {
    issues.push({
      path: 'page',
      message: `page × size may not exceed ${MAX_DEPTH}; to read further, follow nextCursor (the cursor parameter) from the previous page`,
    });
  }
  if (issues.length > 0)
    throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  return {
    query,
    sort,
    ...(district ? { district } : {}),
    ...(city ? { city } : {}),
    ...(occupation ? { occupation } : {}),
    ...(near ? { near } : {}),
  };
}

function parseNear(s: string, issues: FieldIssue[]): { lat: number; lon: number } | undefined {
  const [lat, lon] = s.split(',').map(Number) as [number, number];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    issues.push({ path: 'near', message: 'lat must be within ±90 and lon within ±180' });
    return undefined;
  }
  return { lat, lon };
}
