/**
 * Resumption-monitoring demo data (复工监测, issue #11): which firms the bureau monitors and their daily
 * reports over a window of days, shaped like Zaozhuang in February–March 2020 — the share of reporting firms
 * operating rising from about 40 % to about 95 %, staff coming back, open positions and difficulties fading,
 * and reporting that starts patchy.
 *
 * Two forms over one model: {@link demoMonitoredFirms} / {@link demoMonitorReports}, the demo campaign's 108
 * monitored firms (its 21 key enterprises and 87 of its other firms, as in the seed's survey), and
 * {@link monitorCampaign}, N synthetic firms for the bench, whose reports stream so 900,000 of them never sit
 * in memory at once.
 *
 * Each firm gets a day it resumes work. The days are spread so that, on day d, the firms already resumed are
 * the share `resumptionCurve(d)` of all: firm k's quantile is a low-discrepancy (golden-ratio) sequence, so
 * 108 firms follow the curve closely instead of wandering with the dice. From that day its staff come back
 * over a ramp of days and its open positions, difficulties and policy needs fade. Everything is derived from
 * (seed, firm, day), so any report can be regenerated alone and the same seed gives the same data everywhere.
 */
import type {
  Difficulty,
  FirmInput,
  MonitoredFirmInput,
  OperatingStatus,
  PolicyNeed,
  ReportInput,
  ReportSource,
} from '@fugong/schemas';
import { INDUSTRIES, type Industry } from './catalog.ts';
import { DEMO_DEFAULTS, type DemoOptions, demoFirm } from './generate.ts';
import { itemRandom, type Random } from './random.ts';

/** How much monitoring data to make. */
export interface MonitorOptions {
  seed: number;
  /** Monitored firms. */
  firms: number;
  /** The first this many monitored firms are key enterprises (reporting daily). */
  keyEnterprises: number;
  /** Days of reports, ending at (and including) `baseDate`. */
  days: number;
  /** The last day of reports (YYYY-MM-DD); default today (UTC, never ahead of the bureau's Asia/Shanghai day). */
  baseDate: string;
  /** Share of the other firms reporting daily; the rest report Monday, Wednesday and Friday as in the seed. */
  dailyShare: number;
  /** Whether some due reports are missing (more at the start). */
  gaps: boolean;
}

/** The demo campaign's monitoring: the seed's 108 firms, 60 days. */
export const MONITOR_DEMO_DEFAULTS: MonitorOptions = {
  seed: DEMO_DEFAULTS.seed,
  firms: 108,
  keyEnterprises: DEMO_DEFAULTS.keyEnterprises,
  days: 60,
  baseDate: DEMO_DEFAULTS.baseDate,
  dailyShare: 0.2,
  gaps: true,
};

/** A monitored firm: its registration (as PUT /v1/firms stores it) and its monitoring (PUT /v1/monitor/firms). */
export interface MonitorFirm {
  id: string;
  firm: FirmInput;
  input: MonitoredFirmInput;
  keyEnterprise: boolean;
}

/** One version of a firm's report for a day, with who entered it and when. */
export interface MonitorReport {
  firmId: string;
  date: string;
  /** 1, or 2 for a late correction (a resubmission that replaces version 1, which stays in history). */
  version: number;
  input: ReportInput;
  source: ReportSource;
  /** When it was entered (ISO instant): on its day or the next, a correction one to three days later. */
  recordedAt: string;
}

/** The share of firms resumed on day `d` of `days`: rising fast then levelling, from 36 % to 96 %. */
export function resumptionCurve(d: number, days: number): number {
  const p = days <= 1 ? 1 : d / (days - 1);
  return CURVE.lo + (CURVE.hi - CURVE.lo) * (1 - (1 - p) ** 2);
}
const CURVE = { lo: 0.36, hi: 0.96 } as const;

/** The demo campaign's monitored firms: firms 0..20 (its key enterprises) and 87 of its other firms. */
export function demoMonitoredFirms(
  o: MonitorOptions = MONITOR_DEMO_DEFAULTS,
  demo: DemoOptions = DEMO_DEFAULTS,
): MonitorFirm[] {
  const c = demoCampaign(o, demo);
  return Array.from({ length: o.firms }, (_, k) => c.firm(k));
}

/** The demo campaign's reports, day by day (a correction follows the version it replaces). */
export function demoMonitorReports(
  o: MonitorOptions = MONITOR_DEMO_DEFAULTS,
  demo: DemoOptions = DEMO_DEFAULTS,
): Generator<MonitorReport> {
  return demoCampaign(o, demo).reports();
}

/** A synthetic campaign for the bench: `firms` firms across the city's districts and industries. */
export interface MonitorCampaign {
  options: MonitorOptions;
  /** Monitored firm k, with its registration. */
  firm(k: number): MonitorFirm;
  firms(): Generator<MonitorFirm>;
  /** All reports, day by day; memory holds one small profile per firm, never the reports. */
  reports(): Generator<MonitorReport>;
}

/** Campaign firm ids: distinct from the demo's `zz-firm-…`, so both can share an index. */
export const monitorCampaignFirmId = (k: number): string => `mc-firm-${String(k + 1).padStart(6, '0')}`;

/**
 * The scalable form: `monitorCampaign({ firms: 10_000, days: 90, seed: 1, baseDate })` has 10,000 firms
 * (key enterprises: one in fifty, at least 21 unless fewer firms) over 90 days. By default every firm reports
 * daily and with gaps; `gaps: false` gives exactly firms × days first versions (plus ~2 % corrections).
 */
export function monitorCampaign(
  opts: Pick<MonitorOptions, 'firms' | 'days'> & Partial<MonitorOptions>,
): MonitorCampaign {
  const o: MonitorOptions = {
    seed: opts.seed ?? MONITOR_DEMO_DEFAULTS.seed,
    firms: opts.firms,
    keyEnterprises: opts.keyEnterprises ?? Math.min(opts.firms, Math.max(21, Math.round(opts.firms / 50))),
    days: opts.days,
    baseDate: opts.baseDate ?? MONITOR_DEMO_DEFAULTS.baseDate,
    dailyShare: opts.dailyShare ?? 1,
    gaps: opts.gaps ?? true,
  };
  const demo: DemoOptions = {
    ...DEMO_DEFAULTS,
    seed: o.seed,
    firms: o.firms,
    keyEnterprises: o.keyEnterprises,
  };
  return campaign(o, (k) => ({ id: monitorCampaignFirmId(k), firm: demoFirm(demo, k).input }));
}

const STREAM = { pick: 11, profile: 12, report: 13 } as const;
/** Days a campaign may span: report streams are indexed firm × 1024 + day. */
const MAX_DAYS = 1000;

function demoCampaign(o: MonitorOptions, demo: DemoOptions): MonitorCampaign {
  const others = demo.firms - demo.keyEnterprises;
  if (o.keyEnterprises > demo.keyEnterprises || o.firms - o.keyEnterprises > others)
    throw new Error(
      `the demo has ${demo.keyEnterprises} key enterprises and ${others} other firms: cannot monitor ${o.keyEnterprises} + ${o.firms - o.keyEnterprises}`,
    );
  // The 87 others: a fixed sample of the demo's non-key firms, in index order.
  const picked = itemRandom(o.seed, STREAM.pick, 0)
    .sample(
      Array.from({ length: others }, (_, j) => demo.keyEnterprises + j),
      o.firms - o.keyEnterprises,
    )
    .sort((a, b) => a - b);
  const index = (k: number) => (k < o.keyEnterprises ? k : picked[k - o.keyEnterprises]!);
  return campaign(o, (k) => {
    const f = demoFirm(demo, index(k));
    return { id: f.id, firm: f.input };
  });
}

/** What stays fixed for a firm over the campaign. */
interface Profile {
  k: number;
  id: string;
  key: boolean;
  small: boolean;
  frequency: MonitoredFirmInput['frequency'];
  employees: number;
  /** Day index it resumes (negative: before the window; Infinity: not within it). */
  resumeDay: number;
  rampDays: number;
  startShare: number;
  endShare: number;
  /** Staff on duty while closed (guards, maintenance). */
  idleShare: number;
  openBase: number;
  outsideShare: number;
  stuckShare: number;
  /** Whether it fills in the optional returned / unable-to-return figures. */
  fillsReturns: boolean;
  trades: string[];
  /** One uniform draw per difficulty and per policy need: each is present while its draw is under its fading probability. */
  difficultyDraw: Record<Difficulty, number>;
  policyDraw: Record<PolicyNeed, number>;
  trainingDraw: number;
}

function campaign(
  o: MonitorOptions,
  registration: (k: number) => { id: string; firm: FirmInput },
): MonitorCampaign {
  if (!Number.isInteger(o.days) || o.days < 1 || o.days > MAX_DAYS)
    throw new Error(`days: 1 to ${MAX_DAYS}, not ${o.days}`);
  if (!Number.isInteger(o.firms) || o.firms < 1) throw new Error(`firms: a positive integer, not ${o.firms}`);
  const start = addDays(o.baseDate, -(o.days - 1));
  const dates = Array.from({ length: o.days }, (_, d) => addDays(start, d));
  const weekdays = dates.map(isoWeekday);
  const profiles: Array<Profile | undefined> = [];

  const firm = (k: number): MonitorFirm => {
    const { id, firm } = registration(k);
    const key = k < o.keyEnterprises;
    const p = profileOf(k);
    return {
      id,
      firm,
      keyEnterprise: key,
      input: {
        frequency: p.frequency,
        startDate: start,
        note: key
          ? '重点企业：每日电话调度'
          : p.frequency === 'daily'
            ? '每日报送'
            : '每周一、三、五报送（108家监测企业）',
      },
    };
  };

  function profileOf(k: number): Profile {
    const cached = profiles[k];
    if (cached) return cached;
    const { id, firm } = registration(k);
    const r = itemRandom(o.seed, STREAM.profile, k);
    const key = k < o.keyEnterprises;
    const size = firm.size ?? 'small';
    const industry: Industry = INDUSTRIES.find((i) => i.name === firm.industry) ?? INDUSTRIES[0]!;
    // Quantiles along the golden-ratio sequence, per group: key enterprises (PPE makers, logistics, food among
    // them) were the first to be helped back, so theirs are squeezed towards the early end.
    const j = key ? k : k - o.keyEnterprises;
    const u0 = frac((key ? 0.5 : 0.25) + j * GOLDEN + (r.next() - 0.5) * 0.02);
    const u = key ? u0 * 0.9 : u0;
    const rampDays = r.int(5, 20);
    const resumeDay =
      u < CURVE.lo
        ? -r.int(1, 7)
        : u >= CURVE.hi
          ? Number.POSITIVE_INFINITY
          : Math.round((1 - Math.sqrt(1 - (u - CURVE.lo) / (CURVE.hi - CURVE.lo))) * (o.days - 1));
    const [minStaff, maxStaff] = key ? [500, 3000] : STAFF[size];
    const frequency: MonitoredFirmInput['frequency'] =
      r.next() < o.dailyShare || key ? 'daily' : { weekdays: [1, 3, 5] };
    const draw = <K extends string>(ks: readonly K[]) =>
      Object.fromEntries(ks.map((x) => [x, r.next()])) as Record<K, number>;
    const p: Profile = {
      k,
      id,
      key,
      small: size === 'micro' || size === 'small',
      frequency,
      employees: r.int(minStaff, maxStaff),
      resumeDay,
      rampDays,
      startShare: 0.2 + r.next() * 0.4,
      endShare: 0.88 + r.next() * 0.12,
      idleShare: r.next() * 0.05,
      openBase: key ? 0.08 + r.next() * 0.17 : 0.02 + r.next() * 0.13,
      outsideShare: 0.05 + r.next() * 0.35,
      stuckShare: 0.1 + r.next() * 0.4,
      fillsReturns: key || r.chance(0.85),
      trades: r.sample(
        industry.jobs.map((x) => x.title),
        r.int(1, 3),
      ),
      difficultyDraw: draw(DIFFICULTIES),
      policyDraw: draw(POLICY_NEEDS),
      trainingDraw: r.next(),
    };
    profiles[k] = p;
    return p;
  }

  /** Firm k's report for day d as first entered, or undefined when it is not due or was not sent. */
  function report(p: Profile, d: number, r: Random): MonitorReport | undefined {
    const date = dates[d]!;
    if (p.frequency !== 'daily' && !p.frequency.weekdays.includes(weekdays[d]!)) return undefined;
    const progress = o.days <= 1 ? 1 : d / (o.days - 1);
    // Gaps: a quarter to a third of due reports missing at the start, a few at the end; fewer for key
    // enterprises, whom the bureau phoned.
    const missing = (p.key ? 0.15 : 0.35) * (1 - progress) ** 2 + (p.key ? 0.02 : 0.04);
    if (r.chance(missing) && o.gaps) return undefined;

    const resumed = d >= p.resumeDay;
    const ramp = resumed ? Math.min(1, (d - p.resumeDay) / p.rampDays) : 0;
    const share = resumed
      ? clamp(p.startShare + (p.endShare - p.startShare) * ramp + (r.next() - 0.5) * 0.06, 0, 1)
      : p.idleShare;
    const status: OperatingStatus = !resumed
      ? 'not_operating'
      : ramp < 0.5 || share < 0.6
        ? 'partly'
        : 'operating';
    const employees = p.employees;
    const onPost = Math.min(employees, Math.floor(employees * share));
    const capacityPct =
      status === 'not_operating'
        ? 0
        : status === 'partly'
          ? Math.round(clamp(share * 70 + (r.next() - 0.5) * 10, 10, 70))
          : Math.round(clamp(share * 100 - 5 + (r.next() - 0.5) * 10, 50, 100));
    // Open positions: highest while a firm restarts, fading as staff return and the campaign goes on.
    const openPositions = Math.round(
      employees *
        p.openBase *
        (resumed ? (1 - 0.8 * ramp) * (1 - 0.5 * progress) : 0.3) *
        (0.85 + r.next() * 0.3),
    );
    const notOnPost = employees - onPost;
    const returns = p.fillsReturns
      ? {
          returnedFromOutside: Math.round(onPost * p.outsideShare * (0.3 + 0.7 * ramp)),
          unableToReturn: Math.round(notOnPost * p.stuckShare * (1 - progress)),
        }
      : {};

    const shortOfWorkers = openPositions > 0 && (share < 0.85 || openPositions > employees * 0.05);
    const fade = (q: number, power: number) => q * (1 - progress) ** power;
    const difficultyChance: Record<Difficulty, number> = {
      workers: shortOfWorkers ? 0.8 : 0.05,
      materials: fade(0.45, 1.5),
      logistics: fade(0.5, 2),
      prevention_supplies: fade(0.6, 2),
      funding: (p.small ? 0.35 : 0.12) * (1 - 0.5 * progress),
      other: fade(0.05, 1),
    };
    const difficulties = DIFFICULTIES.filter((x) => p.difficultyDraw[x] < difficultyChance[x]);
    const policyChance: Record<PolicyNeed, number> = {
      social_insurance_deferral: 0.45 * (1 - 0.6 * progress),
      social_insurance_reduction: 0.35 * (1 - 0.5 * progress),
      unemployment_insurance_refund: 0.3,
      job_subsidy: openPositions > 0 ? 0.35 : 0.05,
      training_subsidy: 0.15,
      loan_support: p.small ? 0.25 * (1 - 0.4 * progress) : 0.05,
      transport: p.outsideShare > 0.15 ? fade(0.5, 2) : 0,
      other: 0.02,
    };
    const policyNeeds = POLICY_NEEDS.filter((x) => p.policyDraw[x] < policyChance[x]);
    const input: ReportInput = {
      status,
      capacityPct,
      employees,
      onPost,
      ...returns,
      openPositions,
      difficulties,
      ...(difficulties.includes('other')
        ? { difficultyText: OTHER_DIFFICULTIES[p.k % OTHER_DIFFICULTIES.length]! }
        : {}),
      policyNeeds,
      ...(policyNeeds.includes('other') ? { policyText: '希望协调解决员工子女入学' } : {}),
      hiringNeeds: splitHiring(p.trades, openPositions, r),
      trainingNeeds:
        p.trainingDraw < 0.12 * (0.5 + progress) && resumed
          ? [
              {
                occupation: p.trades[0]!,
                headcount: r.int(1, Math.max(1, Math.min(30, Math.round(employees * 0.05)))),
              },
            ]
          : [],
    };
    const source: ReportSource = p.key
      ? progress < 0.3 || r.chance(0.3)
        ? 'bureau_phone'
        : 'firm'
      : r.weighted([
          ['firm', 5],
          ['bureau_phone', 2],
          ['bureau_upload', 3],
        ] as const);
    // Most reports are entered on their day, some the next morning (never after the last day).
    const late = d < o.days - 1 && r.chance(0.08);
    const recordedAt = shanghaiInstant(
      late ? dates[d + 1]! : date,
      late ? r.int(8, 11) : r.int(9, 18),
      r.int(0, 59),
    );
    return { firmId: p.id, date, version: 1, input, source, recordedAt };
  }

  /** A late correction: a miscounted figure fixed a few days later (on-post count or open positions). */
  function correction(first: MonitorReport, d: number, r: Random): MonitorReport {
    const i = first.input;
    const corrected: ReportInput = { ...i, note: '更正：人数填报有误' };
    if (r.chance(0.6) || i.openPositions === 0) {
      const delta = Math.max(1, Math.round(i.employees * 0.03)) * (r.chance(0.5) ? 1 : -1);
      corrected.onPost = clamp(i.onPost + delta, 0, i.employees);
      if (corrected.onPost === i.onPost)
        corrected.onPost = i.onPost > 0 ? i.onPost - 1 : Math.min(1, i.employees);
      if (i.returnedFromOutside !== undefined)
        corrected.returnedFromOutside = Math.min(i.returnedFromOutside, corrected.onPost);
      if (i.unableToReturn !== undefined)
        corrected.unableToReturn = Math.min(i.unableToReturn, i.employees - corrected.onPost);
    } else {
      corrected.openPositions = i.openPositions + r.int(1, 5);
      corrected.hiringNeeds = splitHiring(
        [...new Set(i.hiringNeeds.map((h) => h.occupation))],
        corrected.openPositions,
        r,
      );
    }
    const day = dates[Math.min(o.days - 1, d + r.int(1, 3))]!;
    const after = new Date(first.recordedAt).getTime() + 3_600_000;
    const recordedAt = new Date(
      Math.max(after, Date.parse(shanghaiInstant(day, r.int(14, 20), r.int(0, 59)))),
    ).toISOString();
    return { ...first, version: 2, input: corrected, source: 'bureau_phone', recordedAt };
  }

  function* reports(): Generator<MonitorReport> {
    for (let d = 0; d < o.days; d++) {
      for (let k = 0; k < o.firms; k++) {
        const r = itemRandom(o.seed, STREAM.report, k * 1024 + d);
        const first = report(profileOf(k), d, r);
        if (!first) continue;
        yield first;
        if (r.chance(0.02)) yield correction(first, d, r);
      }
    }
  }

  return {
    options: o,
    firm,
    *firms() {
      for (let k = 0; k < o.firms; k++) yield firm(k);
    },
    reports,
  };
}

const GOLDEN = 0.618_033_988_749_895;
const STAFF: Record<NonNullable<FirmInput['size']>, [number, number]> = {
  micro: [5, 19],
  small: [20, 99],
  medium: [100, 299],
  large: [300, 1500],
};
const DIFFICULTIES: readonly Difficulty[] = [
  'workers',
  'materials',
  'logistics',
  'prevention_supplies',
  'funding',
  'other',
];
const POLICY_NEEDS: readonly PolicyNeed[] = [
  'social_insurance_deferral',
  'social_insurance_reduction',
  'unemployment_insurance_refund',
  'job_subsidy',
  'training_subsidy',
  'loan_support',
  'transport',
  'other',
];
const OTHER_DIFFICULTIES = ['上游配套企业未复工', '订单减少', '员工隔离观察期未满', '园区封闭管理'];

/** Open positions split over the firm's trades (at most one trade per open position), summing to `open`. */
function splitHiring(trades: string[], open: number, r: Random): ReportInput['hiringNeeds'] {
  if (open <= 0 || trades.length === 0) return [];
  const used = trades.slice(0, Math.min(trades.length, open));
  // One each, the rest by random weights; what flooring leaves goes to the first trade.
  const weights = used.map(() => 0.2 + r.next());
  const total = weights.reduce((s, w) => s + w, 0);
  const rest = open - used.length;
  const counts = weights.map((w) => 1 + Math.floor((rest * w) / total));
  counts[0]! += open - counts.reduce((s, c) => s + c, 0);
  return used.map((occupation, i) => ({ occupation, headcount: counts[i]! }));
}

const frac = (x: number): number => x - Math.floor(x);
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  const w = new Date(`${date}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

/** An instant at hh:mm on a day in Asia/Shanghai (UTC+8, no summer time). */
function shanghaiInstant(date: string, hour: number, minute: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hour - 8, minute)).toISOString();
}
