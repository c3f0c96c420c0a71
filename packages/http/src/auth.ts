import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { RedisConnection } from '@fugong/queue';
import { engineCall, getSource } from '@fugong/search';
import {
  type ApiKeyRecord,
  ForbiddenError,
  type Principal,
  RateLimitedError,
  type Role,
  UnauthorizedError,
  ValidationError,
} from '@fugong/schemas';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Redis } from 'ioredis';

/*
 * API keys look like `fg_<keyId>_<secret>`. Only a SHA-256 of the whole key is stored: the secret is 32 random
 * bytes, so a slow password hash would add latency without adding safety. The key id locates the record.
 */

const KEY_PATTERN = /^fg_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Makes a new key and its record; the caller stores the record and prints the key once. */
export function generateApiKey(input: {
  role: Role;
  firmId?: string;
  siteId?: string;
  label?: string;
  rateLimit?: number;
}): {
  key: string;
  record: ApiKeyRecord;
} {
  if (input.role === 'employer' && !input.firmId)
    throw new Error('an employer key must be bound to a firm id');
  if (input.role === 'site' && !input.siteId) throw new Error('a site key must name its site id');
  const keyId = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const key = `fg_${keyId}_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    keyId,
    hash: hashKey(key),
    role: input.role,
    ...(input.firmId ? { firmId: input.firmId } : {}),
    ...(input.siteId ? { siteId: input.siteId } : {}),
    ...(input.label ? { label: input.label } : {}),
    ...(input.rateLimit ? { rateLimit: input.rateLimit } : {}),
    createdAt: new Date().toISOString(),
    revoked: false,
  };
  return { key, record };
}

/** Stores a key record (refresh so it works at once). */
export async function storeApiKey(client: Client, index: string, record: ApiKeyRecord): Promise<void> {
  await engineCall(() => client.index({ index, id: record.keyId, document: record, refresh: 'wait_for' }));
}

/** Where services hear about revoked keys: one channel per deployment (index prefix). */
export const revocationChannel = (indexPrefix: string): string => `${indexPrefix}:api-keys:revoked`;

/**
 * Revokes a key: marks the record revoked in the engine, then publishes its id so every running service
 * forgets it at once (`./fugong keys revoke` and tests use this). Returns whether the publish reached Redis;
 * when it did not, services still stop accepting the key within their cache's fallback TTL.
 */
export async function revokeApiKey(
  client: Client,
  index: string,
  keyId: string,
  notify?: { redis: Pick<Redis, 'publish'>; channel: string },
): Promise<{ published: boolean }> {
  await engineCall(
    () => client.update({ index, id: keyId, doc: { revoked: true }, refresh: 'wait_for' }),
    `API key ${keyId}`,
  );
  if (!notify) return { published: false };
  try {
    await notify.redis.publish(notify.channel, keyId);
    return { published: true };
  } catch {
    return { published: false };
  }
}

export interface ApiKeyStoreOptions {
  /** How long a found record is trusted while revocations are being heard (the feed is live). */
  ttlMs?: number;
  /** How long a found record is trusted while the revocation feed is down (or was never set up). */
  fallbackTtlMs?: number;
  /** How long "no such key" is remembered, so a repeated unknown key costs no engine lookup. */
  negativeTtlMs?: number;
  /** Most records kept; the least recently used go first. */
  maxEntries?: number;
}

/**
 * Looks up key records by id with a short, bounded cache, so auth costs no engine round trip on most
 * requests. A revocation evicts the record at once when the runtime hears it ({@link evict}); while the
 * revocation feed is down, found records are trusted only for `fallbackTtlMs`, so a revocation takes
 * effect within a second or two either way.
 */
export class ApiKeyStore {
  private readonly cache = new Map<string, { record: ApiKeyRecord | null; at: number }>();
  private feedLive = false;
  /** Bumped by every eviction: a lookup that was in flight meanwhile may have read a stale record. */
  private generation = 0;
  private readonly ttlMs: number;
  private readonly fallbackTtlMs: number;
  private readonly negativeTtlMs: number;
  readonly maxEntries: number;
  private readonly client: Client;
  private readonly index: string;

  constructor(client: Client, index: string, options: ApiKeyStoreOptions = {}) {
    this.client = client;
    this.index = index;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.fallbackTtlMs = options.fallbackTtlMs ?? 1000;
    this.negativeTtlMs = options.negativeTtlMs ?? 5000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** Records cached now (bounded by `maxEntries`). */
  get size(): number {
    return this.cache.size;
  }

  /** Forgets one key (it was revoked or changed). */
  evict(keyId: string): void {
    this.generation++;
    this.cache.delete(keyId);
  }

  /**
   * Says whether revocations are being heard. Any change forgets everything: while the feed was down,
   * revocations may have been missed.
   */
  setRevocationFeed(live: boolean): void {
    if (live !== this.feedLive) {
      this.generation++;
      this.cache.clear();
    }
    this.feedLive = live;
  }

  /** The principal for a presented key, or throws 401. */
  async authenticate(key: string): Promise<Principal> {
    const match = KEY_PATTERN.exec(key);
    if (!match) throw new UnauthorizedError('the API key is malformed');
    return principalOf(key, await this.lookup(match[1]!));
  }

  /**
   * The principal for a valid key whose record is cached and fresh, with no engine lookup; undefined for
   * anything else. Lets a known key through while its client address is blocked for failed guesses.
   */
  cachedPrincipal(key: string): Principal | undefined {
    const match = KEY_PATTERN.exec(key);
    const record = match ? this.fresh(match[1]!) : undefined;
    if (!record) return undefined;
    try {
      return principalOf(key, record);
    } catch {
      return undefined;
    }
  }

  /** The cached record (null: known not to exist) while fresh, marked most recently used; undefined on a miss. */
  private fresh(keyId: string, now = Date.now()): ApiKeyRecord | null | undefined {
    const hit = this.cache.get(keyId);
    if (!hit) return undefined;
    const ttl = !hit.record ? this.negativeTtlMs : this.feedLive ? this.ttlMs : this.fallbackTtlMs;
    this.cache.delete(keyId);
    if (hit.at + ttl <= now) return undefined;
    // Map order is insertion order: re-inserting marks the entry most recently used.
    this.cache.set(keyId, hit);
    return hit.record;
  }

  private async lookup(keyId: string): Promise<ApiKeyRecord | null> {
    const now = Date.now();
    const cached = this.fresh(keyId, now);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const record = (await getSource<ApiKeyRecord>(this.client, { index: this.index, id: keyId })) ?? null;
    // Read before a revocation was heard: use it for this request, but do not keep it.
    if (generation !== this.generation) return record;
    while (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    this.cache.set(keyId, { record, at: now });
    return record;
  }
}

/** Counts one failure of a client in Redis: the shared count and the window's milliseconds left. */
const SHARED_FAILURE_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

/**
 * Failed authentications per client address in fixed one-minute windows, so guessing keys is rate-limited
 * like anything else (each guess may cost an engine lookup). Bounded: past `maxClients` the oldest window
 * is forgotten first.
 *
 * With `shared` (Redis, as the request limits use when RATE_LIMIT_STORE=redis or on a Redis Cluster) every
 * failure is also counted in Redis, and this process takes the shared count as its own: a guesser spread over
 * several copies and services behind a balancer is blocked after the same `limit` in total, give or take one
 * guess per copy that had not heard from it yet (the check itself stays local, so a valid key costs no Redis
 * round trip). While Redis cannot count, the local count still applies.
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  readonly limit: number;
  readonly windowMs: number;
  readonly maxClients: number;
  private readonly shared: { redis: RedisConnection; prefix: string } | undefined;

  constructor(
    limit: number,
    windowMs = 60_000,
    maxClients = 100_000,
    shared?: { redis: RedisConnection; prefix: string },
  ) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxClients = maxClients;
    this.shared = shared;
  }

  /** Seconds until this client may present a key again; 0 while it is under the limit. */
  blockedFor(client: string, now = Date.now()): number {
    const w = this.windows.get(client);
    if (!w || w.resetAt <= now || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  /** Counts one failure of this client (here, and in Redis when shared). */
  async record(client: string, now = Date.now()): Promise<void> {
    let w = this.windows.get(client);
    if (!w || w.resetAt <= now) {
      this.windows.delete(client);
      while (this.windows.size >= this.maxClients) {
        const oldest = this.windows.keys().next().value;
        if (oldest === undefined) break;
        this.windows.delete(oldest);
      }
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(client, w);
    }
    w.count++;
    if (!this.shared) return;
    try {
      const [count, ttl] = (await this.shared.redis.eval(
        SHARED_FAILURE_SCRIPT,
        1,
        `${this.shared.prefix}${client}`,
        String(this.windowMs),
      )) as [number, number];
      if (count > w.count) w.count = count;
      if (ttl > 0) w.resetAt = now + ttl;
    } catch {
      // Redis is down or slow: the local count stands (the failed request is answered 401 either way).
    }
  }
}

/** The principal a key stands for, or 401 when the record is missing, revoked or the secret differs. */
function principalOf(key: string, record: ApiKeyRecord | null): Principal {
  const presented = Buffer.from(hashKey(key), 'hex');
  if (!record || record.revoked || !timingSafeEqual(presented, Buffer.from(record.hash, 'hex'))) {
    throw new UnauthorizedError('the API key is not valid');
  }
  const limit = record.rateLimit ? { rateLimit: record.rateLimit } : {};
  if (record.role === 'employer')
    return { role: 'employer', keyId: record.keyId, firmId: record.firmId!, ...limit };
  if (record.role === 'site') return { role: 'site', keyId: record.keyId, siteId: record.siteId!, ...limit };
  return { role: 'bureau', keyId: record.keyId, ...(record.label ? { label: record.label } : {}), ...limit };
}

/** Reads the key from `Authorization: Bearer …` or `X-Api-Key`. */
export function presentedKey(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

/**
 * Sets `req.principal` from the key, or anonymous when none was sent. A bad key is 401 even on public routes;
 * a client that sent too many bad keys gets 429 with Retry-After before its key is even looked up.
 */
export function authenticate(store: ApiKeyStore, failures?: AuthFailureLimiter): RequestHandler {
  return async (req, res, next) => {
    const key = presentedKey(req);
    if (!key) {
      req.principal = { role: 'anonymous', keyId: 'anonymous' };
      next();
      return;
    }
    const client = ipKeyGenerator(req.ip ?? '');
    const wait = failures?.blockedFor(client) ?? 0;
    if (wait > 0) {
      // Blocked for guessing: only a key already known to be valid (cached, no lookup) still gets through,
      // so one bad client behind a shared address does not lock out the others' working keys.
      const known = store.cachedPrincipal(key);
      if (!known) {
        res.setHeader('Retry-After', String(wait));
        throw new RateLimitedError();
      }
      req.principal = known;
      next();
      return;
    }
    try {
      req.principal = await store.authenticate(key);
    } catch (err) {
      if (err instanceof UnauthorizedError) await failures?.record(client);
      throw err;
    }
    next();
  };
}

/** Throws 401 for anonymous callers and 403 for a role not in the list. */
export function assertRole<R extends Role>(
  principal: Principal | undefined,
  roles: readonly R[],
): asserts principal is Extract<Principal, { role: R }> {
  if (!principal || principal.role === 'anonymous') throw new UnauthorizedError();
  if (!(roles as readonly Role[]).includes(principal.role)) {
    throw new ForbiddenError(
      `this operation needs a key with role ${roles.join(' or ')}; yours is ${principal.role}`,
    );
  }
}

export interface ActingFirmOptions {
  /** The request field that names the firm, named in the errors (default `firmId`). */
  field?: string;
  /** What the bureau is writing, for the 400 message (default `the data`), e.g. `the vacancy`. */
  what?: string;
  /** False when the bureau may leave the firm out (a default, or a filter): undefined is then returned. */
  required?: boolean;
}

/** The acting-firm rule's answer for a bureau or employer key, without throwing (see {@link actingFirm}). */
export type FirmDecision = { firmId: string } | { refused: 'other_firm' | 'missing' };

/**
 * The rule itself, as a value: an employer acts for its own firm (naming another is `other_firm`); the bureau
 * for the firm it names (`missing` when it names none). A bulk upload asks it once per item, where a thrown
 * error (and its stack) per refused item would cost more than the rest of the item's checks.
 */
export function decideFirm(
  principal: Extract<Principal, { role: 'bureau' | 'employer' }>,
  requested: string | undefined,
): FirmDecision {
  if (principal.role === 'employer') {
    return requested !== undefined && requested !== principal.firmId
      ? { refused: 'other_firm' }
      : { firmId: principal.firmId };
  }
  return requested ? { firmId: requested } : { refused: 'missing' };
}

/**
 * The one rule for which firm a request acts for. An employer key acts for its own firm: naming another is 403
 * (before anything is read or written); the bureau must name the firm (a missing one is a 400 naming the
 * field) unless `required` is false; a site key, or any other role, may not act for a firm (403; anonymous 401).
 */
export function actingFirm(
  principal: Principal | undefined,
  requested: string | undefined,
  options: ActingFirmOptions & { required: false },
): string | undefined;
export function actingFirm(
  principal: Principal | undefined,
  requested: string | undefined,
  options?: ActingFirmOptions,
): string;
export function actingFirm(
  principal: Principal | undefined,
  requested: string | undefined,
  options: ActingFirmOptions = {},
): string | undefined {
  const field = options.field ?? 'firmId';
  assertRole(principal, ['bureau', 'employer']);
  const decision = decideFirm(principal, requested);
  if ('firmId' in decision) return decision.firmId;
  if (decision.refused === 'other_firm') {
    const own = principal.role === 'employer' ? principal.firmId : '';
    throw new ForbiddenError(
      `an employer key acts only for its own firm (${own}); ${field} names ${requested}`,
    );
  }
  if (options.required === false) return undefined;
  const message = `required for a bureau key: which firm ${options.what ?? 'the data'} is for`;
  throw new ValidationError(`${field}: ${message}`, [{ path: field, message }]);
}
