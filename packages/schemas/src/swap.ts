import { z } from 'zod';
import { Id, IsoDate, PlaceInput } from './common.ts';

const SwapPostBase = z.strictObject({
  firmId: Id.optional().describe('required for the bureau; an employer key implies its own firm'),
  headcount: z.number().int().min(1).max(10_000),
  occupations: z.array(z.string().min(1).max(50)).min(1).max(10).describe('names or codes'),
  skills: z.array(z.string().min(1).max(50)).max(50).default([]),
  from: IsoDate,
  to: IsoDate,
  place: PlaceInput,
  conditions: z
    .strictObject({
      transport: z.boolean().default(false),
      board: z.boolean().default(false),
      lodging: z.boolean().default(false),
      note: z.string().max(500).optional(),
    })
    .default({ transport: false, board: false, lodging: false }),
});

const datesInOrder = { message: '`to` must not be before `from`', path: ['to'] };

/** Idle staff a firm can lend. */
export const SurplusInput = SwapPostBase.refine((p) => p.from <= p.to, datesInOrder).meta({
  id: 'SurplusInput',
});
export type SurplusInput = z.infer<typeof SurplusInput>;

/** Hands a firm needs. */
export const ShortageInput = SwapPostBase.extend({
  wageOffered: z.number().nonnegative().optional().describe('monthly CNY'),
})
  .refine((p) => p.from <= p.to, datesInOrder)
  .meta({ id: 'ShortageInput' });
export type ShortageInput = z.infer<typeof ShortageInput>;

export const AgreementStatus = z.enum(['proposed', 'accepted', 'active', 'completed', 'cancelled']);
export type AgreementStatus = z.infer<typeof AgreementStatus>;

/**
 * The terms the 2020 MOHRSS guidance on employee sharing asks for: the lender keeps the labour relationship
 * and pays wages and social insurance; no profit (a charge only up to actual costs); the borrower provides
 * labour protection; the workers consent.
 */
export const AgreementTerms = z
  .strictObject({
    wagesPaidBy: z.literal('lender').default('lender'),
    socialInsurancePaidBy: z.literal('lender').default('lender'),
    costReimbursementPerMonth: z.number().nonnegative().default(0).describe('actual costs only; no profit'),
    laborProtectionBy: z.literal('borrower').default('borrower'),
    workersConsented: z.number().int().min(0),
  })
  .meta({ id: 'AgreementTerms' });

export const AgreementInput = z
  .strictObject({
    surplusId: Id,
    shortageId: Id,
    headcount: z.number().int().min(1).max(10_000),
    from: IsoDate,
    to: IsoDate,
    terms: AgreementTerms,
  })
  .refine((a) => a.from <= a.to, datesInOrder)
  .refine((a) => a.terms.workersConsented >= a.headcount, {
    message: 'every lent worker must consent: workersConsented must be ≥ headcount',
    path: ['terms', 'workersConsented'],
  })
  .meta({ id: 'AgreementInput' });
export type AgreementInput = z.infer<typeof AgreementInput>;
