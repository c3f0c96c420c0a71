/**
 * Travellers from accepted offers: the two-sided `accepted` worker–vacancy pairs the intent-worker records,
 * each worker's current place (pick-up) and the vacancy's place of work (the gate), kept when they are
 * farther apart than a threshold and the worker holds no seat on a trip that has not ended yet. The first
 * departure day is the later of the campaign's and the worker's `availableFrom`.
 * @module
 */
import type { VacancyDoc, WorkerDoc } from '@fugong/documents';
import type { Stores } from '@fugong/stores';
import { distanceKm } from '@fugong/text';
import type { PlanTraveller } from './planner.ts';

export interface OfferSelection {
  firmId?: string | undefined;
  workerIds?: readonly string[] | undefined;
  departFrom: string;
  windowDays: number;
  minDistanceKm: number;
  maxPairs: number;
}

/** Why accepted pairs did not become travellers (each pair counted once, under the first reason). */
export interface OfferSkips {
  /** The worker or the vacancy is gone. */
  missing: number;
  /** The worker's current place or the place of work has no coordinates or code. */
  noPlace: number;
  /** Closer than the threshold: they travel by ordinary means. */
  near: number;
  /** Already seated on a trip that has not ended. */
  alreadySeated: number;
  /** A second accepted offer of the same worker (the most recent one is kept). */
  duplicate: number;
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The travellers of accepted offers, and why the other pairs were left out. */
export async function travellersFromOffers(
  stores: Stores,
  sel: OfferSelection,
): Promise<{ considered: number; travellers: PlanTraveller[]; skipped: OfferSkips }> {
  const pairs: Array<{ workerId: string; vacancyId: string; firmId: string }> = [];
  const size = 500;
  for (let page = 1; pairs.length < sel.maxPairs; page++) {
    const res = await stores.intentionPairs.list(
      {
        status: 'accepted',
        twoSided: true,
        ...(sel.firmId ? { firmId: sel.firmId } : {}),
        ...(sel.workerIds ? { workerIds: sel.workerIds } : {}),
      },
      page,
      size,
    );
    pairs.push(...res.docs.slice(0, sel.maxPairs - pairs.length));
    if (res.docs.length < size || page * size >= Math.min(res.total, 10_000)) break;
  }
  const skipped: OfferSkips = { missing: 0, noPlace: 0, near: 0, alreadySeated: 0, duplicate: 0 };
  // Most recent first (the list's order): a worker's later acceptance wins.
  const byWorker = new Map<string, { workerId: string; vacancyId: string; firmId: string }>();
  for (const p of pairs) {
    if (byWorker.has(p.workerId)) skipped.duplicate++;
    else byWorker.set(p.workerId, p);
  }
  const seated = await stores.convoyTrips.seated([...byWorker.keys()]);
  const travellers: PlanTraveller[] = [];
  const wanted = [...byWorker.values()].filter((p) => {
    if (!seated.has(p.workerId)) return true;
    skipped.alreadySeated++;
    return false;
  });
  // Real-time reads, fifty pairs at a time.
  const loaded: Array<readonly [(typeof wanted)[number], WorkerDoc | undefined, VacancyDoc | undefined]> = [];
  for (let i = 0; i < wanted.length; i += 50) {
    const chunk = wanted.slice(i, i + 50);
    loaded.push(
      ...(await Promise.all(
        chunk.map(
          async (p) =>
            [p, await stores.workers.get(p.workerId), await stores.vacancies.get(p.vacancyId)] as const,
        ),
      )),
    );
  }
  for (const [p, worker, vacancy] of loaded) {
    if (!worker || !vacancy) {
      skipped.missing++;
      continue;
    }
    const from = worker.currentPlace;
    const to = vacancy.workPlace;
    if (!from.location || !from.code || !to.location || !to.code) {
      skipped.noPlace++;
      continue;
    }
    if (distanceKm(from.location, to.location) < sel.minDistanceKm) {
      skipped.near++;
      continue;
    }
    const available = worker.availableFrom?.slice(0, 10);
    const earliest = available && available > sel.departFrom ? available : sel.departFrom;
    travellers.push({
      workerId: p.workerId,
      origin: { townCode: from.code, districtCode: from.code.slice(0, 6), point: from.location },
      destination: { firmId: p.firmId, districtCode: to.code.slice(0, 6), point: to.location },
      earliest,
      latest: addDays(earliest, sel.windowDays),
    });
  }
  return { considered: pairs.length, travellers, skipped };
}
