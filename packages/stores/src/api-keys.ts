import type { estypes } from '@elastic/elasticsearch';
import { getSource, searchDocuments } from '@fugong/search';
import { type ApiKeyRecord, pageOffset, type Role } from '@fugong/schemas';
import type { StoreContext } from './engine.ts';

/** A key record as it may be shown: everything but the hash (the key itself is never stored). */
export type ApiKeyListing = Omit<ApiKeyRecord, 'hash'>;

/** What a bureau may filter the key list by. */
export interface ApiKeyFilter {
  role?: Role;
  firmId?: string;
  siteId?: string;
  /** true: only revoked keys; false: only keys still valid; undefined: both. */
  revoked?: boolean;
}

/**
 * The `api-keys` index as the key-management routes read it. Creating and revoking stay in `@fugong/http`
 * (`generateApiKey`, `storeApiKey`, `revokeApiKey`), the one write path the CLI uses too: revoking must also
 * publish on Redis, which is the HTTP kit's business, not a store's. Named apart from `@fugong/http`'s
 * `ApiKeyStore` (auth's cached lookup by key id), which a service holds beside this one.
 */
export class ApiKeyRecordStore {
  private readonly ctx: StoreContext;
  private readonly index: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.index = ctx.names.apiKeys;
  }

  /** The record without its hash, or undefined (real time: a key created a moment ago is found). */
  get(keyId: string): Promise<ApiKeyListing | undefined> {
    return getSource<ApiKeyListing>(
      this.ctx.es,
      { index: this.index, id: keyId, _source_excludes: ['hash'] },
      'API key',
    );
  }

  /** One page of records, newest first, never with their hashes. */
  async list(
    filter: ApiKeyFilter,
    page: number,
    size: number,
  ): Promise<{ total: number; items: ApiKeyListing[] }> {
    const clauses: estypes.QueryDslQueryContainer[] = [];
    if (filter.role) clauses.push({ term: { role: filter.role } });
    if (filter.firmId) clauses.push({ term: { firmId: filter.firmId } });
    if (filter.siteId) clauses.push({ term: { siteId: filter.siteId } });
    if (filter.revoked !== undefined) clauses.push({ term: { revoked: filter.revoked } });
    const res = await searchDocuments<ApiKeyListing>(this.ctx.es, {
      index: this.index,
      from: pageOffset(page, size),
      size,
      track_total_hits: true,
      _source_excludes: ['hash'],
      sort: [{ createdAt: 'desc' }, { keyId: 'asc' }],
      query: { bool: { filter: clauses } },
    });
    return { total: res.total, items: res.docs };
  }
}
