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
