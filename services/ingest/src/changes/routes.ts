import type { Api, Runtime } from '@fugong/http';
import { VacancyChangesPage } from '@fugong/schemas';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { readChanges } from './feed.ts';

const ChangesQuery = z.strictObject({
  since: z.string().max(64).optional().describe('the `next` cursor of the previous page; omit to start'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The change feed job-fair sites sync from. Register before `GET /v1/vacancies/{id}`, which would match it. */
export function registerChangeRoutes(api: Api, rt: Runtime): void {
  api.route({
    method: 'get',
    path: '/v1/vacancies/changes',
    summary: 'Vacancy creations, updates and removals (tombstones) in order, after a cursor',
    description:
      'Paging from the start (no `since`) returns every current vacancy and tombstone once: that is the ' +
      'snapshot. Keep the last `next` and poll with it; `hasMore: false` means caught up. A vacancy appears ' +
      'once, at its latest change. Show a vacancy only while its status is `open`; `delete` removes it.',
    tags: ['vacancies'],
    operationId: 'listVacancyChanges',
    auth: ['bureau', 'site'],
    query: ChangesQuery,
    responses: { 200: { description: 'one page of changes', schema: VacancyChangesPage } },
    handler: async ({ query }) => {
      const page = await readChanges(rt, decodeCursor(query.since), query.limit);
      return { changes: page.changes, next: encodeCursor(page.last), hasMore: page.hasMore };
    },
  });
}
