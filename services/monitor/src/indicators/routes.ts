import type { Api } from '@fugong/http';
import { ValidationError } from '@fugong/schemas';
import { MONITOR_GROUP_FIELDS, type Stores } from '@fugong/stores';
import { Indicators, IndicatorsQuery } from '../schemas.ts';
import { addDays, daysInRange } from '../time.ts';
import { registerBulletinRoutes } from './bulletin.ts';
import { assembleIndicators, LOOKBACK_DAYS } from './compute.ts';

/** The city's (and each group's) daily figures over a date range, and the day's bulletin. */
export function registerIndicatorRoutes(
  api: Api,
  stores: Stores,
  maxRangeDays: number,
  now: () => Date = () => new Date(),
): void {
  registerBulletinRoutes(api, stores, now);
  api.route({
    method: 'get',
    path: '/v1/monitor/indicators',
    operationId: 'getMonitorIndicators',
    summary: '开工率, 返岗率, 空岗率, capacity use, coverage and buckets per day (and per group)',
    description:
      'Per day from `from` to `to` (at most MONITOR_MAX_RANGE_DAYS, default 366): the monitored firms due, ' +
      'the reports, coverage, the rates, 到岗率 buckets, the change from the day before and the pooled 7-day ' +
      "trend, with the day's 初步达成就业意向 and 返岗专车 arrivals (`convoyArrivals`). Formulas: docs/monitor.md.",
    tags: ['monitor indicators'],
    auth: ['bureau'],
    query: IndicatorsQuery,
    responses: { 200: { description: 'the figures', schema: Indicators } },
    handler: async ({ query }) => {
      if (query.to < query.from) {
        const message = `to (${query.to}) is before from (${query.from})`;
        throw new ValidationError(`to: ${message}`, [{ path: 'to', message }]);
      }
      if (daysInRange(query.from, query.to) > maxRangeDays) {
        const message = `at most ${maxRangeDays} days from \`from\` to \`to\`; ask for a shorter range`;
        throw new ValidationError(`to: ${message}`, [{ path: 'to', message }]);
      }
      const field = query.by ? MONITOR_GROUP_FIELDS[query.by] : undefined;
      const [raw, schedules, intentions, arrivals] = await Promise.all([
        stores.monitor.dailyFigures(addDays(query.from, -LOOKBACK_DAYS), query.to, field),
        stores.monitor.scheduleCounts(field),
        stores.intentionPairs.twoSidedByDay(query.from, query.to),
        stores.convoyTrips.arrivalsByDay(query.from, query.to),
      ]);
      return assembleIndicators({
        from: query.from,
        to: query.to,
        ...(query.by ? { by: query.by } : {}),
        raw,
        schedules,
        intentions,
        arrivals,
      });
    },
  });
}
