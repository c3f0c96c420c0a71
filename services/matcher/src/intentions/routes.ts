import type { Api, Runtime } from '@fugong/http';
import { enqueueIntention, idempotencyKey } from '@fugong/queue';
import {
  ConflictError,
  ForbiddenError,
  IntentionInput,
  type IntentionJob,
  type Principal,
  ValidationError,
} from '@fugong/schemas';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import { assertSiteConsent, getVacancy, getWorker } from '../common/docs.ts';
import { isLive } from '../common/live.ts';

const Accepted = z
  .object({
    id: z.string().describe('the idempotency key: the same request gives the same id'),
    status: z.literal('queued'),
  })
  .meta({ id: 'IntentionAccepted' });

/**
 * Who may say what: a seeker applies through a site (with consent) or the bureau; the vacancy's own firm (or
 * the bureau) shortlists and offers; a site or the bureau accepts on the worker's behalf.
 */
export function assertMaySay(
  kind: IntentionInput['kind'],
  principal: Principal,
  firmId: string,
  consent: boolean,
): void {
  const role = principal.role;
  if (kind === 'application' || kind === 'acceptance') {
    if (role !== 'site' && role !== 'bureau')
      throw new ForbiddenError(`only a job-fair site or the bureau may record an ${kind} for a seeker`);
    if (kind === 'application' && role === 'site' && !consent)
      throw new ValidationError("consent: a site must send the seeker's consent with an application", [
        { path: 'consent', message: 'required when a site applies for a seeker' },
      ]);
    return;
  }
  if (role === 'bureau') return;
  if (role !== 'employer' || principal.firmId !== firmId)
    throw new ForbiddenError(`only the vacancy's own firm or the bureau may record a ${kind}`);
}

/** POST /v1/intentions: validated, authorised, keyed, queued (the intent worker records it). */
export function registerIntentionRoutes(api: Api, rt: Runtime, queue: Queue): void {
  api.route({
    method: 'post',
    path: '/v1/intentions',
    summary: 'Record an application, shortlist, offer or acceptance (queued; idempotent)',
    tags: ['intentions'],
    auth: ['bureau', 'employer', 'site'],
    body: IntentionInput,
    responses: {
      202: { description: 'queued; the same request again gives the same id', schema: Accepted },
      404: { description: 'no such vacancy or worker' },
      409: { description: 'an application to a vacancy that is not open' },
    },
    handler: async ({ body, principal }, _req, res) => {
      const [vacancy, worker] = await Promise.all([
        getVacancy(rt.es, rt.names, body.vacancyId),
        getWorker(rt.es, rt.names, body.workerId),
      ]);
      assertMaySay(body.kind, principal, vacancy.firmId, Boolean(body.consent));
      await assertSiteConsent(rt.es, rt.names, principal, worker.id);
      if (body.kind === 'application' && !isLive(vacancy, new Date()))
        throw new ConflictError(
          `vacancy ${vacancy.id} is ${vacancy.status === 'open' ? 'expired' : vacancy.status}`,
        );
      const key = idempotencyKey(body.kind, vacancy.id, worker.id);
      const job: IntentionJob = {
        key,
        kind: body.kind,
        vacancyId: vacancy.id,
        workerId: worker.id,
        firmId: vacancy.firmId,
        headcount: 1,
        fairIds: vacancy.fairIds,
        ...(vacancy.workPlace.code ? { districtCode: vacancy.workPlace.code } : {}),
        priorityGroups: worker.priorityGroups,
        keyEnterprise: vacancy.keyEnterprise,
        actor: { role: principal.role, keyId: principal.keyId },
        at: new Date().toISOString(),
      };
      await enqueueIntention(queue, job);
      res.status(202).json(Accepted.parse({ id: key, status: 'queued' }));
    },
  });
}
