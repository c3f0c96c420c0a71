/**
 * Free seats first: before new vehicles are planned, travellers are seated on trips that still take
 * passengers (planned or confirmed), go to the traveller's destination district, stop in the traveller's
 * town and leave inside the traveller's window — a trip already going to the traveller's firm first, then the
 * earliest. A new batch thus re-plans only what it touches: existing trips keep their vehicles and gain
 * passengers, and only the travellers no free seat fits get new vehicles. Travellers are assigned to trips in
 * memory, then each trip takes its share in one guarded read-modify-write (addPassengers), so a trip filled
 * or closed meanwhile by someone else seats fewer or none, and those go to the planner.
 * @module
 */
import { AppError } from '@fugong/schemas';
import type { Stores, TripDoc, TripEvent } from '@fugong/stores';
import type { PlanTraveller } from './planner.ts';
import { addPassengers } from '../trips/rules.ts';

export interface FillResult {
  /** Travellers seated on existing trips. */
  seated: Array<{ workerId: string; tripId: string }>;
  /** Travellers no free seat fitted: they go to the planner. */
  rest: PlanTraveller[];
}

/** Seats what fits on existing trips (see the module comment); the others are returned for planning. */
export async function fillFreeSeats(
  stores: Stores,
  travellers: readonly PlanTraveller[],
  actor: Pick<TripEvent, 'keyId' | 'firmId'>,
  at: string,
): Promise<FillResult> {
  const byDistrict = new Map<string, PlanTraveller[]>();
  for (const t of travellers) {
    const list = byDistrict.get(t.destination.districtCode) ?? [];
    list.push(t);
    byDistrict.set(t.destination.districtCode, list);
  }
  const assigned = new Map<string, PlanTraveller[]>();
  const rest: PlanTraveller[] = [];
  for (const [district, group] of byDistrict) {
    const trips = await stores.convoyTrips.openTrips({
      destinationDistrict: district,
      towns: [...new Set(group.map((t) => t.origin.townCode))],
      from: group.map((t) => t.earliest).sort()[0]!,
      to: group
        .map((t) => t.latest)
        .sort()
        .at(-1)!,
    });
    const free = new Map(trips.map((t) => [t.tripId, t.seats - t.passengers.length]));
    for (const t of [...group].sort((a, b) => a.earliest.localeCompare(b.earliest))) {
      const fits = (trip: TripDoc) =>
        (free.get(trip.tripId) ?? 0) > 0 &&
        trip.towns.includes(t.origin.townCode) &&
        trip.departureDate >= t.earliest &&
        trip.departureDate <= t.latest;
      const ownFirm = (trip: TripDoc) => (trip.firmIds.includes(t.destination.firmId) ? 0 : 1);
      const trip = trips.filter(fits).sort((a, b) => ownFirm(a) - ownFirm(b))[0];
      if (!trip) {
        rest.push(t);
        continue;
      }
      free.set(trip.tripId, free.get(trip.tripId)! - 1);
      assigned.set(trip.tripId, [...(assigned.get(trip.tripId) ?? []), t]);
    }
  }
  const seated: FillResult['seated'] = [];
  await Promise.all(
    [...assigned].map(async ([tripId, list]) => {
      let on = new Set<string>();
      try {
        const { doc } = await stores.convoyTrips.update(
          tripId,
          addPassengers(
            list.map((t) => ({
              workerId: t.workerId,
              townCode: t.origin.townCode,
              firmId: t.destination.firmId,
            })),
            actor,
            at,
          ),
        );
        on = new Set(doc.passengers.map((p) => p.workerId));
      } catch (err) {
        // Left, cancelled or gone since it was read: its share goes to the planner.
        if (!(err instanceof AppError && (err.status === 409 || err.status === 404))) throw err;
      }
      for (const t of list) {
        if (on.has(t.workerId)) seated.push({ workerId: t.workerId, tripId });
        else rest.push(t);
      }
    }),
  );
  return { seated, rest };
}
