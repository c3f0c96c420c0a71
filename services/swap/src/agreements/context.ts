import type { Runtime } from '@fugong/http';
import { NotFoundError } from '@fugong/schemas';
import type { Queue } from 'bullmq';
import { type Caller, actsFor } from '../common/access.ts';
import { type Versioned, getVersioned } from '../common/occ.ts';
import type { AgreementDoc } from './document.ts';

/** What the agreement operations share: the runtime, the intentions queue and the reservation lease. */
export interface AgreementContext {
  rt: Runtime;
  queue: Queue;
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
  const found = await getVersioned<AgreementDoc>(ctx.rt.es, ctx.rt.names.agreements, id);
  if (!found || !maySee(caller, found.doc)) throw new NotFoundError(`agreement ${id}`);
  return found;
}
