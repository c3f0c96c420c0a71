import type { Client, estypes } from '@elastic/elasticsearch';
import { engineCall } from './errors.ts';

/**
 * An index as code. The physical index is `{prefix}-{name}-v{version}`; everyone reads and writes through
 * the alias `{prefix}-{name}`, so a new version can be built and swapped in without downtime.
 */
export interface IndexDefinition {
  name: string;
  version: number;
  settings?: estypes.IndicesIndexSettings;
  mappings: estypes.MappingTypeMapping;
}

/** How many definitions {@link ensureIndices} creates or migrates at once. */
const ENSURE_LANES = 4;

/** Creating, migrating and deleting indices may take longer than a request-path call is allowed to. */
const ADMIN_TIMEOUT_MS = 120_000;
const admin = (client: Client): Client => client.child({ requestTimeout: ADMIN_TIMEOUT_MS });

export const aliasName = (prefix: string, def: Pick<IndexDefinition, 'name'>): string =>
  `${prefix}-${def.name}`;
export const physicalName = (prefix: string, def: Pick<IndexDefinition, 'name' | 'version'>): string =>
  `${prefix}-${def.name}-v${def.version}`;

/**
 * Shards and replicas for the indices (INDEX_SHARDS, INDEX_REPLICAS). Unset shards: the definition's own, else
 * 1. Unset replicas: 0 when the engine has one data node (a replica could never be placed and would keep it
 * yellow), 1 when it has several (each shard survives the loss of a node).
 */
export interface IndexLayout {
  shards?: number | undefined;
  replicas?: number | undefined;
}

/** The layout an environment asks for. */
export const indexLayout = (env: {
  INDEX_SHARDS?: number | undefined;
  INDEX_REPLICAS?: number | undefined;
}) => ({
  shards: env.INDEX_SHARDS,
  replicas: env.INDEX_REPLICAS,
});

async function replicasFor(client: Client, layout: IndexLayout): Promise<number> {
  if (layout.replicas !== undefined) return layout.replicas;
  const health = await engineCall(() => client.cluster.health({}));
  return health.number_of_data_nodes > 1 ? 1 : 0;
}

/** What {@link ensureIndex} did. */
export type EnsureResult = 'created' | 'current' | 'migrated';

/**
 * Makes the alias point at the definition's version. Creates the index when nothing exists; when the alias
 * points at an older version, blocks writes to it, builds the new index, copies the documents (scroll + bulk:
 * `_reindex` lives in a module that core-only nodes lack), and swaps the alias in one atomic `_aliases` call
 * (readers never see a missing alias, and keep reading the old version during the copy), then deletes the old
 * index. Writes during the copy are refused, never lost.
 */
export async function ensureIndex(
  client: Client,
  prefix: string,
  def: IndexDefinition,
  layout: IndexLayout = {},
): Promise<EnsureResult> {
  client = admin(client);
  const alias = aliasName(prefix, def);
  const target = physicalName(prefix, def);
  const current = await aliasTargets(client, alias);
  const replicas = await replicasFor(client, layout);
  if (current.includes(target)) {
    // Fields added to a definition without a version bump are applied in place (put-mapping merges new
    // fields; a change to an existing field is refused by the engine and needs a new version).
    await engineCall(() => client.indices.putMapping({ index: target, ...def.mappings }));
    // The replica count is a dynamic setting: a deployment that grew from one node to a cluster gets its
    // replicas without a new version (the shard count cannot change in place).
    const res = await engineCall(() =>
      client.indices.getSettings({ index: target, name: 'index.number_of_replicas' }),
    );
    const now = Number(res[target]?.settings?.index?.number_of_replicas ?? replicas);
    if (now !== replicas)
      await engineCall(() =>
        client.indices.putSettings({ index: target, settings: { number_of_replicas: replicas } }),
      );
    return 'current';
  }
  const exists = await engineCall(() => client.indices.exists({ index: target }));
  if (!exists) {
    await engineCall(() =>
      client.indices.create({
        index: target,
        settings: {
          ...def.settings,
          number_of_shards: layout.shards ?? def.settings?.number_of_shards ?? 1,
          number_of_replicas: replicas,
        },
        mappings: def.mappings,
        ...(current.length === 0 ? { aliases: { [alias]: { is_write_index: true } } } : {}),
      }),
    );
  }
  if (current.length === 0) {
    if (exists)
      await engineCall(() => client.indices.putAlias({ index: target, name: alias, is_write_index: true }));
    return 'created';
  }
  // Writers are refused from here until the alias moves (the engine answers 403 `cluster_block_exception`,
  // which the services report as 503 and the intent worker retries): a write that reached the old index after
  // the copy had read past it would be deleted with it. Adding the block waits for writes in flight.
  await engineCall(() => client.indices.addBlock({ index: current.join(','), block: 'write' }));
  try {
    // The copy reads by search: what was written just before the block must be visible to it.
    await engineCall(() => client.indices.refresh({ index: current }));
    await copyDocuments(client, current, target);
    await engineCall(() =>
      client.indices.updateAliases({
        actions: [
          ...current.map((index) => ({ remove: { index, alias } })),
          { add: { index: target, alias, is_write_index: true } },
        ],
      }),
    );
  } catch (err) {
    // The old version stays in service, writable again; the next run copies into the new index anew.
    await client.indices
      .putSettings({ index: current, settings: { 'index.blocks.write': false } })
      .catch(() => {});
    throw err;
  }
  await engineCall(() => client.indices.delete({ index: current }));
  return 'migrated';
}

/** The physical indices an alias points at (empty when the alias does not exist). */
export async function aliasTargets(client: Client, alias: string): Promise<string[]> {
  const exists = await engineCall(() => client.indices.existsAlias({ name: alias }));
  if (!exists) return [];
  const res = await engineCall(() => client.indices.getAlias({ name: alias }));
  return Object.keys(res);
}

/** Creates or migrates every definition; returns what happened to each. */
export async function ensureIndices(
  client: Client,
  prefix: string,
  defs: readonly IndexDefinition[],
  layout: IndexLayout = {},
): Promise<Record<string, EnsureResult>> {
  // The indices are independent: creating them side by side lets the engine publish their creation in a few
  // cluster-state updates instead of one per index (17 one after another took ~1.6 s on an idle engine, which
  // every test service and every service start paid). A few at a time, so that migrations copying documents
  // do not all run at once. The replica count is asked once for all of them.
  const resolved = { ...layout, replicas: await replicasFor(admin(client), layout) };
  const out: Record<string, EnsureResult> = {};
  let next = 0;
  const lane = async () => {
    while (next < defs.length) {
      const def = defs[next++]!;
      out[def.name] = await ensureIndex(client, prefix, def, resolved);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ENSURE_LANES, defs.length) }, lane));
  return Object.fromEntries(defs.map((d) => [d.name, out[d.name]!]));
}

/** Deletes every index under a prefix (tests clean up with it). */
export async function deleteIndicesWithPrefix(client: Client, prefix: string): Promise<void> {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(prefix)) throw new Error(`refusing to delete with prefix ${prefix}`);
  client = admin(client);
  const res = await client.indices.get({
    index: `${prefix}-*`,
    expand_wildcards: 'all',
    ignore_unavailable: true,
  });
  const names = Object.keys(res);
  if (names.length > 0) await client.indices.delete({ index: names });
}

/**
 * Copies every document of `from` into `to` with a scroll and bulk writes, then refreshes `to`.
 * Writes that land in `from` during the copy are not carried over: {@link ensureIndex} blocks them first.
 */
export async function copyDocuments(
  client: Client,
  from: string[],
  to: string,
  batch = 1000,
): Promise<number> {
  let copied = 0;
  let res = await engineCall(() =>
    client.search({ index: from, scroll: '2m', size: batch, sort: ['_doc'], query: { match_all: {} } }),
  );
  try {
    while (res.hits.hits.length > 0) {
      const operations = res.hits.hits.flatMap((h) => [{ index: { _index: to, _id: h._id } }, h._source]);
      const out = await engineCall(() => client.bulk({ operations }));
      if (out.errors) throw new Error(`copying into ${to} failed for some documents`);
      copied += res.hits.hits.length;
      const scrollId = res._scroll_id!;
      res = await engineCall(() => client.scroll({ scroll_id: scrollId, scroll: '2m' }));
    }
  } finally {
    if (res._scroll_id) await client.clearScroll({ scroll_id: res._scroll_id }).catch(() => {});
  }
  await engineCall(() => client.indices.refresh({ index: to }));
  return copied;
}
