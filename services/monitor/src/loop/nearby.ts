import { type DocIssue, resolveOccupationList } from '@fugong/documents';
import type { MonitorPublicationStore } from '@fugong/stores';
import { z } from 'zod';
import type { PlatformClient } from './platform.ts';

/**
 * Help within reach of a short-handed firm on the bureau's follow-up list (issue #11): the seekers the matcher
 * ranks first for the vacancies published from the firm's reports, and open surplus posts (idle staff other
 * firms can lend) in the trades the firm asked for, its own district first. Both come from the matcher's and
 * swap's public APIs with the bureau's key; an answer a service cannot give leaves that part out and says so.
 */

export const NearbyCandidate = z.object({
  vacancyId: z.string(),
  workerId: z.string(),
  maskedName: z.string(),
  occupations: z.array(z.object({ code: z.string(), name: z.string() })),
  distanceKm: z.number().optional(),
  score: z.number(),
});

export const NearbySurplus = z.object({
  id: z.string(),
  firmId: z.string(),
  available: z.number().int(),
  occupations: z.array(z.object({ code: z.string(), name: z.string() })),
  from: z.string(),
  to: z.string(),
  district: z.object({ code: z.string().optional(), name: z.string().optional() }),
  sameDistrict: z.boolean(),
});

export const Nearby = z
  .object({
    publishedVacancyIds: z.array(z.string()),
    candidates: z.array(NearbyCandidate),
    surplus: z.array(NearbySurplus),
    /** What could not be fetched (a service down): the list is still useful without it. */
    unavailable: z.array(z.string()).optional(),
  })
  .meta({ id: 'MonitorNearby' });
export type Nearby = z.infer<typeof Nearby>;

/** A short-handed firm as the follow-up list knows it. */
export interface ShortHanded {
  firmId: string;
  districtCode?: string;
  /** The trades of the report's hiring needs. */
  trades: string[];
}

const CANDIDATES_PER_VACANCY = 3;
const VACANCIES_PER_FIRM = 2;
const SURPLUS_PER_FIRM = 5;
const SURPLUS_PAGES = 5; // 500 open posts: a city campaign's whole surplus side

interface SurplusView {
  id: string;
  firmId: string;
  available: number;
  occupations: Array<{ code: string; name: string }>;
  from: string;
  to: string;
  place: { code?: string; name?: string };
}

/** The minor group (first three parts: 6-18-02) of an occupation code: trades a worker moves between. */
const minorGroup = (code: string) => code.split('-').slice(0, 3).join('-');

export class NearbyFinder {
  private readonly platform: PlatformClient;
  private readonly publications: MonitorPublicationStore;

  constructor(platform: PlatformClient, publications: MonitorPublicationStore) {
    this.platform = platform;
    this.publications = publications;
  }

  async find(firms: readonly ShortHanded[], key: string): Promise<Map<string, Nearby>> {
    const out = new Map<string, Nearby>();
    if (firms.length === 0) return out;
    const unavailable = new Set<string>();
    const [published, surplus] = await Promise.all([
      this.publications.latestByFirm(firms.map((f) => f.firmId)),
      this.openSurplus(key).catch(() => {
        unavailable.add('surplus');
        return [] as SurplusView[];
      }),
    ]);
    await Promise.all(
      firms.map(async (firm) => {
        const vacancyIds = (published.get(firm.firmId)?.vacancyIds ?? []).slice(0, VACANCIES_PER_FIRM);
        const candidates = (
          await Promise.all(vacancyIds.map((id) => this.candidates(id, key, unavailable)))
        ).flat();
        out.set(firm.firmId, {
          publishedVacancyIds: published.get(firm.firmId)?.vacancyIds ?? [],
          candidates,
          surplus: matchSurplus(firm, surplus),
        });
      }),
    );
    if (unavailable.size > 0) for (const n of out.values()) n.unavailable = [...unavailable];
    return out;
  }

  private async candidates(
    vacancyId: string,
    key: string,
    unavailable: Set<string>,
  ): Promise<Nearby['candidates']> {
    const a = await this.platform.call(
      'matcher',
      'GET',
      `/v1/vacancies/${encodeURIComponent(vacancyId)}/candidates?size=${CANDIDATES_PER_VACANCY}`,
      key,
    );
    if (a.status === 404) return []; // the vacancy was removed since it was published
    if (a.status !== 200) {
      unavailable.add('candidates');
      return [];
    }
    const hits = (a.body as { hits?: Array<Record<string, unknown>> }).hits ?? [];
    return hits.map((h) =>
      NearbyCandidate.parse({
        vacancyId,
        workerId: h['workerId'],
        maskedName: h['maskedName'],
        occupations: h['occupations'],
        ...(typeof h['distanceKm'] === 'number' ? { distanceKm: h['distanceKm'] } : {}),
        score: h['score'],
      }),
    );
  }

  private async openSurplus(key: string): Promise<SurplusView[]> {
    const all: SurplusView[] = [];
    for (let page = 1; page <= SURPLUS_PAGES; page++) {
      const a = await this.platform.call(
        'swap',
        'GET',
        `/v1/swap/surplus?status=open&size=100&page=${page}`,
        key,
      );
      if (a.status !== 200) throw new Error(`swap answered ${a.status}`);
      const body = a.body as { total: number; items: SurplusView[] };
      all.push(...body.items);
      if (page * 100 >= body.total) break;
    }
    return all;
  }
}

/** Open surplus posts of other firms in the firm's trades (same minor group), its own district first. */
export function matchSurplus(firm: ShortHanded, posts: readonly SurplusView[]): Nearby['surplus'] {
  const issues: DocIssue[] = [];
  const wanted = new Set(resolveOccupationList(firm.trades, 'trades', issues).map((o) => minorGroup(o.code)));
  if (wanted.size === 0) return [];
  return posts
    .filter(
      (p) =>
        p.firmId !== firm.firmId &&
        p.available > 0 &&
        p.occupations.some((o) => wanted.has(minorGroup(o.code))),
    )
    .map((p) => ({
      id: p.id,
      firmId: p.firmId,
      available: p.available,
      occupations: p.occupations,
      from: p.from,
      to: p.to,
      district: {
        ...(p.place.code ? { code: p.place.code } : {}),
        ...(p.place.name ? { name: p.place.name } : {}),
      },
      sameDistrict: firm.districtCode !== undefined && p.place.code === firm.districtCode,
    }))
    .sort((a, b) => Number(b.sameDistrict) - Number(a.sameDistrict) || b.available - a.available)
    .slice(0, SURPLUS_PER_FIRM);
}
