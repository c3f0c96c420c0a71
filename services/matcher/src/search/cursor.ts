import type { estypes } from '@elastic/elasticsearch';
import { ValidationError } from '@fugong/schemas';
import type { SearchPlan } from './params.ts';

type Sort = SearchPlan['sort'];

/** Milliseconds either side of 1970 a date sort value may hold (the range of a JavaScript Date). */
const MAX_DATE_MS = 8.64e15;
/** The longest `id` a cursor may carry: vacancy ids are `firmId:externalRef`, each far shorter. */
const MAX_ID_LENGTH = 600;

const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/**
 * What the engine accepts as each search_after value of a sort (see `sortClause` in query.ts): the sort key, then
 * the `id` tie-breaker. A document without a wage sorts as "-Infinity", one without a location as "Infinity".
 */
const FIRST_VALUE: Record<Sort, { ok: (v: unknown) => boolean; expected: string }> = {
  relevance: { ok: finite, expected: 'a finite number (the score)' },
  newest: {
    ok: (v) => Number.isSafeInteger(v) && Math.abs(v as number) <= MAX_DATE_MS,
    expected: 'an integer (milliseconds since 1970)',
  },
  wage: { ok: (v) => finite(v) || v === '-Infinity', expected: 'a finite number or "-Infinity"' },
  distance: { ok: (v) => (finite(v) && (v as number) >= 0) || v === 'Infinity', expected: 'a distance ≥ 0' },
};

/**
 * An opaque cursor: the sort values of the last hit (search_after) and the sort they belong to, base64url.
 * Stateless, so any copy of the service can continue a listing; results written meanwhile may shift in.
 */
export function encodeCursor(sort: Sort, values: estypes.SortResults): string {
  return Buffer.from(JSON.stringify({ s: sort, a: values })).toString('base64url');
}

/**
 * The search_after values of a cursor, or a 400 naming `cursor` when it is not one of ours, belongs to another
 * sort, or carries values of the wrong number or type. A cursor is client input: it is checked as strictly as
 * the engine would, so a forged one is never an engine error (a 500).
 */
export function decodeCursor(cursor: string, sort: Sort): estypes.FieldValue[] {
  const invalid = (message: string) =>
    new ValidationError(`cursor: ${message}`, [{ path: 'cursor', message }]);
  let parsed: { s?: unknown; a?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalid('not a cursor returned by this search (pass `nextCursor` as it came)');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.a))
    throw invalid('not a cursor returned by this search (pass `nextCursor` as it came)');
  if (parsed.s !== sort) throw invalid('a cursor of a search with another sort (was the sort changed?)');
  const values: unknown[] = parsed.a;
  if (values.length !== 2)
    throw invalid(`a cursor of sort=${sort} holds 2 values, this one ${values.length}`);
  const first = FIRST_VALUE[sort];
  if (!first.ok(values[0])) throw invalid(`its first value must be ${first.expected}`);
  if (typeof values[1] !== 'string' || values[1].length === 0 || values[1].length > MAX_ID_LENGTH)
    throw invalid('its second value must be a vacancy id');
  return values as estypes.FieldValue[];
}
