import { type BuiltService, type Runtime, createServiceApp, runtimeAppOptions } from '@fugong/http';
import { createStores } from '@fugong/stores';
import { registerManifestRoutes } from './manifests/manifest.ts';
import { registerTripRoutes } from './trips/routes.ts';

/** What a test may pin: the clock of the trips' timestamps. */
export interface ConvoysOverrides {
  now?: () => Date;
}

/** The convoys service (点对点返岗专车): plans vehicles for travellers, the trips' lifecycle, manifests. */
export function buildApp(rt: Runtime, overrides: ConvoysOverrides = {}): BuiltService {
  const { now = () => new Date() } = overrides;
  const svc = createServiceApp({
    ...runtimeAppOptions(rt),
    name: 'convoys',
    version: '0.1.0',
    // A city campaign's travellers in one plan: up to 20,000 of about 350 bytes each.
    jsonLimit: '16mb',
    description:
      '点对点返岗专车: the bureau plans vehicles from home towns to firms’ gates (cheapest vehicle mix per group, ' +
      'exact), confirms and tracks the trips; receiving firms see and confirm trips to their gates; sites show a ' +
      'seeker their trip; manifests for the bureau (full) and for drivers and firms (masked).',
  });
  const stores = createStores(rt);
  registerTripRoutes(svc.api, stores, now);
  registerManifestRoutes(svc.api, stores);
  return { app: svc.finish(), state: svc.state, closers: [] };
}
