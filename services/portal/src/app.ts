import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisStore } from 'connect-redis';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { Api } from './api.ts';
import { contextOf, loadUser, send } from './context.ts';
import type { ServiceUrls } from './env.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { registerAccountRoutes } from './routes-account.ts';
import { registerBureauRoutes } from './routes-bureau.ts';
import { registerConvoyRoutes } from './routes-convoys.ts';
import { registerEmployerRoutes } from './routes-employer.ts';
import { registerPublicRoutes } from './routes-public.ts';
import {
  ConsoleVerifier,
  CsrfError,
  LoginThrottle,
  requireCsrf,
  type Verifier,
  VerificationCodes,
} from './security.ts';
import { connectPortalRedis, delEach, type PortalRedis } from './redis.ts';
import { UserStore } from './users.ts';

export interface PortalSettings {
  urls: ServiceUrls;
  keys: { site: string; bureau: string };
  siteId: string;
  redisUrl: string;
  /** A Redis Cluster's seed nodes (`host:port`); when given, REDIS_URL is unused. */
  redisClusterNodes?: readonly string[] | undefined;
  prefix: string;
  sessionSecret: string;
  secureCookies: boolean;
  publicUrl?: string;
  /** Where verification codes go; the console by default (no SMS provider here). */
  verifier?: Verifier;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface BuiltPortal {
  app: express.Express;
  redis: PortalRedis;
  users: UserStore;
  state: { ready: boolean };
  close: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Static files: the portal's own CSS and scripts, and ECharts served from its npm package (no CDN). */
function assets(): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const types: Record<string, string> = {
    css: 'text/css',
    js: 'text/javascript',
    csv: 'text/csv; charset=utf-8',
  };
  for (const name of ['portal.css', 'portal.js', 'charts.js', 'template.csv'])
    files.set(name, {
      body: readFileSync(join(here, 'assets', name)),
      type: types[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
    });
  files.set('echarts.min.js', {
    body: readFileSync(join(dirname(require.resolve('echarts/package.json')), 'dist', 'echarts.min.js')),
    type: 'text/javascript',
  });
  return files;
}

/**
 * The portal: server-rendered pages for seekers, employers, job-fair sites and the bureau. It holds no
 * platform data of its own beyond accounts and sessions (Redis), and reaches the platform only through the
 * services' public APIs with its own keys.
 */
export async function buildPortal(s: PortalSettings): Promise<BuiltPortal> {
  const now = s.now ?? (() => new Date());
  const redis = await connectPortalRedis({ url: s.redisUrl, clusterNodes: s.redisClusterNodes });
  const users = new UserStore(redis, s.prefix, s.sessionSecret);
  const throttle = new LoginThrottle(redis, s.prefix);
  const codes = new VerificationCodes(redis, s.prefix, s.verifier ?? new ConsoleVerifier(s.log));
  const api = new Api(s.urls, s.keys);
  const sessionPrefix = `${s.prefix}:portal:sess:`;
  const store = new RedisStore({ client: redis.client, prefix: sessionPrefix, ttl: 8 * 3600 });
  const state = { ready: true };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  const files = assets();
  app.get('/assets/:name', (req, res) => {
    const file = files.get(String(req.params.name));
    if (!file) return res.status(404).type('text').send('not found');
    res.set('cache-control', 'public, max-age=3600').type(file.type).send(file.body);
  });
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/assets/icon.svg'));
  app.get('/healthz', (_req, res) => res.json({ status: 'ok', service: 'portal' }));
  app.get('/readyz', (_req, res) =>
    res.status(state.ready && redis.ready() ? 200 : 503).json({ ready: state.ready && redis.ready() }),
  );

  // Embeds: iframe-safe (any site may frame them), no session, no cookies.
  app.use('/embed', (_req, res, next) => {
    res.setHeader(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *",
    );
    res.removeHeader('x-frame-options');
    next();
  });

  app.use(
    session({
      name: 'fg.sid',
      store,
      secret: s.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: s.secureCookies, maxAge: 8 * 3600_000 },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  app.use(loadUser(users));
  app.use(requireCsrf);

  const forbidden = (req: Request, res: Response) =>
    send(
      res,
      page(
        contextOf(req),
        '无权访问',
        html`<h1>无权访问</h1><p>这个页面不属于您的账号类型。</p><p><a href="/">返回首页</a></p>`,
      ),
      403,
    );
  const sessionsKey = (id: string) => users.sessionsKey(id);
  const trackSession = async (userId: string, sid: string) => {
    await redis.sAdd(sessionsKey(userId), sid);
    await redis.expire(sessionsKey(userId), 30 * 86400);
  };
  const endAllSessions = async (userId: string) => {
    const sids = await redis.sMembers(sessionsKey(userId));
    await delEach(
      redis,
      sids.map((sid) => `${sessionPrefix}${sid}`),
    );
    await redis.del(sessionsKey(userId));
  };

  registerPublicRoutes(app, api, { ...(s.publicUrl ? { publicUrl: s.publicUrl } : {}), now });
  registerAccountRoutes(app, {
    api,
    users,
    throttle,
    codes,
    siteId: s.siteId,
    trackSession,
    endAllSessions,
    forbidden,
  });
  registerEmployerRoutes(app, { api, users, forbidden });
  registerBureauRoutes(app, { api, users, forbidden, now, trackSession });
  registerConvoyRoutes(app, { api, users, forbidden });

  app.use((req, res) =>
    send(
      res,
      page(contextOf(req), '页面不存在', html`<h1>页面不存在</h1><p><a href="/">返回首页</a></p>`),
      404,
    ),
  );
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof CsrfError)
      return send(
        res,
        page(
          { elder: false, path: req.originalUrl },
          '请刷新页面',
          html`<h1>请刷新页面</h1><p>${err.message}</p>`,
        ),
        403,
      );
    const status =
      (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500)
      return send(
        res,
        page(
          { elder: false, path: req.originalUrl },
          '请求有误',
          html`<h1>请求有误</h1><p>提交的内容无法处理（${String(status)}）。</p>`,
        ),
        status,
      );
    s.log?.(`[portal] error on ${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}`);
    send(
      res,
      page(
        { elder: false, path: req.originalUrl },
        '服务暂时不可用',
        html`<h1>服务暂时不可用</h1><p>请稍后再试。</p>`,
      ),
      503,
    );
  });

  return {
    app,
    redis,
    users,
    state,
    close: async () => {
      state.ready = false;
      await redis.close();
    },
  };
}
