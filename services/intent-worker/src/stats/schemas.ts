import { IsoDate } from '@fugong/schemas';
import { z } from 'zod';

export const GroupBy = z.enum(['fair', 'firm', 'district', 'day', 'kind', 'priorityGroup']);
export type GroupBy = z.infer<typeof GroupBy>;

export const StatsQuery = z
  .strictObject({
    groupBy: GroupBy.default('fair'),
    from: IsoDate.optional().describe('inclusive; a date is the start of that day (Asia/Shanghai)'),
    to: IsoDate.optional().describe('inclusive; a date is the end of that day (Asia/Shanghai)'),
    fairId: z.string().min(1).max(128).optional(),
    firmId: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe("an employer key sees only its own firm's figures"),
    size: z.coerce.number().int().min(1).max(1000).default(100).describe('most groups returned'),
  })
  .refine((q) => !q.from || !q.to || q.from.slice(0, 10) <= q.to.slice(0, 10), {
    message: '`to` must not be before `from`',
    path: ['to'],
  });
export type StatsQuery = z.infer<typeof StatsQuery>;

/**
 * The figures of one group. A pair is one worker–vacancy pair (or one swap agreement): `oneSided` pairs are
 * interest from one side only, `twoSided` pairs are 初步达成就业意向 (the worker side and the firm side have
 * both spoken), `accepted` pairs reached the last status. `records` counts intention records (what was said).
 */
export const Figures = z.object({
  records: z.number().int(),
  pairs: z.number().int(),
  oneSided: z.number().int(),
  twoSided: z.number().int(),
  accepted: z.number().int(),
  headcount: z.number().int().describe('people in all pairs (a swap counts its agreed headcount)'),
  twoSidedHeadcount: z.number().int().describe('people in two-sided pairs'),
});
export type Figures = z.infer<typeof Figures>;

export const StatsResponse = z
  .object({
    groupBy: GroupBy,
    filters: z.object({
      from: z.string().optional(),
      to: z.string().optional(),
      fairId: z.string().optional(),
      firmId: z.string().optional(),
    }),
    totals: Figures,
    groups: z.array(Figures.extend({ key: z.string() })),
  })
  .meta({ id: 'IntentionStats' });
export type StatsResponse = z.infer<typeof StatsResponse>;

export const FairDashboard = z
  .object({
    fairId: z.string(),
    name: z.string().optional(),
    firms: z.number().int().describe('firms taking part: listed on the fair or with a vacancy in it'),
    vacancies: z.number().int(),
    positionsOffered: z.number().int().describe("sum of the open positions of the fair's vacancies"),
    interest: z.number().int().describe('pairs with any intention (one- or two-sided)'),
    oneSided: z.number().int(),
    preliminaryIntentions: z.number().int().describe('初步达成就业意向: two-sided pairs'),
    accepted: z.number().int(),
    keyEnterprisePlacements: z
      .number()
      .int()
      .describe('people in two-sided pairs at key enterprises (重点企业): a swap counts its headcount'),
    keyEnterprisesWithPlacements: z.number().int(),
  })
  .meta({ id: 'FairDashboard' });
export type FairDashboard = z.infer<typeof FairDashboard>;
