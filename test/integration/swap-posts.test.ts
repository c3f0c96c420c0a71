import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { employerKey, shortageBody, startSwap, surplusBody } from './swap-helpers.ts';

describe('swap posts: surplus and shortage', () => {
  let svc: TestService;
  before(async () => {
    svc = await startSwap();
  });
  after(async () => svc?.close());

  it('an employer posts for its own firm; occupations and district are resolved; the other firm sees a public view', async () => {
    const put = await svc.call('PUT', '/v1/swap/surplus/a-sew-1', {
      key: svc.keys.employerA,
      body: surplusBody(),
    });
    expect(put.status).to.equal(200);
    expect(put.body.result).to.equal('created');
    expect(put.body.post).to.include({ firmId: 'firm-a', status: 'open', committed: 0, available: 10 });
    expect(put.body.post.occupations).to.deep.equal([{ code: '6-05-01-03', name: '缝纫工' }]);
    expect(put.body.post.place).to.include({ code: '370403', name: '薛城区' });

    const own = await svc.call('GET', '/v1/swap/surplus/a-sew-1', { key: svc.keys.employerA });
    expect(own.body.view).to.equal('full');
    expect(own.body.conditions.note).to.match(/private/);
    const other = await svc.call('GET', '/v1/swap/surplus/a-sew-1', { key: svc.keys.employerB });
    expect(other.status).to.equal(200);
    expect(other.body.view).to.equal('public');
    expect(other.body).to.not.have.any.keys('committed', 'reservations', 'createdBy');
    expect(other.body.place).to.not.have.any.keys('address', 'location');
    expect(other.body.conditions).to.not.have.key('note');
  });

  it("an employer cannot post for, edit or close another firm's post; the bureau must name the firm", async () => {
    // Its own post of firm A (no test relies on what another one stored).
    const mine = await svc.call('PUT', '/v1/swap/surplus/a-guarded-1', {
      key: svc.keys.employerA,
      body: surplusBody(),
    });
    expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
    expect(mine.body.result).to.equal('created');
    const forB = await svc.call('PUT', '/v1/swap/surplus/x1', {
      key: svc.keys.employerA,
      body: surplusBody({ firmId: 'firm-b' }),
    });
    expect(forB.status).to.equal(403);
    const edit = await svc.call('PUT', '/v1/swap/surplus/a-guarded-1', {
      key: svc.keys.employerB,
      body: surplusBody({ headcount: 1 }),
    });
    expect(edit.status).to.equal(403);
    const close = await svc.call('POST', '/v1/swap/surplus/a-guarded-1/close', {
      key: svc.keys.employerB,
      body: {},
    });
    expect(close.status).to.equal(403);
    const after = await svc.call('GET', '/v1/swap/surplus/a-guarded-1', { key: svc.keys.employerA });
    expect(after.body, 'neither edited nor closed').to.include({ status: 'open', headcount: 10 });
    const noFirm = await svc.call('POST', '/v1/swap/shortage', {
      key: svc.keys.bureau,
      body: shortageBody(),
    });
    expect(noFirm.status).to.equal(400);
    expect(noFirm.body.error.details.issues[0].path).to.equal('firmId');
    const site = await svc.call('GET', '/v1/swap/surplus', { key: svc.keys.site });
    expect(site.status).to.equal(403);
  });

  it('a post for a firm the bureau has not registered is a 400 naming firmId, and nothing is stored', async () => {
    const bureau = await svc.call('PUT', '/v1/swap/shortage/ghost-1', {
      key: svc.keys.bureau,
      body: shortageBody({ firmId: 'firm-nobody' }),
    });
    expect(bureau.status, JSON.stringify(bureau.body)).to.equal(400);
    expect(bureau.body.error.details.issues[0].path).to.equal('firmId');
    expect(bureau.body.error.message).to.include('firm-nobody');
    expect((await svc.call('GET', '/v1/swap/shortage/ghost-1', { key: svc.keys.bureau })).status).to.equal(
      404,
    );
    // An employer key bound to an unregistered firm is refused the same way, by POST as by PUT.
    const ghost = await employerKey(svc, 'firm-ghost');
    const own = await svc.call('POST', '/v1/swap/surplus', { key: ghost, body: surplusBody() });
    expect(own.status, JSON.stringify(own.body)).to.equal(400);
    expect(own.body.error.details.issues[0].path).to.equal('firmId');
    // So the allocation never sees it, and naming it as the proposals' scope is the same 400.
    const scoped = await svc.call('POST', '/v1/swap/proposals', {
      key: svc.keys.bureau,
      body: { firmId: 'firm-nobody' },
    });
    expect(scoped.status).to.equal(400);
    expect(scoped.body.error.details.issues[0].path).to.equal('firmId');
  });

  it('describes every swap route in its OpenAPI document', async () => {
    const doc = await svc.call('GET', '/openapi.json');
    expect(doc.status).to.equal(200);
    expect(Object.keys(doc.body.paths)).to.include.members([
      '/v1/swap/surplus/{id}',
      '/v1/swap/shortage',
      '/v1/swap/proposals',
      '/v1/swap/agreements/{id}/accept',
    ]);
  });

  it('bad input is a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: '2020-05-01', to: '2020-04-01' }, 'to'],
      [{ headcount: 0 }, 'headcount'],
      [{ occupations: ['缝纫工', '外星人'] }, 'occupations.1'],
      [{ place: { district: '火星区' } }, 'place.district'],
      [{ colour: 'red' }, '(root)'],
    ];
    for (const [over, path] of cases) {
      const res = await svc.call('POST', '/v1/swap/shortage', {
        key: svc.keys.employerB,
        body: shortageBody(over),
      });
      expect(res.status, path).to.equal(400);
      const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
      expect(paths, JSON.stringify(res.body)).to.include(path);
    }
    const wording = await svc.call('POST', '/v1/swap/surplus', {
      key: svc.keys.employerA,
      body: surplusBody({ occupations: ['缝纫工人'] }),
    });
    // A wording the text package knows (缝纫工人 contains the official title 缝纫工) resolves to its code.
    expect(wording.status, JSON.stringify(wording.body)).to.equal(201);
    expect(wording.body.post.occupations).to.deep.equal([{ code: '6-05-01-03', name: '缝纫工' }]);
  });

  it('lists by firm and status; the bureau sees full details; a closed post leaves the open list', async () => {
    await svc.call('PUT', '/v1/swap/shortage/b-need-1', { key: svc.keys.employerB, body: shortageBody() });
    await svc.call('PUT', '/v1/swap/shortage/b-need-2', { key: svc.keys.employerB, body: shortageBody() });
    const closed = await svc.call('POST', '/v1/swap/shortage/b-need-2/close', {
      key: svc.keys.employerB,
      body: { reason: 'filled locally' },
    });
    expect(closed.status).to.equal(200);
    expect(closed.body.status).to.equal('closed');
    const open = await svc.call('GET', '/v1/swap/shortage?firmId=firm-b&status=open', {
      key: svc.keys.bureau,
    });
    expect(open.status).to.equal(200);
    const ids = open.body.items.map((p: { id: string }) => p.id);
    expect(ids).to.include('b-need-1').and.not.include('b-need-2');
    expect(open.body.items.every((p: { view: string }) => p.view === 'full')).to.equal(true);
    const edit = await svc.call('PUT', '/v1/swap/shortage/b-need-2', {
      key: svc.keys.employerB,
      body: shortageBody(),
    });
    expect(edit.status).to.equal(409);
  });
});
