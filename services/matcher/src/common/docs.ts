import type { VacancyDoc, WorkerDoc } from '@fugong/documents';
import { ForbiddenError, NotFoundError, type Principal } from '@fugong/schemas';
import type { Stores } from '@fugong/stores';

/**
 * A vacancy document (open, closed, filled or expired), or a 404. A deleted one (a tombstone kept for the change
 * feed) answers 404 like a missing one.
 */
export async function getVacancy(stores: Pick<Stores, 'vacancies'>, id: string): Promise<VacancyDoc> {
  const doc = await stores.vacancies.get(id);
  if (!doc) throw new NotFoundError(`vacancy ${id}`);
  return doc;
}

/** A worker's searchable profile (never the private document), or a 404. */
export async function getWorker(stores: Pick<Stores, 'workers'>, id: string): Promise<WorkerDoc> {
  const doc = await stores.workers.get(id);
  if (!doc) throw new NotFoundError(`worker ${id}`);
  return doc;
}

/**
 * A site acts for a seeker only when the seeker consented through that site (the consent stored with the
 * private profile), so one site cannot apply or accept on behalf of another site's seekers.
 */
export async function assertSiteConsent(
  stores: Pick<Stores, 'workers'>,
  principal: Principal,
  workerId: string,
) {
  if (principal.role !== 'site') return;
  const priv = await stores.workers.getConsent(workerId);
  if (priv?.consent.via !== principal.siteId)
    throw new ForbiddenError('a site may act only for seekers who consented through it');
}
