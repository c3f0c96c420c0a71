import type { VacancyFirm } from '@fugong/documents';
import type { FirmStore } from '@fugong/stores';

/**
 * Firms as vacancies need them (name, key-enterprise flag), looked up in batches through FirmStore with a short
 * cache: a bulk import of 100,000 vacancies from 500 firms costs a handful of lookups, not one per line.
 */
export class FirmCache {
  private readonly store: FirmStore;
  private readonly ttlMs: number;
  private cache = new Map<string, { firm: VacancyFirm | null; until: number }>();

  constructor(store: FirmStore, ttlMs = 30_000) {
    this.store = store;
    this.ttlMs = ttlMs;
  }

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
      const found = await this.store.getMany(missing);
      for (const id of missing) {
        const doc = found.get(id);
        const firm: VacancyFirm | null = doc
          ? { id, name: doc.name, keyEnterprise: Boolean(doc.isKeyEnterprise) }
          : null;
        this.cache.set(id, { firm, until: now + this.ttlMs });
        out.set(id, firm);
      }
    }
    return out;
  }

  /** Forget a firm (after the bureau changed it). */
  invalidate(id: string): void {
    this.cache.delete(id);
  }
}
