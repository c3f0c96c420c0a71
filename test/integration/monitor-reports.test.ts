import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { labelledBureauKey, MONDAY, registerTestFirms, report, startMonitor } from './monitor-helpers.ts';

describe('monitor: firms report daily (who may, validation, history, races)', () => {
  let svc: TestService;
  // The service's clock: each test sets the moment it needs (Asia/Shanghai decides "today").
  let now = new Date(`${MONDAY}T10:00:00+08:00`);
  before(async () => {
    svc = await startMonitor({ now: () => now });
    await registerTestFirms(svc, [
      { id: 'firm-a', district: { code: '370402', name: '市中区' }, industry: 'manufacturing', key: true },
      { id: 'firm-b', district: { code: '370403', name: '薛城区' }, industry: 'textiles' },
      { id: 'firm-c', district: { code: '370403', name: '薛城区' } },
    ]);
    for (const firmId of ['firm-a', 'firm-b']) {
      const put = await svc.call('PUT', `/v1/monitor/firms/${firmId}`, {
        key: svc.keys.bureau,
        body: { frequency: 'daily', startDate: '2020-02-24' },
      });
      expect(put.status, JSON.stringify(put.body)).to.equal(201);
    }
  });
  after(async () => svc?.close());
  beforeEach(() => {
    now = new Date(`${MONDAY}T10:00:00+08:00`);
  });

  it('only the bureau marks firms, and only registered ones (404 naming firmId)', async () => {
    const byEmployer = await svc.call('PUT', '/v1/monitor/firms/firm-a', {
      key: svc.keys.employerA,
      body: { frequency: 'daily', startDate: '2020-02-24' },
    });
    expect(byEmployer.status).to.equal(403);
    const ghost = await svc.call('PUT', '/v1/monitor/firms/firm-nobody', {
      key: svc.keys.bureau,
      body: { frequency: { weekdays: [1, 3, 5] }, startDate: '2020-02-24' },
    });
    expect(ghost.status).to.equal(404);
    expect(ghost.body.error.details.issues[0].path).to.equal('firmId');
    expect(ghost.body.error.message).to.include('firm-nobody');
    const backwards = await svc.call('PUT', '/v1/monitor/firms/firm-c', {
      key: svc.keys.bureau,
      body: { frequency: 'daily', startDate: '2020-02-24', endDate: '2020-02-01' },
    });
    expect(backwards.status).to.equal(400);
    expect(backwards.body.error.details.issues[0].path).to.equal('endDate');
    expect((await svc.call('GET', '/v1/monitor/firms/firm-c', { key: svc.keys.bureau })).status).to.equal(
      404,
    );
    const own = await svc.call('GET', '/v1/monitor/firms/firm-a', { key: svc.keys.employerA });
    expect(own.status).to.equal(200);
    expect(own.body).to.include({ firmId: 'firm-a', isKeyEnterprise: true, startDate: '2020-02-24' });
    expect(own.body.district).to.deep.equal({ code: '370402', name: '市中区' });
    expect(own.body.weekdays).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect((await svc.call('GET', '/v1/monitor/firms/firm-a', { key: svc.keys.employerB })).status).to.equal(
      403,
    );
  });

  it("an employer reports for its own firm only: another firm's key is refused and nothing is stored", async () => {
    const own = await svc.call('PUT', `/v1/monitor/reports/firm-a/${MONDAY}`, {
      key: svc.keys.employerA,
      body: report({ onPost: 70 }),
    });
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    expect(own.body.result).to.equal('created');
    expect(own.body.report).to.include({ firmId: 'firm-a', date: MONDAY, version: 1, onPost: 70 });
    expect(own.body.report.recordedBy.source).to.equal('firm');

    const other = await svc.call('PUT', '/v1/monitor/reports/firm-a/2020-03-01', {
      key: svc.keys.employerB,
      body: report(),
    });
    expect(other.status).to.equal(403);
    expect(
      (await svc.call('GET', '/v1/monitor/reports/firm-a/2020-03-01', { key: svc.keys.bureau })).status,
    ).to.equal(404);
    const peek = await svc.call('GET', `/v1/monitor/reports/firm-a/${MONDAY}`, { key: svc.keys.employerB });
    expect(peek.status).to.equal(403);
    const peekHistory = await svc.call('GET', `/v1/monitor/reports/firm-a/${MONDAY}/history`, {
      key: svc.keys.employerB,
    });
    expect(peekHistory.status).to.equal(403);
    const list = await svc.call('GET', '/v1/monitor/reports?firmId=firm-a', { key: svc.keys.employerB });
    expect(list.status).to.equal(403);
    const ownList = await svc.call('GET', '/v1/monitor/reports', { key: svc.keys.employerA });
    expect(ownList.status).to.equal(200);
    expect(ownList.body.items.map((r: { firmId: string }) => r.firmId)).to.satisfy((ids: string[]) =>
      ids.every((id) => id === 'firm-a'),
    );
  });

  it('the bureau reports on behalf of a firm: recorded as a phone survey with the key and its user', async () => {
    const { key, keyId } = await labelledBureauKey(svc, '王科长');
    const put = await svc.call('PUT', `/v1/monitor/reports/firm-b/${MONDAY}`, {
      key,
      body: report({ status: 'partly', capacityPct: 40, onPost: 55 }),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(201);
    expect(put.body.report.recordedBy).to.deep.equal({ source: 'bureau_phone', keyId, user: '王科长' });
    const read = await svc.call('GET', `/v1/monitor/reports/firm-b/${MONDAY}`, { key: svc.keys.employerB });
    expect(read.status).to.equal(200);
    expect(read.body.recordedBy.source).to.equal('bureau_phone');
    expect(read.body).to.include({ status: 'partly', onPost: 55 });
  });

  it('an identical resubmission changes nothing; a correction is a new version and the history says who changed what', async () => {
    const day = '2020-02-28';
    const body = report({ onPost: 60, difficulties: ['materials', 'workers'] });
    const first = await svc.call('PUT', `/v1/monitor/reports/firm-a/${day}`, {
      key: svc.keys.employerA,
      body,
    });
    expect(first.status).to.equal(201);
    // The same answers, the checklist in another order: unchanged, still version 1.
    const again = await svc.call('PUT', `/v1/monitor/reports/firm-a/${day}`, {
      key: svc.keys.employerA,
      body: { ...body, difficulties: ['workers', 'materials'] },
    });
    expect(again.status).to.equal(200);
    expect(again.body.result).to.equal('unchanged');
    expect(again.body.report.version).to.equal(1);

    const { key, keyId } = await labelledBureauKey(svc, '李干事');
    const fix = await svc.call('PUT', `/v1/monitor/reports/firm-a/${day}`, {
      key,
      body: { ...body, onPost: 64, openPositions: 5 },
    });
    expect(fix.status).to.equal(200);
    expect(fix.body.result).to.equal('updated');
    expect(fix.body.report.version).to.equal(2);

    const history = await svc.call('GET', `/v1/monitor/reports/firm-a/${day}/history`, {
      key: svc.keys.employerA,
    });
    expect(history.status).to.equal(200);
    const versions = history.body.versions;
    expect(versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
    expect(versions[0].recordedBy.source).to.equal('firm');
    expect(versions[0].report.onPost).to.equal(60);
    expect(versions[1].changed).to.deep.equal(['onPost', 'openPositions']);
    expect(versions[1].recordedBy).to.deep.equal({ source: 'bureau_phone', keyId, user: '李干事' });
    expect(versions[1].report).to.include({ onPost: 64, openPositions: 5 });
    const current = await svc.call('GET', `/v1/monitor/reports/firm-a/${day}`, { key: svc.keys.bureau });
    expect(current.body).to.include({ version: 2, onPost: 64 });
  });

  it('validation errors name the field: on post above employees, capacity 120, a cross-field rule', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [report({ employees: 10, onPost: 11 }), 'onPost'],
      [report({ capacityPct: 120 }), 'capacityPct'],
      [report({ status: 'not_operating', capacityPct: 20 }), 'capacityPct'],
      [report({ onPost: -1 }), 'onPost'],
      [report({ difficulties: ['other'] }), 'difficultyText'],
    ];
    for (const [body, field] of cases) {
      const res = await svc.call('PUT', '/v1/monitor/reports/firm-a/2020-02-27', {
        key: svc.keys.employerA,
        body,
      });
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).to.equal(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).to.include(field);
    }
    expect(
      (await svc.call('GET', '/v1/monitor/reports/firm-a/2020-02-27', { key: svc.keys.bureau })).status,
    ).to.equal(404);
  });

  it('a date after today in Asia/Shanghai is refused naming `date`; just after midnight there the day is today', async () => {
    // 23:30 on Monday in Shanghai: Tuesday has not begun.
    now = new Date(`${MONDAY}T23:30:00+08:00`);
    const tomorrow = await svc.call('PUT', '/v1/monitor/reports/firm-a/2020-03-03', {
      key: svc.keys.employerA,
      body: report(),
    });
    expect(tomorrow.status).to.equal(400);
    expect(tomorrow.body.error.details.issues[0].path).to.equal('date');
    // 00:30 on Tuesday in Shanghai is still Monday in UTC: Tuesday's report is accepted.
    now = new Date('2020-03-03T00:30:00+08:00');
    const tuesday = await svc.call('PUT', '/v1/monitor/reports/firm-a/2020-03-03', {
      key: svc.keys.employerA,
      body: report(),
    });
    expect(tuesday.status, JSON.stringify(tuesday.body)).to.equal(201);
    const notADay = await svc.call('PUT', '/v1/monitor/reports/firm-a/2020-02-30', {
      key: svc.keys.employerA,
      body: report(),
    });
    expect(notADay.status).to.equal(400);
    expect(JSON.stringify(notADay.body.error.details.issues)).to.include('date');
  });

  it('an unknown firm is a 404 and a firm not monitored (or outside its period) a 409, each naming the field', async () => {
    const unknown = await svc.call('PUT', `/v1/monitor/reports/firm-nobody/${MONDAY}`, {
      key: svc.keys.bureau,
      body: report(),
    });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.details.issues[0].path).to.equal('firmId');
    const unmonitored = await svc.call('PUT', `/v1/monitor/reports/firm-c/${MONDAY}`, {
      key: svc.keys.bureau,
      body: report(),
    });
    expect(unmonitored.status).to.equal(409);
    expect(unmonitored.body.error.details.issues[0].path).to.equal('firmId');
    expect(unmonitored.body.error.message).to.include('firm-c');
    const beforeStart = await svc.call('PUT', '/v1/monitor/reports/firm-a/2020-02-20', {
      key: svc.keys.employerA,
      body: report(),
    });
    expect(beforeStart.status).to.equal(409);
    expect(beforeStart.body.error.details.issues[0].path).to.equal('date');
    for (const [firmId, date] of [
      ['firm-nobody', MONDAY],
      ['firm-c', MONDAY],
      ['firm-a', '2020-02-20'],
    ])
      expect(
        (await svc.call('GET', `/v1/monitor/reports/${firmId}/${date}`, { key: svc.keys.bureau })).status,
      ).to.equal(404);
  });

  it('stopping monitoring ends the period yesterday: past reports stay, no report is due or accepted from today', async () => {
    await registerTestFirms(svc, [
      { id: 'firm-d', district: { code: '370403', name: '薛城区' } },
      { id: 'firm-e', district: { code: '370403', name: '薛城区' } },
    ]);
    const mark = (firmId: string, startDate: string) =>
      svc.call('PUT', `/v1/monitor/firms/${firmId}`, {
        key: svc.keys.bureau,
        body: { frequency: 'daily', startDate },
      });
    expect((await mark('firm-d', '2020-02-24')).status).to.equal(201);
    expect((await mark('firm-e', '2020-03-05')).status).to.equal(201);
    const past = await svc.call('PUT', '/v1/monitor/reports/firm-d/2020-03-01', {
      key: svc.keys.bureau,
      body: report(),
    });
    expect(past.status).to.equal(201);
    expect(
      (await svc.call('DELETE', '/v1/monitor/firms/firm-d', { key: svc.keys.employerA })).status,
    ).to.equal(403);

    const stop = await svc.call('DELETE', '/v1/monitor/firms/firm-d', { key: svc.keys.bureau });
    expect(stop.status, JSON.stringify(stop.body)).to.equal(200);
    expect(stop.body).to.include({ firmId: 'firm-d', removed: false });
    expect(stop.body.firm.endDate).to.equal('2020-03-01');
    const today = await svc.call('PUT', `/v1/monitor/reports/firm-d/${MONDAY}`, {
      key: svc.keys.bureau,
      body: report(),
    });
    expect(today.status).to.equal(409);
    expect(today.body.error.details.issues[0].path).to.equal('date');
    expect(
      (await svc.call('GET', '/v1/monitor/reports/firm-d/2020-03-01', { key: svc.keys.bureau })).status,
    ).to.equal(200);

    // A firm whose period had not begun is removed altogether.
    const never = await svc.call('DELETE', '/v1/monitor/firms/firm-e', { key: svc.keys.bureau });
    expect(never.body).to.include({ firmId: 'firm-e', removed: true });
    expect((await svc.call('GET', '/v1/monitor/firms/firm-e', { key: svc.keys.bureau })).status).to.equal(
      404,
    );
    expect((await svc.call('DELETE', '/v1/monitor/firms/firm-e', { key: svc.keys.bureau })).status).to.equal(
      404,
    );

    // The list: by firm id, paged; activeOn leaves out the stopped firm.
    const page = await svc.call('GET', '/v1/monitor/firms?page=1&size=2', { key: svc.keys.bureau });
    expect(page.status).to.equal(200);
    expect(page.body.total).to.equal(3);
    expect(page.body.items.map((f: { firmId: string }) => f.firmId)).to.deep.equal(['firm-a', 'firm-b']);
    const active = await svc.call('GET', `/v1/monitor/firms?activeOn=${MONDAY}&size=10`, {
      key: svc.keys.bureau,
    });
    expect(active.body.items.map((f: { firmId: string }) => f.firmId)).to.deep.equal(['firm-a', 'firm-b']);
    expect((await svc.call('GET', '/v1/monitor/firms', { key: svc.keys.employerA })).status).to.equal(403);
  });

  it('concurrent resubmissions of one report each become a version: none is lost or overwritten silently', async () => {
    const day = '2020-02-26';
    const writers = 8;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        svc.call('PUT', `/v1/monitor/reports/firm-b/${day}`, {
          key: i % 2 ? svc.keys.employerB : svc.keys.bureau,
          body: report({ onPost: 50 + i }),
        }),
      ),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).to.be.oneOf([200, 201]);
    expect(results.filter((r) => r.body.result === 'created')).to.have.length(1);
    const versions = results.map((r) => r.body.report.version).sort((a, b) => a - b);
    expect(versions).to.deep.equal(Array.from({ length: writers }, (_, i) => i + 1));
    const history = await svc.call('GET', `/v1/monitor/reports/firm-b/${day}/history`, {
      key: svc.keys.bureau,
    });
    expect(history.body.versions.map((v: { version: number }) => v.version)).to.deep.equal(versions);
    // Every writer's figure is in the history exactly once, and the current one is the last version's.
    expect(
      history.body.versions.map((v: { report: { onPost: number } }) => v.report.onPost).sort(),
    ).to.deep.equal(Array.from({ length: writers }, (_, i) => 50 + i));
    const current = await svc.call('GET', `/v1/monitor/reports/firm-b/${day}`, { key: svc.keys.bureau });
    expect(current.body.version).to.equal(writers);
    expect(current.body.onPost).to.equal(history.body.versions.at(-1).report.onPost);
  });

  it("a page past the engine's result window is a 400 naming `page`, not a 500 (found by the fuzzer)", async () => {
    for (const path of [
      '/v1/monitor/firms?page=2734',
      '/v1/monitor/reports?firmId=firm-a&page=441249384',
      '/v1/monitor/reports?page=201&size=50',
    ]) {
      const r = await svc.call('GET', path, { key: svc.keys.bureau });
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).to.equal(400);
      expect(r.body.error.details.issues[0].path).to.equal('page');
    }
    // The last page inside the window still answers.
    expect(
      (await svc.call('GET', '/v1/monitor/reports?page=200&size=50', { key: svc.keys.bureau })).status,
    ).to.equal(200);
  });
});
