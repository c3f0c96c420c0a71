import { PriorityGroup, ResolvedPlace } from '@fugong/schemas';
import { z } from 'zod';

export const ExplanationSchema = z
  .object({
    occupation: z.number(),
    skills: z.number(),
    distance: z.number(),
    wage: z.number(),
    availability: z.number(),
    experience: z.number(),
    priority: z.number().describe('the bounded boost: never above `boost.cap`'),
    total: z.number().describe('the sum of the factors: the score'),
    unmet: z
      .array(
        z.object({
          requirement: z.enum(['experienceYears']),
          required: z.number(),
          actual: z.number().describe("the worker's own"),
        }),
      )
      .optional()
      .describe(
        "the vacancy's requirements this worker falls short of: their factor scores less, and the priority " +
          "group's boost does not apply (it prefers among those who meet the requirements)",
      ),
  })
  .meta({ id: 'RankingExplanation' });

export const BoostSchema = z
  .object({ priorityGroup: z.number(), keyEnterprise: z.number(), cap: z.number() })
  .describe('the configured boosts and their cap');

const place = ResolvedPlace.pick({ code: true, name: true });

/** A worker as a firm may see it: masked name, no phone or ID number unless an intention links them. */
export const CandidateHit = z
  .object({
    workerId: z.string(),
    maskedName: z.string(),
    occupations: z.array(z.object({ code: z.string(), name: z.string() })),
    skills: z.array(z.string()),
    certificates: z.array(z.string()),
    experienceYears: z.number(),
    currentPlace: place,
    distanceKm: z.number().optional(),
    expectedMonthlyWage: z.number().nullable(),
    availableFrom: z.string().optional(),
    priorityGroups: z.array(PriorityGroup),
    score: z.number(),
    engineScore: z.number().describe("the engine's own score, equal to `score` to float precision"),
    explanation: ExplanationSchema,
    contact: z
      .object({ name: z.string(), phone: z.string().optional() })
      .optional()
      .describe('only when an intention already links this firm and this worker'),
  })
  .meta({ id: 'CandidateHit' });

export const CandidatesResponse = z
  .object({
    vacancyId: z.string(),
    total: z
      .number()
      .int()
      .describe('workers passing the hard filters: exact when totalExact, else at least this many (10,000)'),
    totalExact: z.boolean().describe('false when there are at least 10,000 and they were not all counted'),
    boost: BoostSchema,
    hits: z.array(CandidateHit),
  })
  .meta({ id: 'CandidatesResponse' });

export const RecommendationHit = z
  .object({
    vacancyId: z.string(),
    title: z.string(),
    firmId: z.string(),
    firmName: z.string().optional(),
    keyEnterprise: z.boolean(),
    workPlace: place,
    distanceKm: z.number().optional(),
    monthlyMax: z.number().nullable(),
    openPositions: z.number(),
    score: z.number(),
    engineScore: z.number(),
    explanation: ExplanationSchema,
  })
  .meta({ id: 'RecommendationHit' });

export const RecommendationsResponse = z
  .object({
    workerId: z.string(),
    total: z.number().int(),
    boost: BoostSchema,
    hits: z.array(RecommendationHit),
  })
  .meta({ id: 'RecommendationsResponse' });

export const RankingQuery = z.strictObject({
  size: z.coerce.number().int().min(1).max(100).default(20),
  page: z.coerce.number().int().min(1).max(50).default(1),
});
