import { z } from 'zod';
import { GeoPoint, Id, IsoDate, PlaceInput } from './common.ts';

export const FirmSize = z.enum(['micro', 'small', 'medium', 'large']);

/** Key-enterprise status (重点企业): only the bureau may set it. */
export const KeyEnterprise = z
  .strictObject({
    level: z.enum(['national', 'provincial', 'municipal']),
    since: IsoDate,
    reason: z.string().min(1).max(500),
  })
  .meta({ id: 'KeyEnterprise' });

export const FirmContact = z.strictObject({
  name: z.string().min(1).max(64),
  phone: z.string().regex(/^[0-9+\- ]{5,20}$/, 'digits, spaces, + and - only'),
  email: z.email().optional(),
});

export const FirmInput = z
  .strictObject({
    name: z.string().min(1).max(200),
    creditCode: z.string().length(18).describe('统一社会信用代码 (GB 32100), check character verified'),
    industry: z.string().min(1).max(100),
    place: PlaceInput,
    size: FirmSize.optional(),
    keyEnterprise: KeyEnterprise.nullable().optional(),
    contact: FirmContact.optional().describe('private: only the bureau and the firm itself see it'),
  })
  .meta({ id: 'FirmInput' });
export type FirmInput = z.infer<typeof FirmInput>;

export const Firm = z
  .object({
    id: Id,
    name: z.string(),
    creditCode: z.string(),
    industry: z.string(),
    place: z.object({
      code: z.string().optional(),
      name: z.string().optional(),
      address: z.string().optional(),
      location: GeoPoint.optional(),
    }),
    size: FirmSize.optional(),
    keyEnterprise: KeyEnterprise.nullable().optional(),
    contact: FirmContact.optional(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Firm' });
export type Firm = z.infer<typeof Firm>;
