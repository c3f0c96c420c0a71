import type { DocIssue } from '@fugong/documents';
import type { FairStore } from '@fugong/stores';

/**
 * Fair ids known to exist, remembered by one bulk upload so that its batches do not ask the engine again (one
 * `mget` a batch before). Fairs are never deleted (no route or job removes one), so an id once seen stays
 * valid; unknown ids are not remembered (a fair created meanwhile is found by the next batch). Bounded.
 */
export class KnownFairs {
  static readonly MAX = 10_000;
  readonly ids = new Set<string>();
  /** Lookups under way, by id: a batch naming an id that another batch is asking about waits for that answer. */
  readonly asking = new Map<string, Promise<Set<string>>>();

  add(ids: Iterable<string>): void {
    for (const id of ids) if (this.ids.size < KnownFairs.MAX) this.ids.add(id);
  }
}

/**
 * Checks that every fair a vacancy joins exists: one `mget` for the distinct ids of a whole batch (none for
 * ids in `remembered`, or being asked about by another batch of the upload). Returns, per list, an issue
 * `fairIds.N` for each unknown id with the nearest existing fair ids as suggestions (a typo in a fair id would
 * otherwise silently hide the vacancy from the fair's page).
 */
export async function checkFairRefs(
  fairs: FairStore,
  lists: ReadonlyArray<readonly string[]>,
  remembered?: KnownFairs,
): Promise<DocIssue[][]> {
  const ids = [...new Set(lists.flat())];
  const out: DocIssue[][] = lists.map(() => []);
  if (ids.length === 0) return out;
  const known = remembered ? await existingRemembered(fairs, ids, remembered) : await fairs.existing(ids);
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

/** Which of `ids` exist: what the upload knows, what other batches are asking, and one `mget` for the rest. */
async function existingRemembered(
  fairs: FairStore,
  ids: readonly string[],
  remembered: KnownFairs,
): Promise<Set<string>> {
  const ask = ids.filter((id) => !remembered.ids.has(id) && !remembered.asking.has(id));
  const others = new Set(ids.flatMap((id) => remembered.asking.get(id) ?? []));
  const mine = ask.length > 0 ? fairs.existing(ask) : undefined;
  if (mine) for (const id of ask) remembered.asking.set(id, mine);
  try {
    const [found, ...elsewhere] = await Promise.all([mine ?? new Set<string>(), ...others]);
    remembered.add(found);
    const known = new Set<string>();
    for (const id of ids) {
      if (remembered.ids.has(id) || found.has(id) || elsewhere.some((s) => s.has(id))) known.add(id);
    }
    return known;
  } finally {
    for (const id of ask) if (remembered.asking.get(id) === mine) remembered.asking.delete(id);
  }
}
