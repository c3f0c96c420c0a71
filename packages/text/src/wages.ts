/** How a wage amount is quoted in a posting. */
export type WageUnit = 'month' | 'day' | 'hour' | 'piece' | 'year';

/**
 * Paid days per month: (365 − 104 weekend days) / 12 = 21.75, the figure China's labour ministry sets for
 * converting daily and hourly pay (劳社部发〔2008〕3号).
 */
export const PAID_DAYS_PER_MONTH = 21.75;
/** Hours per working day under the standard working-hours system (8 h; so 174 h per month). */
export const HOURS_PER_DAY = 8;

/**
 * A wage quoted per `unit`, as a monthly amount (rounded to the fen), for comparison and wage facets:
 * day × 21.75, hour × 8 × 21.75 (174 h), year ÷ 12. Piece rates have no monthly equivalent without an
 * output figure: pass `piecesPerMonth` (e.g. from the posting) to get amount × pieces, otherwise the
 * result is null and the caller should use the posting's stated monthly range instead of a guess.
 * @throws RangeError for a negative or non-finite amount.
 */
export function monthlyWage(
  amount: number,
  unit: WageUnit,
  opts: { piecesPerMonth?: number } = {},
): number | null {
  if (!Number.isFinite(amount) || amount < 0)
    throw new RangeError(`wage amount must be a finite number ≥ 0: ${amount}`);
  let monthly: number;
  switch (unit) {
    case 'month':
      monthly = amount;
      break;
    case 'day':
      monthly = amount * PAID_DAYS_PER_MONTH;
      break;
    case 'hour':
      monthly = amount * HOURS_PER_DAY * PAID_DAYS_PER_MONTH;
      break;
    case 'year':
      monthly = amount / 12;
      break;
    case 'piece':
      if (opts.piecesPerMonth === undefined) return null;
      monthly = amount * opts.piecesPerMonth;
      break;
  }
  return Math.round(monthly * 100) / 100;
}

/**
 * Facet bands of monthly wages (yuan), in order: under 2,000, then 1,000 wide up to 10,000, then
 * 10,000–15,000, 15,000–20,000 and 20,000+. A band includes its lower bound only.
 */
export const WAGE_BANDS: readonly string[] = [
  '0-2000',
  ...Array.from({ length: 8 }, (_, i) => `${(i + 2) * 1000}-${(i + 3) * 1000}`),
  '10000-15000',
  '15000-20000',
  '20000+',
];

/** The band label of a monthly wage, e.g. 3500 → '3000-4000', 10000 → '10000-15000', 25000 → '20000+'. */
export function wageBand(monthly: number): string {
  if (!Number.isFinite(monthly) || monthly < 0)
    throw new RangeError(`monthly wage must be a finite number ≥ 0: ${monthly}`);
  if (monthly < 2000) return '0-2000';
  if (monthly < 10000) {
    const low = Math.floor(monthly / 1000) * 1000;
    return `${low}-${low + 1000}`;
  }
  if (monthly < 15000) return '10000-15000';
  if (monthly < 20000) return '15000-20000';
  return '20000+';
}
