import { firmDocument } from '@fugong/documents';
import type { Api, Runtime } from '@fugong/http';
import { assertFirmAccess } from '@fugong/http';
import { Firm, FirmInput, ForbiddenError, Id, NotFoundError, ValidationError } from '@fugong/schemas';
import { engineCall } from '@fugong/search';
import { isValidCreditCode, resolvePlace } from '@fugong/text';
import { z } from 'zod';
import type { FirmCache } from '../vacancies/firms.ts';

const FirmParams = z.strictObject({ id: Id });

/** Firms: created and updated by the bureau; a firm's own employer key may read it (with its contact). */
export function registerFirmRoutes(api: Api, rt: Runtime, firms?: FirmCache): void {
  api.route({
    method: 'put',
    path: '/v1/firms/{id}',
    summary: 'Create or replace a firm (bureau only)',
    tags: ['firms'],
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
      const res = await engineCall(() =>
        rt.es.index({ index: rt.names.firms, id: params.id, document: doc, refresh: 'wait_for' }),
      );
      // Vacancy writes cache firms (name, key-enterprise flag): drop the stale entry, including a cached "unknown".
      firms?.invalidate(params.id);
      return { id: params.id, result: res.result === 'created' ? 'created' : 'updated' };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/firms/{id}',
    summary: 'Read a firm; the contact is shown to the bureau and to the firm itself only',
    tags: ['firms'],
    auth: ['bureau', 'employer', 'site'],
    params: FirmParams,
    responses: { 200: { description: 'the firm', schema: Firm } },
    handler: async ({ params, principal }) => {
      const res = await engineCall(
        () => rt.es.get<Record<string, unknown>>({ index: rt.names.firms, id: params.id }),
        'firm',
      );
      if (!res._source) throw new NotFoundError('firm');
      const { nameSeg: _n, isKeyEnterprise: _k, contact, ...firm } = res._source;
      let mayReadContact = principal.role === 'bureau';
      try {
        if (principal.role === 'employer') {
          assertFirmAccess(principal, params.id);
          mayReadContact = true;
        }
      } catch (err) {
        if (!(err instanceof ForbiddenError)) throw err;
      }
      return Firm.parse({ ...firm, ...(mayReadContact && contact ? { contact } : {}) });
    },
  });
}
