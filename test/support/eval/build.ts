/**
 * Builders for test, evaluation and benchmark data: documents are made by the same shared builders ingest
 * uses (vacancyDocument, workerDocuments), so what is searched here is what production stores.
 */
import type { Client } from '@elastic/elasticsearch';
import {
  type VacancyDoc,
  type VacancyFirm,
  type WorkerDoc,
  type WorkerPrivateDoc,
  vacancyDocument,
  workerDocuments,
} from '@fugong/documents';
import { VacancyInput, WorkerInput } from '@fugong/schemas';
import { bulkWrite, type BulkOp, type IndexNames } from '@fugong/search';

type In<T extends { parse: (x: unknown) => unknown }> = Parameters<T['parse']>[0];

/** A vacancy document from a partial input (validated by the real schema). */
export function vacancy(
  ref: string,
  input: Record<string, unknown>,
  firm: VacancyFirm,
  now = new Date(),
): VacancyDoc {
  const parsed = VacancyInput.parse({
    totalJobOpenings: 5,
    workPlace: { district: '薛城区' },
    ...input,
  } as In<typeof VacancyInput>);
  return vacancyDocument(ref, parsed, firm, now).doc;
}

/** A worker's searchable and private documents from a partial input. */
export function worker(
  id: string,
  input: Record<string, unknown>,
  now = new Date(),
): { doc: WorkerDoc; privateDoc: WorkerPrivateDoc } {
  const parsed = WorkerInput.parse({
    currentPlace: { district: '薛城区' },
    consent: { given: true, at: '2020-02-20T08:00:00+08:00', via: 'test-site' },
    private: { name: `张${id}`, phone: '13800000000', idNumber: '370403199001011234' },
    ...input,
  } as In<typeof WorkerInput>);
  const { doc, privateDoc } = workerDocuments(id, parsed, now);
  return { doc, privateDoc };
}

/** Bulk-writes vacancies and workers (searchable and private) and refreshes, failing loudly on any error. */
export async function seed(
  es: Client,
  names: IndexNames,
  data: { vacancies?: VacancyDoc[]; workers?: Array<{ doc: WorkerDoc; privateDoc: WorkerPrivateDoc }> },
  batch = 2000,
): Promise<void> {
  const ops: BulkOp[] = [
    ...(data.vacancies ?? []).map((d) => ({
      action: 'index' as const,
      index: names.vacancies,
      id: d.id,
      doc: d,
    })),
    ...(data.workers ?? []).flatMap((w) => [
      { action: 'index' as const, index: names.workers, id: w.doc.id, doc: w.doc },
      { action: 'index' as const, index: names.workerPrivate, id: w.doc.id, doc: w.privateDoc },
    ]),
  ];
  for (let i = 0; i < ops.length; i += batch) {
    const out = await bulkWrite(es, ops.slice(i, i + batch));
    if (out.failed > 0) {
      const bad = out.items.find((r) => !r.ok);
      throw new Error(`seeding failed for ${out.failed} documents: ${bad?.errorType} ${bad?.errorReason}`);
    }
  }
  await es.indices.refresh({
    index: [names.vacancies, names.workers, names.workerPrivate],
    ignore_unavailable: true,
  });
}
