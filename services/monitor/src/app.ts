import { type BuiltService, type Runtime, createServiceApp, runtimeAppOptions } from '@fugong/http';
import { createStores } from '@fugong/stores';
import { type MonitorEnv, monitorEnvFrom } from './env.ts';
import { registerFirmRoutes } from './firms/routes.ts';
import { registerFollowUpRoutes } from './followup/routes.ts';
import { registerIndicatorRoutes } from './indicators/routes.ts';
import { NearbyFinder } from './loop/nearby.ts';
import { type LoopSettings, loopSettingsFrom, PlatformClient } from './loop/platform.ts';
import { registerLoopRoutes } from './loop/routes.ts';
import { registerReportRoutes } from './reports/routes.ts';

/** What a test may pin: the settings, and the clock that decides "today" in Asia/Shanghai. */
export interface MonitorOverrides extends Partial<MonitorEnv> {
  now?: () => Date;
  /** Where the other services answer (the loop publishes through them); default from the environment. */
  loop?: LoopSettings;
}

/** The monitor service (复工监测): monitored firms, their daily reports, the indicators and the follow-up list. */
export function buildApp(rt: Runtime, overrides: MonitorOverrides = {}): BuiltService {
  const { now = () => new Date(), loop, ...envOverrides } = overrides;
  const settings = { ...monitorEnvFrom(), ...envOverrides };
  const svc = createServiceApp({
    ...runtimeAppOptions(rt),
    name: 'monitor',
    version: '0.1.0',
    description:
      '复工监测: monitored firms report daily; 开工率, 返岗率, 空岗率 by district, industry and key enterprise; ' +
      'the follow-up list.',
  });
  const stores = createStores(rt);
  // The loop reaches ingest, the matcher and swap through their public APIs, with the caller's key.
  const platform = new PlatformClient(loop ?? loopSettingsFrom());
  registerFirmRoutes(svc.api, stores, now);
  // Literal paths before {firmId}/{date} ones (none overlap today).
  registerIndicatorRoutes(svc.api, stores, settings.MONITOR_MAX_RANGE_DAYS);
  registerFollowUpRoutes(
    svc.api,
    stores,
    {
      keyEnterpriseOnPostMinPct: settings.MONITOR_KEY_ONPOST_MIN_PCT,
      openPositionsMax: settings.MONITOR_OPEN_POSITIONS_MAX,
    },
    now,
    new NearbyFinder(platform, stores.monitorPublications),
  );
  registerReportRoutes(svc.api, stores, now);
  registerLoopRoutes(svc.api, stores, platform, now);
  return { app: svc.finish(), state: svc.state, closers: [] };
}
