import type { Runtime } from '@fugong/http';
import { NotFoundError } from '@fugong/schemas';
import type { Stores, Versioned } from '@fugong/stores';
import type { IntentionQueues } from '@fugong/queue';
import { type Caller, actsFor } from '../common/access.ts';
import type { AgreementDoc } from './document.ts';

/**
 * What the agreement operations share: the stores (agreements, posts, firms: no raw engine client), the
 * intentions' queues with their connection's state, the logger and the reservation lease.
 */
export interface AgreementContext {
  stores: Pick<Stores, 'agreements' | 'swapPosts' | 'firms'>;
  queues: IntentionQueues;
  /** The queues' Redis connection: its `status` says whether enqueueing can work right now. */
  redis: Pick<Runtime['redis'], 'status'>;
  logger: Runtime['logger'];
  leaseMs: number;
  /** How long an accept keeps waiting for accepts in flight before it answers 503 `contention`. */
  acceptDeadlineMs: number;
}

/** True when the caller may see the agreement: the bureau, or an employer of either party. */
export function maySee(caller: Caller, a: Pick<AgreementDoc, 'lenderFirmId' | 'borrowerFirmId'>): boolean {
  return actsFor(caller, a.lenderFirmId) || actsFor(caller, a.borrowerFirmId);
}

/**
 * Reads an agreement with its version. Firms that are not party to it get the same 404 as for an unknown
 * id: they learn nothing, not even that it exists.
 */
export async function readAgreement(
  ctx: AgreementContext,
  id: string,
  caller: Caller,
): Promise<Versioned<AgreementDoc>> {
  const found = await ctx.stores.agreements.get(id);
  if (!found || !maySee(caller, found.doc)) throw new NotFoundError(`agreement ${id}`);
  return found;
}
