import type { Client } from '@elastic/elasticsearch';
import { NotFoundError } from '@fugong/schemas';
import { engineCall, getDocument, type IndexNames, totalHits } from '@fugong/search';
import type { FairDashboard } from './schemas.ts';

interface Num {
  value?: number | null;
  doc_count?: number;
  buckets?: Array<{ key: string }>;
  headcount?: Num;
  firms?: Num;
}

/**
 * A fair's figures in the seed's terms: firms taking part (listed on the fair or posting into it), positions
 * offered (open positions of its vacancies), interest and 初步达成就业意向 (two-sided pairs), and people placed
 * at key enterprises (two-sided pairs at a 重点企业; a swap counts its headcount).
 */
export async function fairDashboard(es: Client, names: IndexNames, fairId: string): Promise<FairDashboard> {
  const fair = await getDocument<{ name?: string; firmIds?: string[] }>(es, {
    index: names.fairs,
    id: fairId,
  });
  if (!fair.found) throw new NotFoundError(`fair ${fairId}`);
  const inFair = { term: { fairIds: fairId } };
  const [vacancies, pairs] = await Promise.all([
    engineCall(() =>
      es.search({
        index: names.vacancies,
        size: 0,
        track_total_hits: true,
        query: { bool: { filter: [inFair] } },
        aggs: {
          positions: { sum: { field: 'openPositions' } },
          firms: { terms: { field: 'firmId', size: 10_000 } },
        },
      }),
    ),
    engineCall(() =>
      es.search({
        index: names.intentionPairs,
        size: 0,
        track_total_hits: true,
        query: { bool: { filter: [inFair] } },
        aggs: {
          twoSided: { filter: { term: { twoSided: true } } },
          accepted: { filter: { term: { status: 'accepted' } } },
          keyPlaced: {
            filter: { bool: { filter: [{ term: { twoSided: true } }, { term: { keyEnterprise: true } }] } },
            aggs: { headcount: { sum: { field: 'headcount' } }, firms: { cardinality: { field: 'firmId' } } },
          },
        },
      }),
    ),
  ]);
  const va = (vacancies.aggregations ?? {}) as Record<string, Num>;
  const pa = (pairs.aggregations ?? {}) as Record<string, Num>;
  const firms = new Set([
    ...(fair._source?.firmIds ?? []),
    ...(va['firms']?.buckets ?? []).map((b) => b.key),
  ]);
  const interest = totalHits(pairs.hits.total);
  const twoSided = pa['twoSided']?.doc_count ?? 0;
  return {
    fairId,
    ...(fair._source?.name ? { name: fair._source.name } : {}),
    firms: firms.size,
    vacancies: totalHits(vacancies.hits.total),
    positionsOffered: Math.round(va['positions']?.value ?? 0),
    interest,
    oneSided: interest - twoSided,
    preliminaryIntentions: twoSided,
    accepted: pa['accepted']?.doc_count ?? 0,
    keyEnterprisePlacements: Math.round(pa['keyPlaced']?.headcount?.value ?? 0),
    keyEnterprisesWithPlacements: Math.round(pa['keyPlaced']?.firms?.value ?? 0),
  };
}
