/**
 * What may happen to a trip, as pure mutations for the store's read-modify-write (they may run several
 * times under contention, so they depend only on the trip they are given). A refusal throws: 409 for a trip
 * in the wrong state or full, 404 for a passenger who is not on it.
 * @module
 */
import type { Mutation, TripDoc, TripEvent, TripPassenger, TripStatus } from '@fugong/stores';
import { AppError, ConflictError } from '@fugong/schemas';

/** The states each state may move to (cancelled only before departure). */
export const NEXT: Record<TripStatus, readonly TripStatus[]> = {
  planned: ['confirmed', 'cancelled'],
  confirmed: ['departed', 'cancelled'],
  departed: ['arrived'],
  arrived: [],
  cancelled: [],
};

/** Seats can change until the vehicle leaves. */
const OPEN: readonly TripStatus[] = ['planned', 'confirmed'];

type Actor = Pick<TripEvent, 'keyId' | 'firmId'>;

function event(actor: Actor, name: string, at: string, workerId?: string): TripEvent {
  return {
    event: name,
    at,
    keyId: actor.keyId,
    ...(actor.firmId ? { firmId: actor.firmId } : {}),
    ...(workerId ? { workerId } : {}),
  };
}

function refuseState(trip: TripDoc, what: string): never {
  throw new ConflictError(`trip ${trip.tripId} is ${trip.status}: it cannot ${what}`, {
    issues: [{ path: 'status', message: `is ${trip.status}` }],
  });
}

/** Moves a trip to `to`; asking for the state it is in changes nothing (a repeated request is harmless). */
export function transition(to: TripStatus, actor: Actor, at: string, extra: Partial<TripDoc> = {}) {
  return (trip: TripDoc): Mutation<TripDoc> => {
    if (trip.status === to) return { keep: true };
    if (!NEXT[trip.status].includes(to)) refuseState(trip, `become ${to}`);
    return {
      write: {
        ...trip,
        ...extra,
        status: to,
        updatedAt: at,
        history: [...trip.history, event(actor, to, at)],
      },
    };
  };
}

/** A receiving firm confirms the trip to its gate (once; again changes nothing). */
export function firmConfirm(firmId: string, actor: Actor, at: string) {
  return (trip: TripDoc): Mutation<TripDoc> => {
    if (!trip.firmIds.includes(firmId)) throw new AppError(404, 'not_found', `trip ${trip.tripId} not found`);
    if (trip.firmConfirmations.includes(firmId)) return { keep: true };
    if (!OPEN.includes(trip.status)) refuseState(trip, 'be confirmed');
    return {
      write: {
        ...trip,
        firmConfirmations: [...trip.firmConfirmations, firmId].sort(),
        updatedAt: at,
        history: [...trip.history, event(actor, 'firm_confirmed', at)],
      },
    };
  };
}

/** Seats a worker: refused when the trip has left or every seat is taken; already on it changes nothing. */
export function addPassenger(p: TripPassenger, actor: Actor, at: string) {
  return (trip: TripDoc): Mutation<TripDoc> => {
    const on = trip.passengers.find((x) => x.workerId === p.workerId);
    if (on && on.firmId === p.firmId && on.townCode === p.townCode) return { keep: true };
    if (on) {
      throw new ConflictError(`worker ${p.workerId} is already on trip ${trip.tripId} (to ${on.firmId})`, {
        issues: [{ path: 'workerId', message: 'already on this trip' }],
      });
    }
    if (!OPEN.includes(trip.status)) refuseState(trip, 'take passengers');
    if (!trip.towns.includes(p.townCode)) {
      const message = `not a pick-up stop of trip ${trip.tripId} (stops: ${trip.towns.join(', ')})`;
      throw new AppError(400, 'validation_failed', `townCode: ${message}`, {
        issues: [{ path: 'townCode', message }],
      });
    }
    if (trip.passengers.length >= trip.seats) {
      throw new AppError(409, 'trip_full', `trip ${trip.tripId} is full (${trip.seats} seats)`, {
        issues: [{ path: 'workerId', message: `no free seat: all ${trip.seats} are taken` }],
      });
    }
    return {
      write: {
        ...trip,
        passengers: [...trip.passengers, { workerId: p.workerId, townCode: p.townCode, firmId: p.firmId }],
        updatedAt: at,
        history: [...trip.history, event(actor, 'seat_added', at, p.workerId)],
      },
    };
  };
}

/**
 * Seats as many of `ps` as there are free seats, in order, leaving out those already on the trip or whose
 * town is not one of its stops (a batch filling free seats; the caller sees who got on from the result).
 * Refused (409) only when the trip no longer takes passengers; nothing to add changes nothing.
 */
export function addPassengers(ps: readonly TripPassenger[], actor: Actor, at: string) {
  return (trip: TripDoc): Mutation<TripDoc> => {
    if (!OPEN.includes(trip.status)) refuseState(trip, 'take passengers');
    const on = new Set(trip.passengers.map((x) => x.workerId));
    const fresh = ps
      .filter((p) => !on.has(p.workerId) && trip.towns.includes(p.townCode))
      .slice(0, Math.max(0, trip.seats - trip.passengers.length));
    if (fresh.length === 0) return { keep: true };
    return {
      write: {
        ...trip,
        passengers: [
          ...trip.passengers,
          ...fresh.map((p) => ({ workerId: p.workerId, townCode: p.townCode, firmId: p.firmId })),
        ],
        updatedAt: at,
        history: [...trip.history, ...fresh.map((p) => event(actor, 'seat_added', at, p.workerId))],
      },
    };
  };
}

/** Frees a worker's seat (before departure); a worker not on the trip is a 404. */
export function removePassenger(workerId: string, actor: Actor, at: string) {
  return (trip: TripDoc): Mutation<TripDoc> => {
    if (!trip.passengers.some((x) => x.workerId === workerId)) {
      throw new AppError(404, 'not_found', `worker ${workerId} is not on trip ${trip.tripId}`, {
        issues: [{ path: 'workerId', message: 'not on this trip' }],
      });
    }
    if (!OPEN.includes(trip.status)) refuseState(trip, 'drop passengers');
    return {
      write: {
        ...trip,
        passengers: trip.passengers.filter((x) => x.workerId !== workerId),
        updatedAt: at,
        history: [...trip.history, event(actor, 'seat_removed', at, workerId)],
      },
    };
  };
}

/** The trip arrived: every passenger arrived now except those named absent (who must be passengers). */
export function arrive(absent: readonly string[], actor: Actor, at: string) {
  return (trip: TripDoc): Mutation<TripDoc> => {
    const unknown = absent.filter((w) => !trip.passengers.some((p) => p.workerId === w));
    if (unknown.length > 0) {
      throw new AppError(
        400,
        'validation_failed',
        `absent names workers not on the trip: ${unknown.join(', ')}`,
        {
          issues: [{ path: 'absent', message: `not passengers: ${unknown.join(', ')}` }],
        },
      );
    }
    const missing = new Set(absent);
    const passengers = trip.passengers.map((p) =>
      missing.has(p.workerId) ? { ...p, absent: true } : { ...p, arrivedAt: at },
    );
    return transition('arrived', actor, at, { passengers })(trip);
  };
}
