import { firmDocument } from '@fugong/documents';
import type { Api } from '@fugong/http';
import { Firm, FirmInput, Id, NotFoundError, ValidationError } from '@fugong/schemas';
import { FirmStore, type StoreContext } from '@fugong/stores';
import { isValidCreditCode, resolvePlace } from '@fugong/text';
import { z } from 'zod';
import type { FirmCache } from '../vacancies/firms.ts';

const FirmParams = z.strictObject({ id: Id });

/** Firms: created and updated by the bureau; a firm's own employer key may read it (with its contact). */
export function registerFirmRoutes(api: Api, rt: StoreContext, firms?: FirmCache): void {
  const store = new FirmStore(rt);
  api.route({
    method: 'put',
    path: '/v1/firms/{id}',
    summary: 'Create or replace a firm (bureau only)',
    tags: ['firms'],
    operationId: 'putFirm',
    auth: ['bureau'],
    params: FirmParams,
    body: FirmInput,
    responses: {
      200: {
        description: 'stored',
        schema: z.object({ id: z.string(), result: z.enum(['created', 'updated', 'unchanged']) }),
      },
    },
    handler: async ({ params, body }) => {
      if (!isValidCreditCode(body.creditCode)) {
        throw new ValidationError('creditCode: not a valid unified social credit code', [
          {
            path: 'creditCode',
            message: 'not a valid 18-character unified social credit code (GB 32100 check character failed)',
          },
        ]);
      }
      const place = body.place.district ? resolvePlace(body.place.district) : undefined;
      if (body.place.district && !place) {
        throw new ValidationError(`place.district: unknown place ${body.place.district}`, [
          { path: 'place.district', message: `unknown district or city: ${body.place.district}` },
        ]);
      }
      const doc = firmDocument(params.id, body, place, new Date());
      const result = await store.put(params.id, doc);
      // Vacancy writes cache firms (name, key-enterprise flag): drop the stale entry, including a cached "unknown".
      firms?.invalidate(params.id);
      return { id: params.id, result };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/firms/{id}',
    summary: 'Read a firm; the contact is shown to the bureau and to the firm itself only',
    tags: ['firms'],
    operationId: 'getFirm',
    auth: ['bureau', 'employer', 'site'],
    params: FirmParams,
    responses: { 200: { description: 'the firm', schema: Firm } },
    handler: async ({ params, principal }) => {
      const stored = await store.get(params.id);
      if (!stored) throw new NotFoundError('firm');
      const { nameSeg: _n, isKeyEnterprise: _k, contact, ...firm } = stored;
      const mayReadContact =
        principal.role === 'bureau' || (principal.role === 'employer' && principal.firmId === params.id);
      return Firm.parse({ ...firm, ...(mayReadContact && contact ? { contact } : {}) });
    },
  });
}
