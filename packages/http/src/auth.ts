import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Client, estypes } from '@elastic/elasticsearch';
import { engineCall } from '@fugong/search';
import {
  type ApiKeyRecord,
  ForbiddenError,
  type Principal,
  type Role,
  UnauthorizedError,
} from '@fugong/schemas';
import type { Request, RequestHandler } from 'express';

/*
 * API keys look like `fg_<keyId>_<secret>`. Only a SHA-256 of the whole key is stored: the secret is 32 random
 * bytes, so a slow password hash would add latency without adding safety. The key id locates the record.
 */

const KEY_PATTERN = /^fg_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Makes a new key and its record; the caller stores the record and prints the key once. */
export function generateApiKey(input: { role: Role; firmId?: string; siteId?: string; label?: string }): {
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
    createdAt: new Date().toISOString(),
    revoked: false,
  };
  return { key, record };
}

/** Stores a key record (refresh so it works at once). */
export async function storeApiKey(client: Client, index: string, record: ApiKeyRecord): Promise<void> {
  await engineCall(() => client.index({ index, id: record.keyId, document: record, refresh: 'wait_for' }));
}

/** Looks up key records by id with a short cache, so auth costs no engine round trip on most requests. */
export class ApiKeyStore {
  private cache = new Map<string, { record: ApiKeyRecord | null; until: number }>();

  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly ttlMs = 30_000,
  ) {}

  /** The principal for a presented key, or throws 401. */
  async authenticate(key: string): Promise<Principal> {
    const match = KEY_PATTERN.exec(key);
    if (!match) throw new UnauthorizedError('the API key is malformed');
    const record = await this.lookup(match[1]!);
    const presented = Buffer.from(hashKey(key), 'hex');
    if (!record || record.revoked || !timingSafeEqual(presented, Buffer.from(record.hash, 'hex'))) {
      throw new UnauthorizedError('the API key is not valid');
    }
    if (record.role === 'employer') return { role: 'employer', keyId: record.keyId, firmId: record.firmId! };
    if (record.role === 'site') return { role: 'site', keyId: record.keyId, siteId: record.siteId! };
    return { role: 'bureau', keyId: record.keyId };
  }

  private async lookup(keyId: string): Promise<ApiKeyRecord | null> {
    const hit = this.cache.get(keyId);
    if (hit && hit.until > Date.now()) return hit.record;
    const res = await engineCall(
      () =>
        this.client.get<ApiKeyRecord>({ index: this.index, id: keyId }, { ignore: [404] }) as Promise<
          estypes.GetResponse<ApiKeyRecord>
        >,
    );
    const record = res.found && res._source ? res._source : null;
    this.cache.set(keyId, { record, until: Date.now() + this.ttlMs });
    return record;
  }
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

/** Sets `req.principal` from the key, or anonymous when none was sent. A bad key is 401 even on public routes. */
export function authenticate(store: ApiKeyStore): RequestHandler {
  return async (req, _res, next) => {
    const key = presentedKey(req);
    req.principal = key ? await store.authenticate(key) : { role: 'anonymous', keyId: 'anonymous' };
    next();
  };
}

/** Throws 401 for anonymous callers and 403 for a role not in the list. */
export function assertRole(
  principal: Principal | undefined,
  roles: readonly Role[],
): asserts principal is Exclude<Principal, { role: 'anonymous' }> {
  if (!principal || principal.role === 'anonymous') throw new UnauthorizedError();
  if (!roles.includes(principal.role)) {
    throw new ForbiddenError(
      `this operation needs a key with role ${roles.join(' or ')}; yours is ${principal.role}`,
    );
  }
}

/** The firm an employer key is bound to must be the firm being touched; the bureau may touch any. */
export function assertFirmAccess(principal: Principal | undefined, firmId: string): void {
  assertRole(principal, ['bureau', 'employer']);
  if (principal.role === 'employer' && principal.firmId !== firmId) {
    throw new ForbiddenError("an employer key may only touch its own firm's data");
  }
}
