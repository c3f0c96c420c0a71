import { Id } from '@fugong/schemas';
import { z } from 'zod';

export const ProposalsInput = z
  .strictObject({
    firmId: Id.optional().describe('only proposals involving this firm (an employer: its own, always)'),
    sameCityOnly: z.boolean().default(true).describe('false widens the search beyond one city'),
    maxDistanceKm: z.number().positive().max(5000).optional().describe('hard distance limit between posts'),
    minOverlapDays: z.number().int().min(1).max(366).default(1).describe('days both posts must share'),
    transferable: z
      .boolean()
      .default(true)
      .describe('false requires a shared occupation middle group (no cross-occupation low-skill lending)'),
  })
  .meta({ id: 'SwapProposalsInput' });
export type ProposalsInput = z.infer<typeof ProposalsInput>;

const Parts = z.object({
  occupation: z.number(),
  skills: z.number(),
  distance: z.number(),
  dates: z.number(),
  wage: z.number(),
});

/** One proposed loan, with why (score and parts) and a draft to turn it into an agreement. */
export const ProposalView = z.object({
  surplusId: z.string(),
  shortageId: z.string(),
  lenderFirmId: z.string(),
  borrowerFirmId: z.string(),
  headcount: z.number().int(),
  score: z.number(),
  parts: Parts.describe('weighted contributions; they add up to score'),
  detail: z.object({
    occupation: z
      .enum(['exact', 'minor', 'middle', 'transferable'])
      .describe('closest occupation level; transferable: only the same low-skill family'),
    overlapDays: z.number().int(),
    distanceKm: z.number().optional(),
    sharedSkills: z.array(z.string()),
  }),
  draft: z
    .object({
      surplusId: z.string(),
      shortageId: z.string(),
      headcount: z.number(),
      from: z.string(),
      to: z.string(),
    })
    .describe('POST it to /v1/swap/agreements with `terms` to propose the agreement'),
});

export const ProposalsResult = z
  .object({
    scope: z.object({ firmId: z.string().optional() }),
    options: z.object({
      sameCityOnly: z.boolean(),
      maxDistanceKm: z.number().optional(),
      minOverlapDays: z.number(),
      transferable: z.boolean(),
    }),
    open: z.object({
      surplusPosts: z.number().int(),
      surplusHeadcount: z.number().int().describe('remaining: headcount − committed'),
      shortagePosts: z.number().int(),
      shortageHeadcount: z.number().int(),
    }),
    matchedHeadcount: z.number().int().describe('of the whole optimal allocation (maximal)'),
    scaledQuality: z
      .number()
      .int()
      .describe('Σ headcount × round(score × 1000), maximal given the headcount'),
    shownHeadcount: z.number().int().describe('of the proposals listed (those in scope)'),
    proposals: z.array(ProposalView),
    stats: z.object({ pairs: z.number(), arcs: z.number(), rounds: z.number(), ms: z.number() }),
  })
  .meta({ id: 'SwapProposals' });
