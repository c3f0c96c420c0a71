import { fairDocument } from '@fugong/documents';
import type { Api } from '@fugong/http';
import { Fair, FairInput, Id, NotFoundError, Page, ValidationError, pageOffset } from '@fugong/schemas';
import { createStores, type FirmStore, type StoreContext } from '@fugong/stores';
import { z } from 'zod';

const FairParams = z.strictObject({ id: Id });
const FairList = z.object({
  fairs: z.array(Fair),
  total: z.number().int(),
  page: z.number(),
  size: z.number(),
});

/** Fairs (专场招聘会): run by the bureau, read by anyone; vacancies join one through their `fairIds`. */
export function registerFairRoutes(api: Api, rt: StoreContext): void {
  const { fairs, firms, vacancies } = createStores(rt);
  api.route({
    method: 'put',
    path: '/v1/fairs/{id}',
    summary: 'Create or replace a fair (bureau only); every participating firm must be registered',
    tags: ['fairs'],
    operationId: 'putFair',
    auth: ['bureau'],
    params: FairParams,
    body: FairInput,
    responses: {
      200: {
        description: 'stored',
        schema: z.object({ id: z.string(), result: z.enum(['created', 'updated']) }),
      },
    },
    handler: async ({ params, body }) => {
      await assertFirmsExist(firms, body.firmIds);
      const result = await fairs.put(params.id, fairDocument(params.id, body, new Date()));
      return { id: params.id, result };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/fairs/{id}',
    summary: 'Read a fair with live counts of its vacancies and open positions',
    tags: ['fairs'],
    operationId: 'getFair',
    auth: 'public',
    params: FairParams,
    responses: { 200: { description: 'the fair', schema: Fair } },
    handler: async ({ params }) => {
      const fair = await fairs.get(params.id);
      if (!fair) throw new NotFoundError('fair');
      const counts = await vacancies.liveCountsByFair([params.id], new Date());
      return Fair.parse({ ...fair, ...(counts.get(params.id) ?? { vacancies: 0, positions: 0 }) });
    },
  });

  api.route({
    method: 'get',
    path: '/v1/fairs',
    summary: 'List fairs, latest first, with live vacancy counts',
    tags: ['fairs'],
    operationId: 'listFairs',
    auth: 'public',
    query: Page.strict(),
    responses: { 200: { description: 'a page of fairs', schema: FairList } },
    handler: async ({ query }) => {
      const page = await fairs.latest(pageOffset(query.page, query.size), query.size);
      const counts = await vacancies.liveCountsByFair(
        page.docs.map((f) => f.id),
        new Date(),
      );
      return {
        fairs: page.docs.map((f) =>
          Fair.parse({ ...f, ...(counts.get(f.id) ?? { vacancies: 0, positions: 0 }) }),
        ),
        total: page.total,
        page: query.page,
        size: query.size,
      };
    },
  });
}

/** Every participating firm must be registered: 400 naming `firmIds.N` otherwise. */
async function assertFirmsExist(firms: FirmStore, firmIds: string[]): Promise<void> {
  if (firmIds.length === 0) return;
  const known = await firms.existing(firmIds);
  const issues = firmIds.flatMap((id, n) =>
    known.has(id)
      ? []
      : [{ path: `firmIds.${n}`, message: `unknown firm "${id}": register it first (PUT /v1/firms/{id})` }],
  );
  if (issues.length > 0) throw new ValidationError(`${issues[0]!.path}: ${issues[0]!.message}`, issues);
}
