import { type Api, actingFirm } from '@fugong/http';
import { Id, Page, Vacancy } from '@fugong/schemas';
import { isLiveVacancy, type Stores } from '@fugong/stores';
import { z } from 'zod';
import { type LiveDoc, publicVacancy } from './stored.ts';

const OwnVacancyQuery = Page.extend({
  firmId: Id.optional().describe(
    'the bureau: one firm (omit for every firm); an employer: its own firm only (another is a 403)',
  ),
  status: z
    .enum(['open', 'closed', 'filled', 'expired', 'all'])
    .default('all')
    .describe(
      '`open`: live (open and not past its end); `expired`: marked expired or open but past its end; ' +
        '`closed`, `filled`; `all` (default): every one but deleted',
    ),
}).strict();

const OwnVacancyList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(Vacancy),
  })
  .meta({ id: 'VacancyList' });

/**
 * GET /v1/vacancies: "my vacancies". The matcher's search shows live vacancies only and has no firm filter
 * (it is the seekers' view); a firm managing its postings needs its closed, filled and expired ones too.
 */
export function registerVacancyListRoutes(api: Api, stores: Pick<Stores, 'vacancies'>): void {
  api.route({
    method: 'get',
    path: '/v1/vacancies',
    summary: 'A firm’s own vacancies, open and closed, newest first (its employer key, or the bureau)',
    description:
      'An employer sees its own firm’s vacancies whatever their status; the bureau any firm’s (optionally ' +
      'one). A vacancy still marked open but past its end reads `expired` (the live rule; the expiry sweep ' +
      'marks it so soon). Deleted ones never appear. Newest first by creation.',
    tags: ['vacancies'],
    operationId: 'listVacancies',
    auth: ['bureau', 'employer'],
    query: OwnVacancyQuery,
    responses: {
      200: { description: 'one page', schema: OwnVacancyList },
      403: { description: 'a site key, or an employer naming another firm in `firmId`' },
    },
    handler: async ({ query, principal }) => {
      const firmId = actingFirm(principal, query.firmId, { required: false });
      const now = new Date();
      const res = await stores.vacancies.ofFirm(
        { ...(firmId ? { firmId } : {}), status: query.status },
        query.page,
        query.size,
        now,
      );
      return OwnVacancyList.parse({
        total: res.total,
        page: query.page,
        size: query.size,
        items: res.docs.map((doc) => {
          const shown = publicVacancy(doc as LiveDoc);
          return doc.status === 'open' && !isLiveVacancy(doc, now)
            ? { ...shown, status: 'expired' as const, openPositions: 0 }
            : shown;
        }),
      });
    },
  });
}
