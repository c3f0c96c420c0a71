import {
  type Api,
  generateApiKey,
  type Runtime,
  revocationChannel,
  revokeApiKey,
  storeApiKey,
} from '@fugong/http';
import { AppError, ForbiddenError, Id, NotFoundError, Page, Role } from '@fugong/schemas';
import type { Stores } from '@fugong/stores';
import { z } from 'zod';

/*
 * API keys over HTTP, for the bureau's staff (the portal's user management): employer keys bound to one
 * registered firm, site keys bound to one site. Bureau keys stay with the operator's CLI (`./fugong keys`):
 * a bureau key that can mint or revoke bureau keys over the network turns one leaked key into keys that
 * outlive its revocation, and lets it lock the real administrators out. So `role: bureau` is not in this
 * contract (a 400 naming `role`: the generated client cannot even express it), and revoking a bureau key here
 * is a 403. Creating and revoking go through the same functions the CLI uses (`storeApiKey`, `revokeApiKey`).
 */

const ROLE_MESSAGE =
  'employer or site; bureau keys are created only by an operator with `./fugong keys create --role bureau`';
const KeyRole = z.enum(['employer', 'site'], { error: () => ROLE_MESSAGE });
const label = z.string().trim().min(1).max(100).optional().describe('who holds the key (shown in lists)');
const rateLimit = z
  .number()
  .int()
  .min(1)
  .max(1_000_000)
  .optional()
  .describe(
    'requests a minute for this key (default: the service’s RATE_LIMIT_KEYED); a site whose visitors all ' +
      'search through one key needs more',
  );

/**
 * One shape per role, so the contract (and the generated client) says which id each role needs: an employer
 * key names its firm and no site, a site key its site and no firm.
 */
const KeyCreateInput = z
  .discriminatedUnion(
    'role',
    [
      z
        .strictObject({
          role: z.literal('employer'),
          firmId: Id.describe('the registered firm the key acts for'),
          label,
          rateLimit,
        })
        .meta({ id: 'EmployerKeyCreateInput' }),
      z
        .strictObject({
          role: z.literal('site'),
          siteId: Id.describe('the job-fair site the key stands for'),
          label,
          rateLimit,
        })
        .meta({ id: 'SiteKeyCreateInput' }),
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? ROLE_MESSAGE : undefined) },
  )
  .meta({ id: 'ApiKeyCreateInput' });

/** A key as listed: never its hash, and the key itself only once, in the answer that created it. */
const ApiKeyView = z
  .object({
    keyId: z.string(),
    role: Role,
    firmId: z.string().optional(),
    siteId: z.string().optional(),
    label: z.string().optional(),
    rateLimit: z.number().int().optional(),
    createdAt: z.string(),
    revoked: z.boolean(),
  })
  .meta({ id: 'ApiKey' });

const ApiKeyCreated = z
  .object({
    keyId: z.string(),
    key: z.string().describe('the key itself: shown this once, never stored (only its hash is)'),
    role: KeyRole,
    firmId: z.string().optional(),
    siteId: z.string().optional(),
    label: z.string().optional(),
    rateLimit: z.number().int().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiKeyCreated' });

const ApiKeyList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(ApiKeyView),
  })
  .meta({ id: 'ApiKeyList' });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

const KeyListQuery = Page.extend({
  role: Role.optional(),
  firmId: Id.optional(),
  siteId: Id.optional(),
  revoked: flag.optional().describe('true: only revoked keys; false: only valid ones; omit for both'),
}).strict();

const KeyParams = z.strictObject({
  keyId: z
    .string()
    .regex(/^[a-z0-9]{12}$/, 'a key id is 12 lower-case letters or digits (the part after `fg_`)'),
});

const Revoked = z
  .object({
    keyId: z.string(),
    result: z.enum(['revoked', 'unchanged']).describe('unchanged: it was revoked already'),
    published: z
      .boolean()
      .describe(
        'whether running services were told at once (Redis); when false they refuse it within seconds',
      ),
  })
  .meta({ id: 'ApiKeyRevoked' });

const view = (r: z.input<typeof ApiKeyView>) => ApiKeyView.parse({ ...r, revoked: r.revoked === true });

/** POST /v1/keys, GET /v1/keys, POST /v1/keys/{keyId}/revoke: the bureau's key management. */
export function registerKeyRoutes(api: Api, rt: Runtime, stores: Pick<Stores, 'apiKeys' | 'firms'>): void {
  const tags = ['keys'];
  api.route({
    method: 'post',
    path: '/v1/keys',
    summary: 'Create an employer key (bound to a registered firm) or a site key (bureau only)',
    description:
      'The key is in this answer only: store it now. Bureau keys are not created over HTTP (400 naming ' +
      '`role`): an operator makes them with `./fugong keys create --role bureau`.',
    tags,
    operationId: 'createApiKey',
    auth: ['bureau'],
    body: KeyCreateInput,
    responses: {
      201: { description: 'created; the key is shown once', schema: ApiKeyCreated },
      404: { description: 'the firm named by `firmId` is not registered (the error names `firmId`)' },
    },
    handler: async ({ body }, _req, res) => {
      if (body.role === 'employer') {
        const firmId = body.firmId;
        if (!(await stores.firms.get(firmId))) {
          const message = `no registered firm ${firmId}: register it first (PUT /v1/firms/${firmId})`;
          throw new AppError(404, 'not_found', `firmId: ${message}`, {
            issues: [{ path: 'firmId', message }],
          });
        }
      }
      const { key, record } = generateApiKey({
        role: body.role,
        ...(body.role === 'employer' ? { firmId: body.firmId } : { siteId: body.siteId }),
        ...(body.label ? { label: body.label } : {}),
        ...(body.rateLimit ? { rateLimit: body.rateLimit } : {}),
      });
      await storeApiKey(rt.es, rt.names.apiKeys, record);
      const { hash: _h, revoked: _r, ...shown } = record;
      // The secret must not sit in a shared or browser cache.
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(ApiKeyCreated.parse({ ...shown, key }));
    },
  });

  api.route({
    method: 'get',
    path: '/v1/keys',
    summary: 'List API keys, newest first (bureau only; never a key or its hash)',
    tags,
    operationId: 'listApiKeys',
    auth: ['bureau'],
    query: KeyListQuery,
    responses: { 200: { description: 'one page', schema: ApiKeyList } },
    handler: async ({ query }) => {
      const { page, size, ...filter } = query;
      const { total, items } = await stores.apiKeys.list(filter, page, size);
      return ApiKeyList.parse({ total, page, size, items: items.map(view) });
    },
  });

  api.route({
    method: 'post',
    path: '/v1/keys/{keyId}/revoke',
    summary: 'Revoke an employer or site key: every running service refuses it at once (bureau only)',
    description:
      'The same revocation as `./fugong keys revoke`: marked revoked, then published on Redis so every ' +
      'service forgets its cached record. Revoking again answers `unchanged`. Bureau keys are revoked only ' +
      'with the CLI (403).',
    tags,
    operationId: 'revokeApiKey',
    auth: ['bureau'],
    params: KeyParams,
    responses: {
      200: { description: 'revoked (or already was)', schema: Revoked },
      403: { description: 'a bureau key: revoked only with the CLI' },
      404: { description: 'no key with this id' },
    },
    handler: async ({ params }) => {
      const found = await stores.apiKeys.get(params.keyId);
      if (!found) throw new NotFoundError(`API key ${params.keyId}`);
      if (found.role === 'bureau')
        throw new ForbiddenError(
          'bureau keys are revoked only by an operator with `./fugong keys revoke`, not over HTTP',
        );
      // Published even when it was revoked already: a revocation whose publish was lost is heard now.
      const { published } = await revokeApiKey(rt.es, rt.names.apiKeys, params.keyId, {
        redis: rt.redis,
        channel: revocationChannel(rt.env.INDEX_PREFIX),
      });
      // This service forgets it now, not when its own copy of the broadcast arrives: the caller's next
      // request, here, is refused whatever the machine's load.
      rt.keyStore.evict(params.keyId);
      return Revoked.parse({
        keyId: params.keyId,
        result: found.revoked ? 'unchanged' : 'revoked',
        published,
      });
    },
  });
}
