/**
 * The project's own errors. One express middleware maps each class to a status and the JSON body
 * `{ error: { code, message, details } }`; engine and Redis errors are mapped to these at the edges.
 */
const brand = Symbol.for('fugong.AppError');

export class AppError extends Error {
  /**
   * Recognised by brand, not by prototype: a module loaded twice (two copies of this package, a test loader)
   * still yields errors the one error middleware maps correctly.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[brand] !== true) {
      return false;
    }
    // `this` is the class on the right of `instanceof`. A subclass matches only errors of its own kind (by
    // class name along the prototype chain, so a second copy of this module still matches): without this,
    // every AppError, a 503 included, was `instanceof ConflictError`.
    if (this.name === 'AppError') return true;
    for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
      if ((proto as { constructor?: { name?: string } }).constructor?.name === this.name) return true;
    }
    return false;
  }

  readonly [brand] = true;
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** One problem with one field of a request: the path names the field, the message says what is wrong. */
export interface FieldIssue {
  path: string;
  message: string;
  suggestions?: string[];
}

export class ValidationError extends AppError {
  constructor(message: string, issues: FieldIssue[]) {
    super(400, 'validation_failed', message, { issues });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'an API key is required: send it as `Authorization: Bearer <key>` or `X-Api-Key`') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'this key may not do that') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

export class RateLimitedError extends AppError {
  constructor() {
    super(429, 'rate_limited', 'too many requests; slow down and retry after the time in Retry-After');
  }
}

/** A dependency (the engine, Redis) is down or timed out: the client may retry later. */
export class UnavailableError extends AppError {
  constructor(dependency: string, message?: string) {
    super(503, 'unavailable', message ?? `${dependency} is unavailable; retry shortly`, { dependency });
  }
}
