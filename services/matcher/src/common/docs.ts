import type { Client } from '@elastic/elasticsearch';
import type { VacancyDoc, WorkerDoc } from '@fugong/documents';
import { NotFoundError } from '@fugong/schemas';
import { engineCall, type IndexNames } from '@fugong/search';

/** Reads one document by id, or throws a 404 naming what was missing. */
async function getDoc<T>(es: Client, index: string, id: string, what: string): Promise<T> {
  const res = await engineCall(() => es.get<T>({ index, id }, { ignore: [404] }), what);
  if (!res.found || !res._source) throw new NotFoundError(what);
  return res._source;
}

/** A vacancy document (any status). */
export const getVacancy = (es: Client, names: IndexNames, id: string) =>
  getDoc<VacancyDoc>(es, names.vacancies, id, `vacancy ${id}`);

/** A worker's searchable profile (never the private document). */
export const getWorker = (es: Client, names: IndexNames, id: string) =>
  getDoc<WorkerDoc>(es, names.workers, id, `worker ${id}`);
