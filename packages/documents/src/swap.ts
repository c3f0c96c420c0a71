import type { AgreementInput, AgreementStatus } from '@fugong/schemas';
import type { OccupationRef } from './occupations.ts';
import type { PlaceDoc } from './place.ts';

/*
 * The swap service's (共享员工) documents as stored in `swap-surplus`, `swap-shortage` and `swap-agreements`.
 * Swap writes all three (through @fugong/stores' SwapPostStore and AgreementStore); the intent-worker reads an
 * agreement's parties. The types live here, not in the service, so a reader never restates them.
 */

/** Who did something, as recorded in a history: the role, the key, and the firm an employer key is bound to. */
export interface SwapActor {
  role: 'bureau' | 'employer';
  keyId: string;
  firmId?: string;
}

/** Which side of a swap a post is: idle staff to lend, or hands needed. */
export type PostKind = 'surplus' | 'shortage';

/**
 * One accepted agreement's hold on a post. `attempt` is the agreement's reservation attempt number: an
 * attempt only ever adds, keeps or removes entries of its own number, and a later attempt supersedes an
 * earlier one (see docs/swap.md, "Concurrency").
 */
export interface Reservation {
  headcount: number;
  attempt: number;
  at: string;
}

/** A stored post. `committed` is always Σ reservations[*].headcount and never exceeds `headcount`. */
export interface PostDoc {
  id: string;
  kind: PostKind;
  firmId: string;
  status: 'open' | 'closed';
  headcount: number;
  committed: number;
  reservations: Record<string, Reservation>;
  occupations: OccupationRef[];
  skills: string[];
  from: string;
  to: string;
  place: PlaceDoc;
  conditions: { transport: boolean; board: boolean; lodging: boolean; note?: string };
  wageOffered?: number;
  createdAt: string;
  updatedAt: string;
  createdBy: SwapActor;
  closed?: { at: string; by: SwapActor; reason?: string };
}

/** One party's (or the bureau's, on its behalf) acceptance. */
export interface Acceptance {
  at: string;
  by: SwapActor;
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
  by: SwapActor;
  reason?: string;
}

/**
 * Why two posts match, as the allocation scored them (swap's `PairScore`, services/swap/src/allocation):
 * the score, its weighted parts and what they were computed from.
 */
export interface AgreementMatch {
  score: number;
  parts: { occupation: number; skills: number; distance: number; dates: number; wage: number };
  detail: {
    occupation: 'exact' | 'minor' | 'middle' | 'transferable';
    overlapDays: number;
    distanceKm?: number;
    sharedSkills: string[];
  };
}

/** A stored agreement. The firm fields are what readers outside swap use (see AgreementParties). */
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
  /** As validated (defaults applied): the 2020 MOHRSS terms of employee sharing. */
  terms: AgreementInput['terms'];
  /** The pair's score when the posts are compatible (why this match), null when brokered outside the rules. */
  match: AgreementMatch | null;
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

/** The parties of an agreement: what a reader outside swap needs of it (the intent-worker's reference check). */
export type AgreementParties = Pick<AgreementDoc, 'lenderFirmId' | 'borrowerFirmId'>;
