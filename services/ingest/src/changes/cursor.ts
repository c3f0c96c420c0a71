import { ValidationError } from '@fugong/schemas';

/*
 * Cursors are opaque to clients (base64url of a versioned sequence number) so the feed can change what it
 * encodes without breaking them; a cursor that does not decode is a 400, never a silent restart from zero.
 */

const PREFIX = 'c1:';

/** The cursor after sequence number `seq`. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`, 'utf8').toString('base64url');
}

/** The sequence number a cursor stands for; `undefined` (no cursor) is the start of the feed. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^c1:(\d{1,15})$/.exec(text);
  if (!m) {
    throw new ValidationError('since: not a cursor this feed issued', [
      { path: 'query.since', message: 'not a cursor from this feed: omit it to start from the beginning' },
    ]);
  }
  return Number(m[1]);
}
