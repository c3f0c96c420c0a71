import type { AgreementDoc, HistoryEntry } from '@fugong/documents';
import type { AgreementStatus } from '@fugong/schemas';

/** The stored agreement and its parts live in @fugong/documents (readers outside swap use them too). */
export type { Acceptance, AgreementDoc, HistoryEntry, HistoryEvent } from '@fugong/documents';

/** The two sides of an agreement. */
export type Side = 'lender' | 'borrower';

/** The side a firm is on, if any. */
export function sideOf(agreement: Pick<AgreementDoc, 'lenderFirmId' | 'borrowerFirmId'>, firmId: string) {
  if (agreement.lenderFirmId === firmId) return 'lender' as const;
  if (agreement.borrowerFirmId === firmId) return 'borrower' as const;
  return undefined;
}

/** Statuses in which the agreement's headcount is held on both posts. */
export const HOLDING: readonly AgreementStatus[] = ['accepted', 'active'];
/** Statuses an agreement never leaves. */
export const TERMINAL: readonly AgreementStatus[] = ['completed', 'cancelled'];

/** Appends a history entry and stamps the update time. */
export function withEvent(
  doc: AgreementDoc,
  entry: Omit<HistoryEntry, 'status' | 'reason'> & { status?: AgreementStatus; reason?: string | undefined },
): AgreementDoc {
  const { reason, ...rest } = entry;
  const status = entry.status ?? doc.status;
  return {
    ...doc,
    status,
    updatedAt: entry.at,
    history: [...doc.history, { ...rest, status, ...(reason ? { reason } : {}) }],
  };
}
