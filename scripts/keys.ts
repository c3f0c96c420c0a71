/**
 * API keys for the bureau, employers and sites.
 *   pnpm keys create --role bureau|employer|site [--firm FIRM_ID] [--site SITE_ID] [--label TEXT]
 *                    [--rate-limit N]   (requests a minute for this key; default RATE_LIMIT_KEYED)
 *   pnpm keys list
 *   pnpm keys revoke KEY_ID
 * The key is printed once; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { generateApiKey, revocationChannel, revokeApiKey, storeApiKey } from '@fugong/http';
import { redisConnection, redisReady } from '@fugong/queue';
import { Role } from '@fugong/schemas';
import { allIndices, createSearchClient, ensureIndices, indexNames } from '@fugong/search';

const env = parseEnv(baseEnvSchema);
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    firm: { type: 'string' },
    site: { type: 'string' },
    label: { type: 'string' },
    'rate-limit': { type: 'string' },
  },
});
const es = createSearchClient(env.ELASTICSEARCH_URL);
const names = indexNames(env.INDEX_PREFIX);
await ensureIndices(es, env.INDEX_PREFIX, allIndices);

const [command, arg] = positionals;
try {
  if (command === 'create') {
    const role = Role.safeParse(values.role);
    if (!role.success) throw new Error('--role must be bureau, employer or site');
    const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
    if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit >= 1 && rateLimit <= 1_000_000))
      throw new Error('--rate-limit must be a whole number of requests a minute, 1 to 1,000,000');
    const { key, record } = generateApiKey({
      role: role.data,
      ...(values.firm ? { firmId: values.firm } : {}),
      ...(values.site ? { siteId: values.site } : {}),
      ...(values.label ? { label: values.label } : {}),
      ...(rateLimit ? { rateLimit } : {}),
    });
    await storeApiKey(es, names.apiKeys, record);
    console.error(`created ${record.role} key ${record.keyId}; it is shown once, store it now:`);
    console.log(key);
  } else if (command === 'list') {
    const res = await es.search<Record<string, unknown>>({
      index: names.apiKeys,
      size: 1000,
      _source_excludes: ['hash'],
    });
    for (const hit of res.hits.hits) console.log(JSON.stringify(hit._source));
  } else if (command === 'revoke' && arg) {
    // Running services hear the revocation through Redis and forget the key at once.
    const redis = redisConnection(env.REDIS_URL, 'producer');
    redis.on('error', () => {});
    try {
      const reachable = await redisReady(redis, 3000).then(
        () => true,
        () => false,
      );
      const channel = revocationChannel(env.INDEX_PREFIX);
      const { published } = await revokeApiKey(
        es,
        names.apiKeys,
        arg,
        reachable ? { redis, channel } : undefined,
      );
      console.error(
        published
          ? `revoked ${arg}; running services were told and refuse it now`
          : `revoked ${arg}; Redis did not answer, so services refuse it within 10 s (their cache expires)`,
      );
    } finally {
      redis.disconnect();
    }
  } else {
    throw new Error(
      'usage: keys create --role ROLE [--firm ID] [--site ID] [--label TEXT] | keys list | keys revoke KEY_ID',
    );
  }
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await es.close();
}
