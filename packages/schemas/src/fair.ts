import { z } from 'zod';
import { Id, IsoDate } from './common.ts';

export const FairInput = z
  .strictObject({
    name: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    startDate: IsoDate,
    endDate: IsoDate,
    online: z.boolean().default(true),
    firmIds: z.array(Id).max(5000).default([]),
  })
  .refine((f) => f.startDate <= f.endDate, {
    message: 'endDate must not be before startDate',
    path: ['endDate'],
  })
  .meta({ id: 'FairInput' });
export type FairInput = z.infer<typeof FairInput>;

/** A fair as stored and returned, with live counts of the vacancies that joined it. */
export const Fair = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string().optional(),
    startDate: z.string(),
    endDate: z.string(),
    online: z.boolean(),
    firmIds: z.array(z.string()),
    updatedAt: z.string(),
    vacancies: z.number().int().optional().describe('live (open, unexpired) vacancies in the fair'),
    positions: z.number().int().optional().describe('open positions across those vacancies'),
  })
  .meta({ id: 'Fair' });
export type Fair = z.infer<typeof Fair>;
