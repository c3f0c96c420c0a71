import { type WorkerPrivateDoc, workerDocuments } from '@fugong/documents';
import type { Api } from '@fugong/http';
import {
  AppError,
  ErrorBody,
  Id,
  NotFoundError,
  ValidationError,
  WorkerBureauView,
  WorkerInput,
  WorkerProfile,
  type Principal,
} from '@fugong/schemas';
import { itemFailure, type Versioned } from '@fugong/search';
import { type StoreContext, WorkerStore } from '@fugong/stores';
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
export function registerWorkerRoutes(api: Api, rt: StoreContext): void {
  const workers = new WorkerStore(rt);
  api.route({
    method: 'put',
    path: '/v1/workers/{id}',
    summary: 'Create or replace a worker profile (bureau, or a site with the seeker’s consent)',
    description:
      'A site creates workers whose consent it collected (`consent.via` is set to its own site id; naming ' +
      'another site is 403) and changes only workers whose consent came through it (403 otherwise). A ' +
      'site’s change keeps the private fields it does not send. Only the bureau moves a worker between sites ' +
      '(by naming another `consent.via`) and replaces the private fields whole.',
    tags: ['workers'],
    operationId: 'putWorker',
    auth: ['bureau', 'site'],
    params: WorkerParams,
    body: WorkerInput,
    responses: {
      200: { description: 'stored; never echoes private fields', schema: WriteResult },
      403: {
        description: 'a site naming another site’s consent, or changing a worker who consented elsewhere',
        schema: ErrorBody,
      },
      409: { description: 'the worker was written concurrently; retry', schema: ErrorBody },
    },
    handler: async ({ params, body, principal }) => {
      const prior = await workers.getPrivateVersioned(params.id);
      const input = { ...body, consent: { ...body.consent, via: consentVia(principal, body, prior) } };
      if (principal.role === 'site' && prior) {
        // A site's change of private data keeps what it does not send (a phone number, an ID number).
        input.private = { ...prior.doc.private, ...body.private };
      }
      const idNumber = input.private.idNumber;
      if (idNumber !== undefined && !isValidChineseIdNumber(idNumber)) {
        throw new ValidationError('private.idNumber: not a valid resident ID number', [
          {
            path: 'private.idNumber',
            message: 'not a valid 18-character resident ID (GB 11643 check digit, region or birth date)',
          },
        ]);
      }
      const { doc, privateDoc, issues } = workerDocuments(params.id, input, new Date());
      const fatal = issues.filter((i) => i.path.startsWith('occupations.'));
      if (fatal.length > 0) throw new ValidationError(`${fatal[0]!.path}: ${fatal[0]!.message}`, fatal);
      // The private document (the consent record) first: a profile is never searchable without it. It is
      // written under optimistic concurrency (create when new, if_seq_no when read), so a concurrent writer
      // cannot slip another site's consent in between the check above and this write.
      const priv = await workers.putPrivate(params.id, privateDoc, prior);
      if (!priv.ok) throw itemFailure(priv, 'the worker');
      const failed = await workers.putProfile(params.id, doc);
      if (!failed.ok) throw itemFailure(failed, 'the worker');
      return {
        id: params.id,
        result: prior ? 'updated' : 'created',
        ...(issues.length > 0 ? { warnings: issues } : {}),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/workers/{id}',
    summary: 'Read a worker: the bureau gets the private fields too, a site the public (masked) profile',
    tags: ['workers'],
    operationId: 'getWorker',
    auth: ['bureau', 'site'],
    params: WorkerParams,
    responses: {
      200: {
        description: 'WorkerProfile for sites; WorkerBureauView for the bureau',
        schema: z.union([WorkerBureauView, WorkerProfile]),
      },
    },
    handler: async ({ params, principal }) => {
      const worker = await workers.get(params.id);
      if (!worker) throw new NotFoundError('worker');
      // Parsed through the response schema: fields not in it (segmented text, codes) never leave.
      const profile = WorkerProfile.parse(worker);
      if (principal.role !== 'bureau') return profile;
      const priv = await workers.getPrivate(params.id);
      if (!priv) return profile;
      return WorkerBureauView.parse({ profile, private: priv.private, consent: priv.consent });
    },
  });

  api.route({
    method: 'delete',
    path: '/v1/workers/{id}',
    summary: 'Delete a worker: both the searchable profile and the private document (bureau only)',
    tags: ['workers'],
    operationId: 'deleteWorker',
    auth: ['bureau'],
    params: WorkerParams,
    responses: { 200: { description: 'deleted', schema: WriteResult } },
    handler: async ({ params }) => {
      if (!(await workers.remove(params.id))) throw new NotFoundError('worker');
      return { id: params.id, result: 'deleted' };
    },
  });
}

type PriorPrivate = Versioned<WorkerPrivateDoc>;

/**
 * Whose consent a write records. A site's is its own, set here and never taken from the body; it may change
 * only workers who consented through it (the same 403 whatever the body says, so the answer tells no more
 * than that the id is taken). The bureau names the site (moving the worker) or keeps the stored one.
 */
function consentVia(principal: Principal, body: WorkerInput, prior: PriorPrivate | undefined): string {
  if (principal.role === 'site') {
    const given = body.consent.via;
    if (given !== undefined && given !== principal.siteId) {
      throw new AppError(
        403,
        'forbidden',
        `consent.via: a site records only its own consent (${principal.siteId})`,
        {
          issues: [
            {
              path: 'consent.via',
              message: `must be your own site id (${principal.siteId}) or left out; only the bureau moves a worker between sites`,
            },
          ],
        },
      );
    }
    if (prior && prior.doc.consent.via !== principal.siteId) {
      throw new AppError(
        403,
        'forbidden',
        'this worker id is taken by a seeker who consented through another site: a site changes only its own',
      );
    }
    return principal.siteId;
  }
  return body.consent.via ?? prior?.doc.consent.via ?? 'bureau';
}
