import { once } from 'node:events';
import { type Api, type Runtime, actingFirm } from '@fugong/http';
import {
  AppError,
  ErrorBody,
  ForbiddenError,
  Id,
  PayloadTooLargeError,
  type Principal,
} from '@fugong/schemas';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { FirmCache } from '../vacancies/firms.ts';
import { charsetOf, encodingFromName } from './decode.ts';
import { type BulkResult, ingestBulk } from './ingest.ts';
import type { FirmScope } from './items.ts';
import { type BulkLimits, DEFAULT_BULK_LIMITS } from './limits.ts';
import { BULK_FORMATS, type BulkFormat } from './parsers.ts';
import { type ReportItem, worthReporting } from './report.ts';
import { BulkReport } from './schemas.ts';

const BulkQuery = z.strictObject({
  firmId: Id.optional().describe('bureau: the firm of items that name none'),
  format: z.enum(BULK_FORMATS).optional().describe('overrides the Content-Type'),
  encoding: z
    .string()
    .max(20)
    .optional()
    .describe('utf-8, gb18030 or gbk; default: BOM, charset=, then detected'),
  report: z
    .enum(['all', 'errors'])
    .default('all')
    .describe('errors: list only rejected, duplicate and warned items'),
  refresh: z.enum(['true', 'false']).default('false').describe('true: searchable before the answer'),
});

const MEDIA: Record<string, BulkFormat> = {
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/json': 'json',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/ld+json': 'jsonld',
};

/** The bulk vacancy upload. The route reads its own request stream: app.ts lists it in `streamingPaths`. */
export function registerBulkRoutes(
  api: Api,
  rt: Runtime,
  firms: FirmCache,
  limits: BulkLimits = DEFAULT_BULK_LIMITS,
): void {
  api.route({
    method: 'post',
    path: '/v1/vacancies/bulk',
    summary: 'Upload many vacancies at once: NDJSON, JSON array, CSV or Schema.org JobPosting JSON-LD',
    description:
      'Streamed and written in batches; each item gets a line in the report (created, updated, unchanged, ' +
      'duplicate, rejected with field and reason). Send `Accept: application/x-ndjson` to receive the report ' +
      `as it is written. Limits: ${limits.maxBodyBytes} bytes, ${limits.maxItems} items (every format, ` +
      `JSON-LD postings included), ${limits.maxItemChars} characters per item (413 past them, with the report ` +
      `of what was written before). A JSON report lists at most ${limits.maxReportItems} items (\`itemsOmitted\` ` +
      'counts the rest); the NDJSON report streams them all.',
    tags: ['vacancies'],
    operationId: 'uploadVacancies',
    auth: ['bureau', 'employer'],
    query: BulkQuery,
    rawBody: {
      contentTypes: ['application/x-ndjson', 'text/csv', 'application/ld+json', 'application/json'],
      description: 'one vacancy per line / row / element; see docs/ingest.md for the CSV columns',
    },
    responses: {
      200: { description: 'every item accounted for', schema: BulkReport },
      413: {
        description:
          `past a limit (more than ${limits.maxItems} items, ${limits.maxBodyBytes} bytes): the error ` +
          'details hold the (bounded) report of what was written before it',
        schema: ErrorBody,
      },
      415: { description: 'not one of the accepted formats', schema: ErrorBody },
    },
    handler: async ({ query, principal }, req, res) => {
      const scope = firmScope(principal, query.firmId);
      const format =
        query.format ?? MEDIA[(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()];
      if (!format) {
        throw new AppError(
          415,
          'unsupported_media_type',
          `send ${Object.keys(MEDIA).join(', ')} (or ?format=${BULK_FORMATS.join('|')})`,
        );
      }
      const declared = Number(req.headers['content-length']);
      if (declared > limits.maxBodyBytes) {
        res.setHeader('Connection', 'close');
        throw new PayloadTooLargeError(
          `the upload is ${declared} bytes, more than ${limits.maxBodyBytes}: split the file; nothing was written`,
        );
      }
      const charset = charsetOf(req.headers['content-type']);
      const encoding = {
        ...(query.encoding ? { query: encodingFromName(query.encoding, 'encoding') } : {}),
        ...(charset ? { charset: encodingFromName(charset, 'content-type charset') } : {}),
      };
      const streamReport = (req.headers.accept ?? '').includes('application/x-ndjson');
      const keep = (r: ReportItem) => query.report === 'all' || worthReporting(r);
      // The JSON report lists a bounded number of items (memory stays flat whatever the upload); the NDJSON
      // report streams every line.
      const items: ReportItem[] = [];
      let omitted = 0;
      const onItem = streamReport
        ? ndjsonWriter(res, keep)
        : (r: ReportItem) => {
            if (!keep(r)) return;
            if (items.length < limits.maxReportItems) items.push(r);
            else omitted++;
          };
      const result = await ingestBulk(rt, firms, req, {
        format,
        scope,
        encoding,
        limits,
        onItem,
        refresh: query.refresh === 'true',
      });
      if (result.error) {
        // The rest of the body is no longer parsed, only read and dropped: closing the socket while the client
        // still sends would reset the connection and lose the answer before the client reads it.
        discardRest(req, limits.maxBodyBytes);
        if (result.summary.received === 0 && !res.headersSent) throw result.error;
      }
      const head = {
        format,
        ...(result.encoding ? { encoding: result.encoding } : {}),
        summary: result.summary,
        complete: !result.error,
        ...(omitted > 0 ? { itemsOmitted: omitted } : {}),
      };
      if (streamReport) return endNdjson(res, head, result);
      if (!result.error) return { ...head, items };
      res.status(result.error.status).json({
        error: {
          code: result.error.code,
          message: result.error.message,
          details: { ...head, ...stopped(result), items },
        },
      });
    },
  });
}

/** Whose vacancies an upload writes: the shared rule (`actingFirm`); the bureau's `?firmId=` is a default. */
function firmScope(principal: Principal, firmId: string | undefined): FirmScope {
  // The upload's own firmId first: an employer naming another firm is refused before anything is read.
  const acting = actingFirm(principal, firmId, { required: false });
  if (principal.role !== 'bureau' && principal.role !== 'employer')
    throw new ForbiddenError('a bulk upload needs a bureau or employer key'); // the route's auth says so already
  return { principal, ...(acting ? { defaultFirmId: acting } : {}) };
}

const stopped = (r: BulkResult) => ({
  stoppedAfter: r.summary.received,
  ...(r.unconfirmed.length > 0
    ? { unconfirmed: r.unconfirmed.map(([a, b]) => ({ fromIndex: a, toIndex: b })) }
    : {}),
});

/**
 * Reads and drops what is left of a request body, so the client can finish sending and then read the answer
 * on an intact connection. Past `maxBytes` (an upload beyond any limit) the socket is closed instead.
 */
function discardRest(req: Request, maxBytes: number): void {
  // The upload's async iterator left a 'readable' listener, which would keep the stream paused.
  req.removeAllListeners('readable');
  let bytes = 0;
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) req.socket.destroy();
  });
  req.resume();
}

/** Streams report lines as batches are written; the status line goes out with the first of them. */
function ndjsonWriter(res: Response, keep: (r: ReportItem) => boolean) {
  return async (r: ReportItem) => {
    if (!keep(r)) return;
    if (!res.headersSent) res.status(200).type('application/x-ndjson');
    if (!res.write(`${JSON.stringify(r)}\n`)) await once(res, 'drain');
  };
}

/** The last NDJSON line: the summary, and the error if the upload stopped early. */
function endNdjson(res: Response, head: Record<string, unknown>, result: BulkResult): void {
  if (!res.headersSent) res.status(200).type('application/x-ndjson');
  const error = result.error
    ? { error: { code: result.error.code, message: result.error.message, ...stopped(result) } }
    : {};
  res.end(`${JSON.stringify({ ...head, ...error })}\n`);
}
