import { z } from 'zod';
import { Id } from './common.ts';

/**
 * What one side said: a seeker applied, a firm shortlisted or offered, a worker accepted, or both firms
 * accepted a staff swap.
 */
export const IntentionKind = z.enum(['application', 'shortlist', 'offer', 'acceptance', 'swap']);
export type IntentionKind = z.infer<typeof IntentionKind>;

/**
 * The step a kind of intention needs recorded (or queued) on its worker–vacancy pair first. Only an acceptance
 * needs one, the offer: a worker cannot accept what was never offered. A firm may shortlist or offer to a
 * seeker who never applied (from its candidate ranking), and an application needs nothing.
 */
export const INTENTION_PREREQUISITE: Partial<Record<IntentionKind, IntentionKind>> = { acceptance: 'offer' };

export const IntentionInput = z
  .strictObject({
    kind: IntentionKind.exclude(['swap']),
    vacancyId: z.string().min(1).max(300),
    workerId: Id,
    consent: z
      .strictObject({ given: z.literal(true), at: z.iso.datetime({ offset: true }) })
      .optional()
      .describe('required when a site submits an application for a seeker'),
  })
  .meta({ id: 'IntentionInput' });
export type IntentionInput = z.infer<typeof IntentionInput>;

/** The queue job: everything the intent worker needs to record the intention without asking anyone. */
export const IntentionJob = z
  .strictObject({
    key: z.string().min(1).max(300),
    kind: IntentionKind,
    vacancyId: z.string().optional(),
    workerId: z.string().optional(),
    agreementId: z.string().optional(),
    firmId: z.string(),
    counterpartFirmId: z.string().optional(),
    headcount: z.number().int().min(1).default(1),
    fairIds: z.array(z.string()).default([]),
    districtCode: z.string().optional(),
    priorityGroups: z.array(z.string()).default([]),
    keyEnterprise: z.boolean().default(false),
    actor: z.strictObject({ role: z.string(), keyId: z.string() }),
    at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'IntentionJob' });
export type IntentionJob = z.infer<typeof IntentionJob>;
