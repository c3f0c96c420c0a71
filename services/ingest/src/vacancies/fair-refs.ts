import type { DocIssue } from '@fugong/documents';
import type { FairStore } from '@fugong/stores';

/**
 * Checks that every fair a vacancy joins exists: one `mget` for the distinct ids of a whole batch. Returns, per
 * list, an issue `fairIds.N` for each unknown id with the nearest existing fair ids as suggestions (a typo in a
 * fair id would otherwise silently hide the vacancy from the fair's page).
 */
export async function checkFairRefs(
  fairs: FairStore,
  lists: ReadonlyArray<readonly string[]>,
): Promise<DocIssue[][]> {
  const ids = [...new Set(lists.flat())];
  const out: DocIssue[][] = lists.map(() => []);
  if (ids.length === 0) return out;
  const known = await fairs.existing(ids);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length === 0) return out;
  const suggestions = new Map<string, string[]>();
  for (const id of unknown.slice(0, 20)) suggestions.set(id, await fairs.nearestIds(id));
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
