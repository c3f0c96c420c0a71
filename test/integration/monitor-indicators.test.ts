import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { at, registerTestFirms, report, startMonitor } from './monitor-helpers.ts';

/*
 * A hand-computed fixture. Mon 2020-03-02, Tue 03-03, Wed 03-04; the clock is Wednesday.
 *   k1 市中区 key, manufacturing, daily from Mon      k2 市中区, textiles, Mon/Wed/Fri from Mon
 *   k3 薛城区 key, textiles, daily from Mon           k4 薛城区, manufacturing, daily from Tue
 * Due: Mon k1 k2 k3 (3) · Tue k1 k3 k4 (3) · Wed k1 k2 k3 k4 (4).
 */
const MON = '2020-03-02';
const TUE = '2020-03-03';
const WED = '2020-03-04';

const REPORTS: Array<[string, string, Record<string, unknown>]> = [
  ['k1', MON, report({ capacityPct: 80, employees: 100, onPost: 90, openPositions: 5 })],
  ['k2', MON, report({ status: 'not_operating', capacityPct: 0, employees: 50, onPost: 10 })],
  ['k1', TUE, report({ capacityPct: 90, employees: 100, onPost: 95, openPositions: 2 })],
  ['k3', TUE, report({ status: 'partly', capacityPct: 50, employees: 200, onPost: 120, openPositions: 30 })],
  ['k4', TUE, report({ capacityPct: 60, employees: 40, onPost: 20 })],
  // k2 is not due on Tuesday: its report counts as reported, not towards coverage.
  ['k2', TUE, report({ status: 'partly', capacityPct: 30, employees: 50, onPost: 30, openPositions: 10 })],
  // k1's Wednesday report is corrected: only the second version counts.
  ['k1', WED, report({ capacityPct: 70, employees: 100, onPost: 50 })],
  ['k1', WED, report({ capacityPct: 70, employees: 100, onPost: 85 })],
  ['k3', WED, report({ status: 'not_operating', capacityPct: 0, employees: 200, onPost: 0 })],
];

describe('monitor: indicators and the follow-up list on a hand-computed fixture', () => {
  let svc: TestService;
  let ind: any;
  const day = (body: any, date: string) => body.days.find((d: { date: string }) => d.date === date);
  const group = (d: any, key: string) => d.groups.find((g: { key: string }) => g.key === key);

  before(async () => {
    svc = await startMonitor({ now: at(WED) });
    await registerTestFirms(svc, [
      {
        id: 'k1',
        district: { code: '370402', name: '市中区' },
        industry: 'manufacturing',
        key: true,
        contact: { person: '张经理', phone: '13800000001' },
      },
      {
        id: 'k2',
        district: { code: '370402', name: '市中区' },
        industry: 'textiles',
        contact: { person: '李经理', phone: '13800000002' },
      },
      { id: 'k3', district: { code: '370403', name: '薛城区' }, industry: 'textiles', key: true },
      {
        id: 'k4',
        district: { code: '370403', name: '薛城区' },
        industry: 'manufacturing',
        contact: { person: '赵经理', phone: '13800000004' },
      },
    ]);
    const marks: Array<[string, unknown, string]> = [
      ['k1', 'daily', MON],
      ['k2', { weekdays: [1, 3, 5] }, MON],
      ['k3', 'daily', MON],
      ['k4', 'daily', TUE],
    ];
    for (const [firmId, frequency, startDate] of marks) {
      const res = await svc.call('PUT', `/v1/monitor/firms/${firmId}`, {
        key: svc.keys.bureau,
        body: { frequency, startDate },
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    for (const [firmId, date, body] of REPORTS) {
      const res = await svc.call('PUT', `/v1/monitor/reports/${firmId}/${date}`, {
        key: svc.keys.bureau,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
    }
    // 初步达成就业意向: two two-sided pairs (late Tuesday and just after midnight Wednesday, Shanghai) and a
    // one-sided one that does not count.
    await svc.rt.es.bulk({
      refresh: 'wait_for',
      operations: [
        { index: { _index: svc.rt.names.intentionPairs, _id: 'p1' } },
        {
          pairKey: 'p1',
          twoSided: true,
          twoSidedAt: '2020-03-03T23:30:00+08:00',
          firstAt: '2020-03-03T08:00:00Z',
        },
        { index: { _index: svc.rt.names.intentionPairs, _id: 'p2' } },
        {
          pairKey: 'p2',
          twoSided: true,
          twoSidedAt: '2020-03-03T17:00:00Z',
          firstAt: '2020-03-03T08:00:00Z',
        },
        { index: { _index: svc.rt.names.intentionPairs, _id: 'p3' } },
        { pairKey: 'p3', twoSided: false, firstAt: '2020-03-03T08:00:00Z' },
      ],
    });
    // 返岗专车: an arrived trip to 市中区 late Tuesday (Shanghai) with one absent passenger, one to 薛城区 just
    // after midnight Wednesday, and a departed trip that has not arrived (not counted).
    const trip = (id: string, status: string, district: string, passengers: unknown[], updatedAt: string) => [
      { index: { _index: svc.rt.names.convoyTrips, _id: id } },
      { tripId: id, planId: 'plan-1', status, destinationDistrict: district, passengers, updatedAt },
    ];
    await svc.rt.es.bulk({
      refresh: 'wait_for',
      operations: [
        ...trip(
          't1',
          'arrived',
          '370402',
          [
            { workerId: 'w1', townCode: '530602001', firmId: 'k1', arrivedAt: '2020-03-03T23:30:00+08:00' },
            { workerId: 'w2', townCode: '530602001', firmId: 'k1', absent: true },
            { workerId: 'w3', townCode: '530602001', firmId: 'k2', arrivedAt: '2020-03-03T23:30:00+08:00' },
          ],
          '2020-03-03T15:30:00Z',
        ),
        ...trip(
          't2',
          'arrived',
          '370403',
          [{ workerId: 'w4', townCode: '530602001', firmId: 'k3', arrivedAt: '2020-03-03T16:30:00Z' }],
          '2020-03-03T16:30:00Z',
        ),
        ...trip(
          't3',
          'departed',
          '370403',
          [{ workerId: 'w5', townCode: '530602001', firmId: 'k4' }],
          '2020-03-03T10:00:00Z',
        ),
      ],
    });
    await svc.rt.es.indices.refresh({ index: svc.rt.names.monitorReports });
    const res = await svc.call('GET', `/v1/monitor/indicators?from=${MON}&to=${WED}`, {
      key: svc.keys.bureau,
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    ind = res.body;
  });
  after(async () => svc?.close());

  it('per day: due, reported, coverage, 开工率, 到岗率, 空岗率, weighted capacity and the buckets', () => {
    expect(ind.days.map((d: { date: string }) => d.date)).to.deep.equal([MON, TUE, WED]);
    const mon = day(ind, MON).total;
    expect(mon).to.include({
      due: 3,
      reported: 2,
      reportedDue: 2,
      operating: 1,
      employees: 150,
      onPost: 100,
    });
    expect(mon.coverage).to.be.closeTo(2 / 3, 1e-12);
    expect(mon.resumptionRate).to.equal(0.5);
    expect(mon.staffReturnRate).to.be.closeTo(100 / 150, 1e-12);
    expect(mon.vacancyRate).to.be.closeTo(5 / 155, 1e-12);
    expect(mon.capacityUse).to.be.closeTo(8000 / 150, 1e-9);
    expect(mon.buckets).to.deep.equal({ ge90: 1, from50to90: 0, lt50: 1, none: 0 });

    const tue = day(ind, TUE).total;
    expect(tue).to.include({
      due: 3,
      reported: 4,
      reportedDue: 3,
      operating: 4,
      employees: 390,
      onPost: 265,
    });
    expect(tue.coverage).to.equal(1);
    expect(tue.resumptionRate).to.equal(1);
    expect(tue.staffReturnRate).to.be.closeTo(265 / 390, 1e-12);
    expect(tue.vacancyRate).to.be.closeTo(42 / 432, 1e-12);
    expect(tue.capacityUse).to.be.closeTo(22900 / 390, 1e-9);
    expect(tue.buckets).to.deep.equal({ ge90: 1, from50to90: 3, lt50: 0, none: 0 });

    const wed = day(ind, WED).total;
    // The corrected report counts once, with its second version's 85 on post.
    expect(wed).to.include({ due: 4, reported: 2, reportedDue: 2, operating: 1, employees: 300, onPost: 85 });
    expect(wed.coverage).to.equal(0.5);
    expect(wed.vacancyRate).to.equal(0);
    expect(wed.capacityUse).to.be.closeTo(7000 / 300, 1e-9);
    expect(wed.buckets).to.deep.equal({ ge90: 0, from50to90: 1, lt50: 1, none: 0 });
  });

  it('the change from the day before, and the 7-day trend pooled over the week ending the day', () => {
    const mon = day(ind, MON).total;
    expect(mon.change.resumptionRate, 'Sunday had no reports').to.equal(null);
    const wed = day(ind, WED).total;
    expect(wed.change.resumptionRate).to.equal(-0.5);
    expect(wed.change.coverage).to.equal(-0.5);
    expect(wed.change.staffReturnRate).to.be.closeTo(85 / 300 - 265 / 390, 1e-12);
    expect(wed.trend7.coverage).to.be.closeTo(7 / 10, 1e-12);
    expect(wed.trend7.resumptionRate).to.be.closeTo(6 / 8, 1e-12);
    expect(wed.trend7.staffReturnRate).to.be.closeTo(450 / 840, 1e-12);
    expect(wed.trend7.vacancyRate).to.be.closeTo(47 / 887, 1e-12);
    expect(wed.trend7.capacityUse).to.be.closeTo(37900 / 840, 1e-9);
  });

  it("the day's preliminary employment intentions, by the day in Asia/Shanghai", () => {
    expect(ind.days.map((d: { preliminaryIntentions: number }) => d.preliminaryIntentions)).to.deep.equal([
      0, 1, 1,
    ]);
  });

  it('返岗专车 arrivals by the day in Asia/Shanghai, absent passengers and unarrived trips left out', async () => {
    expect(ind.days.map((d: { convoyArrivals: number }) => d.convoyArrivals)).to.deep.equal([0, 2, 1]);
    const byDistrict = await svc.call('GET', `/v1/monitor/indicators?from=${MON}&to=${WED}&by=district`, {
      key: svc.keys.bureau,
    });
    expect(byDistrict.status).to.equal(200);
    const arrivals = (date: string) =>
      day(byDistrict.body, date).groups.map((g: { key: string; convoyArrivals: number }) => [
        g.key,
        g.convoyArrivals,
      ]);
    expect(arrivals(TUE)).to.deep.equal([
      ['370402', 2],
      ['370403', 0],
    ]);
    expect(arrivals(WED)).to.deep.equal([
      ['370402', 0],
      ['370403', 1],
    ]);
  });

  it('grouped by district, industry and key enterprise: due and coverage follow each group', async () => {
    const byDistrict = await svc.call('GET', `/v1/monitor/indicators?from=${MON}&to=${WED}&by=district`, {
      key: svc.keys.bureau,
    });
    expect(byDistrict.status).to.equal(200);
    const tue = day(byDistrict.body, TUE);
    expect(tue.groups.map((g: { key: string }) => g.key)).to.deep.equal(['370402', '370403']);
    const shizhong = group(tue, '370402');
    expect(shizhong).to.include({
      name: '市中区',
      due: 1,
      reported: 2,
      reportedDue: 1,
      coverage: 1,
      operating: 2,
    });
    expect(shizhong).to.include({ employees: 150, onPost: 125, openPositions: 12 });
    const xuecheng = group(tue, '370403');
    expect(xuecheng).to.include({
      name: '薛城区',
      due: 2,
      reported: 2,
      coverage: 1,
      employees: 240,
      onPost: 140,
    });
    expect(xuecheng.buckets).to.deep.equal({ ge90: 0, from50to90: 2, lt50: 0, none: 0 });

    const byKey = await svc.call('GET', `/v1/monitor/indicators?from=${WED}&to=${WED}&by=keyEnterprise`, {
      key: svc.keys.bureau,
    });
    const wed = day(byKey.body, WED);
    expect(group(wed, 'true')).to.include({ due: 2, reported: 2, operating: 1, employees: 300, onPost: 85 });
    const others = group(wed, 'false');
    expect(others).to.include({
      due: 2,
      reported: 0,
      coverage: 0,
      resumptionRate: null,
      staffReturnRate: null,
    });

    const byIndustry = await svc.call('GET', `/v1/monitor/indicators?from=${MON}&to=${MON}&by=industry`, {
      key: svc.keys.bureau,
    });
    const mon = day(byIndustry.body, MON);
    expect(group(mon, 'manufacturing')).to.include({ due: 1, reported: 1, coverage: 1 });
    expect(group(mon, 'textiles')).to.include({ due: 2, reported: 1, coverage: 0.5 });
  });

  it('refuses a range that is backwards or too long, and any key but the bureau', async () => {
    const back = await svc.call('GET', `/v1/monitor/indicators?from=${WED}&to=${MON}`, {
      key: svc.keys.bureau,
    });
    expect(back.status).to.equal(400);
    expect(back.body.error.details.issues[0].path).to.equal('to');
    const long = await svc.call('GET', '/v1/monitor/indicators?from=2019-01-01&to=2020-03-04', {
      key: svc.keys.bureau,
    });
    expect(long.status).to.equal(400);
    const employer = await svc.call('GET', `/v1/monitor/indicators?from=${MON}&to=${WED}`, {
      key: svc.keys.employerA,
    });
    expect(employer.status).to.equal(403);
  });

  it('the follow-up list: due firms that did not report, with their contact for the bureau, and firms under thresholds', async () => {
    const wed = await svc.call('GET', `/v1/monitor/follow-up?date=${WED}`, { key: svc.keys.bureau });
    expect(wed.status, JSON.stringify(wed.body)).to.equal(200);
    expect(wed.body.missing.total).to.equal(2);
    expect(wed.body.missing.items.map((f: { firmId: string }) => f.firmId)).to.deep.equal(['k2', 'k4']);
    expect(wed.body.missing.items[0].contact).to.deep.equal({ person: '李经理', phone: '13800000002' });
    // k3 (key enterprise, nobody on post) is under the 80 % threshold; k1 (85 %) is not.
    expect(wed.body.underThreshold.items.map((f: { firmId: string }) => f.firmId)).to.deep.equal(['k3']);
    expect(wed.body.underThreshold.items[0].reasons).to.deep.equal([
      { rule: 'key_enterprise_on_post_rate', value: 0, threshold: 0.8 },
    ]);

    const tue = await svc.call('GET', `/v1/monitor/follow-up?date=${TUE}`, { key: svc.keys.bureau });
    expect(tue.body.missing.total).to.equal(0);
    const under = Object.fromEntries(
      tue.body.underThreshold.items.map((f: { firmId: string; reasons: Array<{ rule: string }> }) => [
        f.firmId,
        f.reasons.map((r) => r.rule),
      ]),
    );
    expect(under).to.deep.equal({
      k1: ['open_positions'],
      k2: ['open_positions'],
      k3: ['key_enterprise_on_post_rate', 'open_positions'],
    });
    const k3 = tue.body.underThreshold.items.find((f: { firmId: string }) => f.firmId === 'k3');
    expect(k3.figures).to.include({ employees: 200, onPost: 120, openPositions: 30, staffReturnRate: 0.6 });

    // Contacts are the bureau's: an employer key gets no list at all.
    const employer = await svc.call('GET', `/v1/monitor/follow-up?date=${WED}`, { key: svc.keys.employerA });
    expect(employer.status).to.equal(403);
    expect(JSON.stringify(employer.body)).to.not.include('1380000');
  });
});
