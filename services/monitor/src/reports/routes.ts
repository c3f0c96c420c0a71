import { actingFirm, type Api } from '@fugong/http';
import { NotFoundError, type Principal } from '@fugong/schemas';
import type { Stores } from '@fugong/stores';
import {
  ReportHistory,
  ReportInput,
  ReportList,
  ReportListQuery,
  ReportParams,
  Report as ReportSchema,
  ReportWritten,
} from '../schemas.ts';
import { monitorEnvFrom } from '../env.ts';
import { type BulkLimits, registerBulkRoutes } from './bulk.ts';
import { inputOf, type RecordedBy, reportView, writeError, writeReport } from './write.ts';

const tags = ['monitor reports'];
const AUTH = ['bureau', 'employer'] as const;

/** Who is entering a report: the firm itself, or the bureau on its behalf (a phone survey), with the user. */
export function recordedByOf(principal: Principal): RecordedBy {
  if (principal.role === 'bureau')
    return {
      source: 'bureau_phone',
      keyId: principal.keyId,
      ...(principal.label ? { user: principal.label } : {}),
    };
  return { source: 'firm', keyId: principal.keyId };
}

/** The upload limits from the environment (MONITOR_BULK_*). */
function bulkLimitsFromEnv(): BulkLimits {
  const env = monitorEnvFrom();
  return {
    maxRows: env.MONITOR_BULK_MAX_ROWS,
    maxBytes: env.MONITOR_BULK_MAX_BYTES,
  };
}

/**
 * A firm's daily report: write (the firm or the bureau), read, its history, a list, and the bureau's
 * spreadsheet upload.
 */
export function registerReportRoutes(
  api: Api,
  stores: Stores,
  now: () => Date,
  bulkLimits: BulkLimits = bulkLimitsFromEnv(),
): void {
  // The literal path first: `bulk` is never a firm id here, but the order keeps it so.
  registerBulkRoutes(api, stores, now, bulkLimits);
  api.route({
    method: 'put',
    path: '/v1/monitor/reports/{firmId}/{date}',
    operationId: 'putMonitorReport',
    summary: "Enter a firm's report for a day (the firm itself, or the bureau by phone survey)",
    description:
      'A resubmission replaces the report and keeps the previous version in the history; an identical one ' +
      'answers `unchanged`. The firm must be registered (404) and monitored on that day (409); the date may ' +
      'not be after today in Asia/Shanghai (400).',
    tags,
    auth: AUTH,
    params: ReportParams,
    body: ReportInput,
    responses: {
      200: { description: 'updated or unchanged', schema: ReportWritten },
      201: { description: 'created', schema: ReportWritten },
      404: { description: 'the firm is not registered' },
      409: { description: 'the firm is not monitored on that day' },
    },
    handler: async ({ params, body, principal }, _req, res) => {
      const firmId = actingFirm(principal, params.firmId, { what: 'the report' });
      const outcome = await writeReport(
        stores,
        { firmId, date: params.date, input: body, recordedBy: recordedByOf(principal) },
        now(),
      );
      if (!outcome.ok) throw writeError(outcome);
      res.status(outcome.result === 'created' ? 201 : 200);
      return { result: outcome.result, report: outcome.report };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/reports/{firmId}/{date}',
    operationId: 'getMonitorReport',
    summary: "A firm's report for a day (the firm itself or the bureau)",
    tags,
    auth: AUTH,
    params: ReportParams,
    responses: {
      200: { description: 'the current version', schema: ReportSchema },
      404: { description: 'no report' },
    },
    handler: async ({ params, principal }) => {
      const firmId = actingFirm(principal, params.firmId);
      const found = await stores.monitor.getReport(firmId, params.date);
      if (!found) throw new NotFoundError(`report of ${firmId} for ${params.date}`);
      return reportView(found.doc);
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/reports/{firmId}/{date}/history',
    operationId: 'getMonitorReportHistory',
    summary: 'Every version of a report: who entered it, when, and which fields changed',
    tags,
    auth: AUTH,
    params: ReportParams,
    responses: {
      200: { description: 'versions, oldest first', schema: ReportHistory },
      404: { description: 'no report' },
    },
    handler: async ({ params, principal }) => {
      const firmId = actingFirm(principal, params.firmId);
      const current = await stores.monitor.getReport(firmId, params.date);
      if (!current) throw new NotFoundError(`report of ${firmId} for ${params.date}`);
      const versions = await stores.monitor.history(firmId, params.date, current.doc.version);
      const byVersion = new Map(versions.map((v) => [v.version, v]));
      // The current version is the report itself: shown even if its history record is not written yet.
      const c = current.doc;
      byVersion.set(c.version, {
        firmId,
        date: c.date,
        version: c.version,
        changed: c.changed,
        recordedBy: c.recordedBy,
        recordedAt: c.recordedAt,
        report: inputOf(c),
      });
      return {
        firmId,
        date: params.date,
        versions: [...byVersion.values()]
          .sort((a, b) => a.version - b.version)
          .map(({ version, changed, recordedBy, recordedAt, report }) => ({
            version,
            changed,
            recordedBy,
            recordedAt,
            report,
          })),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/reports',
    operationId: 'listMonitorReports',
    summary: 'Reports by firm and date range, newest day first (an employer key: its own firm only)',
    tags,
    auth: AUTH,
    query: ReportListQuery,
    responses: { 200: { description: 'one page', schema: ReportList } },
    handler: async ({ query, principal }) => {
      const firmId = actingFirm(principal, query.firmId, { required: false });
      const { total, docs } = await stores.monitor.findReports({ ...query, ...(firmId ? { firmId } : {}) });
      return { total, page: query.page, size: query.size, items: docs.map(reportView) };
    },
  });
}
