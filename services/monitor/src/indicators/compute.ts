import type { DailyRaw, RawFigures, ScheduleCount } from '@fugong/stores';
import type { Figures, Indicators } from '../schemas.ts';
import { addDays, daysInRange, isDue, isoWeekday, TIME_ZONE } from '../time.ts';

/**
 * The indicators from the engine's daily sums (docs/monitor.md has each formula and its source). Pure: the
 * property test feeds it nothing; it checks the endpoint against a brute-force recomputation instead.
 */

/** Days before `from` the sums must cover: six for the 7-day trend (the day before is among them). */
export const LOOKBACK_DAYS = 6;

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const minus = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : a - b;

export const emptyRaw = (): RawFigures => ({
  reports: 0,
  dueReports: 0,
  open: 0,
  employees: 0,
  onPost: 0,
  openPositions: 0,
  capacityWeight: 0,
  buckets: { ge90: 0, from50to90: 0, lt50: 0, none: 0 },
});

/** The five rates of a day's (or a pooled week's) sums and due count. */
export function ratesOf(r: RawFigures, due: number) {
  return {
    coverage: ratio(r.dueReports, due),
    resumptionRate: ratio(r.open, r.reports),
    staffReturnRate: ratio(r.onPost, r.employees),
    vacancyRate: ratio(r.openPositions, r.employees + r.openPositions),
    capacityUse: ratio(r.capacityWeight, r.employees),
  };
}

function add(a: RawFigures, b: RawFigures): RawFigures {
  return {
    reports: a.reports + b.reports,
    dueReports: a.dueReports + b.dueReports,
    open: a.open + b.open,
    employees: a.employees + b.employees,
    onPost: a.onPost + b.onPost,
    openPositions: a.openPositions + b.openPositions,
    capacityWeight: a.capacityWeight + b.capacityWeight,
    buckets: {
      ge90: a.buckets.ge90 + b.buckets.ge90,
      from50to90: a.buckets.from50to90 + b.buckets.from50to90,
      lt50: a.buckets.lt50 + b.buckets.lt50,
      none: a.buckets.none + b.buckets.none,
    },
  };
}

/** Firms due on `day` (of `group`, when given): the schedules whose period and weekdays include it. */
export function dueCount(schedules: readonly ScheduleCount[], day: string, group?: string): number {
  let n = 0;
  for (const s of schedules) if ((group === undefined || s.group === group) && isDue(s, day)) n += s.count;
  return n;
}

/**
 * The due count of every day of `days` (consecutive), for these schedules: per weekday a difference array over
 * the days (+count where a period starts, −count after it ends), summed once — O(schedules + days), where
 * asking {@link dueCount} for each day would be O(schedules × days).
 */
export function dueSeries(schedules: readonly ScheduleCount[], days: readonly string[]): number[] {
  const n = days.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0) return out;
  const first = days[0]!;
  const last = days[n - 1]!;
  const index = (d: string) => daysInRange(first, d) - 1;
  const diff = Array.from({ length: 8 }, () => new Array<number>(n + 1).fill(0));
  for (const s of schedules) {
    const end = s.endDate ?? last;
    if (s.startDate > last || end < first) continue;
    const a = s.startDate < first ? 0 : index(s.startDate);
    const b = end > last ? n - 1 : index(end);
    for (const w of s.weekdays) {
      diff[w]![a]! += s.count;
      diff[w]![b + 1]! -= s.count;
    }
  }
  const running = new Array<number>(8).fill(0);
  for (let k = 0; k < n; k++) {
    for (let w = 1; w <= 7; w++) running[w]! += diff[w]![k]!;
    out[k] = running[isoWeekday(days[k]!)]!;
  }
  return out;
}

/**
 * The figures of day `k` of a series (`raw[k]`, `due[k]`: the sums and due count of each day, consecutive),
 * with the change from day k − 1 and the pooled trend over days k − 6 … k; `k` ≥ LOOKBACK_DAYS.
 */
export function figuresAt(raw: readonly RawFigures[], due: readonly number[], k: number): Figures {
  const today = raw[k]!;
  const rates = ratesOf(today, due[k]!);
  const prev = ratesOf(raw[k - 1]!, due[k - 1]!);
  let week = emptyRaw();
  let weekDue = 0;
  for (let i = k - LOOKBACK_DAYS; i <= k; i++) {
    week = add(week, raw[i]!);
    weekDue += due[i]!;
  }
  return {
    due: due[k]!,
    reported: today.reports,
    reportedDue: today.dueReports,
    coverage: rates.coverage,
    operating: today.open,
    resumptionRate: rates.resumptionRate,
    employees: today.employees,
    onPost: today.onPost,
    openPositions: today.openPositions,
    staffReturnRate: rates.staffReturnRate,
    vacancyRate: rates.vacancyRate,
    capacityUse: rates.capacityUse,
    buckets: { ...today.buckets },
    change: {
      coverage: minus(rates.coverage, prev.coverage),
      resumptionRate: minus(rates.resumptionRate, prev.resumptionRate),
      staffReturnRate: minus(rates.staffReturnRate, prev.staffReturnRate),
      vacancyRate: minus(rates.vacancyRate, prev.vacancyRate),
      capacityUse: minus(rates.capacityUse, prev.capacityUse),
    },
    trend7: ratesOf(week, weekDue),
  };
}

/** Every day from `from` to `to`. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Assembles the response: `raw` covers `from − LOOKBACK_DAYS … to` (a day missing from it had no report);
 * groups are those with reports in the range or with firms due on any day of it, in key order.
 */
export function assembleIndicators(opts: {
  from: string;
  to: string;
  by?: string;
  raw: readonly DailyRaw[];
  schedules: readonly ScheduleCount[];
  intentions: ReadonlyMap<string, number>;
  /** Convoy arrivals per day, in total and by destination district (stores' arrivalsByDay); none if absent. */
  arrivals?: ReadonlyMap<string, { total: number; byDistrict: ReadonlyMap<string, number> }>;
}): Indicators {
  const { from, to, by, raw, schedules } = opts;
  const all = daysOf(addDays(from, -LOOKBACK_DAYS), to);
  const position = new Map(all.map((d, k) => [d, k]));
  const totals = all.map(() => emptyRaw());
  const perGroup = new Map<string, RawFigures[]>();
  const names = new Map<string, string>();
  const groupKeys = new Set<string>();
  for (const d of raw) {
    const k = position.get(d.date);
    if (k === undefined) continue;
    totals[k] = d.total;
    if (!by) continue;
    for (const [key, g] of d.groups) {
      const series = perGroup.get(key) ?? all.map(() => emptyRaw());
      perGroup.set(key, series);
      series[k] = g;
      if (g.name) names.set(key, g.name);
      if (d.date >= from) groupKeys.add(key);
    }
  }
  const schedulesOf = new Map<string, ScheduleCount[]>();
  if (by)
    for (const s of schedules) {
      if (s.group === undefined) continue;
      const list = schedulesOf.get(s.group) ?? [];
      list.push(s);
      schedulesOf.set(s.group, list);
    }
  const inRange = all.slice(LOOKBACK_DAYS);
  for (const [key, list] of schedulesOf) if (dueSeries(list, inRange).some((n) => n > 0)) groupKeys.add(key);
  const totalDue = dueSeries(schedules, all);
  const groups = [...groupKeys].sort().map((key) => ({
    key,
    raw: perGroup.get(key) ?? all.map(() => emptyRaw()),
    due: dueSeries(schedulesOf.get(key) ?? [], all),
  }));
  return {
    from,
    to,
    ...(by ? { by } : {}),
    timeZone: TIME_ZONE,
    days: inRange.map((date, j) => {
      const k = j + LOOKBACK_DAYS;
      return {
        date,
        preliminaryIntentions: opts.intentions.get(date) ?? 0,
        convoyArrivals: opts.arrivals?.get(date)?.total ?? 0,
        total: figuresAt(totals, totalDue, k),
        ...(by
          ? {
              groups: groups.map((g) => ({
                key: g.key,
                ...(names.has(g.key) ? { name: names.get(g.key) } : {}),
                ...figuresAt(g.raw, g.due, k),
                ...(by === 'district'
                  ? { convoyArrivals: opts.arrivals?.get(date)?.byDistrict.get(g.key) ?? 0 }
                  : {}),
              })),
            }
          : {}),
      };
    }),
  };
}
