import { type DocIssue, vacancyId } from '@fugong/documents';
import { type Api, type Runtime, actingFirm } from '@fugong/http';
import {
  ConflictError,
  ErrorBody,
  Id,
  NotFoundError,
  ValidationError,
  Vacancy,
  VacancyCloseInput,
  VacancyInput,
  VacancyWriteResult,
} from '@fugong/schemas';
import { engineUnavailable, transientItemFailure } from '@fugong/search';
import type { Request } from 'express';
import { z } from 'zod';
import { scriptSafeJson, toJobPosting } from '../jsonld/out.ts';
import type { FirmCache } from './firms.ts';
import { rewriteVacancies } from './rewrite.ts';
import { writeVacancies } from './store.ts';
import { isTombstone, type LiveDoc, loadVacancy, mayReadVacancy, publicVacancy } from './stored.ts';

/**
 * One parameter name for every `/v1/vacancies/{ref}` route, so OpenAPI tools see one path template, not two
 * that collide (the URLs are what they were): reads take the vacancy id, writes the employer's own reference.
 */
const REF_DESCRIPTION =
  'GET: the vacancy id `{firmId}:{externalRef}`; PUT, DELETE and close: your own `externalRef` (the key or ' +
  '`firmId` names the firm)';
const RefParams = z.strictObject({ ref: Id.describe(REF_DESCRIPTION) });
const FirmQuery = z.strictObject({
  firmId: Id.optional().describe('required for the bureau; an employer key implies its own firm'),
});

/** Which firm a vacancy write acts for: the shared rule (`actingFirm`), worded for vacancies. */
const VACANCY_FIRM = { what: 'the vacancy' };

/**
 * Single-vacancy routes: idempotent PUT keyed by the employer's own reference, read (JSON or Schema.org
 * JSON-LD), close and delete. An employer key only ever addresses its own firm's ids, so another firm's
 * vacancy is 403 (firmId named) or 404 (not among its own), and nothing changes.
 */
export function registerVacancyRoutes(api: Api, rt: Runtime, firms: FirmCache): void {
  api.route({
    method: 'put',
    path: '/v1/vacancies/{ref}',
    summary: 'Create or replace a vacancy by the employer’s own reference (idempotent)',
    description:
      'The same body twice leaves one document and answers `unchanged`. The same posting (firm, normalised ' +
      'title, place, wage) under another reference is not stored: 409 with `duplicateOf`.',
    tags: ['vacancies'],
    operationId: 'putVacancy',
    auth: ['bureau', 'employer'],
    params: RefParams,
    body: VacancyInput,
    responses: {
      200: { description: 'stored, or unchanged', schema: VacancyWriteResult },
      409: {
        description:
          'not stored: the same posting exists under another reference (`details.duplicateOf`), or the ' +
          'vacancy was written concurrently (retry)',
        schema: ErrorBody,
      },
    },
    handler: async ({ params, body, principal }) => {
      const firmId = actingFirm(principal, body.firmId, VACANCY_FIRM);
      const [outcome] = await writeVacancies(
        rt,
        firms,
        [{ index: 0, firmId, externalRef: params.ref, input: body }],
        { refresh: 'wait_for' },
      );
      const o = outcome!;
      if (o.result === 'rejected') {
        const issues = o.issues ?? [];
        if (o.refusal === 'conflict') {
          throw new ConflictError('the vacancy was written concurrently; retry', { issues });
        }
        if (o.refusal === 'passing') throw engineUnavailable();
        throw new ValidationError(`${issues[0]?.path}: ${issues[0]?.message}`, issues);
      }
      if (o.result === 'duplicate') {
        throw new ConflictError(`the same posting is already stored as ${o.duplicateOf}`, {
          id: o.id,
          duplicateOf: o.duplicateOf,
        });
      }
      return { id: o.id, externalRef: o.externalRef, result: o.result, ...warnings(o.issues) };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/vacancies/{ref}',
    summary: 'Read a vacancy; `Accept: application/ld+json` answers Schema.org JobPosting',
    description:
      'Anyone may read a live (open, unexpired) vacancy. Closed, filled and expired ones are visible to the ' +
      'bureau, sites and the owning firm; to everyone else they are 404, like deleted ones.',
    tags: ['vacancies'],
    operationId: 'getVacancy',
    auth: 'public',
    params: RefParams,
    responses: { 200: { description: 'the vacancy (JSON; JSON-LD on request)', schema: Vacancy } },
    handler: async ({ params, principal }, req, res) => {
      const found = await loadVacancy(rt, params.ref);
      if (!found || isTombstone(found.doc)) throw new NotFoundError('vacancy');
      const doc = found.doc as LiveDoc;
      if (!mayReadVacancy(principal, doc, new Date())) throw new NotFoundError('vacancy');
      if (wantsJsonLd(req)) {
        res.type('application/ld+json').send(scriptSafeJson(toJobPosting(doc)));
        return;
      }
      return publicVacancy(doc);
    },
  });

  api.route({
    method: 'post',
    path: '/v1/vacancies/{ref}/close',
    summary: 'Close a vacancy (withdrawn) or mark it filled',
    tags: ['vacancies'],
    operationId: 'closeVacancy',
    auth: ['bureau', 'employer'],
    params: RefParams,
    body: VacancyCloseInput,
    responses: { 200: { description: 'closed (or already was)', schema: VacancyWriteResult } },
    handler: async ({ params, body, principal }) => {
      const id = vacancyId(actingFirm(principal, body.firmId, VACANCY_FIRM), params.ref);
      const found = await loadVacancy(rt, id);
      if (!found || isTombstone(found.doc)) throw new NotFoundError('vacancy');
      const doc = found.doc as LiveDoc;
      const base = { id, externalRef: params.ref, status: body.status };
      if (doc.status === body.status) return { ...base, result: 'unchanged' };
      const { changeSeq: _s, ...rest } = doc;
      const next = { ...rest, status: body.status, openPositions: 0, updatedAt: new Date().toISOString() };
      await rewriteOne(rt, id, found, next);
      return { ...base, result: 'updated' };
    },
  });

  api.route({
    method: 'delete',
    path: '/v1/vacancies/{ref}',
    summary: 'Delete a vacancy: it leaves search and the change feed carries a tombstone',
    tags: ['vacancies'],
    operationId: 'deleteVacancy',
    auth: ['bureau', 'employer'],
    params: RefParams,
    query: FirmQuery,
    responses: { 200: { description: 'deleted (or already was)', schema: VacancyWriteResult } },
    handler: async ({ params, query, principal }) => {
      const firmId = actingFirm(principal, query.firmId, VACANCY_FIRM);
      const id = vacancyId(firmId, params.ref);
      const found = await loadVacancy(rt, id);
      if (!found) throw new NotFoundError('vacancy');
      const base = { id, externalRef: params.ref };
      // A retried DELETE is answered, not refused: the tombstone is already there.
      if (isTombstone(found.doc)) return { ...base, result: 'unchanged' };
      const tombstone = {
        id,
        externalRef: params.ref,
        firmId,
        status: 'deleted' as const,
        updatedAt: new Date().toISOString(),
      };
      await rewriteOne(rt, id, found, tombstone);
      return { ...base, result: 'deleted' };
    },
  });
}

async function rewriteOne(
  rt: Runtime,
  id: string,
  prior: { seqNo: number; primaryTerm: number },
  next: Parameters<typeof rewriteVacancies>[1][number]['next'],
): Promise<void> {
  const [out] = (await rewriteVacancies(rt, [{ id, prior, next }])).items;
  if (out?.status === 409) throw new ConflictError('the vacancy was changed concurrently; retry');
  if (out && !out.ok && transientItemFailure(out)) throw engineUnavailable();
  if (!out?.ok) throw new Error(`vacancy rewrite refused: ${out?.reason}`);
}

function wantsJsonLd(req: Request): boolean {
  return req.accepts(['application/json', 'application/ld+json']) === 'application/ld+json';
}

const warnings = (issues: DocIssue[] | undefined) => (issues?.length ? { warnings: issues } : {});
