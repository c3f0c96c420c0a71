import type { Client } from '@elastic/elasticsearch';
import type { VacancyDoc, WorkerDoc } from '@fugong/documents';
import { ForbiddenError, NotFoundError, type Principal } from '@fugong/schemas';
import type { IndexNames } from '@fugong/search';
import { VacancyStore, WorkerStore } from '@fugong/stores';

/**
 * A vacancy document (open, closed, filled or expired), or a 404. A deleted one (a tombstone kept for the change
 * feed) answers 404 like a missing one.
 */
export async function getVacancy(es: Client, names: IndexNames, id: string): Promise<VacancyDoc> {
  const doc = await new VacancyStore({ es, names }).get(id);
  if (!doc) throw new NotFoundError(`vacancy ${id}`);
  return doc;
}

/** A worker's searchable profile (never the private document), or a 404. */
export async function getWorker(es: Client, names: IndexNames, id: string): Promise<WorkerDoc> {
  const doc = await new WorkerStore({ es, names }).get(id);
  if (!doc) throw new NotFoundError(`worker ${id}`);
  return doc;
}

/**
 * A site acts for a seeker only when the seeker consented through that site (the consent stored with the
 * private profile), so one site cannot apply or accept on behalf of another site's seekers.
 */
export async function assertSiteConsent(
  es: Client,
  names: IndexNames,
  principal: Principal,
  workerId: string,
) {
  if (principal.role !== 'site') return;
  const priv = await new WorkerStore({ es, names }).getConsent(workerId);
  if (priv?.consent.via !== principal.siteId)
    throw new ForbiddenError('a site may act only for seekers who consented through it');
}
