/**
 * The portal's own data (accounts, sessions, sign-in throttles) on one Redis node and, when
 * REDIS_CLUSTER_NODES is set (`infra/up --cluster`), on a Redis Cluster: the same code, chosen by
 * configuration. On a cluster no command may name keys of two slots, and listing accounts scans every primary.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { seedAccounts } from '@fugong/portal/accounts';
import { type BuiltPortal, buildPortal } from '@fugong/portal/app';
import { delEach } from '@fugong/portal/redis';
import { expect } from 'chai';
import { uniquePrefix } from '../support/service.ts';

const env = parseEnv(baseEnvSchema);
const targets: Array<{ name: string; clusterNodes?: readonly string[] }> = [
  { name: 'one Redis node (REDIS_URL)' },
  ...(env.REDIS_CLUSTER_NODES ? [{ name: 'a Redis Cluster', clusterNodes: env.REDIS_CLUSTER_NODES }] : []),
];
if (!env.REDIS_CLUSTER_NODES)
  console.log('      (portal on a Redis Cluster skipped: REDIS_CLUSTER_NODES is not set)');

const SECRET = 'portal-redis-test-secret-0123456789abcdef';
const nowhere = 'http://127.0.0.1:9';

for (const target of targets) {
  describe(`portal: accounts, sessions and throttles on ${target.name}`, () => {
    const prefix = uniquePrefix('pr');
    let portal: BuiltPortal;
    let server: Server;
    let base: string;
    before(async () => {
      portal = await buildPortal({
        urls: {
          ingest: nowhere,
          matcher: nowhere,
          swap: nowhere,
          intent: nowhere,
          monitor: nowhere,
          convoys: nowhere,
        },
        keys: { site: 'fg_site', bureau: 'fg_bureau' },
        siteId: 'test-site',
        redisUrl: env.REDIS_URL,
        redisClusterNodes: target.clusterNodes,
        prefix,
        sessionSecret: SECRET,
        secureCookies: false,
        log: () => {},
      });
      server = await new Promise<Server>((resolve) => {
        const s = portal.app.listen(0, '127.0.0.1', () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server?.closeAllConnections();
      await new Promise((r) => server?.close(r));
      if (portal)
        for await (const keys of portal.redis.scan(`${prefix}:*`)) await delEach(portal.redis, keys);
      await portal?.close();
    });

    /** GET /login for a session cookie and its CSRF token, then POST the form. */
    async function signIn(login: string, password: string) {
      const form = await fetch(`${base}/login`);
      const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const res = await fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, login, password }).toString(),
      });
      return { status: res.status, cookie: (res.headers.get('set-cookie') ?? cookie).split(';')[0]! };
    }

    it('is ready; seeded accounts are found by login and listed (a scan of every primary on a cluster)', async () => {
      expect((await fetch(`${base}/readyz`)).status).to.equal(200);
      const seeded = await seedAccounts({
        redisUrl: env.REDIS_URL,
        redisClusterNodes: target.clusterNodes,
        prefix,
        sessionSecret: SECRET,
        accounts: Array.from({ length: 12 }, (_, i) => ({
          role: 'employer' as const,
          login: `firm${i}`,
          password: 'Employer2020',
          displayName: `企业${i}`,
          firmId: `firm-${i}`,
          key: `fg_key_${i}`,
        })),
      });
      expect(seeded.every((s) => s.created)).to.equal(true);
      const listed = await portal.users.list('employer');
      expect(listed.map((u) => u.login).sort()).to.deep.equal(
        Array.from({ length: 12 }, (_, i) => `firm${i}`).sort(),
      );
      const one = await portal.users.byLogin('FIRM3');
      expect(one?.firmId).to.equal('firm-3');
      expect(portal.users.unseal(one!.sealedKey!)).to.equal('fg_key_3');
    });

    it('signs in with a session kept in Redis, throttles a guessed password, and deletes an account whole', async () => {
      const ok = await signIn('firm1', 'Employer2020');
      expect(ok.status).to.equal(303);
      const page = await fetch(`${base}/me`, { headers: { cookie: ok.cookie }, redirect: 'manual' });
      // Signed in as an employer: /me is a seeker's page, so the session is known and the role refused.
      expect(page.status).to.equal(403);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await signIn('firm2', 'wrong')).status);
      expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429]);
      const user = await portal.users.byLogin('firm4');
      await portal.users.delete(user!);
      expect(await portal.users.byLogin('firm4')).to.equal(undefined);
      expect(await portal.users.get(user!.id)).to.equal(undefined);
    });
  });
}
