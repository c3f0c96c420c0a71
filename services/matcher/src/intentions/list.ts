import { type Api, actingFirm } from '@fugong/http';
import { Id, IntentionKind, Page, type Principal, ValidationError } from '@fugong/schemas';
import { isLiveVacancy, type PairListFilter, type Stores } from '@fugong/stores';
import { z } from 'zod';
import { assertSiteConsent, getWorker } from '../common/docs.ts';

/*
 * GET /v1/intentions: the worker–vacancy pairs the intent-worker folds every intention into, as a list — a
 * seeker's "my applications" (through its site), an employer's "applications for my vacancy", the bureau's
 * view of everything. Read from `intention-pairs`, so a pair shows about a second after its intention was
 * recorded (the queue, then the engine's refresh).
 *
 * The status is the pair's furthest step, as the intent-worker stores it: applied < shortlisted < offered <
 * accepted, never moving back. A shortlist after an application therefore reads `shortlisted` (the seeker's
 * application was seen and taken further); `kinds` keeps every kind said, `steps` when each status was first
 * reached, and `twoSided` says whether both sides spoke (初步达成就业意向). A firm may shortlist a seeker who
 * never applied (from its candidate ranking): that pair reads `shortlisted` with no `application` in `kinds`
 * and is one-sided.
 */

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const PairStatus = z.enum(['applied', 'shortlisted', 'offered', 'accepted']);

const IntentionListQuery = Page.extend({
  workerId: Id.optional().describe('one seeker’s pairs; required for a site key'),
  vacancyId: z.string().min(1).max(300).optional().describe('one vacancy’s pairs (`{firmId}:{externalRef}`)'),
  firmId: Id.optional().describe(
    'one firm’s pairs; an employer key sees its own firm only (naming another is a 403)',
  ),
  kind: IntentionKind.exclude(['swap'])
    .optional()
    .describe('pairs on which this kind was said (e.g. `application`: the seeker applied)'),
  status: PairStatus.optional().describe('pairs whose furthest step is this'),
  twoSided: flag.optional().describe('true: both sides spoke (初步达成就业意向); false: one side only'),
}).strict();

const IntentionPairView = z
  .object({
    pairId: z
      .string()
      .describe('the pair’s id (stable: the same worker and vacancy always give the same id)'),
    workerId: z.string(),
    vacancyId: z.string(),
    firmId: z.string(),
    fairIds: z.array(z.string()),
    kinds: z.array(IntentionKind).describe('every kind of intention said about this pair'),
    status: PairStatus.describe(
      'the furthest step: applied < shortlisted < offered < accepted (a shortlist after an application reads shortlisted)',
    ),
    steps: z
      .object({
        applied: z.string().optional(),
        shortlisted: z.string().optional(),
        offered: z.string().optional(),
        accepted: z.string().optional(),
      })
      .describe('when each status was first reached'),
    twoSided: z.boolean().describe('both the seeker and the firm have spoken: 初步达成就业意向'),
    twoSidedAt: z.string().optional(),
    firstAt: z.string().describe('the first intention said about the pair'),
    lastAt: z.string().describe('the latest intention said about the pair (the list’s order)'),
    vacancy: z
      .object({
        title: z.string(),
        firmName: z.string().optional(),
        status: z.enum(['open', 'closed', 'filled', 'expired']),
        live: z.boolean().describe('open and not past its end: it still takes intentions'),
      })
      .optional()
      .describe('absent when the vacancy was deleted since'),
    worker: z
      .object({ maskedName: z.string().describe('masked (张*): never the full name, phone or ID number') })
      .optional()
      .describe('absent when the profile was deleted since'),
  })
  .meta({ id: 'IntentionPair' });

const IntentionPairList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(IntentionPairView),
  })
  .meta({ id: 'IntentionPairList' });

type ListQuery = z.output<typeof IntentionListQuery>;

/**
 * The filter a caller's role allows: the bureau anything; an employer its own firm (another firm in `firmId`
 * is a 403, not an empty list); a site one seeker who consented through it (`workerId` required; another
 * site's seeker is a 403, an unknown one a 404, as for recommendations).
 */
async function scopedFilter(
  stores: Pick<Stores, 'workers'>,
  principal: Principal,
  query: ListQuery,
): Promise<PairListFilter> {
  const { page: _p, size: _s, firmId: requested, ...rest } = query;
  if (principal.role === 'site') {
    if (!query.workerId) {
      const message = 'required for a site key: a site lists one seeker’s intentions at a time';
      throw new ValidationError(`workerId: ${message}`, [{ path: 'query.workerId', message }]);
    }
    const worker = await getWorker(stores, query.workerId);
    await assertSiteConsent(stores, principal, worker.id);
    return { ...rest, ...(requested ? { firmId: requested } : {}) };
  }
  const firmId = actingFirm(principal, requested, { required: false });
  return { ...rest, ...(firmId ? { firmId } : {}) };
}

/** GET /v1/intentions. */
export function registerIntentionListRoutes(api: Api, stores: Stores): void {
  api.route({
    method: 'get',
    path: '/v1/intentions',
    summary: 'Worker–vacancy pairs with their furthest step, latest activity first',
    description:
      'A seeker’s applications (a site, for a seeker who consented through it: `workerId` required), the ' +
      'applications to a firm’s vacancies (its employer key: its own firm only) or everything (the bureau). ' +
      'Pairs are written by the intent worker: one shows about a second after POST /v1/intentions answered. ' +
      'No names, phones or ID numbers: a masked name only.',
    tags: ['intentions'],
    operationId: 'listIntentions',
    auth: ['bureau', 'employer', 'site'],
    query: IntentionListQuery,
    responses: {
      200: { description: 'one page', schema: IntentionPairList },
      403: {
        description:
          'an employer naming another firm, or a site asking for a seeker who did not consent through it',
      },
      404: { description: 'a site named a worker with no profile' },
    },
    handler: async ({ query, principal }) => {
      const filter = await scopedFilter(stores, principal, query);
      const page = await stores.intentionPairs.list(filter, query.page, query.size);
      const [vacancies, names] = await Promise.all([
        stores.vacancies.summaries(page.docs.map((p) => p.vacancyId)),
        stores.workers.maskedNames(page.docs.map((p) => p.workerId)),
      ]);
      const now = new Date();
      return IntentionPairList.parse({
        total: page.total,
        page: query.page,
        size: query.size,
        items: page.docs.map((p) => {
          const v = vacancies.get(p.vacancyId);
          const live = v ? isLiveVacancy(v, now) : false;
          const maskedName = names.get(p.workerId);
          return {
            pairId: p.pairKey,
            workerId: p.workerId,
            vacancyId: p.vacancyId,
            firmId: p.firmId,
            fairIds: p.fairIds ?? [],
            kinds: p.kinds ?? [],
            status: p.status,
            steps: p.steps ?? {},
            twoSided: p.twoSided,
            ...(p.twoSidedAt ? { twoSidedAt: p.twoSidedAt } : {}),
            firstAt: p.firstAt,
            lastAt: p.updatedAt,
            ...(v
              ? {
                  vacancy: {
                    title: v.title,
                    ...(v.firmName ? { firmName: v.firmName } : {}),
                    status: v.status === 'open' && !live ? 'expired' : v.status,
                    live,
                  },
                }
              : {}),
            ...(maskedName ? { worker: { maskedName } } : {}),
          };
        }),
      });
    },
  });
}
