import type { AgreementStatus, AgreementTerms } from '@fugong/schemas';
import type { z } from 'zod';
import type { PairParts, PairScore } from '../allocation/index.ts';
import type { Actor } from '../common/access.ts';

/** One party's (or the bureau's, on its behalf) acceptance. */
export interface Acceptance {
  at: string;
  by: Actor;
  /** True when the bureau accepted on the firm's behalf. */
  brokered: boolean;
}

/** What happened: status changes and the acceptances that lead to one. */
export type HistoryEvent =
  | 'created'
  | 'accepted_by_lender'
  | 'accepted_by_borrower'
  | 'reservation_failed'
  | 'accepted'
  | 'activated'
  | 'completed'
  | 'cancelled';

export interface HistoryEntry {
  status: AgreementStatus;
  event: HistoryEvent;
  at: string;
  by: Actor;
  reason?: string;
}

/** A stored agreement. `firmId`-like fields are named as the intent worker's reference check reads them. */
export interface AgreementDoc {
  id: string;
  surplusId: string;
  shortageId: string;
  lenderFirmId: string;
  borrowerFirmId: string;
  headcount: number;
  from: string;
  to: string;
  status: AgreementStatus;
  terms: z.output<typeof AgreementTerms>;
  /** The pair's score when the posts are compatible (why this match), null when brokered outside the rules. */
  match: { score: number; parts: PairParts; detail: PairScore['detail'] } | null;
  /** Where the workers go: the shortage post's district (for intention statistics). */
  districtCode?: string;
  acceptances: { lender?: Acceptance; borrower?: Acceptance };
  /** The last reservation attempt number handed out; attempts only grow. */
  attempts: number;
  /** An accept in progress holds this lease while it reserves headcount on the posts. */
  reserving?: { attempt: number; at: string };
  /** The attempt whose entries hold both posts' headcount (accepted and active agreements). */
  reservation?: { attempt: number; at: string };
  intention?: { key: string; queued: boolean };
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

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
