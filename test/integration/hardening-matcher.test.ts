import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { BuiltService } from '@fugong/http';
import { expect } from 'chai';
import { buildApp } from '@fugong/matcher/app';
import type { TestService } from './helpers.ts';
import { startIngest, vacancyBody } from './ingest-fixtures.ts';

const XSS_TITLE = '<img src=x onerror=alert(1)>电焊工';

/**
 * Issue #9, items 3, 4 and 9b: what an employer writes comes back safe to show, a forged cursor is the client's
 * error, and another firm's vacancy looks exactly like a missing one. Vacancies are posted through the ingest
 * app, and the matcher reads the same indices.
 */
describe('hardening: matcher output is safe, cursors are checked, no existence oracle', function () {
  this.timeout(60_000);
  let ingest: TestService;
  let built: BuiltService;
  let server: Server;
  let url: string;
  const call = async (path: string, key?: string) => {
    const res = await fetch(url + path, key ? { headers: { authorization: `Bearer ${key}` } } : {});
    return { status: res.status, body: (await res.json()) as any };
  };
  const search = (qs: string) => call(`/v1/vacancies/search?${qs}`);

  before(async () => {
    ingest = await startIngest();
    for (const [ref, title, district] of [
      ['xss', XSS_TITLE, '薛城区'],
      ['weld-2', '电焊工', '市中区'],
      ['weld-3', '氩弧焊电焊工', '滕州市'],
    ] as const) {
      const res = await ingest.call('PUT', `/v1/vacancies/${ref}`, {
        key: ingest.keys.employerA,
        body: vacancyBody({
          title,
          description: `招聘${title}，<script>alert(2)</script>包吃住 & 五险`,
          workPlace: { district },
        }),
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.result).to.equal('created');
    }
    await ingest.rt.es.indices.refresh({ index: ingest.rt.names.vacancies });
    built = buildApp(ingest.rt);
    server = await new Promise((resolve) => {
      const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    server?.closeAllConnections();
    for (const close of built?.closers ?? []) await close();
    await ingest?.close();
  });

  describe('item 3: highlights are HTML with the text escaped; suggestions are plain text', () => {
    it('escapes the title and description around the <em> markup', async () => {
      const res = await search(`q=${encodeURIComponent('电焊工')}`);
      expect(res.status).to.equal(200);
      const hit = res.body.hits.find((h: any) => h.id === 'firm-a:xss');
      expect(hit, 'the posting is found').to.not.equal(undefined);
      const { title, description } = hit.highlight;
      expect(title).to.not.contain('<img');
      expect(title).to.contain('&lt;img src=x onerror=alert(1)&gt;');
      expect(title).to.contain('<em>电焊工</em>');
      expect(description).to.not.contain('<script');
      expect(description).to.contain('&lt;script&gt;');
      expect(description).to.contain('&amp;');
      expect(description).to.contain('<em>');
      // Markup other than <em> must not survive anywhere in a highlight.
      for (const h of res.body.hits)
        for (const html of Object.values(h.highlight ?? {}) as string[])
          expect(html.replace(/<\/?em>/g, '')).to.not.match(/[<>]/);
      // The plain `title` is the text as written (documented as text, not HTML).
      expect(hit.title).to.equal(XSS_TITLE);
    });

    it('a query word that is part of an HTML entity never splits the escaped text', async () => {
      // "lt img" alone finds nothing, so the checks below used to run over no hit at all. With 电焊 the three
      // welding postings match, and "lt" and "img" are still highlighted wherever they occur.
      const res = await search(`q=${encodeURIComponent('lt img 电焊')}`);
      expect(res.status).to.equal(200);
      expect(res.body.hits.map((h: any) => h.id)).to.have.members([
        'firm-a:xss',
        'firm-a:weld-2',
        'firm-a:weld-3',
      ]);
      const xss = res.body.hits.find((h: any) => h.id === 'firm-a:xss');
      expect(xss.highlight.title).to.equal('&lt;<em>img</em> src=x onerror=alert(1)&gt;<em>电焊工</em>');
      for (const h of res.body.hits)
        for (const html of Object.values(h.highlight ?? {}) as string[]) {
          expect(html.replace(/<\/?em>/g, '')).to.not.match(/[<>]/);
          expect(html).to.not.contain('&<em>');
        }
    });

    it('suggest gives titles as plain JSON strings, no markup added', async () => {
      const res = await call(`/v1/vacancies/suggest?q=${encodeURIComponent('<img')}`);
      expect(res.status).to.equal(200);
      expect(res.body.suggestions.map((s: any) => s.text)).to.deep.equal([XSS_TITLE]);
      for (const s of res.body.suggestions) expect(s.text).to.not.contain('<em>');
    });
  });

  describe('item 4: a forged cursor is a 400 naming cursor, never a 500', () => {
    const b64 = (v: unknown) =>
      Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

    it('follows a real cursor to the next page', async () => {
      for (const sort of ['newest', 'wage', 'relevance'] as const) {
        const q = sort === 'relevance' ? `&q=${encodeURIComponent('电焊工')}` : '';
        const first = await search(`sort=${sort}&size=1${q}`);
        expect(first.status).to.equal(200);
        expect(first.body.nextCursor, sort).to.be.a('string');
        const next = await search(`sort=${sort}&size=1${q}&cursor=${first.body.nextCursor}`);
        expect(next.status, `${sort}: ${JSON.stringify(next.body)}`).to.equal(200);
        expect(next.body.hits[0].id).to.not.equal(first.body.hits[0].id);
      }
    });

    const forged: Array<[string, string, string]> = [
      ['newest', 'wrong count (3)', b64({ s: 'newest', a: [1767225600000, 'firm-a:xss', 'x'] })],
      ['newest', 'wrong count (1)', b64({ s: 'newest', a: [1767225600000] })],
      ['newest', 'a string where a date is expected', b64({ s: 'newest', a: ['abc', 'firm-a:xss'] })],
      ['newest', 'a date beyond any long', b64({ s: 'newest', a: [1e30, 'firm-a:xss'] })],
      ['newest', 'a number where the id is expected', b64({ s: 'newest', a: [1767225600000, 5] })],
      ['newest', 'an object inside', b64({ s: 'newest', a: [{ x: 1 }, 'firm-a:xss'] })],
      ['wage', 'a word where a wage is expected', b64({ s: 'wage', a: ['lots', 'firm-a:xss'] })],
      ['relevance', 'a string score', b64({ s: 'relevance', a: ['high', 'firm-a:xss'] })],
      ['newest', 'not JSON', b64('not json at all')],
      ['newest', 'JSON but not an object', b64(42)],
      ['newest', 'not base64 at all', '!!!'],
      ['newest', 'huge', b64({ s: 'newest', a: [1, 'x'.repeat(5000)] })],
      ['newest', 'a long id under the size limit', b64({ s: 'newest', a: [1, 'x'.repeat(1000)] })],
      ['newest', 'another sort', b64({ s: 'wage', a: [1, 'firm-a:xss'] })],
    ];
    for (const [sort, what, cursor] of forged)
      it(`${what} → 400`, async () => {
        const q = sort === 'relevance' ? `&q=${encodeURIComponent('电焊工')}` : '';
        const res = await search(`sort=${sort}${q}&cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, JSON.stringify(res.body)).to.equal(400);
        const paths: string[] = res.body.error.details.issues.map((i: any) => i.path);
        // `query.cursor` when the query-string schema refuses it (too long), `cursor` when decoding does.
        expect(paths.some((p) => p === 'cursor' || p === 'query.cursor')).to.equal(true);
      });
  });

  describe('item 9b: another firm’s vacancy answers like a missing one', () => {
    it('candidates: 404 for another firm’s vacancy and for a missing one, with the same body', async () => {
      const other = await call('/v1/vacancies/firm-a:xss/candidates', ingest.keys.employerB);
      const missing = await call('/v1/vacancies/firm-a:nope/candidates', ingest.keys.employerB);
      expect(other.status).to.equal(404);
      expect(missing.status).to.equal(404);
      expect(other.body.error.code).to.equal(missing.body.error.code);
      expect(other.body.error.message.replace('xss', 'nope')).to.equal(missing.body.error.message);
      expect((await call('/v1/vacancies/firm-a:xss/candidates', ingest.keys.employerA)).status).to.equal(200);
      expect((await call('/v1/vacancies/firm-a:xss/candidates', ingest.keys.bureau)).status).to.equal(200);
      expect((await call('/v1/vacancies/firm-a:nope/candidates', ingest.keys.bureau)).status).to.equal(404);
    });
  });
});
