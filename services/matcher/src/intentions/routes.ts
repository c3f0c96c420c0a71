import type { VacancyDoc } from '@fugong/documents';
import type { Api } from '@fugong/http';
import {
  enqueueIntention,
  type IntentionQueues,
  intentionJob,
  isIntentionQueued,
  vacancyIntentionKey,
  vacancyPairKey,
} from '@fugong/queue';
import {
  AppError,
  ForbiddenError,
  INTENTION_PREREQUISITE,
  IntentionInput,
  type IntentionKind,
  NotFoundError,
  type Principal,
  ValidationError,
} from '@fugong/schemas';
import { z } from 'zod';
import { assertSiteConsent, getVacancy, getWorker } from '../common/docs.ts';
import { isLiveVacancy, type Stores } from '@fugong/stores';

const Accepted = z
  .object({
    id: z.string().describe('the idempotency key: the same request gives the same id'),
    status: z.literal('queued'),
  })
  .meta({ id: 'IntentionAccepted' });

/**
 * Who may say what: a seeker applies through a site (with consent) or the bureau; the vacancy's own firm (or
 * the bureau) shortlists and offers; a site or the bureau accepts on the worker's behalf. A role that may never
 * say a kind is a 403 before anything is read; an employer naming another firm's vacancy gets the 404 of a
 * missing one, so the answer tells nothing about which vacancy ids exist.
 */
export function assertMaySay(kind: IntentionInput['kind'], principal: Principal, consent: boolean): void {
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
  if (role !== 'bureau' && role !== 'employer')
    throw new ForbiddenError(`only the vacancy's own firm or the bureau may record a ${kind}`);
}

/** The vacancy as the caller may see it: an employer sees its own firm's only (another firm's is a 404). */
function assertOwnVacancy(principal: Principal, vacancy: VacancyDoc, kind: IntentionInput['kind']): void {
  if ((kind === 'shortlist' || kind === 'offer') && principal.role === 'employer')
    if (principal.firmId !== vacancy.firmId) throw new NotFoundError(`vacancy ${vacancy.id}`);
}

/** Why a vacancy takes no new intention, or undefined while it is open and unexpired. */
function closedBecause(vacancy: VacancyDoc, now: Date): string | undefined {
  if (isLiveVacancy(vacancy, now)) return undefined;
  return vacancy.status === 'open' ? 'expired' : vacancy.status;
}

/**
 * The order of a pair's steps, checked from what is recorded and what is queued: a kind already said is said
 * again (202, the same id, even if the vacancy closed since: a client retrying a lost answer gets its answer);
 * otherwise a closed, filled or expired vacancy takes nothing new (409 `vacancy_closed`), and a kind whose
 * prerequisite (INTENTION_PREREQUISITE) is neither recorded nor queued is a 409 `out_of_order`. An offer still
 * in the queue counts: the intent worker holds the acceptance back until the offer is recorded.
 */
async function assertInOrder(
  stores: Stores,
  queues: IntentionQueues,
  vacancy: VacancyDoc,
  workerId: string,
  kind: IntentionKind,
) {
  const pair = vacancyPairKey(vacancy.id, workerId);
  // The queue (partition) every step of this pair goes to.
  const queue = queues.forPair(pair);
  // Realtime read of the pair the intent worker writes: no refresh needed.
  const kinds = await stores.intentionPairs.recordedKinds(pair);
  if (
    kinds.includes(kind) ||
    (await isIntentionQueued(queue, vacancyIntentionKey(kind, vacancy.id, workerId)))
  )
    return;
  const closed = closedBecause(vacancy, new Date());
  if (closed)
    throw new AppError(409, 'vacancy_closed', `vacancy ${vacancy.id} is ${closed}: it takes no new ${kind}`, {
      status: closed,
    });
  const needs = INTENTION_PREREQUISITE[kind];
  if (
    needs &&
    !kinds.includes(needs) &&
    !(await isIntentionQueued(queue, vacancyIntentionKey(needs, vacancy.id, workerId)))
  )
    throw new AppError(
      409,
      'out_of_order',
      `an ${kind} needs an ${needs} first: no ${needs} of vacancy ${vacancy.id} to worker ${workerId} is recorded or queued`,
      { missing: needs },
    );
}

/** POST /v1/intentions: validated, authorised, keyed, queued (the intent worker records it). */
export function registerIntentionRoutes(api: Api, stores: Stores, queues: IntentionQueues): void {
  api.route({
    method: 'post',
    path: '/v1/intentions',
    summary: 'Record an application, shortlist, offer or acceptance (queued; idempotent)',
    description:
      'Checked at once against the recorded pair and the queue: an acceptance needs an offer (recorded or ' +
      'queued); a closed, filled or expired vacancy takes no new intention. Unknown fields (such as a note) ' +
      'are a 400: nothing sent is silently dropped.',
    tags: ['intentions'],
    operationId: 'recordIntention',
    auth: ['bureau', 'employer', 'site'],
    body: IntentionInput,
    responses: {
      202: { description: 'queued; the same request again gives the same id', schema: Accepted },
      404: {
        description: "no such vacancy or worker (to an employer, another firm's vacancy answers the same)",
      },
      409: {
        description:
          '`vacancy_closed`: the vacancy is closed, filled or expired and takes no new intention; ' +
          '`out_of_order`: the step this kind needs (an offer before an acceptance) is neither recorded nor queued',
      },
    },
    handler: async ({ body, principal }, _req, res) => {
      assertMaySay(body.kind, principal, Boolean(body.consent));
      const [vacancy, worker] = await Promise.all([
        getVacancy(stores, body.vacancyId),
        getWorker(stores, body.workerId),
      ]);
      assertOwnVacancy(principal, vacancy, body.kind);
      await assertSiteConsent(stores, principal, worker.id);
      await assertInOrder(stores, queues, vacancy, worker.id, body.kind);
      const job = intentionJob({
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
      });
      await enqueueIntention(queues.forJob(job), job);
      res.status(202).json(Accepted.parse({ id: job.key, status: 'queued' }));
    },
  });
}
