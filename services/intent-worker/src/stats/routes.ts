import type { Api } from '@fugong/http';
import type { Runtime } from '@fugong/http';
import { ForbiddenError } from '@fugong/schemas';
import { z } from 'zod';
import { fairDashboard } from './dashboard.ts';
import { intentionStats } from './query.ts';
import { FairDashboard, StatsQuery, StatsResponse } from './schemas.ts';

/** Registers the read side: intention statistics and a fair's dashboard. */
export function registerStatsRoutes(api: Api, rt: Runtime): void {
  api.route({
    method: 'get',
    path: '/v1/stats/intentions',
    summary: 'Intention statistics: one-sided interest vs two-sided intentions, grouped',
    description:
      'Groups pairs (worker–vacancy or swap agreement) and intention records by fair, firm, district, day ' +
      '(Asia/Shanghai), kind or priority group. An employer key sees only its own firm.',
    tags: ['statistics'],
    auth: ['bureau', 'site', 'employer'],
    query: StatsQuery,
    responses: { 200: { description: 'the figures', schema: StatsResponse } },
    handler: async ({ query, principal }) => {
      let q = query;
      if (principal.role === 'employer') {
        if (q.firmId && q.firmId !== principal.firmId) {
          throw new ForbiddenError("an employer key may only read its own firm's statistics");
        }
        q = { ...q, firmId: principal.firmId };
      }
      return StatsResponse.parse(await intentionStats(rt.es, rt.names, q));
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
    auth: ['bureau', 'site', 'employer'],
    params: z.strictObject({ id: z.string().min(1).max(128) }),
    responses: {
      200: { description: 'the dashboard', schema: FairDashboard },
      404: { description: 'no such fair' },
    },
    handler: async ({ params }) => FairDashboard.parse(await fairDashboard(rt.es, rt.names, params.id)),
  });
}
