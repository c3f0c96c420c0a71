/** Creates (or migrates to the current version) every index and alias of the platform. */
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { allIndices, createSearchClient, ensureIndices } from '@fugong/search';

const env = parseEnv(baseEnvSchema);
const es = createSearchClient(env.ELASTICSEARCH_URL);
try {
  const result = await ensureIndices(es, env.INDEX_PREFIX, allIndices);
  for (const [name, what] of Object.entries(result))
    console.error(`index ${env.INDEX_PREFIX}-${name}: ${what}`);
} finally {
  await es.close();
}
