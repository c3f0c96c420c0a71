import type { SwapPostStore } from '@fugong/stores';
import {
  type AllocationOptions,
  type AllocationResult,
  type SwapPost,
  allocateSwaps,
} from '../allocation/index.ts';
import { type PostDoc, remainingOf, toSwapPost } from '../posts/document.ts';
import type { ProposalsInput, ProposalsResult } from './schemas.ts';
import type { z } from 'zod';

const day = (iso: string) => iso.slice(0, 10);

/**
 * Proposes swaps: every open post with headcount left, the exact allocation over ALL of them (so a firm's
 * proposals are the ones of the global optimum, not of a local one), then the proposals in scope. Posts are
 * read near real time (a reservation of the last second may not be seen; accepting re-checks capacity).
 * `allocate` computes the allocation: the service passes its worker pool; by default it runs in place.
 */
export async function proposeSwaps(
  posts: SwapPostStore,
  input: ProposalsInput,
  scopeFirmId: string | undefined,
  allocate: (
    surplus: SwapPost[],
    shortage: SwapPost[],
    options: AllocationOptions,
  ) => AllocationResult | Promise<AllocationResult> = allocateSwaps,
): Promise<z.input<typeof ProposalsResult>> {
  const [surplusDocs, shortageDocs] = await Promise.all([posts.open('surplus'), posts.open('shortage')]);
  const live = (docs: PostDoc[]) => docs.filter((d) => remainingOf(d) >= 1);
  const surplus = live(surplusDocs);
  const shortage = live(shortageDocs);
  const options: AllocationOptions = {
    sameCityOnly: input.sameCityOnly,
    minOverlapDays: input.minOverlapDays,
    ...(input.maxDistanceKm !== undefined ? { maxDistanceKm: input.maxDistanceKm } : {}),
    ...(input.transferable ? {} : { transferableFamilies: [] }),
  };
  const result = await allocate(surplus.map(toSwapPost), shortage.map(toSwapPost), options);
  const byId = new Map([...surplus, ...shortage].map((p) => [`${p.kind}:${p.id}`, p]));
  const inScope = result.proposals.filter(
    (p) => !scopeFirmId || p.lenderFirmId === scopeFirmId || p.borrowerFirmId === scopeFirmId,
  );
  const proposals = inScope.map((p) => {
    const s = byId.get(`surplus:${p.surplusId}`)!;
    const d = byId.get(`shortage:${p.shortageId}`)!;
    const from = [day(s.from), day(d.from)].sort()[1]!;
    const to = [day(s.to), day(d.to)].sort()[0]!;
    const { distanceKm, ...detail } = p.detail;
    return {
      ...p,
      // Rounded: a firm learns how far the other post is, not where it is exactly.
      detail: { ...detail, ...(distanceKm !== undefined ? { distanceKm: Math.round(distanceKm) } : {}) },
      draft: { surplusId: p.surplusId, shortageId: p.shortageId, headcount: p.headcount, from, to },
    };
  });
  const sum = (docs: PostDoc[]) => docs.reduce((a, d) => a + remainingOf(d), 0);
  return {
    scope: scopeFirmId ? { firmId: scopeFirmId } : {},
    options: {
      sameCityOnly: input.sameCityOnly,
      minOverlapDays: input.minOverlapDays,
      transferable: input.transferable,
      ...(input.maxDistanceKm !== undefined ? { maxDistanceKm: input.maxDistanceKm } : {}),
    },
    open: {
      surplusPosts: surplus.length,
      surplusHeadcount: sum(surplus),
      shortagePosts: shortage.length,
      shortageHeadcount: sum(shortage),
    },
    matchedHeadcount: result.matchedHeadcount,
    scaledQuality: result.scaledQuality,
    shownHeadcount: proposals.reduce((a, p) => a + p.headcount, 0),
    proposals,
    stats: result.stats,
  };
}
