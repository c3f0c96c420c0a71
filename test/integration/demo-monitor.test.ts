import {
  DEMO_DEFAULTS,
  demoMonitoredFirms,
  demoMonitorReports,
  MONITOR_DEMO_DEFAULTS,
  type MonitorReport,
} from '@fugong/demo';
import { createStores } from '@fugong/stores';
import { expect } from 'chai';
import { loadDemoMonitoring } from '../../scripts/load-demo.ts';
import type { TestService } from './helpers.ts';
import { startMonitor } from './monitor-helpers.ts';

/**
 * The demo's monitoring as load-demo stores it, read back through the monitor's own routes: the figures the
 * bureau would see equal those recomputed from the generated reports, the campaign has its 2020 shape, late
 * corrections are second versions in the history, and a second load changes nothing.
 */
describe('demo monitoring loaded through the monitor (load-demo)', () => {
  let svc: TestService;
  const demo = { ...DEMO_DEFAULTS, baseDate: '2026-11-27' };
  const m = { ...MONITOR_DEMO_DEFAULTS, baseDate: demo.baseDate };
  const firms = demoMonitoredFirms(m, demo);
  const generated = [...demoMonitorReports(m, demo)];
  const current = new Map<string, MonitorReport>();
  for (const r of generated) current.set(`${r.firmId}:${r.date}`, r);
  const from = firms[0]!.input.startDate;
  let loaded: Awaited<ReturnType<typeof loadDemoMonitoring>>;

  before(async function () {
    this.timeout(180_000);
    svc = await startMonitor();
    loaded = await loadDemoMonitoring(svc.rt, demo);
  });
  after(async () => svc?.close());

  it('writes every firm-day once and every correction as a second version', () => {
    expect(loaded.skipped).to.equal(false);
    expect(loaded.firms).to.equal(108);
    expect(loaded.reports).to.deep.equal({
      created: current.size,
      updated: generated.length - current.size,
      unchanged: 0,
    });
    expect(generated.length - current.size, 'some corrections').to.be.greaterThan(0);
  });

  it('the indicators equal the generated reports, day by day, with the 2020 shape', async () => {
    const res = await svc.call('GET', `/v1/monitor/indicators?from=${from}&to=${demo.baseDate}`, {
      key: svc.keys.bureau,
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
    const days = res.body.days as Array<{
      date: string;
      total: Record<
        'due' | 'reported' | 'reportedDue' | 'operating' | 'onPost' | 'employees' | 'openPositions',
        number
      >;
    }>;
    expect(days).to.have.length(m.days);
    const byDay = new Map<string, MonitorReport[]>();
    for (const r of current.values()) byDay.set(r.date, [...(byDay.get(r.date) ?? []), r]);
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay() || 7;
    for (const d of days) {
      const rs = byDay.get(d.date) ?? [];
      const due = firms.filter(
        (f) => f.input.frequency === 'daily' || f.input.frequency.weekdays.includes(weekday(d.date)),
      ).length;
      expect(d.total.due, `${d.date} due`).to.equal(due);
      expect(d.total.reported, `${d.date} reported`).to.equal(rs.length);
      expect(d.total.operating, d.date).to.equal(rs.filter((r) => r.input.status !== 'not_operating').length);
      expect(d.total.onPost, d.date).to.equal(rs.reduce((s, r) => s + r.input.onPost, 0));
      expect(d.total.employees, d.date).to.equal(rs.reduce((s, r) => s + r.input.employees, 0));
      expect(d.total.openPositions, d.date).to.equal(rs.reduce((s, r) => s + r.input.openPositions, 0));
    }
    const pooled = (ds: typeof days) =>
      ds.reduce((s, d) => s + d.total.operating, 0) / ds.reduce((s, d) => s + d.total.reported, 0);
    expect(pooled(days.slice(0, 7)), '开工率, first week').to.be.below(0.55);
    expect(pooled(days.slice(-7)), '开工率, last week').to.be.above(0.85);
    const coverage = (ds: typeof days) =>
      ds.reduce((s, d) => s + d.total.reportedDue, 0) / ds.reduce((s, d) => s + d.total.due, 0);
    expect(coverage(days.slice(0, 7)), 'gaps early').to.be.below(coverage(days.slice(-7)));
  });

  it("the follow-up list names the last day's missing firms", async () => {
    const res = await svc.call('GET', `/v1/monitor/follow-up?date=${demo.baseDate}`, {
      key: svc.keys.bureau,
    });
    expect(res.status).to.equal(200);
    const weekday = new Date(`${demo.baseDate}T00:00:00Z`).getUTCDay() || 7;
    const missing = firms
      .filter((f) => f.input.frequency === 'daily' || f.input.frequency.weekdays.includes(weekday))
      .filter((f) => !current.has(`${f.id}:${demo.baseDate}`))
      .map((f) => f.id);
    expect(res.body.missing.total).to.equal(missing.length);
    expect(res.body.missing.items.map((i: { firmId: string }) => i.firmId).sort()).to.deep.equal(
      missing.sort(),
    );
  });

  it('a late correction is the second version in the history, recorded as the bureau by phone', async () => {
    const fixed = generated.find((r) => r.version === 2)!;
    const res = await svc.call('GET', `/v1/monitor/reports/${fixed.firmId}/${fixed.date}/history`, {
      key: svc.keys.bureau,
    });
    expect(res.status).to.equal(200);
    expect(res.body.versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
    expect(res.body.versions[1].recordedBy.source).to.equal('bureau_phone');
    expect(res.body.versions[1].changed).to.include('note');
  });

  it('a second load skips; the reports are as they were', async () => {
    const before = await createStores(svc.rt).monitor.countReports();
    const again = await loadDemoMonitoring(svc.rt, demo);
    expect(again.skipped).to.equal(true);
    expect(await createStores(svc.rt).monitor.countReports()).to.equal(before);
    expect(before).to.equal(current.size);
  });
});
