import { type Api, actingFirm } from '@fugong/http';
import { AgreementInput } from '@fugong/schemas';
import { ContentionError } from '@fugong/stores';
import { z } from 'zod';
import type { Response } from 'express';
import { callerOf } from '../common/access.ts';
import { acceptAgreement } from './accept.ts';
import type { AgreementContext } from './context.ts';
import { readAgreement } from './context.ts';
import { TRANSITIONS, type TransitionName, createAgreement, transitionAgreement } from './lifecycle.ts';
import { repairAll } from './repair.ts';
import {
  AcceptBody,
  AgreementList,
  AgreementListQuery,
  AgreementParams,
  AgreementView,
  CancelBody,
  ReasonBody,
  viewAgreement,
} from './schemas.ts';

const AUTH = ['bureau', 'employer'] as const;
const tags = ['swap agreements'];
const hidden = { 404: { description: 'no such agreement, or your firm is not party to it' } };

/** Agreements: create, read, list, accept (reserves headcount), activate, complete, cancel; repair. */
export function registerAgreementRoutes(api: Api, ctx: AgreementContext): void {
  api.route({
    method: 'post',
    path: '/v1/swap/agreements',
    summary: 'Propose an agreement between a surplus post (lender) and a shortage post (borrower)',
    tags,
    operationId: 'proposeAgreement',
    auth: AUTH,
    body: AgreementInput,
    responses: {
      201: { description: 'proposed', schema: AgreementView },
      409: { description: 'a post is closed' },
    },
    handler: async ({ body, principal }, _req, res) => {
      res.status(201).json(viewAgreement(await createAgreement(ctx, body, callerOf(principal))));
    },
  });

  api.route({
    method: 'get',
    path: '/v1/swap/agreements/{id}',
    summary: 'Read an agreement (the bureau and the two firms only)',
    tags,
    operationId: 'getAgreement',
    auth: AUTH,
    params: AgreementParams,
    responses: { 200: { description: 'the agreement', schema: AgreementView }, ...hidden },
    handler: async ({ params, principal }) =>
      viewAgreement((await readAgreement(ctx, params.id, callerOf(principal))).doc),
  });

  api.route({
    method: 'get',
    path: '/v1/swap/agreements',
    summary: 'List agreements by firm and status (an employer: its own firm only; near real time)',
    tags,
    operationId: 'listAgreements',
    auth: AUTH,
    query: AgreementListQuery,
    responses: { 200: { description: 'one page, newest first', schema: AgreementList } },
    handler: async ({ query, principal }) => {
      const caller = callerOf(principal);
      // An employer lists its own firm's (another firmId is 403); the bureau's firmId is an optional filter.
      const firmId = actingFirm(caller, query.firmId, { required: false });
      const { total, items } = await ctx.stores.agreements.list({ ...query, firmId });
      return AgreementList.parse({
        total,
        page: query.page,
        size: query.size,
        items: items.map(viewAgreement),
      });
    },
  });

  api.route({
    method: 'post',
    path: '/v1/swap/agreements/{id}/accept',
    summary:
      "Accept for your firm's side (the bureau: on behalf of a side, recorded); both → headcount reserved",
    description:
      'When both sides have accepted, the headcount is reserved on both posts atomically (never more than a ' +
      'post has, under any concurrency), the agreement becomes `accepted` and its intention is queued. ' +
      'Idempotent. While other accepts of the same posts are in flight, waits for them (up to ' +
      'SWAP_ACCEPT_DEADLINE_MS): 409 `post_full` only when accepted agreements leave no room.',
    tags,
    operationId: 'acceptAgreement',
    auth: AUTH,
    params: AgreementParams,
    body: AcceptBody,
    responses: {
      200: { description: 'the agreement after this acceptance', schema: AgreementView },
      409: {
        description:
          '`post_full` (details name the post, what is left and what was asked: accepted agreements hold ' +
          'the rest), `post_closed`, or `conflict` when the agreement was cancelled',
      },
      503: {
        description:
          '`contention`: still undecided after the accept deadline because other accepts of the same posts ' +
          'were in flight; nothing is held, retry after Retry-After (or the engine is unavailable)',
      },
      ...hidden,
    },
    handler: async ({ params, body, principal }, _req, res) =>
      viewAgreement(
        await withRetryAfter(res, () => acceptAgreement(ctx, params.id, callerOf(principal), body)),
      ),
  });

  for (const name of Object.keys(TRANSITIONS) as TransitionName[]) {
    const rule = TRANSITIONS[name];
    api.route({
      method: 'post',
      path: `/v1/swap/agreements/{id}/${name}`,
      summary: `${name[0]!.toUpperCase()}${name.slice(1)}: ${rule.from.join(' or ')} → ${rule.to}`,
      ...(rule.to === 'completed' || rule.to === 'cancelled'
        ? { description: 'Releases the headcount the agreement held on both posts.' }
        : {}),
      tags,
      operationId: `${name}Agreement`,
      auth: AUTH,
      params: AgreementParams,
      body: name === 'cancel' ? CancelBody : ReasonBody,
      responses: {
        200: { description: 'the agreement after the change', schema: AgreementView },
        409: { description: `the agreement is not ${rule.from.join(' or ')}` },
        ...hidden,
      },
      handler: async ({ params, body, principal }, _req, res) =>
        viewAgreement(
          await withRetryAfter(res, () =>
            transitionAgreement(ctx, params.id, callerOf(principal), name, body.reason),
          ),
        ),
    });
  }

  api.route({
    method: 'post',
    path: '/v1/swap/repair',
    summary: 'Free headcount held for agreements that can never be accepted (bureau; also runs periodically)',
    tags,
    operationId: 'repairAgreementHolds',
    auth: ['bureau'],
    responses: {
      200: { description: 'what was repaired', schema: z.object({ posts: z.number(), freed: z.number() }) },
    },
    handler: () => repairAll(ctx.stores, ctx.leaseMs),
  });
}

/** Runs an operation; a ContentionError (503) carries its Retry-After header to the client. */
async function withRetryAfter<T>(res: Response, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ContentionError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    throw err;
  }
}
