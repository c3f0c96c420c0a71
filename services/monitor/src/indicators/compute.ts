import type { DailyRaw, RawFigures, ScheduleCount } from '@fugong/stores';
import type { Figures, Indicators } from '../schemas.ts';
import { addDays, isDue, TIME_ZONE } from '../time.ts';

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
 * One day's figures from the sums of that day and of the six before it (`series` is keyed by day; a day
 * absent is a day without reports), with `dueOf` the due count of a day.
 */
export function figuresFor(
  day: string,
  series: ReadonlyMap<string, RawFigures>,
  dueOf: (day: string) => number,
): Figures {
  const raw = series.get(day) ?? emptyRaw();
  const due = dueOf(day);
  const rates = ratesOf(raw, due);
  const prevDay = addDays(day, -1);
  const prev = ratesOf(series.get(prevDay) ?? emptyRaw(), dueOf(prevDay));
  let week = emptyRaw();
  let weekDue = 0;
  for (let i = 0; i <= LOOKBACK_DAYS; i++) {
    const d = addDays(day, -i);
    week = add(week, series.get(d) ?? emptyRaw());
    weekDue += dueOf(d);
  }
  return {
    due,
    reported: raw.reports,
    reportedDue: raw.dueReports,
    coverage: rates.coverage,
    operating: raw.open,
    resumptionRate: rates.resumptionRate,
    employees: raw.employees,
    onPost: raw.onPost,
    openPositions: raw.openPositions,
    staffReturnRate: rates.staffReturnRate,
    vacancyRate: rates.vacancyRate,
    capacityUse: rates.capacityUse,
    buckets: { ...raw.buckets },
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
 * Assembles the response: `raw` covers `from − LOOKBACK_DAYS … to`; groups are those with reports or with
 * firms due on any day of the range, in key order.
 */
export function assembleIndicators(opts: {
  from: string;
  to: string;
  by?: string;
  raw: readonly DailyRaw[];
  schedules: readonly ScheduleCount[];
  intentions: ReadonlyMap<string, number>;
}): Indicators {
  const { from, to, by, raw, schedules } = opts;
  const totals = new Map(raw.map((d) => [d.date, d.total]));
  // Due counts are asked for each day up to eight times (the day, the day before, the week): memoised, with
  // the schedules split by group once so a group's count scans only its own.
  const byGroup = new Map<string | undefined, ScheduleCount[]>();
  for (const s of schedules) {
    const list = byGroup.get(s.group) ?? [];
    list.push(s);
    byGroup.set(s.group, list);
  }
  const memo = new Map<string, number>();
  const dueIn = (group: string | undefined) => (day: string) => {
    const k = `${group ?? ''}\u0000${day}`;
    let n = memo.get(k);
    if (n === undefined) {
      n = dueCount(group === undefined ? schedules : (byGroup.get(group) ?? []), day);
      memo.set(k, n);
    }
    return n;
  };
  const dueTotal = dueIn(undefined);
  const days = daysOf(from, to);
  const groupKeys = new Set<string>();
  const names = new Map<string, string>();
  const perGroup = new Map<string, Map<string, RawFigures>>();
  if (by) {
    for (const d of raw)
      for (const [key, g] of d.groups) {
        const m = perGroup.get(key) ?? new Map<string, RawFigures>();
        perGroup.set(key, m);
        m.set(d.date, g);
        if (g.name) names.set(key, g.name);
        if (d.date >= from && d.date <= to) groupKeys.add(key);
      }
    for (const s of schedules)
      if (s.group !== undefined && days.some((d) => isDue(s, d))) groupKeys.add(s.group);
  }
  const keys = [...groupKeys].sort();
  return {
    from,
    to,
    ...(by ? { by } : {}),
    timeZone: TIME_ZONE,
    days: days.map((date) => ({
      date,
      preliminaryIntentions: opts.intentions.get(date) ?? 0,
      total: figuresFor(date, totals, dueTotal),
      ...(by
        ? {
            groups: keys.map((key) => ({
              key,
              ...(names.has(key) ? { name: names.get(key) } : {}),
              ...figuresFor(date, perGroup.get(key) ?? new Map(), dueIn(key)),
            })),
          }
        : {}),
    })),
  };
}
