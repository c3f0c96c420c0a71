import type { Client, estypes } from '@elastic/elasticsearch';
import type { VacancyFirm } from '@fugong/documents';
import { engineCall } from '@fugong/search';

/**
 * Firms as vacancies need them (name, key-enterprise flag), looked up in batches with a short cache: a bulk
 * import of 100,000 vacancies from 500 firms costs a handful of lookups, not one per line.
 */
export class FirmCache {
  private cache = new Map<string, { firm: VacancyFirm | null; until: number }>();

  constructor(
    private readonly es: Client,
    private readonly index: string,
    private readonly ttlMs = 30_000,
  ) {}

  /** The firms with these ids; unknown ids map to null. */
  async get(ids: readonly string[]): Promise<Map<string, VacancyFirm | null>> {
    const now = Date.now();
    const out = new Map<string, VacancyFirm | null>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit && hit.until > now) out.set(id, hit.firm);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const res = await engineCall(() =>
        this.es.mget<{ name?: string; isKeyEnterprise?: boolean }>({
          index: this.index,
          ids: missing,
          _source_includes: ['name', 'isKeyEnterprise'],
        }),
      );
      for (const d of res.docs as Array<estypes.GetGetResult<{ name?: string; isKeyEnterprise?: boolean }>>) {
        const firm =
          d.found && d._source
            ? { id: d._id, name: d._source.name, keyEnterprise: Boolean(d._source.isKeyEnterprise) }
            : null;
        this.cache.set(d._id, { firm: firm as VacancyFirm | null, until: now + this.ttlMs });
        out.set(d._id, firm as VacancyFirm | null);
      }
    }
    return out;
  }

  /** Forget a firm (after the bureau changed it). */
  invalidate(id: string): void {
    this.cache.delete(id);
  }
}
