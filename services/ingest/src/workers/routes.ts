import type { estypes } from '@elastic/elasticsearch';
import { type WorkerDoc, type WorkerPrivateDoc, workerDocuments } from '@fugong/documents';
import type { Api, Runtime } from '@fugong/http';
import {
  Id,
  NotFoundError,
  ValidationError,
  WorkerBureauView,
  WorkerInput,
  WorkerProfile,
} from '@fugong/schemas';
import { bulkWrite, engineCall } from '@fugong/search';
import { isValidChineseIdNumber } from '@fugong/text';
import { z } from 'zod';

const WorkerParams = z.strictObject({ id: Id });
const WriteResult = z.object({
  id: z.string(),
  result: z.enum(['created', 'updated', 'deleted']),
  warnings: z
    .array(z.object({ path: z.string(), message: z.string(), suggestions: z.array(z.string()).optional() }))
    .optional(),
});

/**
 * Worker profiles. The searchable profile (masked name, no contact data) and the private document (name, phone,
 * ID number, consent) live in separate indices; only the bureau ever reads the private one back. Employers get
 * 403 here: they see candidates through the matcher's ranked, masked lists, and a worker's contact only after
 * an intention links them.
 */
export function registerWorkerRoutes(api: Api, rt: Runtime): void {
  api.route({
    method: 'put',
    path: '/v1/workers/{id}',
    summary: 'Create or replace a worker profile (bureau, or a site with the seeker’s consent)',
    tags: ['workers'],
    auth: ['bureau', 'site'],
    params: WorkerParams,
    body: WorkerInput,
    responses: { 200: { description: 'stored; never echoes private fields', schema: WriteResult } },
    handler: async ({ params, body }) => {
      const idNumber = body.private.idNumber;
      if (idNumber !== undefined && !isValidChineseIdNumber(idNumber)) {
        throw new ValidationError('private.idNumber: not a valid resident ID number', [
          {
            path: 'private.idNumber',
            message: 'not a valid 18-character resident ID (GB 11643 check digit, region or birth date)',
          },
        ]);
      }
      const { doc, privateDoc, issues } = workerDocuments(params.id, body, new Date());
      const fatal = issues.filter((i) => i.path.startsWith('occupations.'));
      if (fatal.length > 0) throw new ValidationError(`${fatal[0]!.path}: ${fatal[0]!.message}`, fatal);
      // Private document first in the same request: a profile is never searchable without its consent record.
      const res = await bulkWrite(
        rt.es,
        [
          { action: 'index', index: rt.names.workerPrivate, id: params.id, doc: privateDoc },
          { action: 'index', index: rt.names.workers, id: params.id, doc },
        ],
        { refresh: 'wait_for' },
      );
      const failed = res.items.find((i) => !i.ok);
      if (failed) throw new Error(`worker write refused: ${failed.errorType} ${failed.errorReason}`);
      return {
        id: params.id,
        result: res.items[1]!.result === 'created' ? 'created' : 'updated',
        ...(issues.length > 0 ? { warnings: issues } : {}),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/workers/{id}',
    summary: 'Read a worker: the bureau gets the private fields too, a site the public (masked) profile',
    tags: ['workers'],
    auth: ['bureau', 'site'],
    params: WorkerParams,
    responses: {
      200: {
        description: 'WorkerProfile for sites; WorkerBureauView for the bureau',
        schema: z.union([WorkerBureauView, WorkerProfile]),
      },
    },
    handler: async ({ params, principal }) => {
      const res = await engineCall(
        () =>
          rt.es.get<WorkerDoc>({ index: rt.names.workers, id: params.id }, { ignore: [404] }) as Promise<
            estypes.GetResponse<WorkerDoc>
          >,
      );
      if (!res.found || !res._source) throw new NotFoundError('worker');
      // Parsed through the response schema: fields not in it (segmented text, codes) never leave.
      const profile = WorkerProfile.parse(res._source);
      if (principal.role !== 'bureau') return profile;
      const priv = await engineCall(
        () =>
          rt.es.get<WorkerPrivateDoc>(
            { index: rt.names.workerPrivate, id: params.id },
            { ignore: [404] },
          ) as Promise<estypes.GetResponse<WorkerPrivateDoc>>,
      );
      if (!priv.found || !priv._source) return profile;
      return WorkerBureauView.parse({
        profile,
        private: priv._source.private,
        consent: priv._source.consent,
      });
    },
  });

  api.route({
    method: 'delete',
    path: '/v1/workers/{id}',
    summary: 'Delete a worker: both the searchable profile and the private document (bureau only)',
    tags: ['workers'],
    auth: ['bureau'],
    params: WorkerParams,
    responses: { 200: { description: 'deleted', schema: WriteResult } },
    handler: async ({ params }) => {
      const res = await bulkWrite(
        rt.es,
        [
          { action: 'delete', index: rt.names.workers, id: params.id },
          { action: 'delete', index: rt.names.workerPrivate, id: params.id },
        ],
        { refresh: 'wait_for' },
      );
      if (res.items.every((i) => i.result === 'not_found')) throw new NotFoundError('worker');
      return { id: params.id, result: 'deleted' };
    },
  });
}
