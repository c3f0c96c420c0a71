/**
 * `pnpm bench scale-size [--vacancies N]`: the figures the national sizing in docs/scale.md starts from, on
 * the cluster of `infra/up --cluster` (ELASTICSEARCH_URL with every node, REDIS_CLUSTER_NODES): loads the
 * demo generator's campaign at N vacancies and N/2 worker profiles (default 100,000) through the same writer
 * ingest uses, in throw-away indices with the configured layout (INDEX_SHARDS, replicas 1 on a cluster), and
 * prints the load rate and each index's size per document (primaries only, and with replicas).
 */
import { parseArgs } from 'node:util';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { createRuntime } from '@fugong/http';
import { redisReady } from '@fugong/queue';
import { allIndices, deleteIndicesWithPrefix, ensureIndices, indexLayout } from '@fugong/search';
import { loadDemoData } from '../scripts/load-demo.ts';

const { values } = parseArgs({
  options: { vacancies: { type: 'string', default: '100000' }, keep: { type: 'boolean' } },
});
const n = Number(values.vacancies);
const prefix = `scalesize-${Date.now().toString(36)}`;
const env = parseEnv(baseEnvSchema, {
  ...process.env,
  INDEX_PREFIX: prefix,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: 'warn',
});
const rt = createRuntime(env, 'bench-scale-size');
try {
  await redisReady(rt.redis);
  await ensureIndices(rt.es, prefix, allIndices, indexLayout(env));
  const t0 = Date.now();
  const loaded = await loadDemoData(rt, { scale: n, log: (l) => console.error(l) });
  const seconds = (Date.now() - t0) / 1000;
  await rt.es.indices.refresh({ index: `${prefix}-*` });
  await rt.es.indices
    .forcemerge({
      index: `${prefix}-vacancies,${prefix}-workers,${prefix}-worker-private`,
      max_num_segments: 1,
    })
    .catch(() => {});
  const stats = await rt.es.indices.stats({ index: `${prefix}-*`, metric: ['docs', 'store'] });
  const sizes = Object.fromEntries(
    Object.entries(stats.indices ?? {})
      .filter(([, s]) => (s.primaries?.docs?.count ?? 0) > 0)
      .map(([name, s]) => {
        const docs = s.primaries?.docs?.count ?? 0;
        const primary = s.primaries?.store?.size_in_bytes ?? 0;
        const total = s.total?.store?.size_in_bytes ?? 0;
        return [
          name.slice(prefix.length + 1),
          {
            docs,
            bytesPerDocPrimary: Math.round(primary / docs),
            bytesPerDocWithReplicas: Math.round(total / docs),
            gbPerMillionPrimary: Number((((primary / docs) * 1e6) / 1e9).toFixed(2)),
          },
        ];
      }),
  );
  const vacancies = Object.values(loaded.vacancies).reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify({
      vacanciesGenerated: vacancies,
      vacancies: loaded.vacancies,
      workers: loaded.workers,
      loadSeconds: Number(seconds.toFixed(1)),
      vacanciesPerSecond: Math.round(vacancies / seconds),
      nodes: (await rt.es.cluster.health({})).number_of_data_nodes,
      sizes,
    }),
  );
} finally {
  if (!values.keep) await deleteIndicesWithPrefix(rt.es, prefix).catch(() => {});
  await rt.close();
}
