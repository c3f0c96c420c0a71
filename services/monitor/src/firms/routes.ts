import { actingFirm, type Api } from '@fugong/http';
import { AppError, NotFoundError, ValidationError } from '@fugong/schemas';
import type { MonitoredFirmDoc, Stores } from '@fugong/stores';
import { dimensionsOf } from '../reports/write.ts';
import {
  FirmParams,
  MonitoredFirmInput,
  MonitoredFirmList,
  MonitoredFirmListQuery,
  MonitoredFirmStopped,
  type MonitoredFirmView,
  MonitoredFirmView as MonitoredFirmViewSchema,
  MonitoredFirmWritten,
} from '../schemas.ts';
import { addDays, localDay } from '../time.ts';

const tags = ['monitored firms'];

/** The view of a monitored firm: the stored record without the engine-only `schedule` key. */
export function firmView(doc: MonitoredFirmDoc): MonitoredFirmView {
  const { schedule: _schedule, ...view } = doc;
  return MonitoredFirmViewSchema.parse(view);
}

/**
 * Writes a firm's new schedule (null: no longer monitored) and re-derives the `due` flag of its reports. If the
 * flags cannot be written (the engine refusing writes for a moment), the previous schedule and its flags are
 * put back before the error goes on, so a refused request leaves no firm whose reports disagree with it
 * (best effort: should that fail too, the next write of the schedule derives the flags again).
 */
async function applySchedule(
  stores: Stores,
  firmId: string,
  next: MonitoredFirmDoc | null,
  previous: MonitoredFirmDoc | undefined,
): Promise<'created' | 'updated' | 'removed'> {
  let result: 'created' | 'updated' | 'removed' = 'removed';
  if (next) result = await stores.monitor.putFirm(next);
  else await stores.monitor.removeFirm(firmId);
  try {
    await stores.monitor.refreshDue(firmId, next);
  } catch (err) {
    try {
      if (previous) await stores.monitor.putFirm(previous);
      else await stores.monitor.removeFirm(firmId);
      await stores.monitor.refreshDue(firmId, previous ?? null);
    } catch {
      // left for the next write of this firm's schedule, which derives every flag again
    }
    throw err;
  }
  return result;
}

/** The bureau marks registered firms as monitored, reads them, lists them and stops monitoring them. */
export function registerFirmRoutes(api: Api, stores: Stores, now: () => Date): void {
  api.route({
    method: 'put',
    path: '/v1/monitor/firms/{firmId}',
    operationId: 'markMonitoredFirm',
    summary: 'Mark a registered firm as monitored (or re-mark it): its schedule and period',
    description:
      "Copies the firm's district, industry, size and key-enterprise flag from its record (re-marking " +
      'refreshes them) and re-derives which of its stored reports were due.',
    tags,
    auth: ['bureau'],
    params: FirmParams,
    body: MonitoredFirmInput,
    responses: {
      200: { description: 'updated', schema: MonitoredFirmWritten },
      201: { description: 'created', schema: MonitoredFirmWritten },
      404: { description: 'the firm is not registered' },
    },
    handler: async ({ params, body, principal }, _req, res) => {
      if (body.endDate !== undefined && body.endDate < body.startDate) {
        const message = `endDate (${body.endDate}) is before startDate (${body.startDate})`;
        throw new ValidationError(`endDate: ${message}`, [{ path: 'endDate', message }]);
      }
      const firm = await stores.firms.get(params.firmId);
      if (!firm) {
        const message = `unknown firm ${params.firmId}: the bureau registers firms first (PUT /v1/firms)`;
        throw new AppError(404, 'not_found', message, { issues: [{ path: 'firmId', message }] });
      }
      const existing = await stores.monitor.getFirm(params.firmId);
      const weekdays =
        body.frequency === 'daily'
          ? [1, 2, 3, 4, 5, 6, 7]
          : [...new Set(body.frequency.weekdays)].sort((a, b) => a - b);
      const at = now().toISOString();
      const user = principal.role === 'bureau' ? principal.label : undefined;
      const doc: MonitoredFirmDoc = {
        firmId: params.firmId,
        frequency: body.frequency === 'daily' ? 'daily' : { weekdays },
        weekdays,
        schedule: weekdays.join(','),
        startDate: body.startDate,
        ...(body.endDate ? { endDate: body.endDate } : {}),
        ...(body.note ? { note: body.note } : {}),
        ...dimensionsOf(firm),
        markedBy: { keyId: principal.keyId, ...(user ? { user } : {}) },
        markedAt: existing?.markedAt ?? at,
        updatedAt: at,
      };
      const result = await applySchedule(stores, doc.firmId, doc, existing);
      res.status(result === 'created' ? 201 : 200);
      return MonitoredFirmWritten.parse({ result, firm: firmView(doc) });
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/firms/{firmId}',
    operationId: 'getMonitoredFirm',
    summary: 'A monitored firm: its schedule and period (the bureau, or the firm itself)',
    tags,
    auth: ['bureau', 'employer'],
    params: FirmParams,
    responses: {
      200: { description: 'the monitored firm', schema: MonitoredFirmViewSchema },
      404: { description: 'not monitored' },
    },
    handler: async ({ params, principal }) => {
      const firmId = actingFirm(principal, params.firmId);
      const doc = await stores.monitor.getFirm(firmId);
      if (!doc) throw new NotFoundError(`monitored firm ${firmId}`);
      return firmView(doc);
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/firms',
    operationId: 'listMonitoredFirms',
    summary: 'Monitored firms, by firm id (paged)',
    tags,
    auth: ['bureau'],
    query: MonitoredFirmListQuery,
    responses: { 200: { description: 'one page', schema: MonitoredFirmList } },
    handler: async ({ query }) => {
      const { total, docs } = await stores.monitor.listFirms(query);
      return { total, page: query.page, size: query.size, items: docs.map(firmView) };
    },
  });

  api.route({
    method: 'delete',
    path: '/v1/monitor/firms/{firmId}',
    operationId: 'stopMonitoringFirm',
    summary: 'Stop monitoring a firm: no report is due from today on; past days keep their figures',
    description:
      'The period ends yesterday (Asia/Shanghai), so past coverage does not change; a firm whose period had ' +
      'not begun is removed. Its reports stay.',
    tags,
    auth: ['bureau'],
    params: FirmParams,
    responses: {
      200: { description: 'stopped', schema: MonitoredFirmStopped },
      404: { description: 'not monitored' },
    },
    handler: async ({ params }) => {
      const doc = await stores.monitor.getFirm(params.firmId);
      if (!doc) throw new NotFoundError(`monitored firm ${params.firmId}`);
      const yesterday = addDays(localDay(now()), -1);
      if (doc.startDate > yesterday) {
        await applySchedule(stores, doc.firmId, null, doc);
        return { firmId: doc.firmId, removed: true };
      }
      const endDate = doc.endDate !== undefined && doc.endDate < yesterday ? doc.endDate : yesterday;
      const stopped: MonitoredFirmDoc = { ...doc, endDate, updatedAt: now().toISOString() };
      await applySchedule(stores, doc.firmId, stopped, doc);
      return { firmId: doc.firmId, removed: false, firm: firmView(stopped) };
    },
  });
}
