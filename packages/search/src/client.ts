import { Client } from '@elastic/elasticsearch';

let shared: Client | undefined;

/**
 * Creates an Elasticsearch client with the project's timeouts. Services pass a short `requestTimeoutMs`
 * (ENGINE_TIMEOUT_MS): a frozen engine then fails a request with a TimeoutError, which {@link engineCall} maps
 * to 503, instead of hanging it. Scripts keep the long default; index administration sets its own.
 */
export function createSearchClient(url: string, requestTimeoutMs = 30_000): Client {
  return new Client({
    node: url,
    requestTimeout: requestTimeoutMs,
    // Fail fast: with one node the client's retry waits a second or more of backoff, and a request that
    // cannot reach the engine should answer 503 at once; callers (and our bulk wrapper, for 429s) retry.
    maxRetries: 0,
    // Sniffing would discover the cluster's internal addresses, which may not be reachable from here.
    sniffOnStart: false,
  });
}

/** The one client of this process, created on first use. */
export function searchClient(url: string): Client {
  shared ??= createSearchClient(url);
  return shared;
}

/** Closes the process's client, if any (graceful shutdown). */
export async function closeSearchClient(): Promise<void> {
  const c = shared;
  shared = undefined;
  await c?.close();
}

/** True when the engine answers a ping within the timeout. */
export async function engineReachable(client: Client, timeoutMs = 2000): Promise<boolean> {
  try {
    return await client.ping({}, { requestTimeout: timeoutMs, maxRetries: 0 });
  } catch {
    return false;
  }
}
