import { type BuiltService, type Runtime, createServiceApp } from '@fugong/http';

/** The swap service. */
export function buildApp(rt: Runtime): BuiltService {
  const svc = createServiceApp({
    name: 'swap',
    version: '0.1.0',
    description:
      '共享员工: surplus and shortage across firms, optimal allocation, agreements that never over-commit.',
    logger: rt.logger,
    keyStore: rt.keyStore,
    readiness: rt.readiness,
    rateLimits: { anonymous: rt.env.RATE_LIMIT_ANONYMOUS, keyed: rt.env.RATE_LIMIT_KEYED },
  });
  return { app: svc.finish(), state: svc.state };
}
