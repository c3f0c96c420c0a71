import { NotFoundError } from '@fugong/schemas';
import type { Stores } from '@fugong/stores';
import type { FairDashboard } from './schemas.ts';

/** What the dashboard reads: the fair, what was offered in it, and its intention pairs. */
export type DashboardStores = Pick<Stores, 'fairs' | 'vacancies' | 'intentions'>;

/**
 * A fair's figures in the seed's terms: firms taking part (listed on the fair or posting into it), positions
 * offered (open positions of its vacancies), interest and 初步达成就业意向 (two-sided pairs), and people placed
 * at key enterprises (two-sided pairs at a 重点企业; a swap counts its headcount).
 */
export async function fairDashboard(stores: DashboardStores, fairId: string): Promise<FairDashboard> {
  const fair = await stores.fairs.get(fairId);
  if (!fair) throw new NotFoundError(`fair ${fairId}`);
  const [offer, pairs] = await Promise.all([
    stores.vacancies.fairOffer(fairId),
    stores.intentions.ofFair(fairId),
  ]);
  const firms = new Set([...(fair.firmIds ?? []), ...offer.firmIds]);
  return {
    fairId,
    ...(fair.name ? { name: fair.name } : {}),
    firms: firms.size,
    vacancies: offer.vacancies,
    positionsOffered: offer.positions,
    interest: pairs.interest,
    oneSided: pairs.interest - pairs.twoSided,
    preliminaryIntentions: pairs.twoSided,
    accepted: pairs.accepted,
    keyEnterprisePlacements: pairs.keyEnterprisePlacements,
    keyEnterprisesWithPlacements: pairs.keyEnterprisesWithPlacements,
  };
}
