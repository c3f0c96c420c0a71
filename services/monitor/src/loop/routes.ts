import { actingFirm, type Api, presentedKey } from '@fugong/http';
import { AppError, ErrorBody, NotFoundError } from '@fugong/schemas';
import type { Stores } from '@fugong/stores';
import { z } from 'zod';
import { ReportParams } from '../schemas.ts';
import type { PlatformClient } from './platform.ts';
import { PublishInput, publishFromReport } from './publish.ts';

const tags = ['monitor loop'];

const Outcome = z.object({
  kind: z.enum(['vacancy', 'shortage']),
  ref: z
    .string()
    .describe(
      'the reference the monitor wrote it under (derived from the report: publishing again replaces)',
    ),
  needs: z.array(z.number().int()).describe("which of the report's hiring needs it carries"),
  id: z
    .string()
    .optional()
    .describe("the vacancy's or post's id, when written (or the existing vacancy it duplicates)"),
  result: z
    .string()
    .optional()
    .describe('created, updated, unchanged, or duplicate (linked to the existing vacancy)'),
  error: z.object({ status: z.number().int(), message: z.string() }).optional(),
});

export const PublishAnswer = z
  .object({
    firmId: z.string(),
    date: z.string(),
    complete: z.boolean().describe('false when an item could not be written: calling again completes it'),
    items: z.array(Outcome),
  })
  .meta({ id: 'MonitorPublishAnswer' });

export const Publication = z
  .object({
    firmId: z.string(),
    date: z.string(),
    vacancyIds: z.array(z.string()),
    shortageId: z.string().optional(),
    items: z.array(
      z.object({
        kind: z.enum(['vacancy', 'shortage']),
        id: z.string(),
        ref: z.string(),
        needs: z.array(z.number().int()),
        result: z.string(),
        publishedAt: z.string(),
      }),
    ),
    updatedAt: z.string(),
  })
  .meta({ id: 'MonitorPublication' });

/** The loop: a report's open positions published as vacancies and a shortage post, and what was published. */
export function registerLoopRoutes(
  api: Api,
  stores: Stores,
  platform: PlatformClient,
  now: () => Date,
): void {
  api.route({
    method: 'post',
    path: '/v1/monitor/reports/{firmId}/{date}/publish',
    operationId: 'publishMonitorReport',
    summary: "Publish a report's hiring needs as vacancies and/or a staff-sharing shortage post, in one call",
    description:
      'One vacancy per hiring need (title = the trade, openings = the headcount, the firm’s district and ' +
      'address) through ingest, and/or one shortage post for 共享员工 through swap — with the caller’s own key, ' +
      'so each service applies its own rules. References are derived from the report: publishing again ' +
      'replaces, never duplicates. A vacancy that is already posted under the firm’s own reference is linked ' +
      '(`duplicate`). 200 when every item was written; otherwise 409 (another service refused an item) or 503 ' +
      '(one could not be reached), with the same body: calling again completes it.',
    tags,
    auth: ['bureau', 'employer'],
    params: ReportParams,
    body: PublishInput,
    responses: {
      200: { description: 'every item written', schema: PublishAnswer },
      404: { description: 'no such report (or firm)' },
      409: {
        description: 'the report names no hiring needs, or another service refused an item (body: the items)',
        schema: ErrorBody,
      },
      503: {
        description: 'another service could not be reached (body: the items); retry',
        schema: ErrorBody,
      },
    },
    handler: async ({ params, body, principal }, req) => {
      const firmId = actingFirm(principal, params.firmId, { what: 'the publication' });
      const answer = await publishFromReport(
        { monitor: stores.monitor, firms: stores.firms, publications: stores.monitorPublications, platform },
        {
          firmId,
          date: params.date,
          input: body,
          asBureau: principal?.role === 'bureau',
          // The route is keyed, so a key was presented (as Bearer or X-Api-Key).
          key: presentedKey(req) ?? '',
        },
        now(),
      );
      if (answer.complete) return answer;
      const failed = answer.items.filter((i) => i.error);
      const unreachable = failed.some((i) => i.error!.status === 0 || i.error!.status >= 500);
      throw new AppError(
        unreachable ? 503 : 409,
        unreachable ? 'unavailable' : 'partly_published',
        `${failed.length} of ${answer.items.length} item(s) not written: ` +
          failed.map((i) => `${i.ref}: ${i.error!.message}`).join('; '),
        answer,
      );
    },
  });

  api.route({
    method: 'get',
    path: '/v1/monitor/reports/{firmId}/{date}/publications',
    operationId: 'getMonitorPublications',
    summary: 'What was published from a report: the vacancies and the shortage post, with their ids',
    tags,
    auth: ['bureau', 'employer'],
    params: ReportParams,
    responses: { 200: { description: 'the publication record', schema: Publication } },
    handler: async ({ params, principal }) => {
      const firmId = actingFirm(principal, params.firmId, { what: 'the publication' });
      const doc = await stores.monitorPublications.get(firmId, params.date);
      if (!doc) throw new NotFoundError(`publication of ${firmId} for ${params.date}`);
      return doc;
    },
  });
}
