import type { estypes } from '@elastic/elasticsearch';
import type { DocIssue } from '@fugong/documents';
import type { Runtime } from '@fugong/http';
import { engineCall } from '@fugong/search';

/**
 * Checks that every fair a vacancy joins exists: one `mget` for the distinct ids of a whole batch. Returns, per
 * list, an issue `fairIds.N` for each unknown id with the nearest existing fair ids as suggestions (a typo in a
 * fair id would otherwise silently hide the vacancy from the fair's page).
 */
export async function checkFairRefs(
  rt: Runtime,
  lists: ReadonlyArray<readonly string[]>,
): Promise<DocIssue[][]> {
  const ids = [...new Set(lists.flat())];
  const out: DocIssue[][] = lists.map(() => []);
  if (ids.length === 0) return out;
  const res = await engineCall(() => rt.es.mget({ index: rt.names.fairs, ids, _source: false }));
  const known = new Set((res.docs as estypes.GetGetResult[]).filter((d) => d.found).map((d) => d._id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length === 0) return out;
  const suggestions = new Map<string, string[]>();
  for (const id of unknown.slice(0, 20)) suggestions.set(id, await nearestFairs(rt, id));
  lists.forEach((list, k) => {
    list.forEach((id, n) => {
      if (known.has(id)) return;
      out[k]!.push({
        path: `fairIds.${n}`,
        message: `unknown fair "${id}": the bureau creates fairs first (PUT /v1/fairs/{id})`,
        suggestions: suggestions.get(id) ?? [],
      });
    });
  });
  return out;
}

/** Fair ids within edit distance 2 of the unknown one, else the most recent fairs. */
async function nearestFairs(rt: Runtime, id: string): Promise<string[]> {
  const fuzzy = await engineCall(() =>
    rt.es.search<{ id: string }>({
      index: rt.names.fairs,
      size: 5,
      _source: ['id'],
      query: { fuzzy: { id: { value: id, fuzziness: 'AUTO' } } },
    }),
  );
  const hits = fuzzy.hits.hits.map((h) => h._source?.id ?? h._id!);
  if (hits.length > 0) return hits;
  const recent = await engineCall(() =>
    rt.es.search<{ id: string }>({
      index: rt.names.fairs,
      size: 5,
      _source: ['id'],
      sort: [{ endDate: 'desc' }],
    }),
  );
  return recent.hits.hits.map((h) => h._source?.id ?? h._id!);
}
