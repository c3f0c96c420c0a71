import type {} from 'pino-http';
import { isRedisUnavailable } from '@fugong/queue';
import { AppError, type FieldIssue, UnavailableError, ValidationError } from '@fugong/schemas';
import { mapEngineError } from '@fugong/search';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';

/** Turns zod issues into field issues whose path names the field as the client wrote it (`wage.max`, `[3].title`). */
export function zodIssues(error: z.ZodError, root?: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [root, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path: path || '(root)', message: `unknown field(s): ${issue.keys.join(', ')}` };
    }
    return { path: path || '(root)', message: issue.message };
  });
}

/** A ValidationError from a zod error, with a message that names the first problem. */
export function validationErrorFrom(error: z.ZodError, root?: string): ValidationError {
  const issues = zodIssues(error, root);
  const first = issues[0];
  return new ValidationError(first ? `${first.path}: ${first.message}` : 'invalid request', issues);
}

/** Seconds a client is asked to wait after a 503 (the `Retry-After` header). */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

// Without the `u` flag a regex sees UTF-16 code units: a high surrogate not followed by a low one, or a low one
// not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where a parsed JSON value holds a string (or a key) with a lone UTF-16 surrogate, as `a.b.0.c`; undefined
 * when there is none. `"\ud800"` in JSON text parses to one: it is not Unicode text, would be stored as is
 * and breaks strict JSON parsers of whoever reads it back.
 */
export function loneSurrogatePath(value: unknown): string | undefined {
  // Iterative, and a node keeps only its parent: a 1 MB body may nest half a million deep, deeper than the
  // call stack, and copying the path at every level would be quadratic.
  interface Node {
    value: unknown;
    key?: string;
    parent?: Node;
  }
  const pathOf = (node: Node): string => {
    const parts: string[] = [];
    for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) parts.push(n.key);
    return parts.reverse().join('.') || '(root)';
  };
  const stack: Node[] = [{ value }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const v = node.value;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return pathOf(node);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    // Pushed in reverse, so fields are visited in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, x] = entries[i]!;
      if (LONE_SURROGATE.test(key)) {
        return pathOf({ value: x, key: key.replace(LONE_SURROGATE, '\uFFFD'), parent: node });
      }
      stack.push({ value: x, key, parent: node });
    }
  }
  return undefined;
}

/** 400 naming the field when a JSON body holds a lone surrogate (see {@link loneSurrogatePath}). */
export const rejectLoneSurrogates: RequestHandler = (req, _res, next) => {
  const path = loneSurrogatePath(req.body);
  if (path === undefined) {
    next();
    return;
  }
  const message =
    'contains a lone UTF-16 surrogate (\\ud800–\\udfff without its pair): not valid Unicode text';
  next(new ValidationError(`${path}: ${message}`, [{ path, message }]));
};

/** 404 for any route nobody registered. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no route for ${req.method} ${req.path}` } });
};

/**
 * The one error middleware: AppError → its status and JSON body (a 503 with Retry-After); an unreachable or
 * silent Redis or engine → 503; body-parser's own errors (bad JSON, too large) → 400/413; anything else → 500
 * without internals (the log has the stack).
 */
export const errorHandler: ErrorRequestHandler = (caught, req, res, _next) => {
  // A silent or unreachable Redis (command timeout, closed connection) is an outage, not our bug; so is an
  // engine timeout or connection error that reached here without passing through engineCall.
  const err = isRedisUnavailable(caught)
    ? new UnavailableError('redis', 'Redis is unavailable or not answering; retry shortly')
    : mapEngineError(caught);
  if (err instanceof AppError) {
    if (err.status >= 500) req.log?.warn({ err }, 'request failed: dependency unavailable');
    if (err.status === 503 && !res.getHeader('Retry-After')) {
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    }
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({
      error: {
        code: 'invalid_json',
        message: `request body is not valid JSON: ${e.message}`,
        details: { issues: [{ path: '(body)', message: 'not valid JSON' }] },
      },
    });
    return;
  }
  if (e.type === 'entity.too.large') {
    res
      .status(413)
      .json({ error: { code: 'payload_too_large', message: `request body exceeds ${e.limit} bytes` } });
    return;
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    res.status(e.status).json({ error: { code: 'bad_request', message: e.message ?? 'bad request' } });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({
    error: { code: 'internal', message: 'internal error; the request id is in the X-Request-Id header' },
  });
};
