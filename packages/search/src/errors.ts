import { errors } from '@elastic/elasticsearch';
import { AppError, ConflictError, NotFoundError, UnavailableError } from '@fugong/schemas';

/**
 * Maps an engine error to the project's own, so handlers never see client internals:
 * connection problems and timeouts are 503, version conflicts 409, a missing document 404.
 * Anything else the engine refused is our bug, so it stays a 500 with the engine's reason in the log.
 */
export function mapEngineError(err: unknown, what = 'document'): unknown {
  if (err instanceof AppError) return err;
  if (
    err instanceof errors.ConnectionError ||
    err instanceof errors.TimeoutError ||
    err instanceof errors.NoLivingConnectionsError
  ) {
    return new UnavailableError('search engine');
  }
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode ?? 500;
    const type = engineErrorType(err);
    if (status === 409 || type === 'version_conflict_engine_exception') {
      return new ConflictError(`${what} was changed concurrently; retry`);
    }
    if (status === 404) return new NotFoundError(what);
    if (passingRefusal(status, type)) return engineUnavailable();
  }
  return err;
}

/**
 * A refusal that passes, not one for what was sent: an overloaded engine (429, a full write queue), one that is
 * unavailable, or a write-blocked index (a migration to a new version). Sending the same again later succeeds.
 */
export function passingRefusal(status: number | undefined, type: string | undefined): boolean {
  return (
    status === 429 ||
    status === 503 ||
    type === 'cluster_block_exception' ||
    type === 'es_rejected_execution_exception'
  );
}

/** The 503 (with a retry hint) a passing refusal answers with. */
export function engineUnavailable(): UnavailableError {
  return new UnavailableError('search engine', 'the search engine is overloaded or read-only; retry shortly');
}

/** The engine's error type (`version_conflict_engine_exception` …), if the body has one. */
export function engineErrorType(err: errors.ResponseError): string | undefined {
  const body = err.meta?.body as { error?: { type?: string } } | undefined;
  return body?.error?.type;
}

/** Runs an engine call and maps whatever it throws. */
export async function engineCall<T>(fn: () => Promise<T>, what?: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapEngineError(err, what);
  }
}
