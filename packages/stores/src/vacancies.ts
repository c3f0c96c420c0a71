import type { estypes } from '@elastic/elasticsearch';
import { endOfDay } from '@fugong/documents';

/*
 * The live-vacancy rule, written once: open, and not past the end of its validThrough day. `expiresAt` (the end
 * of the validThrough day in UTC+8, written by the shared document builder) is exact; a document written before
 * `expiresAt` existed falls back to the calendar day of `validThrough` in UTC+8; one with neither never expires.
 * Search, the fair page's counts, a single read and the expiry sweep all use these, so they cannot disagree.
 */

/** The fields the rule reads. */
export interface LiveFields {
  status: string;
  expiresAt?: string;
  validThrough?: string;
}

/** When the document stops being live, in epoch milliseconds (Infinity when it never expires). */
export function vacancyEnds(doc: Pick<LiveFields, 'expiresAt' | 'validThrough'>): number {
  if (doc.expiresAt) return Date.parse(doc.expiresAt);
  return doc.validThrough ? endOfDay(doc.validThrough) : Infinity;
}

/** The rule over one stored document. */
export function isLiveVacancy(doc: LiveFields, now: Date): boolean {
  return doc.status === 'open' && vacancyEnds(doc) > now.getTime();
}

/** The time half of the rule as an engine clause: not past its end at `now`. */
export function unexpiredClause(now: Date): estypes.QueryDslQueryContainer {
  const iso = now.toISOString();
  return {
    bool: {
      should: [
        { range: { expiresAt: { gt: iso } } },
        {
          bool: {
            must_not: [{ exists: { field: 'expiresAt' } }],
            should: [
              { bool: { must_not: [{ exists: { field: 'validThrough' } }] } },
              { range: { validThrough: { gte: `${iso}||/d`, time_zone: '+08:00' } } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
      minimum_should_match: 1,
    },
  };
}

/** The rule as engine filter clauses (for a `bool.filter`): what search, ranking and fair counts show. */
export function liveVacancyFilter(now: Date): estypes.QueryDslQueryContainer[] {
  return [{ term: { status: 'open' } }, unexpiredClause(now)];
}

/** Still `open` but past its end: what the expiry sweep marks `expired`. The exact complement within `open`. */
export function expiredOpenFilter(now: Date): estypes.QueryDslQueryContainer[] {
  return [{ term: { status: 'open' } }, { bool: { must_not: [unexpiredClause(now)] } }];
}
