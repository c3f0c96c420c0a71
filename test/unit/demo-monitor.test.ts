import {
  DEMO_DEFAULTS,
  demoFirm,
  demoMonitoredFirms,
  demoMonitorReports,
  firmId,
  INDUSTRIES,
  MONITOR_DEMO_DEFAULTS,
  type MonitorReport,
  monitorCampaign,
  ZAOZHUANG_DISTRICTS,
} from '@fugong/demo';
import { FirmInput, MonitoredFirmInput, ReportInput, reportProblems } from '@fugong/schemas';
import { expect } from 'chai';

const o = { ...MONITOR_DEMO_DEFAULTS, baseDate: '2026-11-27' };
const firms = demoMonitoredFirms(o);
const reports = [...demoMonitorReports(o)];

const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
const days = Array.from({ length: o.days }, (_, d) => addDays(o.baseDate, d - (o.days - 1)));
const dueOn = (f: (typeof firms)[number], date: string) =>
  f.input.frequency === 'daily' || f.input.frequency.weekdays.includes(weekday(date));

/** The report in force for each firm and day: the last version. */
function latest(rs: MonitorReport[]): Map<string, MonitorReport> {
  const m = new Map<string, MonitorReport>();
  for (const r of rs) {
    const k = `${r.firmId}|${r.date}`;
    const prev = m.get(k);
    if (!prev || r.version > prev.version) m.set(k, r);
  }
  return m;
}
const current = [...latest(reports).values()];
const inWeek = (w: 'first' | 'last') => {
  const range = w === 'first' ? days.slice(0, 7) : days.slice(-7);
  return current.filter((r) => range.includes(r.date));
};
/** 开工率 over a set of reports: operating or partly ÷ reported. */
const resumption = (rs: MonitorReport[]) =>
  rs.filter((r) => r.input.status !== 'not_operating').length / rs.length;
/** 到岗率: Σ on post ÷ Σ employees. */
const onPostRate = (rs: MonitorReport[]) =>
  rs.reduce((s, r) => s + r.input.onPost, 0) / rs.reduce((s, r) => s + r.input.employees, 0);

describe('demo monitoring data', () => {
  it('is deterministic: the same seed gives the same firms and reports, another seed others', () => {
    expect(demoMonitoredFirms(o)).to.deep.equal(firms);
    expect([...demoMonitorReports(o)]).to.deep.equal(reports);
    expect([...demoMonitorReports({ ...o, seed: 1 })]).to.not.deep.equal(reports);
  });

  it('monitors 108 of the demo firms, the 21 key enterprises among them, reporting daily', () => {
    expect(firms).to.have.length(108);
    expect(new Set(firms.map((f) => f.id)).size).to.equal(108);
    const demo = new Map(
      Array.from({ length: DEMO_DEFAULTS.firms }, (_, i) => demoFirm(DEMO_DEFAULTS, i)).map((f) => [
        f.id,
        f.input,
      ]),
    );
    for (const f of firms) {
      MonitoredFirmInput.parse(f.input);
      FirmInput.parse(f.firm);
      expect(demo.get(f.id), `${f.id} is a demo firm, registered as load-demo stores it`).to.deep.equal(
        f.firm,
      );
      expect(f.input.startDate).to.equal(days[0]);
      expect(f.keyEnterprise).to.equal(Boolean(f.firm.keyEnterprise));
    }
    const keys = firms.filter((f) => f.keyEnterprise);
    expect(keys.map((f) => f.id)).to.deep.equal(Array.from({ length: 21 }, (_, i) => firmId(i)));
    for (const f of keys) expect(f.input.frequency).to.equal('daily');
    const mwf = firms.filter((f) => f.input.frequency !== 'daily');
    expect(mwf.length, 'most others report Monday, Wednesday, Friday').to.be.greaterThan(60);
    for (const f of mwf) expect(f.input.frequency).to.deep.equal({ weekdays: [1, 3, 5] });
  });

  it('every report and correction is valid input, already in its parsed form, in the window', () => {
    const end = Date.parse(`${addDays(o.baseDate, 1)}T00:00:00+08:00`);
    for (const r of reports) {
      const parsed = ReportInput.parse(r.input);
      expect(parsed, `${r.firmId} ${r.date}`).to.deep.equal(r.input);
      expect(reportProblems(parsed), `${r.firmId} ${r.date}`).to.deep.equal([]);
      expect(days).to.include(r.date);
      const at = Date.parse(r.recordedAt);
      expect(at, 'entered on its day or later').to.be.at.least(Date.parse(`${r.date}T00:00:00+08:00`));
      expect(at, 'never after the last day').to.be.below(end);
    }
  });

  it('reports only on the days a firm is due; a correction is a later second version of a due day', () => {
    const byId = new Map(firms.map((f) => [f.id, f]));
    const seen = new Map<string, MonitorReport>();
    let corrections = 0;
    for (const r of reports) {
      const f = byId.get(r.firmId);
      expect(f, r.firmId).to.not.equal(undefined);
      expect(dueOn(f!, r.date), `${r.firmId} is not due on ${r.date}`).to.equal(true);
      const k = `${r.firmId}|${r.date}`;
      const first = seen.get(k);
      if (r.version === 1) {
        expect(first, `one first version for ${k}`).to.equal(undefined);
        seen.set(k, r);
      } else {
        corrections++;
        expect(r.version).to.equal(2);
        expect(first, `the correction of ${k} follows its first version`).to.not.equal(undefined);
        expect(Date.parse(r.recordedAt)).to.be.greaterThan(Date.parse(first!.recordedAt));
        expect(r.input).to.not.deep.equal(first!.input);
      }
    }
    expect(corrections, 'a few late corrections').to.be.within(10, reports.length * 0.05);
    const tuesdays = reports.filter((r) => weekday(r.date) === 2).map((r) => byId.get(r.firmId)!);
    expect(tuesdays.length).to.be.greaterThan(0);
    expect(tuesdays.every((f) => f.input.frequency === 'daily')).to.equal(true);
  });

  it('has gaps: some due reports missing, more at the start than at the end', () => {
    const missingShare = (range: string[]) => {
      let due = 0;
      let missing = 0;
      const have = latest(reports);
      for (const date of range)
        for (const f of firms) {
          if (!dueOn(f, date)) continue;
          due++;
          if (!have.has(`${f.id}|${date}`)) missing++;
        }
      return missing / due;
    };
    const early = missingShare(days.slice(0, 14));
    const late = missingShare(days.slice(-14));
    expect(late, 'gaps at the end too').to.be.greaterThan(0);
    expect(early, 'more gaps at the start').to.be.greaterThan(late * 2);
  });

  it('is shaped like February–March 2020: 开工率 and 到岗率 rise, open positions and difficulties fade', () => {
    const first = inWeek('first');
    const last = inWeek('last');
    expect(resumption(first), '开工率 in the first week').to.be.below(0.55);
    expect(resumption(last), '开工率 in the last week').to.be.above(0.85);
    expect(onPostRate(first), '到岗率 in the first week').to.be.below(0.55);
    expect(onPostRate(last), '到岗率 in the last week').to.be.above(0.85);
    const openRate = (rs: MonitorReport[]) =>
      rs.reduce((s, r) => s + r.input.openPositions, 0) /
      rs.reduce((s, r) => s + r.input.employees + r.input.openPositions, 0);
    expect(openRate(first)).to.be.greaterThan(openRate(last) * 1.5);
    const perReport = (rs: MonitorReport[], f: (r: MonitorReport) => number) =>
      rs.reduce((s, r) => s + f(r), 0) / rs.length;
    const difficulties = (r: MonitorReport) => r.input.difficulties.length;
    const needs = (r: MonitorReport) => r.input.policyNeeds.length + r.input.hiringNeeds.length;
    expect(perReport(first, difficulties)).to.be.greaterThan(perReport(last, difficulties) * 2);
    expect(perReport(first, needs)).to.be.greaterThan(perReport(last, needs));
    // Spread between firms: in the middle of the campaign some firms are nearly full, others far from it.
    const mid = current.filter((r) => r.date === days[30] && r.input.status !== 'not_operating');
    const rates = mid.map((r) => r.input.onPost / r.input.employees);
    expect(Math.max(...rates) - Math.min(...rates)).to.be.greaterThan(0.3);
    // Employees stay the same per firm.
    const staff = new Map<string, Set<number>>();
    for (const r of current) staff.set(r.firmId, (staff.get(r.firmId) ?? new Set()).add(r.input.employees));
    for (const [id, s] of staff) expect(s.size, id).to.equal(1);
  });

  it('hiring needs name the demo trades and add up to the open positions; the optional figures appear', () => {
    const trades = new Set(INDUSTRIES.flatMap((i) => i.jobs.map((j) => j.title)));
    for (const r of current) {
      const sum = r.input.hiringNeeds.reduce((s, h) => s + h.headcount, 0);
      expect(sum, `${r.firmId} ${r.date}`).to.equal(r.input.openPositions);
      for (const h of [...r.input.hiringNeeds, ...r.input.trainingNeeds])
        expect(trades.has(h.occupation), h.occupation).to.equal(true);
    }
    expect(current.some((r) => (r.input.returnedFromOutside ?? 0) > 0)).to.equal(true);
    expect(current.some((r) => (r.input.unableToReturn ?? 0) > 0)).to.equal(true);
    expect(current.some((r) => r.input.returnedFromOutside === undefined)).to.equal(true);
    expect(current.some((r) => r.input.trainingNeeds.length > 0)).to.equal(true);
    expect(new Set(current.map((r) => r.source))).to.deep.equal(
      new Set(['firm', 'bureau_phone', 'bureau_upload']),
    );
  });

  it('ends at the base date, which defaults to today', () => {
    expect(days.at(-1)).to.equal(o.baseDate);
    expect(reports.some((r) => r.date === o.baseDate)).to.equal(true);
    expect(MONITOR_DEMO_DEFAULTS.baseDate, 'the same day as the rest of the demo').to.equal(
      DEMO_DEFAULTS.baseDate,
    );
    expect(DEMO_DEFAULTS.baseDate).to.match(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('monitorCampaign (the bench form)', () => {
  it('streams N firms × D days across the districts and industries, every report valid', () => {
    const c = monitorCampaign({ firms: 400, days: 14, seed: 5, baseDate: '2026-11-27', gaps: false });
    const stream = c.reports();
    expect(Array.isArray(stream), 'a generator, not an array').to.equal(false);
    const all = [...stream];
    const firstVersions = all.filter((r) => r.version === 1);
    expect(firstVersions, 'every firm every day without gaps').to.have.length(400 * 14);
    for (const r of all) expect(reportProblems(ReportInput.parse(r.input))).to.deep.equal([]);
    const cf = [...c.firms()];
    expect(new Set(cf.map((f) => f.id)).size).to.equal(400);
    expect(new Set(cf.map((f) => f.firm.place.district))).to.deep.equal(
      new Set(ZAOZHUANG_DISTRICTS.map(([d]) => d)),
    );
    expect(new Set(cf.map((f) => f.firm.industry)).size).to.be.at.least(9);
    expect(cf.filter((f) => f.keyEnterprise)).to.have.length(21);
    expect(new Set(cf.map((f) => f.firm.creditCode)).size, 'credit codes distinct').to.equal(400);
    expect(c.firm(17)).to.deep.equal(cf[17]);
  });

  it('has gaps by default and is deterministic', () => {
    const opts = { firms: 200, days: 10, seed: 9, baseDate: '2026-11-27' };
    const a = [...monitorCampaign(opts).reports()];
    expect(a.filter((r) => r.version === 1).length).to.be.below(200 * 10);
    expect([...monitorCampaign(opts).reports()]).to.deep.equal(a);
  });
});
