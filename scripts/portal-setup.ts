/**
 * What both starts (`./fugong start`, `./fugong start --cluster`) give the portal: its session secret, the
 * demo's two staff accounts, and the environment its process or copies run with.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedAccounts } from '@fugong/portal/accounts';

/** The demo's portal accounts, printed by the starts. */
export const DEMO_ACCOUNTS = {
  bureau: ['bureau', 'Bureau2020'],
  employer: ['employer', 'Employer2020'],
} as const;

/**
 * The portal's session secret: PORTAL_SESSION_SECRET when set, else made once and kept in
 * `<dataDir>/portal-secret` (git-ignored, owner-only), so every copy and every restart signs cookies alike.
 */
export function portalSessionSecret(dataDir: string): string {
  if (process.env['PORTAL_SESSION_SECRET']) return process.env['PORTAL_SESSION_SECRET'];
  const file = join(dataDir, 'portal-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Seeds the bureau's and the demo firm's accounts (existing ones are left as they are) and answers the
 * portal's environment: its keys, secret, key prefix and each service's URL (`serviceUrls`, by service name).
 */
export async function preparePortal(opts: {
  dataDir: string;
  redisUrl: string;
  redisClusterNodes?: readonly string[] | undefined;
  prefix: string;
  keys: { site: string; bureau: string; employer: string; employerFirmId: string };
  employerName: string;
  serviceUrls: ReadonlyArray<readonly [string, string]>;
}): Promise<Record<string, string>> {
  const secret = portalSessionSecret(opts.dataDir);
  const { keys } = opts;
  await seedAccounts({
    redisUrl: opts.redisUrl,
    redisClusterNodes: opts.redisClusterNodes,
    prefix: opts.prefix,
    sessionSecret: secret,
    accounts: [
      {
        role: 'bureau',
        login: DEMO_ACCOUNTS.bureau[0],
        password: DEMO_ACCOUNTS.bureau[1],
        displayName: '市人社局（演示）',
      },
      {
        role: 'employer',
        login: DEMO_ACCOUNTS.employer[0],
        password: DEMO_ACCOUNTS.employer[1],
        displayName: opts.employerName,
        firmId: keys.employerFirmId,
        key: keys.employer,
      },
    ],
  });
  return {
    PORTAL_SITE_KEY: keys.site,
    PORTAL_BUREAU_KEY: keys.bureau,
    PORTAL_SESSION_SECRET: secret,
    PORTAL_PREFIX: opts.prefix,
    ...Object.fromEntries(
      opts.serviceUrls
        .filter(([name]) => name !== 'portal')
        .map(([name, url]) => [
          `PORTAL_${name === 'intent-worker' ? 'INTENT' : name.toUpperCase()}_URL`,
          url,
        ]),
    ),
  };
}
