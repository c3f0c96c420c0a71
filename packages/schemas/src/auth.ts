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
    }
  | { role: 'employer'; keyId: string; firmId: string }
  | { role: 'site'; keyId: string; siteId: string }
  | { role: 'anonymous'; keyId: 'anonymous' };
