import { RateLimitedError } from '@fugong/schemas';
import express, { type Express, type Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '@fugong/queue';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { Api, JSON_TYPES } from './api.ts';
import { type ApiKeyStore, AuthFailureLimiter, authenticate } from './auth.ts';
import { renderDocsPage } from './docs.ts';
import { errorHandler, notFoundHandler, rejectLoneSurrogates } from './errors.ts';
import { redisRateLimitStore } from './rate-limit-store.ts';

/** A named readiness check: resolves true when the dependency answers. */
export type ReadinessCheck = () => Promise<boolean>;

export interface ServiceAppOptions {
  name: string;
  version: string;
  description: string;
  logger: Logger;
  keyStore: ApiKeyStore;
  readiness: Record<string, ReadinessCheck>;
  /** JSON body limit; bulk routes read their own stream with their own limit. */
  jsonLimit?: string;
  /**
   * Requests per minute: anonymous per client address, keyed per key; failed authentications per address.
   * With `shared`, the request counts live in that Redis under `prefix` (every copy of the service counts
   * against the same limit); without, in this process.
   */
  rateLimits: {
    anonymous: number;
    keyed: number;
    authFailures?: number;
    shared?: { redis: RedisConnection; prefix: string };
  };
  /**
   * Addresses/CIDRs of load balancers whose `X-Forwarded-For` is believed (express `trust proxy`). Empty or
   * unset: none, so the rate limits count the address that connected.
   */
  trustProxy?: readonly string[];
  /** The public URL for the OpenAPI `servers`; unset: `/`. Never taken from the request's headers. */
  publicBaseUrl?: string;
  /** Routes that read their own request stream (bulk uploads): the JSON body parser leaves them alone. */
  streamingPaths?: RegExp;
}

export interface ServiceApp {
  app: Express;
  api: Api;
  /** Routes registered here run after auth and rate limiting. */
  router: Router;
  /** Set false during shutdown, so /readyz fails before the server closes. */
  state: { ready: boolean };
}

/**
 * The common shell of every service: request ids and logs, helmet, JSON body limits, API-key auth, rate
 * limiting, /healthz, /readyz, /openapi.json, /docs, a 404 for unknown routes and the one error handler.
 * The service registers its routes on `api`; call `finish()` once they are all registered.
 */
export function createServiceApp(options: ServiceAppOptions): ServiceApp & { finish: () => Express } {
  const app = express();
  const state = { ready: true };
  app.disable('x-powered-by');
  // Believing X-Forwarded-For from anyone would let each request pick its own address (and rate-limit bucket).
  app.set('trust proxy', options.trustProxy?.length ? [...options.trustProxy] : false);
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"] } } }));
  const parseJson = express.json({
    limit: options.jsonLimit ?? '1mb',
    type: [...JSON_TYPES],
    // Any JSON value parses; the api kit says "body must be a JSON object" where one is expected.
    strict: false,
  });
  const json: express.RequestHandler = (req, res, next) =>
    parseJson(req, res, (err?: unknown) => (err ? next(err) : rejectLoneSurrogates(req, res, next)));
  const streaming = options.streamingPaths;
  // A streaming route reads its own body with its own limits: the JSON parser must not consume it first.
  app.use(streaming ? (req, res, next) => (streaming.test(req.path) ? next() : json(req, res, next)) : json);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      Object.entries(options.readiness).map(
        async ([name, check]) => [name, await check().catch(() => false)] as const,
      ),
    );
    const checks = Object.fromEntries(results.map(([n, ok]) => [n, ok ? 'up' : 'down']));
    const ok = state.ready && results.every(([, up]) => up);
    res
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ready' : 'unavailable', shuttingDown: !state.ready, checks });
  });

  const router = express.Router();
  const api = new Api(router, {
    title: `fugong ${options.name}`,
    version: options.version,
    description: options.description,
  });
  // The request's Host and X-Forwarded-Proto are the client's to choose: never reflect them into the document.
  const servers = [{ url: options.publicBaseUrl ?? '/' }];
  app.get('/openapi.json', (_req, res) => {
    res.json(api.document(servers));
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(renderDocsPage(api.document(servers)));
  });

  const shared = options.rateLimits.shared;
  const authFailures = new AuthFailureLimiter(
    options.rateLimits.authFailures ?? 30,
    60_000,
    100_000,
    shared ? { redis: shared.redis, prefix: `${shared.prefix}auth:` } : undefined,
  );
  app.use(authenticate(options.keyStore, authFailures));
  app.use(
    rateLimit({
      windowMs: 60_000,
      // A key's own limit where its record sets one (a site whose visitors all search through it).
      limit: (req) =>
        !req.principal || req.principal.role === 'anonymous'
          ? options.rateLimits.anonymous
          : (req.principal.rateLimit ?? options.rateLimits.keyed),
      keyGenerator: (req) =>
        req.principal && req.principal.role !== 'anonymous'
          ? `key:${req.principal.keyId}`
          : ipKeyGenerator(req.ip ?? ''),
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new RateLimitedError()),
      // X-Forwarded-For from an untrusted peer is ignored on purpose (trust proxy above): no warning for it.
      validate: { xForwardedForHeader: false },
      ...(options.rateLimits.shared
        ? {
            store: redisRateLimitStore(options.rateLimits.shared.redis, options.rateLimits.shared.prefix),
            // While Redis cannot count, requests are let through (and the store's error logged by the
            // limiter) rather than refused: an outage of the counter must not become an outage of the API.
            passOnStoreError: true,
          }
        : {}),
    }),
  );
  app.use(router);

  const finish = () => {
    app.use(api.methodNotAllowed());
    app.use(notFoundHandler);
    app.use(errorHandler);
    return app;
  };
  return { app, api, router, state, finish };
}
