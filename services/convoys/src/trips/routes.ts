import { randomUUID } from 'node:crypto';
import type { Api } from '@fugong/http';
import { AppError, NotFoundError, type Principal, ValidationError } from '@fugong/schemas';
import type { Response } from 'express';
import { type Stores, type TripDoc, withDerived } from '@fugong/stores';
import { fillFreeSeats } from '../plan/fill.ts';
import { travellersFromOffers } from '../plan/from-offers.ts';
import { type PlanTraveller, planConvoys, type VehicleType } from '../plan/planner.ts';
import {
  AddPassengerInput,
  ArriveInput,
  CancelInput,
  DEFAULT_VEHICLES,
  FromOffersInput,
  FromOffersResult,
  PassengerParams,
  PlanInput,
  PlanResult,
  TripList,
  TripListQuery,
  TripParams,
  type TripView,
  TripView as TripViewSchema,
} from '../schemas.ts';
import { addPassenger, arrive, firmConfirm, removePassenger, transition } from './rules.ts';
import { resolvePlace } from '@fugong/text';
import { z } from 'zod';

const tags = ['convoys'];

/** Who acted, for the trip's history. */
const actorOf = (p: Principal) => ({
  keyId: p.keyId,
  ...(p.role === 'employer' ? { firmId: p.firmId } : {}),
});

/** `{ [field]: name }` for a code the place table knows (GB/T 2260 or a town's nine digits), else nothing. */
function named<F extends string>(field: F, code: string, which: 'name' | 'fullName') {
  const place = /^\d{6}(\d{3})?$/.test(code) ? resolvePlace(code) : undefined;
  return (place ? { [field]: place[which] } : {}) as Partial<Record<F, string>>;
}

/**
 * What a key sees of a trip: the bureau all of it; a receiving firm the trip with its own workers only (no
 * other firm's ids, no cost); a site the trip with the one seeker it asked about.
 */
export function tripView(trip: TripDoc, principal: Principal, workerId?: string): TripView {
  const { history: _h, towns: _t, workerIds: _w, ...rest } = trip;
  const base = {
    ...rest,
    ...named('originName', trip.originDistrict, 'name'),
    ...named('destinationName', trip.destinationDistrict, 'name'),
    stops: trip.stops.map((s) => ({ ...s, ...named('name', s.townCode, 'fullName') })),
    seatsTaken: trip.passengers.length,
  };
  if (principal.role === 'bureau') return TripViewSchema.parse(base);
  // Cost and another firm's request are the bureau's to see.
  const { cost: _c, requestedBy, ...noCost } = base;
  if (principal.role === 'employer') {
    const own = principal.firmId;
    return TripViewSchema.parse({
      ...noCost,
      ...(requestedBy === own ? { requestedBy } : {}),
      firmIds: [own],
      passengers: trip.passengers.filter((p) => p.firmId === own),
      firmConfirmations: trip.firmConfirmations.filter((f) => f === own),
    });
  }
  return TripViewSchema.parse({
    ...noCost,
    firmIds: [],
    passengers: trip.passengers.filter((p) => p.workerId === workerId),
    firmConfirmations: [],
  });
}

/**
 * A site sees the trips of seekers who consented through it only (the consent kept with the private
 * profile), as the matcher's intentions and recommendations do: another site's seeker is a 403.
 */
async function assertSiteSeeker(stores: Stores, principal: Principal, workerId: string): Promise<void> {
  if (principal.role !== 'site') return;
  const consent = await stores.workers.getConsent(workerId);
  if (consent?.consent.via !== principal.siteId) {
    const message = 'a site sees the trips of seekers who consented through it only';
    throw new AppError(403, 'forbidden', message, { issues: [{ path: 'workerId', message }] });
  }
}

/** Reads a trip the key may see, or 404 (a firm asking for a trip not to its gates learns nothing). */
export async function visibleTrip(
  stores: Stores,
  tripId: string,
  principal: Principal,
  workerId?: string,
): Promise<TripDoc> {
  if (principal.role === 'site' && workerId !== undefined)
    await assertSiteSeeker(stores, principal, workerId);
  const found = await stores.convoyTrips.get(tripId);
  const trip = found?.doc;
  const visible =
    trip &&
    (principal.role === 'bureau' ||
      (principal.role === 'employer' && trip.firmIds.includes(principal.firmId)) ||
      (principal.role === 'site' && workerId !== undefined && trip.workerIds.includes(workerId)));
  if (!visible) throw new NotFoundError(`trip ${tripId}`);
  return trip;
}

const TripGetQuery = z.strictObject({
  workerId: z.string().min(1).max(128).optional().describe('required for a site key: the seeker on the trip'),
});

/** The plan, the trips and their lifecycle. */
export function registerTripRoutes(api: Api, stores: Stores, now: () => Date): void {
  api.route({
    method: 'post',
    path: '/v1/convoys/plans',
    operationId: 'planConvoys',
    summary: 'Plan vehicles for travellers and store them as planned trips (the bureau)',
    description:
      'Groups travellers by origin town, destination district and a departure day in everyone’s window; ' +
      'picks the cheapest vehicle mix per group exactly (fewer vehicles on a tie), lets towns of one district ' +
      'share vehicles with one stop each when that costs less, and keeps workers of one firm together. Past ' +
      'the time budget the remaining groups get the greedy mix (largest vehicle first), counted in ' +
      '`greedyGroups`. The trips are stored whole or not at all.',
    tags,
    auth: ['bureau'],
    body: PlanInput,
    responses: { 201: { description: 'the plan and its stored trips', schema: PlanResult } },
    handler: async ({ body, principal }, _req, res) => {
      const seen = new Map<string, number>();
      body.travellers.forEach((t, i) => {
        if (t.earliest > t.latest) {
          const message = `latest (${t.latest}) is before earliest (${t.earliest})`;
          throw new ValidationError(`travellers.${i}.latest: ${message}`, [
            { path: `travellers.${i}.latest`, message },
          ]);
        }
        const before = seen.get(t.workerId);
        if (before !== undefined) {
          const message = `worker ${t.workerId} is listed twice (also at ${before})`;
          throw new ValidationError(`travellers.${i}.workerId: ${message}`, [
            { path: `travellers.${i}.workerId`, message },
          ]);
        }
        seen.set(t.workerId, i);
      });
      const types = vehicleTypes(body.vehicleTypes);
      const onTrips = await stores.convoyTrips.seatedOn([...seen.keys()]);
      if (onTrips.size > 0) {
        const issues = [...onTrips].map(([workerId, trip]) => ({
          path: `travellers.${seen.get(workerId)}.workerId`,
          message: `worker ${workerId} already holds a seat on trip ${trip.tripId} (${trip.status}); free it first`,
        }));
        throw new AppError(
          409,
          'already_seated',
          `${issues.length} traveller(s) already hold a seat on a trip that has not ended: ${issues[0]!.message}`,
          { issues },
        );
      }
      return planAndStore(body.travellers, types, body, principal, res);
    },
  });

  /**
   * Seats what fits on existing trips (unless `fillExisting` is false), plans vehicles for the rest, stores
   * the new trips whole (201) and answers the plan with the trips as the caller sees them. When the new
   * trips cannot be stored, the seats just taken on existing trips are given back before the error goes out.
   */
  async function planAndStore(
    travellers: PlanTraveller[],
    types: VehicleType[],
    options: {
      mergeTowns: boolean;
      maxStops: number;
      timeBudgetMs: number;
      roadFactor: number;
      fillExisting: boolean;
    },
    principal: Principal,
    res: Response,
  ) {
    const at = now().toISOString();
    const actor = actorOf(principal);
    const filled = options.fillExisting
      ? await fillFreeSeats(stores, travellers, actor, at)
      : { seated: [], rest: travellers };
    const plan = planConvoys(filled.rest, types, options);
    const planId = `plan-${randomUUID()}`;
    const width = String(plan.vehicles.length).length;
    const trips: TripDoc[] = plan.vehicles.map((v, i) =>
      withDerived({
        tripId: `${planId}-${String(i + 1).padStart(width, '0')}`,
        planId,
        status: 'planned',
        vehicleType: v.vehicleType,
        seats: v.seats,
        departureDate: v.departureDate,
        originDistrict: v.originDistrict,
        destinationDistrict: v.destinationDistrict,
        stops: v.stops,
        towns: v.stops.map((s) => s.townCode),
        destinationPoint: v.destinationPoint,
        km: v.km,
        cost: v.cost,
        passengers: v.passengers,
        firmIds: [],
        workerIds: [],
        firmConfirmations: [],
        history: [{ event: principal.role === 'employer' ? 'requested' : 'planned', at, ...actor }],
        ...(principal.role === 'employer' ? { requestedBy: principal.firmId } : {}),
        createdAt: at,
        updatedAt: at,
      }),
    );
    try {
      await stores.convoyTrips.createMany(trips);
    } catch (err) {
      for (const s of filled.seated) {
        await stores.convoyTrips
          .update(s.tripId, removePassenger(s.workerId, actor, at))
          .catch(() => undefined); // left seated: a retry sees them seated, nothing is doubled
      }
      throw err;
    }
    res.status(201);
    // Costs are the bureau's (its procurement prices), as on the trips themselves.
    const bureau = principal.role === 'bureau';
    const { cost: _c, lowerBound: _l, ...totalsNoCost } = plan.totals;
    return {
      planId,
      seatedOnExisting: filled.seated,
      totals: bureau ? plan.totals : totalsNoCost,
      greedyGroups: plan.greedyGroups,
      elapsedMs: plan.elapsedMs,
      groups: bureau ? plan.groups : plan.groups.map(({ cost: _gc, lowerBound: _gl, ...g }) => g),
      trips: trips.map((t) => tripView(t, principal)),
    };
  }

  /** Refuses a vehicle type listed twice (400 naming it). */
  function vehicleTypes(given: VehicleType[] | undefined): VehicleType[] {
    const types = given ?? DEFAULT_VEHICLES;
    const ids = new Set<string>();
    types.forEach((v, i) => {
      if (ids.has(v.id)) {
        const message = `vehicle type ${v.id} is listed twice`;
        throw new ValidationError(`vehicleTypes.${i}.id: ${message}`, [
          { path: `vehicleTypes.${i}.id`, message },
        ]);
      }
      ids.add(v.id);
    });
    return types;
  }

  api.route({
    method: 'post',
    path: '/v1/convoys/plans/from-offers',
    operationId: 'planConvoysFromOffers',
    summary:
      'Plan vehicles for workers with accepted offers far from home (the bureau; a firm for its hires)',
    description:
      'Takes the two-sided accepted worker–vacancy pairs (most recent first; optionally one firm’s), keeps ' +
      'the workers whose current place is at least `minDistanceKm` from the place of work and who hold no ' +
      'seat on a trip that has not ended, and plans them as POST /v1/convoys/plans does. A worker may leave ' +
      'from the later of `departFrom` and their `availableFrom`, within `windowDays`. `skipped` says why the ' +
      'other pairs were left out. A firm’s key requests trips for its own hires (optionally some of them, ' +
      '`workerIds`): the trips are stored as planned with a `requested` event, for the bureau to confirm or ' +
      'cancel, and the firm sees them as it sees any trip to its gates (its own workers, no cost).',
    tags,
    auth: ['bureau', 'employer'],
    body: FromOffersInput,
    responses: {
      201: { description: 'the plan and its stored trips', schema: FromOffersResult },
      403: { description: "a firm's key naming another firm" },
    },
    handler: async ({ body, principal }, _req, res) => {
      const types = vehicleTypes(body.vehicleTypes);
      let firmId = body.firmId;
      if (principal.role === 'employer') {
        // A firm requests trips for its own hires only; the bureau confirms (or cancels) what it asked for.
        if (firmId !== undefined && firmId !== principal.firmId) {
          const message = `an employer key requests trips for its own firm only (${principal.firmId})`;
          throw new AppError(403, 'forbidden', message, { issues: [{ path: 'firmId', message }] });
        }
        firmId = principal.firmId;
      }
      const found = await travellersFromOffers(stores, { ...body, firmId });
      const planned = await planAndStore(found.travellers, types, body, principal, res);
      return { ...planned, considered: found.considered, skipped: found.skipped };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/convoys/trips',
    operationId: 'listConvoyTrips',
    summary: 'Trips: the bureau all, a firm those to its gates, a site the trip of one seeker',
    tags,
    auth: ['bureau', 'employer', 'site'],
    query: TripListQuery,
    responses: {
      200: { description: 'one page, by departure day', schema: TripList },
      403: {
        description: 'a firm naming another firm; a site naming a seeker who did not consent through it',
      },
    },
    handler: async ({ query, principal }) => {
      let firmId = query.firmId;
      if (principal.role === 'employer') {
        if (firmId !== undefined && firmId !== principal.firmId) {
          throw new AppError(
            403,
            'forbidden',
            `an employer key sees its own firm's trips only (${principal.firmId})`,
          );
        }
        firmId = principal.firmId;
      }
      if (principal.role === 'site' && query.workerId === undefined) {
        const message = 'required for a site key: the seeker whose trip to show';
        throw new ValidationError(`workerId: ${message}`, [{ path: 'workerId', message }]);
      }
      if (principal.role === 'site' && query.workerId !== undefined)
        await assertSiteSeeker(stores, principal, query.workerId);
      const { total, items } = await stores.convoyTrips.list({ ...query, firmId });
      return {
        total,
        page: query.page,
        size: query.size,
        items: items.map((t) => tripView(t, principal, query.workerId)),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/v1/convoys/trips/{tripId}',
    operationId: 'getConvoyTrip',
    summary: 'One trip (a firm: only a trip to its gates; a site: only with a seeker on it)',
    tags,
    auth: ['bureau', 'employer', 'site'],
    params: TripParams,
    query: TripGetQuery,
    responses: {
      200: { description: 'the trip', schema: TripViewSchema },
      403: { description: 'a site naming a seeker who did not consent through it' },
      404: { description: 'unknown, or not visible to this key' },
    },
    handler: async ({ params, query, principal }) => {
      const trip = await visibleTrip(stores, params.tripId, principal, query.workerId);
      return tripView(trip, principal, query.workerId);
    },
  });

  api.route({
    method: 'post',
    path: '/v1/convoys/trips/{tripId}/confirm',
    operationId: 'confirmConvoyTrip',
    summary: 'Confirm a trip: the bureau confirms it runs; a receiving firm confirms it to its gate',
    tags,
    auth: ['bureau', 'employer'],
    params: TripParams,
    responses: {
      200: { description: 'the trip', schema: TripViewSchema },
      404: { description: 'unknown, or not to this firm' },
      409: { description: 'the trip has left or was cancelled' },
    },
    handler: async ({ params, principal }) => {
      const at = now().toISOString();
      const actor = actorOf(principal);
      if (principal.role === 'employer') {
        await visibleTrip(stores, params.tripId, principal);
        const { doc } = await stores.convoyTrips.update(
          params.tripId,
          firmConfirm(principal.firmId, actor, at),
        );
        return tripView(doc, principal);
      }
      const { doc } = await stores.convoyTrips.update(params.tripId, transition('confirmed', actor, at));
      return tripView(doc, principal);
    },
  });

  api.route({
    method: 'post',
    path: '/v1/convoys/trips/{tripId}/depart',
    operationId: 'departConvoyTrip',
    summary: 'The vehicle left (the bureau): seats are fixed from now on',
    tags,
    auth: ['bureau'],
    params: TripParams,
    responses: {
      200: { description: 'the trip', schema: TripViewSchema },
      404: { description: 'unknown trip' },
      409: { description: 'not confirmed' },
    },
    handler: async ({ params, principal }) => {
      const { doc } = await stores.convoyTrips.update(
        params.tripId,
        transition('departed', actorOf(principal), now().toISOString()),
      );
      return tripView(doc, principal);
    },
  });

  api.route({
    method: 'post',
    path: '/v1/convoys/trips/{tripId}/arrive',
    operationId: 'arriveConvoyTrip',
    summary: 'The vehicle arrived (the bureau): each passenger arrived now, except those named absent',
    tags,
    auth: ['bureau'],
    params: TripParams,
    body: ArriveInput,
    responses: {
      200: { description: 'the trip, with each passenger’s arrival', schema: TripViewSchema },
      404: { description: 'unknown trip' },
      409: { description: 'not departed' },
    },
    handler: async ({ params, body, principal }) => {
      const { doc } = await stores.convoyTrips.update(
        params.tripId,
        arrive(body.absent, actorOf(principal), now().toISOString()),
      );
      return tripView(doc, principal);
    },
  });

  api.route({
    method: 'post',
    path: '/v1/convoys/trips/{tripId}/cancel',
    operationId: 'cancelConvoyTrip',
    summary: 'Cancel a trip before it leaves (the bureau)',
    tags,
    auth: ['bureau'],
    params: TripParams,
    body: CancelInput,
    responses: {
      200: { description: 'the trip', schema: TripViewSchema },
      404: { description: 'unknown trip' },
      409: { description: 'already departed or arrived' },
    },
    handler: async ({ params, principal }) => {
      const { doc } = await stores.convoyTrips.update(
        params.tripId,
        transition('cancelled', actorOf(principal), now().toISOString()),
      );
      return tripView(doc, principal);
    },
  });

  api.route({
    method: 'post',
    path: '/v1/convoys/trips/{tripId}/passengers',
    operationId: 'addConvoyPassenger',
    summary: 'Seat a worker on a trip (the bureau); a full trip is a 409, never an extra seat',
    tags,
    auth: ['bureau'],
    params: TripParams,
    body: AddPassengerInput,
    responses: {
      200: { description: 'the trip', schema: TripViewSchema },
      404: { description: 'unknown trip' },
      409: { description: 'full, departed, cancelled, or the worker is on it to another firm' },
    },
    handler: async ({ params, body, principal }) => {
      const elsewhere = (await stores.convoyTrips.seatedOn([body.workerId])).get(body.workerId);
      if (elsewhere && elsewhere.tripId !== params.tripId) {
        const message = `already holds a seat on trip ${elsewhere.tripId} (${elsewhere.status}); free it first`;
        throw new AppError(409, 'already_seated', `worker ${body.workerId} ${message}`, {
          issues: [{ path: 'workerId', message }],
        });
      }
      const { doc } = await stores.convoyTrips.update(
        params.tripId,
        addPassenger(body, actorOf(principal), now().toISOString()),
      );
      return tripView(doc, principal);
    },
  });

  api.route({
    method: 'delete',
    path: '/v1/convoys/trips/{tripId}/passengers/{workerId}',
    operationId: 'removeConvoyPassenger',
    summary: 'Free a worker’s seat before departure (the bureau)',
    tags,
    auth: ['bureau'],
    params: PassengerParams,
    responses: {
      200: { description: 'the trip', schema: TripViewSchema },
      404: { description: 'unknown trip, or the worker is not on it' },
      409: { description: 'departed or cancelled' },
    },
    handler: async ({ params, principal }) => {
      const { doc } = await stores.convoyTrips.update(
        params.tripId,
        removePassenger(params.workerId, actorOf(principal), now().toISOString()),
      );
      return tripView(doc, principal);
    },
  });
}
