import { assertFirmAccess } from '@fugong/http';
import { type Principal, ValidationError } from '@fugong/schemas';

/**
 * The firm a vacancy write acts for. An employer key acts for its own firm (a firmId naming another firm is
 * 403, before anything is read or written); the bureau must say which firm.
 */
export function actingFirm(principal: Principal, firmId: string | undefined): string {
  if (principal.role === 'employer') {
    assertFirmAccess(principal, firmId ?? principal.firmId);
    return principal.firmId;
  }
  if (!firmId) {
    throw new ValidationError('firmId: required when the bureau writes a vacancy', [
      { path: 'firmId', message: 'required for a bureau key: which firm the vacancy belongs to' },
    ]);
  }
  assertFirmAccess(principal, firmId);
  return firmId;
}
