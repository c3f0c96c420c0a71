import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { AppError, ErrorBody, type Principal, type Role, ValidationError } from '@fugong/schemas';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { assertRole } from './auth.ts';
import { validationErrorFrom } from './errors.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The media types the JSON body parser reads, and so the ones a route with a JSON body accepts. */
export const JSON_TYPES = ['application/json', 'application/ld+json'] as const;
type AnyZod = z.ZodType;
type Infer<T> = T extends AnyZod ? z.output<T> : undefined;

export interface RouteSpec<
  P extends AnyZod | undefined,
  Q extends AnyZod | undefined,
  B extends AnyZod | undefined,
> {
  method: Method;
  /** OpenAPI-style path: `/v1/vacancies/{externalRef}`. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** The OpenAPI operationId (a client generator's method name); left out when absent. */
  operationId?: string;
  /** Roles allowed, or `public` for anonymous access (rate-limited). */
  auth: readonly Role[] | 'public';
  params?: P;
  query?: Q;
  body?: B;
  /** Body media types other than JSON that the route accepts (bulk uploads). */
  rawBody?: { contentTypes: string[]; description: string };
  responses: Record<number, { description: string; schema?: AnyZod; contentType?: string }>;
  handler: (
    input: { params: Infer<P>; query: Infer<Q>; body: Infer<B>; principal: Principal },
    req: Request,
    res: Response,
  ) => Promise<unknown> | unknown;
}

/**
 * Registers routes on an express router and in an OpenAPI registry from the same zod schemas, so the
 * description can never drift from what the code validates. Validation replaces req.body/query/params with
 * the parsed values; unknown fields fail because request schemas are strict.
 */
export class Api {
  readonly registry = new OpenAPIRegistry();
  /** The methods registered per path, for 405 answers (express path → matcher and methods). */
  private readonly methods = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  private readonly router: Router;
  readonly info: { title: string; version: string; description: string };

  constructor(router: Router, info: { title: string; version: string; description: string }) {
    this.router = router;
    this.info = info;
    this.registry.registerComponent('securitySchemes', 'apiKey', {
      type: 'http',
      scheme: 'bearer',
      description: 'An API key: `Authorization: Bearer fg_…` (or the `X-Api-Key` header).',
    });
  }

  route<
    P extends AnyZod | undefined = undefined,
    Q extends AnyZod | undefined = undefined,
    B extends AnyZod | undefined = undefined,
  >(spec: RouteSpec<P, Q, B>): void {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = r.schema
        ? {
            description: r.description,
            content: { [r.contentType ?? 'application/json']: { schema: r.schema } },
          }
        : { description: r.description };
    }
    // What the shell can answer on any route of this shape, so clients (and the fuzzer) find every status
    // documented: a bad key is 401 even on a public route, any caller can be rate-limited, a route with an id
    // can miss, a body can be too large or of the wrong type.
    const shellStatuses = [
      400,
      401,
      ...(spec.auth === 'public' ? [] : [403]),
      ...(spec.params ? [404] : []),
      ...(spec.body || spec.rawBody ? [413, 415] : []),
      429,
      503,
    ];
    for (const status of shellStatuses) {
      responses[String(status)] ??= {
        description: errorDescriptions[status],
        content: { 'application/json': { schema: ErrorBody } },
      };
    }
    const bodyContent: Record<string, { schema: AnyZod }> = {};
    if (spec.body) bodyContent['application/json'] = { schema: spec.body };
    for (const type of spec.rawBody?.contentTypes ?? []) bodyContent[type] = { schema: z.string() };
    this.registry.registerPath({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.operationId ? { operationId: spec.operationId } : {}),
      tags: spec.tags ?? [],
      // Declared on every operation, so generators and linters need not guess: a public route takes a key
      // when one is sent (a keyed caller gets its own rate limit and its role's view; a bad key is 401), so
      // its requirement is "none, or the key" — the empty object is the anonymous alternative.
      security: spec.auth === 'public' ? [{}, { apiKey: [] }] : [{ apiKey: [] }],
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(Object.keys(bodyContent).length > 0 ? { body: { content: bodyContent, required: true } } : {}),
      },
      responses: responses as never,
    });
    const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const entry = this.methods.get(expressPath) ?? { pattern: pathPattern(spec.path), methods: new Set() };
    entry.methods.add(spec.method.toUpperCase());
    if (spec.method === 'get') entry.methods.add('HEAD');
    this.methods.set(expressPath, entry);
    const handler: RequestHandler = async (req, res) => {
      if (spec.auth !== 'public') assertRole(req.principal, spec.auth);
      // A body in another format would parse to nothing and fail as "field expected string": say what is
      // accepted instead. (Routes that read their own stream check their own formats.)
      if (spec.body && !spec.rawBody && req.is([...JSON_TYPES]) === false) {
        throw new AppError(
          415,
          'unsupported_media_type',
          `send the body as ${JSON_TYPES.join(' or ')}; got ${req.headers['content-type'] ?? 'no Content-Type'}`,
          { accepted: [...JSON_TYPES] },
        );
      }
      const params = parsePart(spec.params, req.params, 'params');
      const query = parsePart(spec.query, req.query, 'query');
      const body = parsePart(spec.body, req.body, 'body');
      // Express 5 exposes req.query as a getter; redefine it so downstream code sees the parsed value.
      Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true });
      req.params = params as never;
      if (spec.body) req.body = body;
      const result = await spec.handler(
        {
          params,
          query,
          body,
          principal: req.principal ?? { role: 'anonymous', keyId: 'anonymous' },
        } as never,
        req,
        res,
      );
      if (!res.headersSent && result !== undefined) res.json(result);
    };
    this.router[spec.method](expressPath, handler);
  }

  /**
   * 405 with an `Allow` header for a path some route serves with other methods; anything else falls through
   * (to the 404). Mount after the router.
   */
  methodNotAllowed(): RequestHandler {
    return (req, res, next) => {
      const allowed = new Set<string>();
      for (const { pattern, methods } of this.methods.values()) {
        if (pattern.test(req.path)) for (const m of methods) allowed.add(m);
      }
      if (allowed.size === 0 || allowed.has(req.method)) {
        next();
        return;
      }
      const allow = [...allowed].sort().join(', ');
      res.setHeader('Allow', allow);
      next(
        new AppError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; use ${allow}`, {
          allowed: [...allowed].sort(),
        }),
      );
    };
  }

  /**
   * The OpenAPI 3.0 document of every registered route. It stays 3.0.3 (not 3.1): the pinned fuzzer, the docs
   * page and every generator read it, and the one 3.0 wart that matters — `nullable` — is handled below.
   */
  document(servers: Array<{ url: string }> = []): ReturnType<OpenApiGeneratorV3['generateDocument']> {
    const doc = new OpenApiGeneratorV3(this.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: this.info,
      servers,
    });
    dropUntypedNullable(doc);
    return doc;
  }
}

/**
 * Removes `nullable: true` from schemas without a `type` (zod's `unknown()` renders as `{ nullable: true }`).
 * In OpenAPI 3.0.3 `nullable` only acts beside a `type` in the same schema, and a schema with no type already
 * admits null, so the keyword says nothing there; linters (Redocly's `nullable-type-sibling`) and generators
 * read it as a mistake. Every nullable field that has a type keeps it, and so reads `T | null`; a nullable
 * `$ref` or combination is left for test/unit/openapi-documents.test.ts to reject (it needs a typed rewrite).
 */
export function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropUntypedNullable(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const constrained = ['type', '$ref', 'allOf', 'anyOf', 'oneOf', 'enum'].some((k) => obj[k] !== undefined);
  if (obj['nullable'] === true && !constrained) delete obj['nullable'];
  for (const value of Object.values(obj)) dropUntypedNullable(value);
}

const errorDescriptions: Record<number, string> = {
  400: 'invalid input: the body names each field and the problem',
  401: 'no API key, or an invalid one',
  403: 'the key may not do this (wrong role or another firm)',
  404: 'not found',
  413: 'the body is larger than the route accepts',
  415: 'the body is not in a media type the route accepts',
  429: 'rate limited',
  503: 'the search engine or the queue is unavailable; retry',
};

/** A regex for an OpenAPI path as express matches it: a parameter is one segment; a trailing slash is allowed. */
function pathPattern(path: string): RegExp {
  const source = path
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}/?$`, 'i');
}

function parsePart(schema: AnyZod | undefined, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) return value;
  if (where === 'body' && value !== undefined && (value === null || typeof value !== 'object')) {
    // `null`, `3` or `"x"` are valid JSON, just not what a route takes.
    const message = `body must be a JSON object; got ${value === null ? 'null' : typeof value}`;
    throw new ValidationError(message, [{ path: '(body)', message: 'must be a JSON object' }]);
  }
  const result = schema.safeParse(where === 'body' && value === undefined ? {} : value);
  if (!result.success) throw validationErrorFrom(result.error, where === 'body' ? undefined : where);
  return result.data;
}
