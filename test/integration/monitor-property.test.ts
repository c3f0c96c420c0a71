import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { at, registerTestFirms, report, startMonitor, type TestFirm } from './monitor-helpers.ts';

/*
 * Property: for random firms, schedules and reports (corrections, identical resubmissions and a re-marked
 * schedule included; fixed seed), every figure of the indicators endpoint, in total and by each grouping,
 * equals a brute-force recomputation in TypeScript from the stored reports and monitored firms. The due rule
 * and every formula are restated here independently of the service's code.
 */

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FROM = '2020-03-01';
const TO = '2020-03-14';
const plus = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;

interface Schedule {
  weekdays: number[];
  startDate: string;
  endDate?: string;
}

describe('monitor: every indicator equals a brute-force recomputation (random reports, fixed seed)', () => {
  let svc: TestService;
  const random = rng(20200302);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  before(async () => {
    svc = await startMonitor({ now: at(TO) });
  });
  after(async () => svc?.close());

  it('holds for totals and for every grouping over two weeks', async () => {
    const districts = [
      { code: '370402', name: '市中区' },
      { code: '370403', name: '薛城区' },
      { code: '370404', name: '峄城区' },
    ];
    const firms: TestFirm[] = Array.from({ length: 14 }, (_, i) => ({
      id: `p${i}`,
      ...(random() < 0.9 ? { district: pick(districts) } : {}),
      ...(random() < 0.8 ? { industry: pick(['manufacturing', 'textiles', 'logistics']) } : {}),
      ...(random() < 0.7 ? { size: pick(['small', 'medium', 'large']) } : {}),
      key: random() < 0.4,
    }));
    await registerTestFirms(svc, firms);
    const schedules = new Map<string, Schedule>();
    const mark = async (firmId: string) => {
      const daily = random() < 0.5;
      const weekdays = daily ? [1, 2, 3, 4, 5, 6, 7] : [...new Set([int(1, 7), int(1, 7), int(1, 7)])];
      const startDate = plus(FROM, int(-3, 6));
      const endDate = random() < 0.3 ? plus(startDate, int(2, 12)) : undefined;
      const res = await svc.call('PUT', `/v1/monitor/firms/${firmId}`, {
        key: svc.keys.bureau,
        body: {
          frequency: daily ? 'daily' : { weekdays },
          startDate,
          ...(endDate ? { endDate } : {}),
        },
      });
      expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
      schedules.set(firmId, { weekdays: [...weekdays].sort(), startDate, ...(endDate ? { endDate } : {}) });
    };
    for (const f of firms) await mark(f.id);

    const randomReport = () => {
      const employees = random() < 0.05 ? 0 : int(1, 400);
      const onPost = int(0, employees);
      const status = pick(['operating', 'partly', 'not_operating'] as const);
      return report({
        status,
        capacityPct: status === 'not_operating' ? 0 : int(0, 1000) / 10,
        employees,
        onPost,
        openPositions: random() < 0.5 ? 0 : int(0, 60),
      });
    };
    let written = 0;
    for (const f of firms) {
      const s = schedules.get(f.id)!;
      for (let d = s.startDate; d <= TO && (!s.endDate || d <= s.endDate); d = plus(d, 1)) {
        if (random() < 0.3) continue; // a gap in reporting
        const body = randomReport();
        const put = (b: unknown) =>
          svc.call('PUT', `/v1/monitor/reports/${f.id}/${d}`, { key: svc.keys.bureau, body: b });
        const first = await put(body);
        expect(first.status, JSON.stringify(first.body)).to.be.oneOf([200, 201]);
        written++;
        if (random() < 0.2) expect((await put(body)).body.result).to.equal('unchanged');
        if (random() < 0.25) expect((await put(randomReport())).status).to.equal(200); // a correction
      }
    }
    expect(written).to.be.greaterThan(50);
    // A few firms are re-marked afterwards: which of their stored reports were due changes with them.
    for (const f of firms.slice(0, 3)) {
      const before = schedules.get(f.id)!;
      await mark(f.id);
      // Keep every stored report inside the new period, so the brute force sees the same set of reports.
      const s = schedules.get(f.id)!;
      s.startDate = [before.startDate, s.startDate].sort()[0]!;
      delete s.endDate;
      const res = await svc.call('PUT', `/v1/monitor/firms/${f.id}`, {
        key: svc.keys.bureau,
        body: {
          frequency: s.weekdays.length === 7 ? 'daily' : { weekdays: s.weekdays },
          startDate: s.startDate,
        },
      });
      expect(res.status).to.equal(200);
    }
    await svc.rt.es.indices.refresh({ index: svc.rt.names.monitorReports });

    // The stored reports, read back in full (the endpoint aggregates; this reads every document).
    const stored = await svc.rt.es.search<Record<string, any>>({
      index: svc.rt.names.monitorReports,
      size: 10_000,
      query: { match_all: {} },
    });
    const reports = stored.hits.hits.map((h) => h._source!);
    const firmOf = new Map(firms.map((f) => [f.id, f]));
    const dims = {
      district: (f: TestFirm) => f.district?.code ?? '(none)',
      industry: (f: TestFirm) => f.industry ?? '(none)',
      size: (f: TestFirm) => f.size ?? '(none)',
      keyEnterprise: (f: TestFirm) => String(Boolean(f.key)),
    } as const;
    const isDue = (s: Schedule, d: string) =>
      d >= s.startDate && (!s.endDate || d <= s.endDate) && s.weekdays.includes(weekday(d));
    const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

    const sums = (d: string, inGroup: (f: TestFirm) => boolean) => {
      const rs = reports.filter((r) => r.date === d && inGroup(firmOf.get(r.firmId)!));
      const sum = (k: string) => rs.reduce((a, r) => a + r[k], 0);
      return {
        due: firms.filter((f) => inGroup(f) && isDue(schedules.get(f.id)!, d)).length,
        reported: rs.length,
        reportedDue: rs.filter((r) => isDue(schedules.get(r.firmId)!, d)).length,
        operating: rs.filter((r) => r.status !== 'not_operating').length,
        employees: sum('employees'),
        onPost: sum('onPost'),
        openPositions: sum('openPositions'),
        capacity: rs.reduce((a, r) => a + r.capacityPct * r.employees, 0),
        buckets: {
          ge90: rs.filter((r) => r.employees > 0 && r.onPost / r.employees >= 0.9).length,
          from50to90: rs.filter(
            (r) => r.employees > 0 && r.onPost / r.employees >= 0.5 && r.onPost / r.employees < 0.9,
          ).length,
          lt50: rs.filter((r) => r.employees > 0 && r.onPost / r.employees < 0.5).length,
          none: rs.filter((r) => r.employees === 0).length,
        },
      };
    };
    type Sums = ReturnType<typeof sums>;
    const rates = (s: Omit<Sums, 'buckets'>) => ({
      coverage: ratio(s.reportedDue, s.due),
      resumptionRate: ratio(s.operating, s.reported),
      staffReturnRate: ratio(s.onPost, s.employees),
      vacancyRate: ratio(s.openPositions, s.employees + s.openPositions),
      capacityUse: ratio(s.capacity, s.employees),
    });
    const expectRate = (actual: number | null, expected: number | null, what: string) => {
      if (expected === null) expect(actual, what).to.equal(null);
      else expect(actual, what).to.be.a('number').and.closeTo(expected, 1e-9);
    };
    const check = (got: any, d: string, inGroup: (f: TestFirm) => boolean, what: string) => {
      const s = sums(d, inGroup);
      for (const k of [
        'due',
        'reported',
        'reportedDue',
        'operating',
        'employees',
        'onPost',
        'openPositions',
      ] as const)
        expect(got[k], `${what} ${k}`).to.equal(s[k]);
      expect(got.buckets, `${what} buckets`).to.deep.equal(s.buckets);
      const r = rates(s);
      for (const [k, v] of Object.entries(r)) expectRate(got[k], v, `${what} ${k}`);
      const prev = rates(sums(plus(d, -1), inGroup));
      for (const [k, v] of Object.entries(r)) {
        const p = prev[k as keyof typeof prev];
        expectRate(got.change[k], v === null || p === null ? null : v - p, `${what} change.${k}`);
      }
      const week = sums(d, inGroup);
      for (let i = 1; i < 7; i++) {
        const b = sums(plus(d, -i), inGroup);
        week.due += b.due;
        week.reported += b.reported;
        week.reportedDue += b.reportedDue;
        week.operating += b.operating;
        week.employees += b.employees;
        week.onPost += b.onPost;
        week.openPositions += b.openPositions;
        week.capacity += b.capacity;
      }
      for (const [k, v] of Object.entries(rates(week))) expectRate(got.trend7[k], v, `${what} trend7.${k}`);
    };

    const all = await svc.call('GET', `/v1/monitor/indicators?from=${FROM}&to=${TO}`, {
      key: svc.keys.bureau,
    });
    expect(all.status, JSON.stringify(all.body)).to.equal(200);
    expect(all.body.days).to.have.length(14);
    let nonEmptyDays = 0;
    for (const day of all.body.days) {
      check(day.total, day.date, () => true, `${day.date} total`);
      if (day.total.reported > 0) nonEmptyDays++;
    }
    expect(nonEmptyDays).to.be.greaterThan(7);
    for (const by of Object.keys(dims) as Array<keyof typeof dims>) {
      const res = await svc.call('GET', `/v1/monitor/indicators?from=${FROM}&to=${TO}&by=${by}`, {
        key: svc.keys.bureau,
      });
      expect(res.status).to.equal(200);
      const keyOf = dims[by];
      for (const day of res.body.days) {
        // Every group with a report or a firm due in the range is listed, and no other.
        const expectedKeys = [
          ...new Set(
            firms
              .filter(
                (f) =>
                  reports.some((r) => r.firmId === f.id && r.date >= FROM && r.date <= TO) ||
                  Array.from({ length: 14 }, (_, i) => plus(FROM, i)).some((d) =>
                    isDue(schedules.get(f.id)!, d),
                  ),
              )
              .map(keyOf),
          ),
        ].sort();
        expect(
          day.groups.map((g: { key: string }) => g.key),
          `${by} keys`,
        ).to.deep.equal(expectedKeys);
        for (const g of day.groups)
          check(g, day.date, (f) => keyOf(f) === g.key, `${day.date} ${by}=${g.key}`);
      }
    }
  });
});
