import { type BuiltService, type Runtime, createServiceApp } from '@fugong/http';
import { registerFirmRoutes } from './firms/routes.ts';

/** The ingest service: firms, vacancies, worker profiles and fairs in. */
export function buildApp(rt: Runtime): BuiltService {
  const svc = createServiceApp({
    name: 'ingest',
    version: '0.1.0',
    description:
      'Firms, vacancies, worker profiles and fairs in: validated, normalised (Chinese-aware), idempotent.',
    logger: rt.logger,
    keyStore: rt.keyStore,
    readiness: rt.readiness,
    rateLimits: { anonymous: rt.env.RATE_LIMIT_ANONYMOUS, keyed: rt.env.RATE_LIMIT_KEYED },
  });
  registerFirmRoutes(svc.api, rt);
  return { app: svc.finish(), state: svc.state };
}
