import { Id, Page } from '@fugong/schemas';
import { z } from 'zod';
import type { Caller } from '../common/access.ts';
import { actsFor } from '../common/access.ts';
import { type PostDoc, remainingOf } from './document.ts';

const ActorView = z.object({ role: z.string(), keyId: z.string(), firmId: z.string().optional() });

/**
 * A post as answered. Everyone allowed to list posts sees the matching fields (`view: public`); the post's
 * own firm and the bureau also see the private ones (`view: full`): address and exact coordinates, the
 * conditions' note, and which agreements hold its headcount.
 */
export const PostView = z
  .object({
    id: z.string(),
    kind: z.enum(['surplus', 'shortage']),
    firmId: z.string(),
    status: z.enum(['open', 'closed']),
    view: z.enum(['full', 'public']),
    available: z.number().int().describe('headcount not reserved by accepted agreements'),
    occupations: z.array(z.object({ code: z.string(), name: z.string() })),
    skills: z.array(z.string()),
    from: z.string(),
    to: z.string(),
    place: z.object({
      code: z.string().optional(),
      name: z.string().optional(),
      cityCode: z.string().optional(),
      address: z.string().optional(),
      location: z.object({ lat: z.number(), lon: z.number() }).optional(),
    }),
    conditions: z.object({
      transport: z.boolean(),
      board: z.boolean(),
      lodging: z.boolean(),
      note: z.string().optional(),
    }),
    wageOffered: z.number().optional(),
    headcount: z.number().int().optional(),
    committed: z.number().int().optional(),
    reservations: z.record(z.string(), z.object({ headcount: z.number().int(), at: z.string() })).optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    createdBy: ActorView.optional(),
    closed: z.object({ at: z.string(), by: ActorView, reason: z.string().optional() }).optional(),
  })
  .meta({ id: 'SwapPost' });
export type PostView = z.infer<typeof PostView>;

/** Builds the answer for one caller: the response schema strips anything not listed, so nothing leaks. */
export function viewPost(post: PostDoc, caller: Caller): PostView {
  const full = actsFor(caller, post.firmId);
  const { note, ...flags } = post.conditions;
  const base = {
    id: post.id,
    kind: post.kind,
    firmId: post.firmId,
    status: post.status,
    view: full ? 'full' : 'public',
    available: remainingOf(post),
    occupations: post.occupations,
    skills: post.skills,
    from: post.from,
    to: post.to,
    place: { code: post.place.code, name: post.place.name, cityCode: post.place.cityCode },
    conditions: flags,
    ...(post.wageOffered !== undefined ? { wageOffered: post.wageOffered } : {}),
  } as const;
  if (!full) return PostView.parse(base);
  const reservations = Object.fromEntries(
    Object.entries(post.reservations).map(([id, r]) => [id, { headcount: r.headcount, at: r.at }]),
  );
  return PostView.parse({
    ...base,
    place: { ...base.place, address: post.place.address, location: post.place.location },
    conditions: { ...flags, ...(note !== undefined ? { note } : {}) },
    headcount: post.headcount,
    committed: post.committed,
    reservations,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    createdBy: post.createdBy,
    ...(post.closed ? { closed: post.closed } : {}),
  });
}

export const PostParams = z.strictObject({ id: Id });

export const PostListQuery = Page.extend({
  firmId: Id.optional(),
  status: z.enum(['open', 'closed']).optional(),
}).strict();

export const PostList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(PostView),
  })
  .meta({ id: 'SwapPostList' });

export const CloseBody = z.strictObject({ reason: z.string().min(1).max(500).optional() });

export const PostWritten = z
  .object({ id: z.string(), result: z.enum(['created', 'updated']), post: PostView })
  .meta({ id: 'SwapPostWritten' });
