import type { Client } from '@elastic/elasticsearch';
import type { VacancyDoc, WorkerDoc, WorkerPrivateDoc } from '@fugong/documents';
import { ForbiddenError, NotFoundError, type Principal } from '@fugong/schemas';
import { getSource, type IndexNames } from '@fugong/search';

/** Reads one document by id, or throws a 404 naming what was missing. */
async function getDoc<T>(es: Client, index: string, id: string, what: string): Promise<T> {
  const doc = await getSource<T>(es, { index, id }, what);
  if (!doc) throw new NotFoundError(what);
  return doc;
}

/**
 * A vacancy document (open, closed, filled or expired). A deleted one is a tombstone of a few fields (kept for
 * the change feed), not a vacancy: it answers 404 like a missing one.
 */
export async function getVacancy(es: Client, names: IndexNames, id: string): Promise<VacancyDoc> {
  const doc = await getDoc<VacancyDoc | { status: 'deleted' }>(es, names.vacancies, id, `vacancy ${id}`);
  if (doc.status === 'deleted') throw new NotFoundError(`vacancy ${id}`);
  return doc as VacancyDoc;
}

/** A worker's searchable profile (never the private document). */
export const getWorker = (es: Client, names: IndexNames, id: string) =>
  getDoc<WorkerDoc>(es, names.workers, id, `worker ${id}`);

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
  const priv = await getSource<Pick<WorkerPrivateDoc, 'consent'>>(es, {
    index: names.workerPrivate,
    id: workerId,
    _source_includes: ['consent'],
  });
  if (priv?.consent.via !== principal.siteId)
    throw new ForbiddenError('a site may act only for seekers who consented through it');
}
