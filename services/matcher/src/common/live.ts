import type { estypes } from '@elastic/elasticsearch';
import { endOfDay } from '@fugong/documents';

/**
 * Open and not past `validThrough`, checked at query time so an expired posting disappears at once, not when a
 * sweeper next runs. `expiresAt` (the end of the validThrough day in UTC+8, written by the shared document
 * builder) is exact; documents written before it existed fall back to the calendar day in UTC+8.
 */
export function liveVacancyFilter(now: Date): estypes.QueryDslQueryContainer[] {
  const iso = now.toISOString();
  return [
    { term: { status: 'open' } },
    {
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
    },
  ];
}

/** The same rule over one stored document. */
export function isLive(
  doc: { status: string; expiresAt?: string; validThrough?: string },
  now: Date,
): boolean {
  if (doc.status !== 'open') return false;
  const ends = doc.expiresAt
    ? Date.parse(doc.expiresAt)
    : doc.validThrough
      ? endOfDay(doc.validThrough)
      : Infinity;
  return ends > now.getTime();
}
