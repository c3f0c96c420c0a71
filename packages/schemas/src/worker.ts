import { z } from 'zod';
import { Education, Id, IsoDate, PlaceInput, PriorityGroup, ResolvedPlace } from './common.ts';
import { WageUnit, checkWageBound } from './vacancy.ts';

/** Private fields: stored apart from the searchable profile, never returned by any search. */
export const WorkerPrivate = z
  .strictObject({
    name: z.string().min(1).max(64),
    phone: z
      .string()
      .regex(/^1[3-9][0-9]{9}$/, 'an 11-digit mainland mobile number')
      .optional(),
    idNumber: z.string().length(18).optional().describe('18-digit resident ID; check digit verified'),
  })
  .meta({ id: 'WorkerPrivate' });
export type WorkerPrivate = z.infer<typeof WorkerPrivate>;

export const Consent = z.strictObject({
  given: z.literal(true, { error: 'the seeker must consent before a profile is stored' }),
  at: IsoDate,
  via: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'where consent was collected. Set by the server for a site key (its own site id; naming another site is ' +
        '403); the bureau may name any site (moving the worker to it), default `bureau`',
    ),
});

export const WorkerStatus = z.enum(['seeking', 'employed', 'inactive']);

export const WorkerInput = z
  .strictObject({
    occupations: z.array(z.string().min(1).max(50)).max(10).default([]).describe('names or codes'),
    skills: z.array(z.string().min(1).max(50)).max(50).default([]),
    certificates: z.array(z.string().min(1).max(100)).max(20).default([]),
    experienceYears: z.number().min(0).max(60).default(0),
    education: Education.optional(),
    summary: z.string().max(20_000).optional(),
    currentPlace: PlaceInput,
    willingPlaces: z.array(PlaceInput).max(10).default([]),
    maxCommuteKm: z.number().positive().max(5000).default(30),
    expectedWage: z
      .strictObject({ min: z.number().nonnegative(), unit: WageUnit.default('month') })
      .superRefine((w, ctx) => checkWageBound(w.min, w.unit, 'min', ctx))
      .optional()
      .describe('the same per-unit bounds as a vacancy wage'),
    availableFrom: IsoDate.optional(),
    priorityGroups: z.array(PriorityGroup).max(3).default([]),
    status: WorkerStatus.default('seeking'),
    consent: Consent,
    private: WorkerPrivate,
  })
  .meta({ id: 'WorkerInput' });
export type WorkerInput = z.infer<typeof WorkerInput>;

/** The searchable, private-data-free profile. */
export const WorkerProfile = z
  .object({
    id: Id,
    maskedName: z.string(),
    occupations: z.array(z.object({ code: z.string(), name: z.string() })),
    skills: z.array(z.string()),
    certificates: z.array(z.string()),
    experienceYears: z.number(),
    education: Education.optional(),
    currentPlace: ResolvedPlace,
    willingPlaces: z.array(ResolvedPlace),
    maxCommuteKm: z.number(),
    expectedMonthlyWage: z.number().nullable(),
    availableFrom: z.string().optional(),
    priorityGroups: z.array(PriorityGroup),
    status: WorkerStatus,
    updatedAt: z.string(),
  })
  .meta({ id: 'WorkerProfile' });
export type WorkerProfile = z.infer<typeof WorkerProfile>;

/** What the bureau sees of a worker: the public profile plus the private fields and the consent record. */
export const WorkerBureauView = z
  .object({
    profile: WorkerProfile,
    private: WorkerPrivate,
    consent: z.object({ given: z.boolean(), at: z.string(), via: z.string() }),
  })
  .meta({ id: 'WorkerBureauView' });
export type WorkerBureauView = z.infer<typeof WorkerBureauView>;
