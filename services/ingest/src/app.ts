import { type BuiltService, type Runtime, createServiceApp, runtimeAppOptions } from '@fugong/http';
import { createStores } from '@fugong/stores';
import { registerBulkRoutes } from './bulk/routes.ts';
import { registerChangeRoutes } from './changes/routes.ts';
import { ingestEnvFrom } from './env.ts';
import { startExpirySweeper } from './expiry/sweeper.ts';
import { registerFairRoutes } from './fairs/routes.ts';
import { registerFirmRoutes } from './firms/routes.ts';
import { registerKeyRoutes } from './keys/routes.ts';
import { FirmCache } from './vacancies/firms.ts';
import { registerVacancyListRoutes } from './vacancies/list.ts';
import { registerVacancyRoutes } from './vacancies/routes.ts';
import { registerWorkerRoutes } from './workers/routes.ts';

/** The ingest service: firms, vacancies, worker profiles and fairs in. */
export function buildApp(rt: Runtime): BuiltService {
  const svc = createServiceApp({
    ...runtimeAppOptions(rt),
    name: 'ingest',
    version: '0.1.0',
    description:
      'Firms, vacancies, worker profiles and fairs in: validated, normalised (Chinese-aware), idempotent.',
    streamingPaths: /^\/v1\/vacancies\/bulk$/, // the bulk upload reads its own stream (bulk/routes.ts)
  });
  const settings = ingestEnvFrom();
  const stores = createStores(rt);
  // One firm cache per process, shared by every vacancy write path; a firm PUT invalidates its entry.
  const firms = new FirmCache(stores.firms);
  registerFirmRoutes(svc.api, rt, firms);
  // The feed before GET /v1/vacancies/{id}, which would otherwise take "changes" for an id.
  registerChangeRoutes(svc.api, rt);
  registerBulkRoutes(svc.api, rt, firms);
  registerVacancyListRoutes(svc.api, stores);
  registerVacancyRoutes(svc.api, rt, firms);
  registerWorkerRoutes(svc.api, rt);
  registerFairRoutes(svc.api, rt);
  registerKeyRoutes(svc.api, rt, stores);
  const closers: Array<() => Promise<unknown>> = [];
  if (settings.INGEST_EXPIRY_INTERVAL_MS > 0) {
    closers.push(
      startExpirySweeper(rt, {
        intervalMs: settings.INGEST_EXPIRY_INTERVAL_MS,
        batchSize: settings.INGEST_EXPIRY_BATCH,
      }),
    );
  }
  return { app: svc.finish(), state: svc.state, closers };
}
