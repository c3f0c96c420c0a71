import { Client } from '@elastic/elasticsearch';

let shared: Client | undefined;

/** The node URLs in an ELASTICSEARCH_URL: one, or several separated by commas. */
export const engineNodes = (url: string): string[] =>
  url
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);

/**
 * Creates an Elasticsearch client with the project's timeouts. Services pass a short `requestTimeoutMs`
 * (ENGINE_TIMEOUT_MS): a frozen engine then fails a request with a TimeoutError, which {@link engineCall} maps
 * to 503, instead of hanging it. Scripts keep the long default; index administration sets its own.
 * `url` may list several nodes (comma-separated): the client is given all of them, spreads requests over
 * them, and a request whose node cannot be reached is tried on the next one.
 */
export function createSearchClient(url: string, requestTimeoutMs = 30_000): Client {
  const nodes = engineNodes(url);
  return new Client({
    nodes,
    requestTimeout: requestTimeoutMs,
    // One node: fail fast, the client's retry would wait a second or more of backoff, and a request that
    // cannot reach the engine should answer 503 at once; callers (and our bulk wrapper, for 429s) retry.
    // Several: a connection error or 502/503/504 is tried once on each other node (a timeout is not retried).
    maxRetries: nodes.length - 1,
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
