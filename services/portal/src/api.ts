import {
  createConvoysClient,
  createIngestClient,
  createIntentClient,
  createMatcherClient,
  createMonitorClient,
  createSwapClient,
  type FugongClientOptions,
} from '@fugong/client';
import type { ServiceUrls } from './env.ts';

/** Bound of one API call from a page: a slow service makes a page say so, not hang. */
const CALL_TIMEOUT_MS = 8000;

const options = (): FugongClientOptions => ({
  fetch: (request: Request) => fetch(request, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) }),
});

/** The clients one caller uses: the same five services, all with the same key (or none). */
export function clientsFor(urls: ServiceUrls, key: string | undefined) {
  return {
    ingest: createIngestClient(urls.ingest, key, options()),
    matcher: createMatcherClient(urls.matcher, key, options()),
    swap: createSwapClient(urls.swap, key, options()),
    intent: createIntentClient(urls.intent, key, options()),
    monitor: createMonitorClient(urls.monitor, key, options()),
    convoys: createConvoysClient(urls.convoys, key, options()),
  };
}
export type Clients = ReturnType<typeof clientsFor>;

/**
 * The portal's callers. `public` is anonymous (what any visitor may see), `site` carries the portal's site key
 * (seekers act through it, with consent recorded), `bureau` the portal's bureau key (staff pages, account
 * administration). `employer(key)` builds the clients of one firm's own key, so the services themselves keep
 * an employer to its firm whatever a form sends.
 */
export class Api {
  readonly urls: ServiceUrls;
  readonly public: Clients;
  readonly site: Clients;
  readonly bureau: Clients;

  constructor(urls: ServiceUrls, keys: { site: string; bureau: string }) {
    this.urls = urls;
    this.public = clientsFor(urls, undefined);
    this.site = clientsFor(urls, keys.site);
    this.bureau = clientsFor(urls, keys.bureau);
  }

  employer(key: string): Clients {
    return clientsFor(this.urls, key);
  }
}

/** The message of a service's error answer, for showing on a page. */
export function apiMessage(error: unknown, fallback = '服务暂时不可用，请稍后再试'): string {
  const e = (error as { error?: { message?: string } } | undefined)?.error;
  return e?.message ?? fallback;
}

/**
 * A service's 400 as form errors: each issue goes to the form field its path names (the first segment, or the
 * field `rename` maps it to); what names no field of the form, and an answer with no issues, goes to `_form`.
 * The API names the field, so the page can show the problem next to it and change nothing.
 */
export function formErrorsFrom(
  error: unknown,
  fields: object,
  rename: Record<string, string> = {},
): Record<string, string> {
  const issues =
    (error as { error?: { details?: { issues?: Array<{ path: string; message: string }> } } })?.error?.details
      ?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) {
    const top = i.path.split('.')[0] ?? '';
    const key = rename[top] ?? top;
    out[key in fields ? key : '_form'] = i.message;
  }
  if (Object.keys(out).length === 0) out._form = apiMessage(error);
  return out;
}
