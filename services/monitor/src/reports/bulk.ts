import type { Api } from '@fugong/http';
import { AppError, PayloadTooLargeError } from '@fugong/schemas';
import type { Stores } from '@fugong/stores';
import type { Request } from 'express';
import { z } from 'zod';
import { parseReportSheet, type SheetRow } from '../sheets/index.ts';
import { type RecordedBy, type WriteRequest, type WrittenLog, writeReports } from './write.ts';

/**
 * The bureau's spreadsheet upload (POST /v1/monitor/reports/bulk): an XLSX or CSV sheet of many firms' reports,
 * each row matched to a registered firm by its 统一社会信用代码 and written through {@link writeReport} with
 * source `bureau_upload` — the same rules as one PUT — and answered with a per-row report like the vacancy bulk
 * upload: the row's line, credit code, firm, and its result or problems. A sheet that cannot be read at all (not
 * a workbook, no header, a required column missing, too many rows) is a 400 before anything is written.
 */

export interface BulkLimits {
  maxRows: number;
  maxBytes: number;
}

const MEDIA: Record<string, 'xlsx' | 'csv'> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/csv': 'csv',
  'application/csv': 'csv',
};

export const BulkQuery = z.strictObject({
  format: z
    .enum(['xlsx', 'csv'])
    .optional()
    .describe('overrides the Content-Type (for a client that can only send application/octet-stream)'),
});

const RowResult = z.object({
  line: z.number().int().describe('the row number as Excel or WPS shows it'),
  creditCode: z.string().optional(),
  firmName: z.string().optional(),
  firmId: z.string().optional(),
  date: z.string().optional(),
  result: z.enum(['created', 'updated', 'unchanged', 'rejected']),
  version: z.number().int().optional(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
type RowResult = z.infer<typeof RowResult>;

export const BulkReport = z
  .object({
    format: z.enum(['xlsx', 'csv']),
    summary: z.object({
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejected: z.number().int(),
    }),
    items: z.array(RowResult).describe('one per firm row, in sheet order'),
  })
  .meta({ id: 'MonitorBulkReport' });

/** Reads the request body up to `max` bytes; past it a 413 (the rest is drained so the answer reaches the client). */
async function readBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > max) {
    req.resume();
    throw new PayloadTooLargeError(`the upload is ${declared} bytes, more than ${max}: split the sheet`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.resume();
      throw new PayloadTooLargeError(
        `the upload is more than ${max} bytes: split the sheet; nothing was written`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Rows written per batch (one `_mget` and two `_bulk` requests each). */
const BATCH_ROWS = 2000;

/**
 * Writes the parsed rows: credit codes to firms, duplicates refused, the rest through writeReports in batches.
 * All or nothing against the engine: when a batch is refused (the engine unavailable, an index blocked), the
 * reports the earlier batches wrote are taken back before the error is thrown, so a 503 leaves the reports as
 * they were and sending the sheet again reports every row as it would have the first time. (Each batch already
 * takes back its own writes when its history is refused.)
 */
export async function writeSheetRows(
  stores: Stores,
  rows: readonly SheetRow[],
  recordedBy: RecordedBy,
  now: Date,
  batchRows = BATCH_ROWS,
): Promise<RowResult[]> {
  const firms = await stores.firms.byCreditCodes(rows.flatMap((r) => (r.creditCode ? [r.creditCode] : [])));
  const monitored = await stores.monitor.getFirms([...firms.values()].map((f) => f.id));
  // A firm and day twice in one sheet: the first row is written, the later ones refused (which one the bureau
  // meant cannot be known, and writing both would keep only whichever came last).
  const firstLine = new Map<string, number>();
  const out = new Array<RowResult>(rows.length);
  const toWrite: Array<{ i: number; req: WriteRequest }> = [];
  rows.forEach((row, i) => {
    const base = {
      line: row.line,
      ...(row.creditCode ? { creditCode: row.creditCode } : {}),
      ...(row.firmName ? { firmName: row.firmName } : {}),
      ...(row.date ? { date: row.date } : {}),
    };
    if (row.problems.length > 0 || !row.report || !row.creditCode || !row.date) {
      out[i] = {
        ...base,
        result: 'rejected',
        problems: row.problems.length > 0 ? row.problems : [{ field: 'row', message: 'incomplete row' }],
      };
      return;
    }
    const firm = firms.get(row.creditCode.trim().toUpperCase());
    if (!firm) {
      out[i] = {
        ...base,
        result: 'rejected',
        problems: [
          {
            field: '统一社会信用代码 (creditCode)',
            message: `no registered firm has credit code ${row.creditCode}: the bureau registers firms first`,
          },
        ],
      };
      return;
    }
    const key = `${firm.id}:${row.date}`;
    const first = firstLine.get(key);
    if (first !== undefined) {
      out[i] = {
        ...base,
        firmId: firm.id,
        result: 'rejected',
        problems: [
          {
            field: '日期 (date)',
            message: `the same firm and day as line ${first}: one row per firm and day`,
          },
        ],
      };
      return;
    }
    firstLine.set(key, row.line);
    out[i] = { ...base, firmId: firm.id, result: 'rejected' }; // replaced below by the write's outcome
    toWrite.push({
      i,
      req: {
        firmId: firm.id,
        date: row.date,
        input: row.report,
        recordedBy,
        known: { firm, monitored: monitored.get(firm.id) ?? null },
      },
    });
  });
  const log: WrittenLog = [];
  try {
    for (let k = 0; k < toWrite.length; k += batchRows) {
      const batch = toWrite.slice(k, k + batchRows);
      const outcomes = await writeReports(
        stores,
        batch.map((b) => b.req),
        now,
        log,
      );
      batch.forEach(({ i }, n) => {
        const o = outcomes[n]!;
        const base = out[i]!;
        out[i] = o.ok
          ? { ...base, result: o.result, version: o.report.version }
          : { ...base, result: 'rejected', problems: o.problems };
      });
    }
  } catch (err) {
    // Each report at most once: a second row for the same firm and day was refused above.
    await stores.monitor
      .undoReports(
        log,
        log.map((w) => w.written),
      )
      .catch(() => {});
    throw err;
  }
  return out;
}

/** POST /v1/monitor/reports/bulk (bureau). */
export function registerBulkRoutes(api: Api, stores: Stores, now: () => Date, limits: BulkLimits): void {
  api.route({
    method: 'post',
    path: '/v1/monitor/reports/bulk',
    operationId: 'uploadMonitorReports',
    summary: 'Upload a spreadsheet of reports (XLSX, or CSV in UTF-8 or GB18030) with a per-row report',
    description:
      'Rows are matched to registered firms by 统一社会信用代码 and written with the rules of one PUT ' +
      `(source bureau_upload). At most ${limits.maxRows} firm rows and ${limits.maxBytes} bytes. A sheet ` +
      'that cannot be read is a 400 naming `file` or the missing column, and nothing is written; a bad row ' +
      'is reported as rejected with its problems and the other rows are written. If the engine refuses a ' +
      'write (503), the rows already written are taken back: nothing is written and the sheet can be sent again.',
    tags: ['monitor reports'],
    auth: ['bureau'],
    query: BulkQuery,
    rawBody: {
      contentTypes: Object.keys(MEDIA),
      description:
        'the sheet: headers such as 企业名称, 统一社会信用代码, 日期, 是否开工, 职工总数, 到岗人数',
    },
    responses: {
      200: { description: 'every row accounted for', schema: BulkReport },
      413: { description: 'larger than the limit: nothing written' },
      415: { description: 'neither XLSX nor CSV' },
    },
    handler: async ({ query, principal }, req) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const format = query.format ?? MEDIA[type];
      if (!format) {
        req.resume();
        throw new AppError(
          415,
          'unsupported_media_type',
          `send the sheet as ${Object.keys(MEDIA).join(' or ')} (or say ?format=xlsx|csv); got ${type || 'no Content-Type'}`,
          { accepted: Object.keys(MEDIA) },
        );
      }
      const body = await readBody(req, limits.maxBytes);
      const sheet = await parseReportSheet(body, format, { maxRows: limits.maxRows });
      const user = principal.role === 'bureau' ? principal.label : undefined;
      const items = await writeSheetRows(
        stores,
        sheet.rows,
        { source: 'bureau_upload', keyId: principal.keyId, ...(user ? { user } : {}) },
        now(),
      );
      const count = (r: RowResult['result']) => items.filter((i) => i.result === r).length;
      return {
        format,
        summary: {
          rows: items.length,
          created: count('created'),
          updated: count('updated'),
          unchanged: count('unchanged'),
          rejected: count('rejected'),
        },
        items,
      };
    },
  });
}
