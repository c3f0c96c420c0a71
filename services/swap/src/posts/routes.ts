import { randomBytes } from 'node:crypto';
import type { Api } from '@fugong/http';
import { ShortageInput, SurplusInput } from '@fugong/schemas';
import { actorOf, callerOf } from '../common/access.ts';
import type { PostKind } from './document.ts';
import {
  CloseBody,
  PostList,
  PostListQuery,
  PostParams,
  PostView,
  PostWritten,
  viewPost,
} from './schemas.ts';
import { closePost, getPost, type PostStores, putPost } from './write.ts';

const AUTH = ['bureau', 'employer'] as const;

/** Posts of both sides: create (server id) or put (client id), read, list, close. */
export function registerPostRoutes(api: Api, stores: PostStores): void {
  for (const kind of ['surplus', 'shortage'] as const) registerSide(api, stores, kind);
}

function registerSide(api: Api, stores: PostStores, kind: PostKind): void {
  const base = `/v1/swap/${kind}`;
  const body = kind === 'surplus' ? SurplusInput : ShortageInput;
  const noun = kind === 'surplus' ? 'surplus (idle staff to lend)' : 'shortage (hands needed)';
  const tags = ['swap posts'];
  const write = async (
    id: string,
    input: SurplusInput | ShortageInput,
    principal: Parameters<typeof callerOf>[0],
  ) => {
    const caller = callerOf(principal);
    const { post, result } = await putPost(stores, kind, id, input, caller, actorOf(caller));
    return PostWritten.parse({ id, result, post: viewPost(post, caller) });
  };

  api.route({
    method: 'post',
    path: base,
    summary: `Post a ${noun}; the service picks the id`,
    tags,
    operationId: kind === 'surplus' ? 'createSurplusPost' : 'createShortagePost',
    auth: AUTH,
    body,
    responses: { 201: { description: 'created', schema: PostWritten } },
    handler: async ({ body: input, principal }, _req, res) => {
      const id = `${kind === 'surplus' ? 'sp' : 'sh'}-${randomBytes(8).toString('hex')}`;
      res.status(201).json(await write(id, input, principal));
    },
  });

  api.route({
    method: 'put',
    path: `${base}/{id}`,
    summary: `Create or replace a ${noun} under the client's id (an employer for its own firm only)`,
    tags,
    operationId: kind === 'surplus' ? 'putSurplusPost' : 'putShortagePost',
    auth: AUTH,
    params: PostParams,
    body,
    responses: {
      200: { description: 'stored', schema: PostWritten },
      409: { description: 'closed, another firm, or headcount below what is committed' },
    },
    handler: ({ params, body: input, principal }) => write(params.id, input, principal),
  });

  api.route({
    method: 'get',
    path: `${base}/{id}`,
    summary: `Read a ${kind} post (private fields for its own firm and the bureau only)`,
    tags,
    operationId: kind === 'surplus' ? 'getSurplusPost' : 'getShortagePost',
    auth: AUTH,
    params: PostParams,
    responses: { 200: { description: 'the post', schema: PostView }, 404: { description: 'no such post' } },
    handler: async ({ params, principal }) =>
      viewPost(await getPost(stores, kind, params.id), callerOf(principal)),
  });

  api.route({
    method: 'get',
    path: base,
    summary: `List ${kind} posts by firm and status (near real time: writes show within a second)`,
    tags,
    operationId: kind === 'surplus' ? 'listSurplusPosts' : 'listShortagePosts',
    auth: AUTH,
    query: PostListQuery,
    responses: { 200: { description: 'one page', schema: PostList } },
    handler: async ({ query, principal }) => {
      const caller = callerOf(principal);
      const { total, items } = await stores.swapPosts.list(kind, query);
      return PostList.parse({
        total,
        page: query.page,
        size: query.size,
        items: items.map((p) => viewPost(p, caller)),
      });
    },
  });

  api.route({
    method: 'post',
    path: `${base}/{id}/close`,
    summary: `Close a ${kind} post: it leaves the allocation; accepted agreements keep their headcount`,
    tags,
    operationId: kind === 'surplus' ? 'closeSurplusPost' : 'closeShortagePost',
    auth: AUTH,
    params: PostParams,
    body: CloseBody,
    responses: { 200: { description: 'closed', schema: PostView }, 404: { description: 'no such post' } },
    handler: async ({ params, body: input, principal }) => {
      const caller = callerOf(principal);
      return viewPost(
        await closePost(stores, kind, params.id, caller, actorOf(caller), input.reason),
        caller,
      );
    },
  });
}
