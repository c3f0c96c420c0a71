import type { estypes } from '@elastic/elasticsearch';
import type { AgreementParties, VacancyDoc } from '@fugong/documents';
import { engineCall } from '@fugong/search';
import type { StoreContext } from './engine.ts';

/** A vacancy or a swap agreement that an intention refers to. */
export interface Reference {
  kind: 'vacancy' | 'agreement';
  id: string;
}

type Owned = Partial<Pick<VacancyDoc, 'firmId'> & AgreementParties>;

/**
 * The firms each reference belongs to (a vacancy's firm; an agreement's lender and borrower), in order; undefined
 * for one that does not exist. One `_mget` over both indices, fetching only the firm fields. Engine errors and a
 * failed item throw: nothing is known about the batch.
 */
export async function ownersOf(
  ctx: StoreContext,
  refs: readonly Reference[],
): Promise<Array<string[] | undefined>> {
  if (refs.length === 0) return [];
  const res = await engineCall(() =>
    ctx.es.mget<Owned>({
      docs: refs.map((r) => ({
        _index: r.kind === 'agreement' ? ctx.names.agreements : ctx.names.vacancies,
        _id: r.id,
        _source: r.kind === 'agreement' ? ['lenderFirmId', 'borrowerFirmId'] : ['firmId'],
      })),
    }),
  );
  return res.docs.map((doc) => {
    if ('error' in doc && doc.error) throw new Error(`reference lookup failed: ${doc.error.reason}`);
    const found = doc as estypes.GetGetResult<Owned>;
    if (!found.found) return undefined;
    const s = found._source ?? {};
    return [s.firmId, s.lenderFirmId, s.borrowerFirmId].filter((f): f is string => !!f);
  });
}
