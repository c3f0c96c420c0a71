import { type Api, actingFirm } from '@fugong/http';
import type { Stores } from '@fugong/stores';
import { z } from 'zod';
import { type DashboardStores, fairDashboard } from './dashboard.ts';
import { intentionStats } from './query.ts';
import { FairDashboard, StatsQuery, StatsResponse } from './schemas.ts';

/** Registers the read side: intention statistics and a fair's dashboard. */
export function registerStatsRoutes(api: Api, stores: DashboardStores & Pick<Stores, 'intentions'>): void {
  api.route({
    method: 'get',
    path: '/v1/stats/intentions',
    summary: 'Intention statistics: one-sided interest vs two-sided intentions, grouped',
    description:
      'Groups pairs (worker–vacancy or swap agreement) and intention records by fair, firm, district, day ' +
      '(Asia/Shanghai), kind or priority group. An employer key sees only its own firm.',
    tags: ['statistics'],
    operationId: 'getIntentionStats',
    auth: ['bureau', 'site', 'employer'],
    query: StatsQuery,
    responses: { 200: { description: 'the figures', schema: StatsResponse } },
    handler: async ({ query, principal }) => {
      // An employer reads only its own firm's figures (naming another is 403): the shared rule. The bureau and
      // sites read every firm's (aggregates, no personal data), so for them firmId is only a filter; actingFirm
      // would refuse a site, which may not act for a firm but may read the statistics.
      const q =
        principal.role === 'employer' ? { ...query, firmId: actingFirm(principal, query.firmId) } : query;
      return StatsResponse.parse(await intentionStats(stores.intentions, q));
    },
  });

  api.route({
    method: 'get',
    path: '/v1/fairs/{id}/dashboard',
    summary: "A fair's figures in the bureau's terms",
    description:
      'Firms taking part, positions offered, interest, 初步达成就业意向 (two-sided pairs) and people placed at key ' +
      'enterprises. Aggregates only: no personal data.',
    tags: ['statistics'],
    operationId: 'getFairDashboard',
    auth: ['bureau', 'site', 'employer'],
    params: z.strictObject({ id: z.string().min(1).max(128) }),
    responses: {
      200: { description: 'the dashboard', schema: FairDashboard },
      404: { description: 'no such fair' },
    },
    handler: async ({ params }) => FairDashboard.parse(await fairDashboard(stores, params.id)),
  });
}
