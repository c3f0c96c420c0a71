/**
 * Mocha global fixture: makes sure a real Elasticsearch and Redis are reachable before any integration test.
 * - ELASTICSEARCH_URL and REDIS_URL set: use them (./fugong test sets them from infra/up).
 * - FUGONG_TESTCONTAINERS=1 and a Docker engine: start the official images with testcontainers.
 * - otherwise: run infra/up (which starts or reuses the local engine and Redis).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let stopContainers: (() => Promise<void>) | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env['ELASTICSEARCH_URL'] && process.env['REDIS_URL']) return;
  if (process.env['FUGONG_TESTCONTAINERS'] === '1') {
    const { GenericContainer, Wait } = await import('testcontainers');
    const es = await new GenericContainer('docker.elastic.co/elasticsearch/elasticsearch:8.19.21')
      .withEnvironment({
        'discovery.type': 'single-node',
        'xpack.security.enabled': 'false',
        ES_JAVA_OPTS: '-Xms1g -Xmx1g',
      })
      .withExposedPorts(9200)
      .withWaitStrategy(Wait.forHttp('/_cluster/health?wait_for_status=yellow', 9200).forStatusCode(200))
      .withStartupTimeout(180_000)
      .start();
    const redis = await new GenericContainer('redis:7')
      .withCommand(['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'])
      .withExposedPorts(6379)
      .start();
    process.env['ELASTICSEARCH_URL'] = `http://${es.getHost()}:${es.getMappedPort(9200)}`;
    process.env['REDIS_URL'] = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
    stopContainers = async () => {
      await Promise.all([es.stop(), redis.stop()]);
    };
    return;
  }
  const out = execFileSync(join(root, 'infra', 'up'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of out.split('\n')) {
    const m = /^(ELASTICSEARCH_URL|REDIS_URL)=(.+)$/.exec(line.trim());
    if (m) process.env[m[1]!] = m[2]!;
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopContainers?.();
}
