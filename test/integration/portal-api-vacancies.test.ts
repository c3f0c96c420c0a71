/**
 * Issue #12 (the portal's API): "my vacancies" — a firm's own vacancies whatever their status, through its
 * employer key; any firm's for the bureau; nobody else's.
 */
import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { isoDay, startIngest, vacancyBody } from './ingest-fixtures.ts';

describe('portal API: GET /v1/vacancies lists a firm’s own vacancies, open and closed', () => {
  let svc: TestService;
  const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((v) => v.id);
  const list = (query: string, key?: string) =>
    svc.call('GET', `/v1/vacancies${query ? `?${query}` : ''}`, key ? { key } : {});

  before(async () => {
    svc = await startIngest();
    const put = async (key: string, ref: string, overrides: Record<string, unknown> = {}) => {
      const res = await svc.call('PUT', `/v1/vacancies/${ref}`, {
        key,
        body: vacancyBody({ title: `岗位${ref}`, ...overrides }),
      });
      if (res.status !== 200) throw new Error(`${ref}: ${JSON.stringify(res.body)}`);
    };
    // Firm A, oldest first: open, closed, filled, marked expired (written past its end), open but past its
    // end (the sweep has not reached it), deleted; firm B: one open vacancy.
    await put(svc.keys.employerA, 'a-open', { wage: { min: 4100 } });
    await put(svc.keys.employerA, 'a-closed', { wage: { min: 4200 } });
    await put(svc.keys.employerA, 'a-filled', { wage: { min: 4300 } });
    await put(svc.keys.employerA, 'a-expired', { wage: { min: 4400 }, validThrough: isoDay(-3) });
    await put(svc.keys.employerA, 'a-lapsed', { wage: { min: 4500 } });
    await put(svc.keys.employerA, 'a-deleted', { wage: { min: 4600 } });
    await put(svc.keys.employerB, 'b-open', { wage: { min: 4700 } });
    for (const [ref, status] of [
      ['a-closed', 'closed'],
      ['a-filled', 'filled'],
    ] as const) {
      const res = await svc.call('POST', `/v1/vacancies/${ref}/close`, {
        key: svc.keys.employerA,
        body: { status },
      });
      if (res.status !== 200) throw new Error(`close ${ref}: ${JSON.stringify(res.body)}`);
    }
    await svc.call('DELETE', '/v1/vacancies/a-deleted', { key: svc.keys.employerA });
    // Past its end but still marked open: what the expiry sweep would mark next.
    await svc.rt.es.update({
      index: svc.rt.names.vacancies,
      id: 'firm-a:a-lapsed',
      doc: { expiresAt: new Date(Date.now() - 60_000).toISOString() },
      refresh: 'wait_for',
    });
  });
  after(async () => {
    await svc?.close();
  });

  it('an employer sees its own firm’s vacancies of every status, newest first, never deleted ones', async () => {
    const res = await list('', svc.keys.employerA);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(ids(res)).to.deep.equal([
      'firm-a:a-lapsed',
      'firm-a:a-expired',
      'firm-a:a-filled',
      'firm-a:a-closed',
      'firm-a:a-open',
    ]);
    expect(res.body).to.include({ total: 5, page: 1, size: 20 });
    const status = Object.fromEntries(
      res.body.items.map((v: { id: string; status: string }) => [v.id, v.status]),
    );
    expect(status).to.deep.equal({
      'firm-a:a-lapsed': 'expired',
      'firm-a:a-expired': 'expired',
      'firm-a:a-filled': 'filled',
      'firm-a:a-closed': 'closed',
      'firm-a:a-open': 'open',
    });
    const lapsed = res.body.items[0];
    expect(lapsed.openPositions, 'not live: no open positions').to.equal(0);
    expect(res.body.items[4]).to.not.have.any.keys('titleSeg', 'fingerprint', 'changeSeq', 'suggest');
    expect((await list(`firmId=${svc.firmA}`, svc.keys.employerA)).status).to.equal(200);
  });

  it('filters by status with the live rule: open is live only, expired includes the not yet swept', async () => {
    const by = async (status: string) => ids(await list(`status=${status}`, svc.keys.employerA));
    expect(await by('open')).to.deep.equal(['firm-a:a-open']);
    expect(await by('closed')).to.deep.equal(['firm-a:a-closed']);
    expect(await by('filled')).to.deep.equal(['firm-a:a-filled']);
    expect(await by('expired')).to.deep.equal(['firm-a:a-lapsed', 'firm-a:a-expired']);
    expect(await by('all')).to.have.length(5);
  });

  it('pages with size and page', async () => {
    const all = ids(await list('', svc.keys.employerA));
    const second = await list('size=2&page=2', svc.keys.employerA);
    expect(second.body).to.include({ total: 5, page: 2, size: 2 });
    expect(ids(second)).to.deep.equal(all.slice(2, 4));
    expect(ids(await list('size=2&page=4', svc.keys.employerA))).to.deep.equal([]);
  });

  it('an employer naming another firm is a 403; it never sees another firm’s vacancies', async () => {
    const res = await list(`firmId=${svc.firmB}`, svc.keys.employerA);
    expect(res.status).to.equal(403);
    expect(res.body.error.message).to.contain(svc.firmB);
    expect(ids(await list('', svc.keys.employerB))).to.deep.equal(['firm-b:b-open']);
  });

  it('the bureau sees every firm, or one; a site is 403 and anonymous 401', async () => {
    const all = await list('size=100', svc.keys.bureau);
    expect(all.status).to.equal(200);
    expect(all.body.total).to.equal(6);
    expect(ids(all)[0], 'newest first across firms').to.equal('firm-b:b-open');
    expect(ids(await list(`firmId=${svc.firmB}`, svc.keys.bureau))).to.deep.equal(['firm-b:b-open']);
    expect(ids(await list('firmId=no-such-firm', svc.keys.bureau))).to.deep.equal([]);
    expect((await list('', svc.keys.site)).status).to.equal(403);
    expect((await list('')).status).to.equal(401);
  });

  it('bad input is a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['status=deleted', 'query.status'],
      ['status=', 'query.status'],
      ['size=101', 'query.size'],
      ['size=0', 'query.size'],
      ['page=-1', 'query.page'],
      ['page=101&size=100', 'page'],
      ['firmId=a%20b', 'query.firmId'],
      ['sort=wage', 'query'],
    ] as const) {
      const res = await list(query, svc.keys.employerA);
      expect(res.status, query).to.equal(400);
      const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
      expect(paths, query).to.include(field);
    }
    const unknown = await list('sort=wage', svc.keys.employerA);
    expect(unknown.body.error.message).to.contain('sort');
  });
});
