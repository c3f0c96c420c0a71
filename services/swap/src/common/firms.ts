import { ValidationError } from '@fugong/schemas';
import type { FirmStore } from '@fugong/stores';

/**
 * Refuses (400 naming `firmId`) a firm the bureau has not registered, by the rule ingest applies to
 * vacancies: a firm is known when its document is in the firms index. Without it a post for a typo'd or
 * invented firm would be stored and proposals would allocate staff to a firm nobody can act for.
 */
export async function assertKnownFirm(firms: FirmStore, firmId: string, path = 'firmId'): Promise<void> {
  if (!(await firms.existing([firmId])).has(firmId)) {
    const message = `unknown firm ${firmId}: the bureau registers firms first`;
    throw new ValidationError(`${path}: ${message}`, [{ path, message }]);
  }
}
