import type { estypes } from '@elastic/elasticsearch';
import { ValidationError } from '@fugong/schemas';

/**
 * An opaque cursor: the sort values of the last hit (search_after) and the sort they belong to, base64url.
 * Stateless, so any copy of the service can continue a listing; results written meanwhile may shift in.
 */
export function encodeCursor(sort: string, values: estypes.SortResults): string {
  return Buffer.from(JSON.stringify({ s: sort, a: values })).toString('base64url');
}

/** The search_after values of a cursor, or a 400 when it is not one of ours or belongs to another sort. */
export function decodeCursor(cursor: string, sort: string): estypes.FieldValue[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      s?: unknown;
      a?: unknown;
    };
    if (parsed.s === sort && Array.isArray(parsed.a) && parsed.a.length > 0)
      return parsed.a as estypes.FieldValue[];
  } catch {
    // fall through to the 400
  }
  throw new ValidationError('cursor: not a cursor of this search (was the sort changed?)', [
    { path: 'cursor', message: 'invalid cursor, or one from a search with another sort' },
  ]);
}
