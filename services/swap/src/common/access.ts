import { ForbiddenError, type Principal, ValidationError } from '@fugong/schemas';

/** Who did something, as recorded in a history: the role, the key, and the firm an employer key is bound to. */
export interface Actor {
  role: 'bureau' | 'employer';
  keyId: string;
  firmId?: string;
}

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

/**
 * The firm a write is for: an employer key writes for its own firm only (a different `firmId` is a 403);
 * the bureau must name the firm.
 */
export function firmForWrite(caller: Caller, firmId: string | undefined): string {
  if (caller.role === 'employer') {
    if (firmId !== undefined && firmId !== caller.firmId)
      throw new ForbiddenError('an employer key may only post for its own firm');
    return caller.firmId;
  }
  if (!firmId)
    throw new ValidationError('firmId: required when the bureau posts for a firm', [
      { path: 'firmId', message: 'required when the bureau posts for a firm' },
    ]);
  return firmId;
}

/** True when the caller may see and change everything of this firm. */
export const actsFor = (caller: Caller, firmId: string): boolean =>
  caller.role === 'bureau' || caller.firmId === firmId;
