/** The bureau's time zone: "today", a report's day and the intention counts are all local days here. */
export const TIME_ZONE = 'Asia/Shanghai';

const localDayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) it is at `now` in Asia/Shanghai. */
export const localDay = (now: Date): string => localDayFormat.format(now);

/** `day` plus `n` days (n may be negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export const daysInRange = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1);

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;

/** A firm's schedule as the due rule reads it. */
export interface Schedule {
  weekdays: readonly number[];
  startDate: string;
  endDate?: string | undefined;
}

/**
 * The due rule: a report is due from a monitored firm on `day` when the day is within its period (start and
 * end included; no end = open-ended) and its weekday is one of the firm's (a daily firm has all seven).
 */
export const isDue = (s: Schedule, day: string): boolean =>
  day >= s.startDate && (s.endDate === undefined || day <= s.endDate) && s.weekdays.includes(isoWeekday(day));
