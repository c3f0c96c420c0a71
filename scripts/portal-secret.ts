import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
