import type {} from 'pino-http';
import { AppError, type FieldIssue, ValidationError } from '@fugong/schemas';
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

/** 404 for any route nobody registered. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no route for ${req.method} ${req.path}` } });
};

/**
 * The one error middleware: AppError → its status and JSON body; body-parser's own errors (bad JSON, too
 * large) → 400/413; anything else → 500 without internals (the log has the stack).
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof AppError) {
    if (err.status >= 500) req.log?.warn({ err }, 'request failed: dependency unavailable');
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
