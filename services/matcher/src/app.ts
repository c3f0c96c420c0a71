import { type BuiltService, type Runtime, createServiceApp } from '@fugong/http';

/** The matcher service. */
export function buildApp(rt: Runtime): BuiltService {
  const svc = createServiceApp({
    name: 'matcher',
    version: '0.1.0',
    description: 'Chinese vacancy search, explainable ranking of workers and vacancies, intentions.',
    logger: rt.logger,
    keyStore: rt.keyStore,
    readiness: rt.readiness,
    rateLimits: { anonymous: rt.env.RATE_LIMIT_ANONYMOUS, keyed: rt.env.RATE_LIMIT_KEYED },
  });
  return { app: svc.finish(), state: svc.state };
}
