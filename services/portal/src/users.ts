import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { delEach, getEach, type PortalRedis } from './redis.ts';

export type UserRole = 'seeker' | 'employer' | 'bureau';

/** A portal account. Seekers sign in with their phone number; staff with a login name the bureau gives. */
export interface User {
  id: string;
  role: UserRole;
  /** The sign-in name: a seeker's phone number, a staff login. Unique. */
  login: string;
  passwordHash: string;
  displayName: string;
  createdAt: string;
  /** Seekers: set once the phone number is verified. */
  verifiedAt?: string;
  /** Seekers: the worker profile's id in the platform (made when the profile is first saved). */
  workerId?: string;
  /** Seekers: the consent given on the profile page, its exact text and time. */
  consent?: { text: string; textVersion: string; at: string };
  /** Seekers: the name given on the profile form (the platform keeps it private; the portal shows it back). */
  profileName?: string;
  /** Employers: the firm the account is bound to, and that firm's own API key (sealed at rest). */
  firmId?: string;
  firmName?: string;
  sealedKey?: string;
  keyId?: string;
}

/**
 * Portal accounts in Redis (the portal's own data: it has no engine access). One JSON value per user, a
 * login → id index, and the set of each user's sessions (for "log out everywhere"). Employer keys are sealed
 * with AES-256-GCM under a key derived from the session secret, so a copy of Redis alone does not give them.
 */
export class UserStore {
  private readonly redis: PortalRedis;
  private readonly prefix: string;
  private readonly sealKey: Buffer;

  constructor(redis: PortalRedis, prefix: string, secret: string) {
    this.redis = redis;
    this.prefix = `${prefix}:portal`;
    this.sealKey = createHash('sha256').update(`fugong-portal-seal:${secret}`).digest();
  }

  private userKey(id: string) {
    return `${this.prefix}:user:${id}`;
  }
  private loginKey(login: string) {
    return `${this.prefix}:login:${login.toLowerCase()}`;
  }
  sessionsKey(id: string) {
    return `${this.prefix}:user:${id}:sessions`;
  }

  /** Creates the account, or answers undefined when the login is taken (atomic: SET NX on the login). */
  async create(input: Omit<User, 'id' | 'createdAt'>): Promise<User | undefined> {
    const user: User = {
      ...input,
      id: `u${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      createdAt: new Date().toISOString(),
    };
    const claimed = await this.redis.set(this.loginKey(user.login), user.id, { NX: true });
    if (claimed !== 'OK') return undefined;
    await this.redis.set(this.userKey(user.id), JSON.stringify(user));
    return user;
  }

  async get(id: string): Promise<User | undefined> {
    const raw = await this.redis.get(this.userKey(id));
    return raw ? (JSON.parse(raw) as User) : undefined;
  }

  async byLogin(login: string): Promise<User | undefined> {
    const id = await this.redis.get(this.loginKey(login));
    return id ? this.get(id) : undefined;
  }

  async update(
    id: string,
    change: Partial<Omit<User, 'id' | 'login' | 'role' | 'createdAt'>>,
  ): Promise<User> {
    const user = await this.get(id);
    if (!user) throw new Error(`no user ${id}`);
    const next = { ...user, ...change };
    await this.redis.set(this.userKey(id), JSON.stringify(next));
    return next;
  }

  async delete(user: User): Promise<void> {
    await delEach(this.redis, [this.userKey(user.id), this.loginKey(user.login), this.sessionsKey(user.id)]);
  }

  /** Employer accounts, for the bureau's user management page. */
  async list(role: UserRole): Promise<User[]> {
    const users: User[] = [];
    for await (const keys of this.redis.scan(`${this.prefix}:user:*`)) {
      const ids = keys.filter((k) => !k.endsWith(':sessions'));
      if (ids.length === 0) continue;
      const values = await getEach(this.redis, ids);
      for (const v of values) {
        if (!v) continue;
        const u = JSON.parse(v) as User;
        if (u.role === role) users.push(u);
      }
    }
    return users.sort((a, b) => a.login.localeCompare(b.login));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  unseal(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!iv || !tag || !body) throw new Error('bad sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
