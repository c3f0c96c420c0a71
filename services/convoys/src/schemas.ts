import { CalendarDay, GeoPoint, Id, Page } from '@fugong/schemas';
import { z } from 'zod';

/** The request and response shapes of the convoy routes (they become the OpenAPI contract). */

const Code = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'a GB/T 2260 code or a local code: letters, digits, _ -');

export const TravellerInput = z
  .strictObject({
    workerId: Id,
    origin: z.strictObject({
      townCode: Code.describe('the pick-up town (乡镇/街道) code'),
      districtCode: Code.describe('its district: towns of one district may share a vehicle'),
      point: GeoPoint,
    }),
    destination: z.strictObject({
      firmId: Id,
      districtCode: Code.describe("the firm's district: one vehicle serves one destination district"),
      point: GeoPoint.describe("the firm's gate"),
    }),
    earliest: CalendarDay.describe('first acceptable departure day (e.g. from the worker’s availableFrom)'),
    latest: CalendarDay.describe('last acceptable departure day'),
  })
  .meta({ id: 'ConvoyTraveller' });

export const VehicleTypeInput = z
  .strictObject({
    id: Id,
    seats: z.number().int().min(1).max(80),
    costPerVehicle: z.number().min(0).max(1_000_000).describe('yuan per vehicle'),
    costPerKm: z.number().min(0).max(1_000).describe('yuan per road km'),
  })
  .meta({ id: 'ConvoyVehicleType' });

export const DEFAULT_VEHICLES = [
  { id: 'bus-45', seats: 45, costPerVehicle: 1500, costPerKm: 6 },
  { id: 'bus-19', seats: 19, costPerVehicle: 800, costPerKm: 4 },
];

const planOptions = {
  vehicleTypes: z
    .array(VehicleTypeInput)
    .min(1)
    .max(10)
    .optional()
    .describe('default: a 45-seat coach (1,500 + 6/km) and a 19-seat bus (800 + 4/km)'),
  mergeTowns: z.boolean().default(true).describe('towns of one district may share a vehicle, one stop each'),
  maxStops: z.number().int().min(1).max(8).default(4),
  timeBudgetMs: z.number().int().min(10).max(60_000).default(2_000),
  roadFactor: z.number().min(1).max(3).default(1.3).describe('road km per great-circle km'),
  fillExisting: z
    .boolean()
    .default(true)
    .describe(
      'seat travellers on existing planned or confirmed trips with free seats (same destination district, ' +
        'a stop in their town, leaving in their window) before planning new vehicles for the rest',
    ),
};

export const PlanInput = z
  .strictObject({ travellers: z.array(TravellerInput).min(1).max(20_000), ...planOptions })
  .meta({ id: 'ConvoyPlanInput' });
export type PlanInput = z.infer<typeof PlanInput>;

export const TripStatus = z.enum(['planned', 'confirmed', 'departed', 'arrived', 'cancelled']);

const Point = z.object({ lat: z.number(), lon: z.number() });

export const PassengerView = z
  .object({
    workerId: z.string(),
    townCode: z.string(),
    firmId: z.string(),
    arrivedAt: z.string().optional(),
    absent: z.boolean().optional(),
  })
  .meta({ id: 'ConvoyPassenger' });

export const TripView = z
  .object({
    tripId: z.string(),
    planId: z.string(),
    status: TripStatus,
    vehicleType: z.string(),
    seats: z.number().int(),
    seatsTaken: z.number().int(),
    departureDate: z.string(),
    originDistrict: z.string(),
    originName: z.string().optional().describe('the origin district’s name (昭通市), when the code is known'),
    destinationDistrict: z.string(),
    destinationName: z.string().optional().describe('the destination district’s name, when known'),
    stops: z.array(
      z.object({
        townCode: z.string(),
        name: z.string().optional().describe('the town’s (or district’s) full name, when the code is known'),
        point: Point,
      }),
    ),
    destinationPoint: Point,
    km: z.number(),
    cost: z.number().optional().describe('bureau only'),
    firmIds: z.array(z.string()).describe("for a firm's key: its own id only"),
    passengers: z
      .array(PassengerView)
      .describe('the bureau sees all; a firm its own workers; a site the one seeker it asked for'),
    firmConfirmations: z.array(z.string()),
    requestedBy: z
      .string()
      .optional()
      .describe('the firm whose request planned the trip, for the bureau to confirm or cancel'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ConvoyTrip' });
export type TripView = z.infer<typeof TripView>;

export const PlanGroupView = z.object({
  originDistrict: z.string(),
  destinationDistrict: z.string(),
  departureDate: z.string(),
  towns: z.array(z.string()),
  travellers: z.number().int(),
  vehicles: z.number().int(),
  cost: z.number().optional().describe('bureau only'),
  lowerBound: z.number().optional().describe('bureau only'),
  method: z.enum(['exact', 'greedy']),
});

export const PlanResult = z
  .object({
    planId: z.string(),
    totals: z.object({
      travellers: z.number().int(),
      vehicles: z.number().int(),
      seats: z.number().int(),
      cost: z.number().optional().describe('bureau only'),
      lowerBound: z
        .number()
        .optional()
        .describe('bureau only: no plan of these travellers costs less (each at its cheapest cost per seat)'),
    }),
    greedyGroups: z.number().int().describe('groups planned by the greedy fallback (time budget spent)'),
    elapsedMs: z.number(),
    groups: z.array(PlanGroupView),
    trips: z.array(TripView).describe('the new trips (totals and groups count only these)'),
    seatedOnExisting: z
      .array(z.object({ workerId: z.string(), tripId: z.string() }))
      .describe('travellers given a free seat on an existing trip instead of a new vehicle'),
  })
  .meta({ id: 'ConvoyPlan' });

export const TripParams = z.strictObject({ tripId: Id });
export const PassengerParams = z.strictObject({ tripId: Id, workerId: Id });

export const TripListQuery = Page.extend({
  planId: Id.optional(),
  status: TripStatus.optional(),
  firmId: Id.optional().describe("a firm's key sees its own trips only"),
  workerId: Id.optional().describe('required for a site key: the seeker whose trip it shows'),
  departureDate: CalendarDay.optional(),
}).strict();

export const TripList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(TripView),
  })
  .meta({ id: 'ConvoyTripList' });

export const AddPassengerInput = z
  .strictObject({ workerId: Id, townCode: Code, firmId: Id })
  .meta({ id: 'ConvoyAddPassenger' });

export const ArriveInput = z
  .strictObject({
    absent: z
      .array(Id)
      .max(80)
      .default([])
      .describe('passengers who did not arrive; everyone else arrived now'),
  })
  .meta({ id: 'ConvoyArrive' });

export const CancelInput = z.strictObject({ reason: z.string().max(500).optional() });

export const ManifestQuery = z.strictObject({
  view: z
    .enum(['bureau', 'driver'])
    .optional()
    .describe(
      "bureau keys: the full list (default) or the driver's masked one; firms always get the masked one",
    ),
});

export const ManifestRow = z.object({
  seat: z.number().int(),
  workerId: z.string(),
  name: z.string(),
  phone: z.string(),
  townCode: z.string(),
  firmId: z.string(),
});

export const Manifest = z
  .object({
    tripId: z.string(),
    view: z.enum(['bureau', 'driver', 'firm']),
    departureDate: z.string(),
    vehicleType: z.string(),
    stops: z.array(z.string()),
    destinationDistrict: z.string(),
    rows: z.array(ManifestRow),
  })
  .meta({ id: 'ConvoyManifest' });
export type Manifest = z.infer<typeof Manifest>;

export const FromOffersInput = z
  .strictObject({
    firmId: Id.optional().describe("only this firm's accepted offers (a firm's key: its own, the default)"),
    workerIds: z
      .array(Id)
      .min(1)
      .max(1000)
      .optional()
      .describe('only these workers (a firm requesting a trip for some of its hires)'),
    departFrom: CalendarDay.describe('the first day of the campaign’s departures'),
    windowDays: z
      .number()
      .int()
      .min(0)
      .max(30)
      .default(3)
      .describe('days after a worker’s first day they may leave'),
    minDistanceKm: z
      .number()
      .min(0)
      .max(5_000)
      .default(100)
      .describe('nearer workers travel by ordinary means'),
    maxPairs: z.number().int().min(1).max(10_000).default(5_000),
    ...planOptions,
  })
  .meta({ id: 'ConvoyFromOffersInput' });

export const FromOffersResult = PlanResult.extend({
  considered: z.number().int().describe('accepted pairs read'),
  skipped: z.object({
    missing: z.number().int(),
    noPlace: z.number().int(),
    near: z.number().int(),
    alreadySeated: z.number().int(),
    duplicate: z.number().int(),
  }),
}).meta({ id: 'ConvoyPlanFromOffers' });
