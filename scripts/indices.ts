/**
 * Creates (or migrates to the current version) every index and alias of the platform, with the shard and
 * replica counts of INDEX_SHARDS / INDEX_REPLICAS (the compose and Kubernetes index jobs run this).
 */
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { allIndices, createSearchClient, ensureIndices, indexLayout } from '@fugong/search';

const env = parseEnv(baseEnvSchema);
const es = createSearchClient(env.ELASTICSEARCH_URL);
try {
  const result = await ensureIndices(es, env.INDEX_PREFIX, allIndices, indexLayout(env));
  for (const [name, what] of Object.entries(result))
    console.error(`index ${env.INDEX_PREFIX}-${name}: ${what}`);
} finally {
  await es.close();
}
