import { expect } from 'chai';
import { decodeCursor, encodeCursor } from '../../services/matcher/src/search/cursor.ts';
import { escapeHtml, highlightText } from '../../services/matcher/src/search/results.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('matcher: highlights are escaped HTML (issue #9 item 3)', () => {
  it('escapes markup in the text and keeps the <em> tags', () => {
    const html = highlightText('<img src=x onerror=alert(1)>电焊工', ['电焊工']);
    expect(html).to.equal('&lt;img src=x onerror=alert(1)&gt;<em>电焊工</em>');
  });

  it('escapes inside a matched word and in the window around the first match', () => {
    expect(highlightText('a<b>&c', ['<b>'])).to.equal('a<em>&lt;b&gt;</em>&amp;c');
    const long = `${'"引号"'.repeat(40)}焊工${"'".repeat(10)}`;
    const html = highlightText(long, ['焊工'], 30)!;
    expect(html).to.contain('<em>焊工</em>');
    expect(html.replace(/<\/?em>/g, '')).to.not.match(/[<>"']/);
  });

  it('a word that occurs in an entity name does not split the entity', () => {
    const html = highlightText('<lt> & gt', ['lt', 'gt'])!;
    expect(html).to.equal('&lt;<em>lt</em>&gt; &amp; <em>gt</em>');
  });

  it('escapeHtml covers the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).to.equal(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('matcher: cursors are checked against the sort (issue #9 item 4)', () => {
  const fails = (cursor: string, sort: Parameters<typeof decodeCursor>[1]) => {
    try {
      decodeCursor(cursor, sort);
    } catch (err: any) {
      expect(err.status).to.equal(400);
      expect(err.details.issues[0].path).to.equal('cursor');
      return err.message as string;
    }
    throw new Error(`accepted ${cursor}`);
  };

  it('takes back what it gave, for every sort', () => {
    expect(decodeCursor(encodeCursor('newest', [1767225600000, 'f:1']), 'newest')).to.deep.equal([
      1767225600000,
      'f:1',
    ]);
    expect(decodeCursor(encodeCursor('wage', ['-Infinity', 'f:1']), 'wage')).to.deep.equal([
      '-Infinity',
      'f:1',
    ]);
    expect(decodeCursor(encodeCursor('wage', [5000.5, 'f:1']), 'wage')).to.deep.equal([5000.5, 'f:1']);
    expect(decodeCursor(encodeCursor('distance', ['Infinity', 'f:1']), 'distance')).to.deep.equal([
      'Infinity',
      'f:1',
    ]);
    expect(decodeCursor(encodeCursor('relevance', [3.25, 'f:1']), 'relevance')).to.deep.equal([3.25, 'f:1']);
  });

  it('refuses wrong counts and types with a message that says what was wrong', () => {
    expect(fails(b64({ s: 'newest', a: [1, 'f:1', 'x'] }), 'newest')).to.match(/2 values/);
    expect(fails(b64({ s: 'newest', a: [] }), 'newest')).to.match(/2 values/);
    expect(fails(b64({ s: 'newest', a: ['abc', 'f:1'] }), 'newest')).to.match(/integer/);
    expect(fails(b64({ s: 'newest', a: [1.5, 'f:1'] }), 'newest')).to.match(/integer/);
    expect(fails(b64({ s: 'newest', a: [1e30, 'f:1'] }), 'newest')).to.match(/integer/);
    expect(fails(b64({ s: 'newest', a: [1, 2] }), 'newest')).to.match(/id/);
    expect(fails(b64({ s: 'newest', a: [1, null] }), 'newest')).to.match(/id/);
    expect(fails(b64({ s: 'wage', a: ['Infinity', 'f:1'] }), 'wage')).to.match(/first value/);
    expect(fails(b64({ s: 'distance', a: [-1, 'f:1'] }), 'distance')).to.match(/first value/);
    expect(fails(b64({ s: 'relevance', a: [{ x: 1 }, 'f:1'] }), 'relevance')).to.match(/first value/);
    expect(fails(b64({ s: 'wage', a: [1, 'f:1'] }), 'newest')).to.match(/another sort/);
    expect(fails(b64(null), 'newest')).to.match(/not a cursor/);
    expect(fails(b64([1, 'f:1']), 'newest')).to.match(/not a cursor/);
    expect(fails(Buffer.from('{"s":').toString('base64url'), 'newest')).to.match(/not a cursor/);
  });
});
