/**
 * Issue #9 item 8: a revoked key stops working everywhere within a second or two, not after each process's
 * cache expires. Two service processes' worth of runtime share one deployment (index prefix); the key is
 * revoked with the CLI (`./fugong keys revoke` runs scripts/keys.ts).
 */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { createRuntime, generateApiKey, type Runtime, storeApiKey } from '@fugong/http';
import { expect } from 'chai';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { pollUntil } from './hardening-http-helpers.ts';
import { type TestService, startTestService } from './helpers.ts';

const run = promisify(execFile);

describe('hardening: key revocation reaches every process at once (issue #9 item 8)', () => {
  let svc: TestService;
  let rt2: Runtime;
  let server2: Server;
  let url2: string;
  before(async () => {
    svc = await startTestService(buildIngest);
    // A second process's worth of connections and app, on the same deployment.
    rt2 = createRuntime(
      parseEnv(baseEnvSchema, { ...process.env, ...prefixes(svc), LOG_LEVEL: 'silent' }),
      'test-2',
    );
    const built = buildIngest(rt2);
    server2 = await new Promise<Server>((resolve) => {
      const s = built.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url2 = `http://127.0.0.1:${(server2.address() as AddressInfo).port}`;
  });
  after(async () => {
    server2?.closeAllConnections();
    await new Promise((r) => server2?.close(r));
    await rt2?.close();
    await svc?.close();
  });

  it('revoked with the CLI, a key cached by two apps is refused by both within ~2 s', async function () {
    this.timeout(120_000);
    const { key, record } = generateApiKey({ role: 'employer', firmId: svc.firmA });
    await storeApiKey(svc.rt.es, svc.rt.names.apiKeys, record);
    const status = async (base: string) =>
      (await fetch(`${base}/v1/firms/${svc.firmA}`, { headers: { authorization: `Bearer ${key}` } })).status;
    // Both apps have looked the key up (and cached it): it works.
    for (const base of [svc.url, url2]) expect(await status(base), base).to.equal(404);

    const { stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/keys.ts', 'revoke', record.keyId],
      {
        env: { ...process.env, ...prefixes(svc) },
        timeout: 90_000,
      },
    );
    expect(stderr).to.contain(`revoked ${record.keyId}`);
    const revokedAt = Date.now();
    const refusedBy = async (base: string) => pollUntil(async () => (await status(base)) === 401, 2500);
    const [first, second] = await Promise.all([refusedBy(svc.url), refusedBy(url2)]);
    const tookMs = Date.now() - revokedAt;
    expect(first, 'the first app still accepts the revoked key').to.equal(true);
    expect(second, 'the second app still accepts the revoked key').to.equal(true);
    expect(tookMs).to.be.below(3000);
  });
});

function prefixes(svc: TestService): Record<string, string> {
  return { INDEX_PREFIX: svc.rt.env.INDEX_PREFIX, QUEUE_PREFIX: svc.rt.env.QUEUE_PREFIX };
}
