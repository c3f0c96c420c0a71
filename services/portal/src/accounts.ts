import { hashPassword } from './passwords.ts';
import { connectPortalRedis } from './redis.ts';
import { type User, UserStore } from './users.ts';

/**
 * Portal accounts made outside the portal: `./fugong start` gives the demo a bureau account and an employer
 * account bound to the demo firm (with that firm's own key), so a newcomer can walk every journey at once.
 * Existing accounts are left as they are.
 */
export async function seedAccounts(opts: {
  redisUrl: string;
  redisClusterNodes?: readonly string[] | undefined;
  prefix: string;
  sessionSecret: string;
  accounts: Array<{
    role: 'bureau' | 'employer';
    login: string;
    password: string;
    displayName: string;
    firmId?: string;
    key?: string;
  }>;
}): Promise<Array<{ login: string; created: boolean }>> {
  const redis = await connectPortalRedis({ url: opts.redisUrl, clusterNodes: opts.redisClusterNodes });
  try {
    const users = new UserStore(redis, opts.prefix, opts.sessionSecret);
    const out: Array<{ login: string; created: boolean }> = [];
    for (const a of opts.accounts) {
      if (await users.byLogin(a.login)) {
        out.push({ login: a.login, created: false });
        continue;
      }
      const input: Omit<User, 'id' | 'createdAt'> = {
        role: a.role,
        login: a.login,
        passwordHash: await hashPassword(a.password),
        displayName: a.displayName,
        ...(a.firmId ? { firmId: a.firmId, firmName: a.displayName } : {}),
        ...(a.key ? { sealedKey: users.seal(a.key) } : {}),
      };
      out.push({ login: a.login, created: (await users.create(input)) !== undefined });
    }
    return out;
  } finally {
    await redis.close();
  }
}
