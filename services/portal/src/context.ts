import type { NextFunction, Request, Response } from 'express';
import type { Html } from './html.ts';
import { documentOf } from './html.ts';
import type { PageContext } from './layout.ts';
import { csrfToken } from './security.ts';
import type { User, UserRole, UserStore } from './users.ts';

declare global {
  namespace Express {
    interface Request {
      /** The signed-in portal user, loaded from the session. */
      user?: User;
    }
  }
}

/** Loads the signed-in user (if any) from the session; a session whose user is gone is emptied. */
export function loadUser(users: UserStore) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const id = req.session?.userId;
      if (id) {
        const user = await users.get(id);
        if (user) req.user = user;
        else delete req.session.userId;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function contextOf(req: Request, opts: { form?: boolean } = {}): PageContext {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  return {
    ...(req.user ? { user: req.user } : {}),
    elder: req.get('cookie')?.split(/;\s*/).includes('mode=elder') ?? false,
    path: req.originalUrl,
    // Signed-in pages always carry the token (the header's logout form); anonymous ones only when they show a form.
    ...(req.session && (req.user || opts.form) ? { csrf: csrfToken(req) } : {}),
    ...(flash ? { flash } : {}),
  };
}

export function send(res: Response, page: Html, status = 200): void {
  // A page depends on the session and the 长辈模式 cookie: revalidated on every visit and never shared. Without
  // this a browser keeps a 410 (a closed vacancy) for ever and shows it in the wrong mode or to the wrong user.
  if (!res.get('cache-control')) res.set('cache-control', 'private, no-cache');
  res.status(status).type('html').send(documentOf(page));
}

/** Pages for one role only: anonymous visitors go to sign-in, another role gets a 403 page. */
export function requireRole(role: UserRole, forbidden: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (req.user.role !== role) return forbidden(req, res);
    next();
  };
}

/** Wraps an async handler so a rejection reaches the error handler. */
export const handle =
  (fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>) =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res, next).catch(next);
  };

/** A local path to go back to after sign-in or a mode switch; anything else (other hosts, `//x`) is `/`. */
export function safeBack(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}
