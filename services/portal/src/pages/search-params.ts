import type { MatcherOperations } from '@fugong/client';
import { DISTRICTS } from '../places.ts';

export type SearchQuery = NonNullable<MatcherOperations['searchVacancies']['parameters']['query']>;

/** The results page's own query parameters, as the form sends them (all strings; empty means unset). */
export const FILTER_PARAMS = [
  'q',
  'district',
  'occupation',
  'wageMin',
  'employmentType',
  'fairId',
  'keyEnterprise',
  'boardAndLodging',
  'from',
  'near',
  'radiusKm',
  'sort',
] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];
export type Filters = Partial<Record<FilterParam, string>>;

export function filtersFrom(query: Record<string, unknown>): Filters {
  const out: Filters = {};
  for (const p of FILTER_PARAMS) {
    const v = query[p];
    if (typeof v === 'string' && v.trim() !== '') out[p] = v.trim().slice(0, 200);
  }
  return out;
}

/** The page's filters as the search API's query. `from` (a district's centre) becomes `near`. */
export function toApiQuery(
  f: Filters,
  extra: { cursor?: string; size?: number; facets?: boolean } = {},
): SearchQuery {
  const q: Record<string, unknown> = { size: extra.size ?? 20, highlight: true };
  if (extra.facets !== false) q.facets = true;
  if (extra.cursor) q.cursor = extra.cursor;
  for (const p of ['q', 'district', 'occupation', 'employmentType', 'fairId', 'radiusKm', 'sort'] as const)
    if (f[p]) q[p] = f[p];
  if (f.wageMin) q.wageMin = f.wageMin;
  if (f.keyEnterprise === 'true') q.keyEnterprise = 'true';
  if (f.boardAndLodging === 'true') q.boardAndLodging = 'true';
  const from = DISTRICTS.find((d) => d.code === f.from);
  if (f.near) q.near = f.near;
  else if (from) q.near = `${from.lat},${from.lon}`;
  if (q.sort === 'distance' && !q.near) delete q.sort;
  return q as SearchQuery;
}

/** The URL of the results page with these filters (empty ones dropped), optionally changing some. */
export function jobsUrl(
  f: Filters,
  change: Partial<Record<FilterParam | 'cursor', string | undefined>> = {},
): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | undefined> = { ...f, ...change };
  for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `/jobs?${s}` : '/jobs';
}
