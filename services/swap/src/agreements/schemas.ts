import { AgreementStatus, AgreementTerms, Id, Page } from '@fugong/schemas';
import { z } from 'zod';
import type { AgreementDoc } from './document.ts';

const ActorView = z.object({ role: z.string(), keyId: z.string(), firmId: z.string().optional() });
const AcceptanceView = z.object({ at: z.string(), by: ActorView, brokered: z.boolean() });

/**
 * An agreement as answered to the bureau and the two firms (nobody else sees it). Internal bookkeeping of
 * reservation attempts stays out: the response schema lists every field that may leave.
 */
export const AgreementView = z
  .object({
    id: z.string(),
    surplusId: z.string(),
    shortageId: z.string(),
    lenderFirmId: z.string(),
    borrowerFirmId: z.string(),
    headcount: z.number().int(),
    from: z.string(),
    to: z.string(),
    status: AgreementStatus,
    terms: AgreementTerms,
    match: z
      .object({
        score: z.number(),
        parts: z.record(z.string(), z.number()),
        detail: z.object({
          occupation: z.string(),
          overlapDays: z.number(),
          distanceKm: z.number().optional(),
          sharedSkills: z.array(z.string()),
        }),
      })
      .nullable(),
    districtCode: z.string().optional(),
    acceptances: z.object({ lender: AcceptanceView.optional(), borrower: AcceptanceView.optional() }),
    reserved: z.boolean().describe('true while both posts hold this headcount (accepted, active)'),
    intention: z.object({ key: z.string(), queued: z.boolean() }).optional(),
    history: z.array(
      z.object({
        status: AgreementStatus,
        event: z.string(),
        at: z.string(),
        by: ActorView,
        reason: z.string().optional(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SwapAgreement' });

/** The answer for a document the caller may see. */
export function viewAgreement(a: AgreementDoc): z.infer<typeof AgreementView> {
  return AgreementView.parse({ ...a, reserved: a.status === 'accepted' || a.status === 'active' });
}

export const AgreementParams = z.strictObject({ id: Id });

export const AgreementListQuery = Page.extend({
  firmId: Id.optional().describe('agreements this firm lends to or borrows from'),
  status: AgreementStatus.optional(),
}).strict();

export const AgreementList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(AgreementView),
  })
  .meta({ id: 'SwapAgreementList' });

export const AcceptBody = z
  .strictObject({
    onBehalfOf: z
      .enum(['lender', 'borrower', 'both'])
      .optional()
      .describe('the bureau brokers: which side(s) it accepts for (recorded as brokered)'),
    note: z.string().min(1).max(500).optional(),
  })
  .meta({ id: 'SwapAcceptInput' });

export const ReasonBody = z.strictObject({ reason: z.string().min(1).max(500).optional() });
export const CancelBody = z.strictObject({ reason: z.string().min(1).max(500) });
