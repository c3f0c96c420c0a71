/**
 * Typed clients of the five fugong services, for the portal and for partner job-fair sites. The types are
 * generated from the committed OpenAPI documents (src/generated/, `pnpm client:generate`); the calls are
 * openapi-fetch's: `client.GET('/v1/vacancies/search', { params: { query: { q: '普工' } } })` answers
 * `{ data, error, response }`, each typed from the document — so a change of contract is a type error in
 * every caller, not a surprise for its users.
 */
import createClient, { type Client, type ClientOptions, mergeHeaders } from 'openapi-fetch';
import type * as convoys from './generated/convoys.ts';
import type * as ingest from './generated/ingest.ts';
import type * as intent from './generated/intent-worker.ts';
import type * as matcher from './generated/matcher.ts';
import type * as monitor from './generated/monitor.ts';
import type * as swap from './generated/swap.ts';

export type IngestPaths = ingest.paths;
export type IngestSchemas = ingest.components['schemas'];
export type IngestOperations = ingest.operations;
export type MatcherPaths = matcher.paths;
export type MatcherSchemas = matcher.components['schemas'];
export type MatcherOperations = matcher.operations;
export type SwapPaths = swap.paths;
export type SwapSchemas = swap.components['schemas'];
export type SwapOperations = swap.operations;
export type IntentPaths = intent.paths;
export type IntentSchemas = intent.components['schemas'];
export type IntentOperations = intent.operations;
export type MonitorPaths = monitor.paths;
export type MonitorSchemas = monitor.components['schemas'];
export type MonitorOperations = monitor.operations;
export type ConvoysPaths = convoys.paths;
export type ConvoysSchemas = convoys.components['schemas'];
export type ConvoysOperations = convoys.operations;

export type IngestClient = Client<IngestPaths>;
export type MatcherClient = Client<MatcherPaths>;
export type SwapClient = Client<SwapPaths>;
export type IntentClient = Client<IntentPaths>;
export type MonitorClient = Client<MonitorPaths>;
export type ConvoysClient = Client<ConvoysPaths>;

/** Every error the services answer: `{"error":{"code","message","details"}}` (the same in all five). */
export type ApiErrorBody = IngestSchemas['Error'];

/** Options passed through to openapi-fetch (a custom `fetch`, extra headers, a timeout signal, …). */
export type FugongClientOptions = Omit<ClientOptions, 'baseUrl'>;

/**
 * The options every client shares: the service's base URL (`https://jobs.example.cn/matcher`, no trailing
 * path) and, when given, the API key as `Authorization: Bearer fg_…`. Without a key the client is anonymous:
 * public routes (search, typeahead, a live vacancy, fairs) answer, rate-limited per address.
 */
function clientOptions(
  baseUrl: string,
  key: string | undefined,
  options: FugongClientOptions,
): ClientOptions {
  if (!/^https?:\/\//.test(baseUrl)) throw new TypeError(`baseUrl must be an http(s) URL; got "${baseUrl}"`);
  if (key !== undefined && !/^fg_\S+$/.test(key)) throw new TypeError('key must be a fugong API key (fg_…)');
  const headers = mergeHeaders(
    options.headers,
    key === undefined ? undefined : { authorization: `Bearer ${key}` },
  );
  return { ...options, baseUrl: baseUrl.replace(/\/+$/, ''), headers };
}

/** Firms, vacancies (one by one and bulk), the change feed, worker profiles and fairs (port 3001). */
export function createIngestClient(baseUrl: string, key?: string, options: FugongClientOptions = {}) {
  return createClient<IngestPaths>(clientOptions(baseUrl, key, options));
}

/** Vacancy search and typeahead, ranked candidates and recommendations, intentions (port 3002). */
export function createMatcherClient(baseUrl: string, key?: string, options: FugongClientOptions = {}) {
  return createClient<MatcherPaths>(clientOptions(baseUrl, key, options));
}

/** 共享员工: surplus and shortage posts, proposals, agreements (port 3003). */
export function createSwapClient(baseUrl: string, key?: string, options: FugongClientOptions = {}) {
  return createClient<SwapPaths>(clientOptions(baseUrl, key, options));
}

/** Intention statistics, fair dashboards, dead letters, metrics (the intent worker, port 3004). */
export function createIntentClient(baseUrl: string, key?: string, options: FugongClientOptions = {}) {
  return createClient<IntentPaths>(clientOptions(baseUrl, key, options));
}

/** 复工监测: monitored firms, daily reports, indicators, the follow-up list, the bulletin (port 3005). */
export function createMonitorClient(baseUrl: string, key?: string, options: FugongClientOptions = {}) {
  return createClient<MonitorPaths>(clientOptions(baseUrl, key, options));
}

/** An error answer of a service, thrown by {@link unwrap}: the status and the service's own error body. */
export class FugongApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    const error = (body as Partial<ApiErrorBody> | undefined)?.error;
    super(error?.message ?? `HTTP ${status}`);
    this.name = 'FugongApiError';
    this.status = status;
    this.code = error?.code ?? 'http_error';
    this.body = body;
  }
}

/**
 * The data of a successful answer, or a {@link FugongApiError} thrown for an error answer — for callers that
 * prefer exceptions to checking `error` after every call: `const firm = unwrap(await ingest.GET(…))`.
 */
export function unwrap<D>(result: { data?: D; error?: unknown; response: Response }): D {
  if (result.error !== undefined || !result.response.ok)
    throw new FugongApiError(result.response.status, result.error);
  return result.data as D;
}

/** 点对点返岗专车: convoy plans, trips, seats and manifests (port 3006). */
export function createConvoysClient(baseUrl: string, key?: string, options: FugongClientOptions = {}) {
  return createClient<ConvoysPaths>(clientOptions(baseUrl, key, options));
}
