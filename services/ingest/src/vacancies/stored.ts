import type { VacancyDoc } from '@fugong/documents';
import type { Runtime } from '@fugong/http';
import { type Principal, Vacancy } from '@fugong/schemas';
import {
  isLiveVacancy,
  type StoredVacancy,
  VacancyStore,
  type VacancyTombstone,
  type Versioned,
} from '@fugong/stores';

/** A stored vacancy with the engine's concurrency token, so a rewrite fails if someone wrote in between. */
export type LoadedVacancy = Versioned<StoredVacancy>;

export type LiveDoc = VacancyDoc & { changeSeq: number };

export const isTombstone = (v: StoredVacancy): v is VacancyTombstone => v.status === 'deleted';

/** Reads one vacancy (live or tombstone) by id; undefined when it never existed. */
export async function loadVacancy(rt: Runtime, id: string): Promise<LoadedVacancy | undefined> {
  return new VacancyStore(rt).getStored(id);
}

/**
 * The public view of a stored vacancy: built from the response schema, so segmented fields, fingerprints and
 * sequence numbers never leave the service by accident.
 */
export function publicVacancy(doc: LiveDoc): Vacancy {
  return Vacancy.parse(doc);
}

/**
 * Closed, filled and expired vacancies stay readable to the bureau, the owning firm and sites (which receive
 * them through the change feed anyway); everyone else sees only live ones.
 */
export function mayReadVacancy(principal: Principal, doc: LiveDoc, now: Date): boolean {
  if (isLiveVacancy(doc, now)) return true;
  if (principal.role === 'bureau' || principal.role === 'site') return true;
  return principal.role === 'employer' && principal.firmId === doc.firmId;
}
