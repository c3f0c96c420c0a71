import { z } from 'zod';
import { Id } from './common.ts';

/** bureau: administrator; employer: bound to one firm; site: a job-fair website. */
export const Role = z.enum(['bureau', 'employer', 'site']);
export type Role = z.infer<typeof Role>;

export const ApiKeyRecord = z.object({
  keyId: z.string(),
  hash: z.string(),
  role: Role,
  firmId: Id.optional(),
  siteId: z.string().optional(),
  label: z.string().optional(),
  /** Requests a minute this key may make, when not the service's RATE_LIMIT_KEYED (a site serving many). */
  rateLimit: z.number().int().positive().optional(),
  createdAt: z.string(),
  revoked: z.boolean().default(false),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

/** Who is calling, after authentication. */
export type Principal =
  | {
      role: 'bureau';
      keyId: string /** the key's label (the bureau user), where it has one */;
      label?: string;
      /** The key's own requests a minute, when set on its record. */
      rateLimit?: number;
    }
  | { role: 'employer'; keyId: string; firmId: string; rateLimit?: number }
  | { role: 'site'; keyId: string; siteId: string; rateLimit?: number }
  | { role: 'anonymous'; keyId: 'anonymous' };
