import { type BuiltService, type Runtime, createServiceApp } from '@fugong/http';

/** The intent-worker service. */
export function buildApp(rt: Runtime): BuiltService {
  const svc = createServiceApp({
    name: 'intent-worker',
    version: '0.1.0',
    description:
      'Records every matching intention exactly once in effect; statistics by fair, firm, district and day.',
    logger: rt.logger,
    keyStore: rt.keyStore,
    readiness: rt.readiness,
    rateLimits: { anonymous: rt.env.RATE_LIMIT_ANONYMOUS, keyed: rt.env.RATE_LIMIT_KEYED },
  });
  return { app: svc.finish(), state: svc.state };
}
