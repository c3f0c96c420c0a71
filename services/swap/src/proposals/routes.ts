import { type Api, actingFirm } from '@fugong/http';
import type { Stores } from '@fugong/stores';
import { callerOf } from '../common/access.ts';
import { assertKnownFirm } from '../common/firms.ts';
import type { AllocationPool } from './pool.ts';
import { proposeSwaps } from './run.ts';
import { ProposalsInput, ProposalsResult } from './schemas.ts';

/** POST /v1/swap/proposals: the optimal allocation over all open posts, in the caller's scope. */
export function registerProposalRoutes(
  api: Api,
  stores: Pick<Stores, 'swapPosts' | 'firms'>,
  pool: AllocationPool,
): void {
  api.route({
    method: 'post',
    path: '/v1/swap/proposals',
    summary: 'Propose who lends how many to whom: maximum matched headcount, then best fit (exact)',
    description:
      'Solves one min-cost flow over every open post’s remaining headcount. The bureau sees every ' +
      'proposal (or one firm’s with `firmId`); an employer sees the proposals involving its own posts, ' +
      'taken from the same global optimum. Proposals carry matching fields only, never private terms. ' +
      'The allocation runs on a worker thread; 503 when it outlives the time budget (narrow the scope), ' +
      'when its worker crashed, or when too many proposal requests are already waiting (retry).',
    tags: ['swap proposals'],
    operationId: 'proposeAllocation',
    auth: ['bureau', 'employer'],
    body: ProposalsInput,
    responses: { 200: { description: 'the allocation in scope', schema: ProposalsResult } },
    handler: async ({ body, principal }) => {
      const caller = callerOf(principal);
      // An employer asks for its own firm's (another firmId is 403); the bureau's firmId is an optional scope.
      const scope = actingFirm(caller, body.firmId, { required: false });
      // A firm the bureau names must exist, as for posts (an employer's own firm is its key's).
      if (caller.role === 'bureau' && body.firmId !== undefined)
        await assertKnownFirm(stores.firms, body.firmId);
      return ProposalsResult.parse(
        await proposeSwaps(stores.swapPosts, body, scope, (s, d, o) => pool.run(s, d, o)),
      );
    },
  });
}
