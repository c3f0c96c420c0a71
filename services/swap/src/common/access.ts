import type { SwapActor as Actor } from '@fugong/documents';
import { ForbiddenError, type Principal } from '@fugong/schemas';

/** Who did something, as recorded in a history (the stored type: @fugong/documents). */
export type { SwapActor as Actor } from '@fugong/documents';

/** A principal that passed `auth: ['bureau', 'employer']`. */
export type Caller = Extract<Principal, { role: 'bureau' | 'employer' }>;

/** Narrows a principal to a caller; routes restrict roles already, so anything else is a bug or a 403. */
export function callerOf(principal: Principal): Caller {
  if (principal.role !== 'bureau' && principal.role !== 'employer')
    throw new ForbiddenError('this operation needs a bureau or employer key');
  return principal;
}

/** The actor record of a caller. */
export function actorOf(caller: Caller): Actor {
  return caller.role === 'employer'
    ? { role: 'employer', keyId: caller.keyId, firmId: caller.firmId }
    : { role: 'bureau', keyId: caller.keyId };
}

/** True when the caller may see and change everything of this firm. */
export const actsFor = (caller: Caller, firmId: string): boolean =>
  caller.role === 'bureau' || caller.firmId === firmId;
