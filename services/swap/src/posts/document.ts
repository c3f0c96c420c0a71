import { type DocIssue, type PostDoc, placeDoc, resolveOccupationList } from '@fugong/documents';
import { type ShortageInput, type SurplusInput, ValidationError } from '@fugong/schemas';
import type { SwapPost } from '../allocation/index.ts';

/** The stored post lives in @fugong/documents (its store, SwapPostStore, in @fugong/stores). */
export type { PostDoc, PostKind, Reservation } from '@fugong/documents';

/** The resolved, validated fields of a post: occupations and district must resolve, or the write is a 400. */
export function resolvePostFields(input: SurplusInput | ShortageInput): Pick<
  PostDoc,
  'occupations' | 'skills' | 'from' | 'to' | 'place' | 'conditions' | 'headcount'
> & {
  wageOffered?: number;
} {
  const issues: DocIssue[] = [];
  const occupations = resolveOccupationList(input.occupations, 'occupations', issues);
  const place = placeDoc(input.place, 'place', issues);
  if (!place.resolved && issues.every((i) => i.path !== 'place.district')) {
    issues.push({
      path: 'place.district',
      message: 'a district or city (name or GB/T 2260 code) is required',
    });
  }
  if (issues.length > 0) {
    throw new ValidationError(`${issues[0]!.path}: ${issues[0]!.message}`, issues);
  }
  const wage = 'wageOffered' in input ? input.wageOffered : undefined;
  return {
    headcount: input.headcount,
    occupations,
    skills: [...new Set(input.skills.map((s) => s.trim()).filter((s) => s !== ''))],
    from: input.from,
    to: input.to,
    place,
    conditions: input.conditions,
    ...(wage !== undefined ? { wageOffered: wage } : {}),
  };
}

/** Headcount a post can still give or take. */
export const remainingOf = (post: Pick<PostDoc, 'headcount' | 'committed'>): number =>
  Math.max(0, post.headcount - post.committed);

/**
 * The post as the allocation engine sees it: its REMAINING headcount (what accepted agreements have not
 * reserved), codes, dates and place. Cities are compared by their 4-digit prefix.
 */
export function toSwapPost(post: PostDoc): SwapPost {
  const cityCode = post.place.cityCode?.slice(0, 4);
  const district = post.place.code && post.place.code !== post.place.cityCode ? post.place.code : undefined;
  return {
    id: post.id,
    firmId: post.firmId,
    headcount: remainingOf(post),
    occupationCodes: post.occupations.map((o) => o.code),
    skills: post.skills,
    from: post.from,
    to: post.to,
    ...(post.place.location ? { location: post.place.location } : {}),
    ...(district ? { districtCode: district } : {}),
    ...(cityCode ? { cityCode } : {}),
    ...(post.wageOffered !== undefined ? { wageOffered: post.wageOffered } : {}),
  };
}
