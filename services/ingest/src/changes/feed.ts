import type { Runtime } from '@fugong/http';
import type { VacancyChange } from '@fugong/schemas';
import { type StoredVacancy, VacancyStore } from '@fugong/stores';
import { isTombstone, type LiveDoc, publicVacancy } from '../vacancies/stored.ts';
import { ChangeSequence } from './sequence.ts';

/** One page of the feed, with the sequence number to continue after. */
export interface ChangesPage {
  changes: VacancyChange[];
  last: number;
  hasMore: boolean;
}

/**
 * The vacancies changed after `since`, in sequence order, never past the watermark (a slower concurrent batch
 * may still commit a lower number). Each vacancy carries only its latest sequence number, so the feed is a
 * compacted log: paging from the start yields every current vacancy and tombstone once — the snapshot.
 */
export async function readChanges(rt: Runtime, since: number, limit: number): Promise<ChangesPage> {
  const watermark = await new ChangeSequence(rt.redis, rt.env.INDEX_PREFIX).watermark();
  if (watermark <= since) return { changes: [], last: since, hasMore: false };
  const docs = await new VacancyStore(rt).changed(since, watermark, limit + 1);
  const page = docs.slice(0, limit);
  const changes = page.map(toChange);
  return { changes, last: page.at(-1)?.changeSeq ?? since, hasMore: docs.length > limit };
}

function toChange(doc: StoredVacancy): VacancyChange {
  const base = {
    seq: doc.changeSeq,
    id: doc.id,
    externalRef: doc.externalRef,
    firmId: doc.firmId,
    updatedAt: doc.updatedAt,
  };
  if (isTombstone(doc)) return { ...base, op: 'delete' };
  return { ...base, op: 'upsert', vacancy: publicVacancy(doc as LiveDoc) };
}
