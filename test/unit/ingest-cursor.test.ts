import { expect } from 'chai';
import { decodeCursor, encodeCursor } from '../../services/ingest/src/changes/cursor.ts';

describe('ingest: change-feed cursors', () => {
  it('round-trip, and no cursor is the start', () => {
    for (const seq of [0, 1, 42, 9_007_199_254]) expect(decodeCursor(encodeCursor(seq))).to.equal(seq);
    expect(decodeCursor(undefined)).to.equal(0);
  });

  it('anything this feed did not issue is a 400 naming query.since', () => {
    for (const bad of ['', '42', 'abc', '%%', Buffer.from('c2:5').toString('base64url'), 'x'.repeat(80)]) {
      expect(() => decodeCursor(bad), bad)
        .to.throw()
        .with.property('details')
        .that.deep.equals({
          issues: [
            {
              path: 'query.since',
              message: 'not a cursor from this feed: omit it to start from the beginning',
            },
          ],
        });
    }
  });
});
