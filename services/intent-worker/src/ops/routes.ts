import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { type Api, assertRole } from '@fugong/http';
import type { Queue } from 'bullmq';
import type { Router } from 'express';
import { z } from 'zod';
import type { IntentMetrics } from './metrics.ts';

/** Where the operator dashboard is mounted. */
export const BOARD_PATH = '/admin/queues';

/**
 * `/metrics` (Prometheus text) and the Bull Board dashboard, both behind the bureau's key: queue depth and
 * intention volumes are operational figures of the bureau, and the board can retry and remove jobs.
 * Prometheus sends the key with `authorization: { credentials: … }` in its scrape config.
 */
export function registerOpsRoutes(
  api: Api,
  router: Router,
  metrics: IntentMetrics,
  queues: readonly Queue[],
): void {
  api.route({
    method: 'get',
    path: '/metrics',
    summary:
      'Prometheus metrics: jobs processed, failed, retried, dead-lettered, processing time, queue depth',
    tags: ['operations'],
    operationId: 'getMetrics',
    auth: ['bureau'],
    responses: {
      200: { description: 'Prometheus text format', schema: z.string(), contentType: 'text/plain' },
    },
    handler: async (_input, _req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  });

  const adapter = new ExpressAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: false })),
    serverAdapter: adapter,
  });
  router.use(
    BOARD_PATH,
    (req, _res, next) => {
      assertRole(req.principal, ['bureau']);
      next();
    },
    adapter.getRouter(),
  );
}
