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

/** Fields every intention job carries, whatever its kind. */
const jobCommon = {
  key: z.string().min(1).max(300),
  firmId: z.string(),
  headcount: z.number().int().min(1).default(1),
  fairIds: z.array(z.string()).default([]),
  districtCode: z.string().optional(),
  priorityGroups: z.array(z.string()).default([]),
  keyEnterprise: z.boolean().default(false),
  actor: z.strictObject({ role: z.string(), keyId: z.string() }),
  at: z.iso.datetime({ offset: true }),
};

/** A worker–vacancy intention names its pair by vacancy and worker, and never an agreement. */
const vacancyJob = <K extends Exclude<IntentionKind, 'swap'>>(kind: K) =>
  z.strictObject({
    ...jobCommon,
    kind: z.literal(kind),
    vacancyId: z.string().min(1),
    workerId: z.string().min(1),
    agreementId: z.never().optional(),
    counterpartFirmId: z.never().optional(),
  });

/** A swap names its agreement and both firms (the lender as firm, the borrower as counterpart). */
const swapJob = z.strictObject({
  ...jobCommon,
  kind: z.literal('swap'),
  agreementId: z.string().min(1),
  counterpartFirmId: z.string().min(1),
  vacancyId: z.never().optional(),
  workerId: z.never().optional(),
});

/**
 * The queue job: everything the intent worker needs to record the intention without asking anyone. One shape
 * per kind, so a job that lacks what its kind needs to name its pair fails the parse (and is dead-lettered
 * `invalid_payload` by the worker). Build jobs with `intentionJob` in @fugong/queue, which computes the key.
 */
export const IntentionJob = z
  .discriminatedUnion('kind', [
    vacancyJob('application'),
    vacancyJob('shortlist'),
    vacancyJob('offer'),
    vacancyJob('acceptance'),
    swapJob,
  ])
  .meta({ id: 'IntentionJob' });
export type IntentionJob = z.infer<typeof IntentionJob>;
/** What a producer gives: the job before its defaults are filled in. */
export type IntentionJobInput = z.input<typeof IntentionJob>;
