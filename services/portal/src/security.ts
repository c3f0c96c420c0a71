import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { getEach, type PortalRedis } from './redis.ts';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrf?: string;
    /** The phone number waiting for its verification code (sign-up). */
    pendingPhone?: string;
    flash?: string;
    /** Vacancies applied to in this session (shown at once, before the intent worker has written the pair). */
    applied?: string[];
    /** The password hash of a sign-up waiting for its code (never the password itself). */
    pendingHash?: string;
  }
}

/** The session's CSRF token, made on first use (so a form page starts a session; a search page does not). */
export function csrfToken(req: Request): string {
  req.session.csrf ??= randomBytes(24).toString('base64url');
  return req.session.csrf;
}

/**
 * Synchroniser-token CSRF check for every state-changing request: the form's `_csrf` (or the `x-csrf-token`
 * header of a script) must equal the session's token. SameSite=Lax cookies are the second line.
 */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') {
    next();
    return;
  }
  // A file upload (multipart) is read by its route after this check, so its token travels in the query.
  const multipart = (req.get('content-type') ?? '').startsWith('multipart/form-data');
  const sent =
    (req.body as Record<string, unknown> | undefined)?._csrf ??
    req.get('x-csrf-token') ??
    (multipart ? req.query._csrf : undefined) ??
    '';
  const expected = req.session?.csrf ?? '';
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(expected);
  if (expected && a.length === b.length && timingSafeEqual(a, b)) {
    next();
    return;
  }
  res.status(403);
  next(new CsrfError());
}

export class CsrfError extends Error {
  constructor() {
    super('表单已过期或来源不明，请返回刷新页面后重试');
    this.name = 'CsrfError';
  }
}

/**
 * Sign-in throttling in Redis (shared by every copy of the portal): after `maxPerLogin` failures for one
 * login, or `maxPerAddress` from one address, within the window, sign-in is refused until it passes.
 */
export class LoginThrottle {
  private readonly redis: PortalRedis;
  private readonly prefix: string;
  readonly windowSeconds: number;
  private readonly maxPerLogin: number;
  private readonly maxPerAddress: number;

  constructor(
    redis: PortalRedis,
    prefix: string,
    opts: { windowSeconds?: number; maxPerLogin?: number; maxPerAddress?: number } = {},
  ) {
    this.redis = redis;
    this.prefix = `${prefix}:portal:throttle`;
    this.windowSeconds = opts.windowSeconds ?? 900;
    this.maxPerLogin = opts.maxPerLogin ?? 5;
    this.maxPerAddress = opts.maxPerAddress ?? 30;
  }

  private keys(login: string, address: string) {
    return [`${this.prefix}:login:${login.toLowerCase()}`, `${this.prefix}:addr:${address}`] as const;
  }

  /** Seconds to wait when sign-in is blocked for this login or address; 0 when it may be tried. */
  async blockedFor(login: string, address: string): Promise<number> {
    const [lk, ak] = this.keys(login, address);
    const [l, a] = await getEach(this.redis, [lk, ak]);
    if (Number(l ?? 0) >= this.maxPerLogin) return Math.max(1, await this.redis.ttl(lk));
    if (Number(a ?? 0) >= this.maxPerAddress) return Math.max(1, await this.redis.ttl(ak));
    return 0;
  }

  async failed(login: string, address: string): Promise<void> {
    for (const key of this.keys(login, address)) {
      const n = await this.redis.incr(key);
      if (n === 1) await this.redis.expire(key, this.windowSeconds);
    }
  }

  async succeeded(login: string): Promise<void> {
    await this.redis.del(this.keys(login, '')[0]);
  }
}

/** Delivers a phone verification code. No SMS provider here: the console one prints it to the log. */
export interface Verifier {
  send(phone: string, code: string): Promise<void>;
}

export class ConsoleVerifier implements Verifier {
  private readonly log: (line: string) => void;
  constructor(log: (line: string) => void = (line) => console.log(line)) {
    this.log = log;
  }
  async send(phone: string, code: string): Promise<void> {
    this.log(`[portal] verification code for ${phone.slice(0, 3)}****${phone.slice(-4)}: ${code}`);
  }
}

/** Verification codes in Redis: six digits, ten minutes, five tries. */
export class VerificationCodes {
  private readonly redis: PortalRedis;
  private readonly prefix: string;
  private readonly verifier: Verifier;

  constructor(redis: PortalRedis, prefix: string, verifier: Verifier) {
    this.redis = redis;
    this.prefix = `${prefix}:portal:verify`;
    this.verifier = verifier;
  }

  async issue(phone: string): Promise<void> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.redis.set(`${this.prefix}:${phone}`, JSON.stringify({ code, tries: 0 }), { EX: 600 });
    await this.verifier.send(phone, code);
  }

  async check(phone: string, code: string): Promise<'ok' | 'wrong' | 'expired'> {
    const key = `${this.prefix}:${phone}`;
    const raw = await this.redis.get(key);
    if (!raw) return 'expired';
    const state = JSON.parse(raw) as { code: string; tries: number };
    if (state.tries >= 5) return 'expired';
    if (state.code === code.trim()) {
      await this.redis.del(key);
      return 'ok';
    }
    await this.redis.set(key, JSON.stringify({ ...state, tries: state.tries + 1 }), { KEEPTTL: true });
    return 'wrong';
  }
}
