import type { estypes } from '@elastic/elasticsearch';
import { pageOffset, UnavailableError } from '@fugong/schemas';
import {
  bulkWrite,
  getVersioned,
  itemFailure,
  searchDocuments,
  transientItemFailure,
  type Versioned,
} from '@fugong/search';
import type { StoreContext } from './engine.ts';
import { type Mutation, updateWithRetry } from './occ.ts';

/** A trip's lifecycle: planned → confirmed → departed → arrived; cancelled from planned or confirmed. */
export type TripStatus = 'planned' | 'confirmed' | 'departed' | 'arrived' | 'cancelled';

/** One seat taken: who, from which pick-up town, to which firm's gate; when they arrived (per worker). */
export interface TripPassenger {
  workerId: string;
  townCode: string;
  firmId: string;
  arrivedAt?: string;
  /** Did not board or did not arrive (recorded at arrival). */
  absent?: boolean;
}

/** Who changed a trip and how (the trip's own audit trail). */
export interface TripEvent {
  event: string;
  at: string;
  keyId: string;
  firmId?: string;
  workerId?: string;
}

/** One vehicle of a plan (`convoy-trips`, id `tripId`). */
export interface TripDoc {
  tripId: string;
  planId: string;
  status: TripStatus;
  vehicleType: string;
  seats: number;
  departureDate: string;
  originDistrict: string;
  destinationDistrict: string;
  /** Pick-up stops in driving order. */
  stops: Array<{ townCode: string; point: { lat: number; lon: number } }>;
  towns: string[];
  destinationPoint: { lat: number; lon: number };
  km: number;
  cost: number;
  passengers: TripPassenger[];
  /** Derived from the passengers on every write: which firms' gates the trip goes to, who rides it. */
  firmIds: string[];
  workerIds: string[];
  /** Receiving firms that confirmed the trip to their gate. */
  firmConfirmations: string[];
  /** The firm whose request planned the trip (POST …/from-offers with its key); absent for the bureau's plans. */
  requestedBy?: string;
  history: TripEvent[];
  createdAt: string;
  updatedAt: string;
}

/** What a trip list filters on (an employer's or a site's scope is decided by the caller). */
export interface TripFilter {
  planId?: string | undefined;
  status?: TripStatus | undefined;
  firmId?: string | undefined;
  workerId?: string | undefined;
  departureDate?: string | undefined;
  page: number;
  size: number;
}

/** The passenger-derived keys of a trip, recomputed on every write so searches by firm and worker hold. */
export function withDerived(doc: TripDoc): TripDoc {
  return {
    ...doc,
    firmIds: [...new Set(doc.passengers.map((p) => p.firmId))].sort(),
    workerIds: doc.passengers.map((p) => p.workerId),
  };
}

/**
 * The `convoy-trips` index: written and read by the convoys service only. Every change of an existing trip
 * is a read-modify-write with if_seq_no/if_primary_term (occ.ts), so concurrent seat changes never
 * over-assign a vehicle.
 */
export class ConvoyTripStore {
  private readonly ctx: StoreContext;
  private readonly index: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.index = ctx.names.convoyTrips;
  }

  /** The trip with its version, in real time; undefined when unknown. */
  get(tripId: string): Promise<Versioned<TripDoc> | undefined> {
    return getVersioned<TripDoc>(this.ctx.es, { index: this.index, id: tripId });
  }

  /**
   * Stores a plan's new trips in one `_bulk` of creates, visible to lists when this returns. A failed item
   * (none is expected: the ids are new) deletes the ones written, so a plan is stored whole or not at all.
   */
  async createMany(docs: readonly TripDoc[]): Promise<void> {
    if (docs.length === 0) return;
    const outcome = await bulkWrite(
      this.ctx.es,
      docs.map((d) => ({ action: 'create', index: this.index, id: d.tripId, doc: withDerived(d) })),
      { refresh: 'wait_for' },
    );
    if (outcome.failed > 0) {
      const written = outcome.items.filter((i) => i.ok).map((i) => i.id);
      if (written.length > 0) {
        await bulkWrite(
          this.ctx.es,
          written.map((id) => ({ action: 'delete', index: this.index, id })),
          { refresh: 'wait_for' },
        );
      }
      // The reason goes to the log with a 500, never to the client (it names internal indices).
      const first = outcome.items.find((i) => !i.ok)!;
      if (!transientItemFailure(first)) throw itemFailure(first, 'trip');
      throw new UnavailableError(
        'search engine',
        'the plan could not be stored (the search engine is overloaded or read-only); nothing was kept, retry shortly',
      );
    }
  }

  /** Read-modify-write until it wins (updateWithRetry); `mutate` may throw to refuse; unknown id → 404. */
  update(
    tripId: string,
    mutate: (current: TripDoc) => Mutation<TripDoc>,
  ): Promise<{ doc: TripDoc; changed: boolean }> {
    return updateWithRetry<TripDoc>(
      this.ctx.es,
      this.index,
      tripId,
      'trip',
      (current) => {
        const decision = mutate(current);
        return 'keep' in decision ? decision : { write: withDerived(decision.write) };
      },
      { refresh: 'wait_for' },
    );
  }

  /** Which of these workers already hold a seat on a trip that has not ended (planned, confirmed, departed). */
  async seated(workerIds: readonly string[]): Promise<Set<string>> {
    return new Set((await this.seatedOn(workerIds)).keys());
  }

  /** The trip (that has not ended) on which each of these workers holds a seat; absent when none. */
  async seatedOn(workerIds: readonly string[]): Promise<Map<string, { tripId: string; status: TripStatus }>> {
    const out = new Map<string, { tripId: string; status: TripStatus }>();
    const wanted = new Set(workerIds);
    for (let i = 0; i < workerIds.length; i += 1000) {
      const chunk = workerIds.slice(i, i + 1000);
      const page = await searchDocuments<Pick<TripDoc, 'workerIds' | 'tripId' | 'status'>>(this.ctx.es, {
        index: this.index,
        query: {
          bool: {
            filter: [
              { terms: { workerIds: chunk } },
              { terms: { status: ['planned', 'confirmed', 'departed'] } },
            ],
          },
        },
        _source: ['workerIds', 'tripId', 'status'],
        size: 10_000,
      });
      for (const d of page.docs)
        for (const w of d.workerIds) if (wanted.has(w)) out.set(w, { tripId: d.tripId, status: d.status });
    }
    return out;
  }

  /**
   * Trips that still take passengers (planned or confirmed) to `destinationDistrict`, stopping in one of
   * `towns`, leaving between `from` and `to`: where new travellers may fill free seats before new vehicles
   * are planned. Near real time; the seat itself is taken by {@link update}, which refuses a full trip.
   */
  async openTrips(sel: {
    destinationDistrict: string;
    towns: readonly string[];
    from: string;
    to: string;
  }): Promise<TripDoc[]> {
    const page = await searchDocuments<TripDoc>(this.ctx.es, {
      index: this.index,
      query: {
        bool: {
          filter: [
            { terms: { status: ['planned', 'confirmed'] } },
            { term: { destinationDistrict: sel.destinationDistrict } },
            { terms: { towns: [...sel.towns] } },
            { range: { departureDate: { gte: sel.from, lte: sel.to } } },
          ],
        },
      },
      sort: [{ departureDate: 'asc' }, { tripId: 'asc' }],
      size: 1000,
    });
    return page.docs;
  }

  /**
   * Workers delivered by 返岗专车 per day in Asia/Shanghai, `from`…`to` inclusive: the passengers of arrived
   * trips who were not marked absent, counted on the day of their `arrivedAt`, in total and by the trip's
   * destination district. A trip's arrival is its last change (arrived is final), so `updatedAt` selects the
   * trips; they are read in pages of 1,000 by trip id (a campaign has a few thousand), only the fields counted.
   */
  async arrivalsByDay(
    from: string,
    to: string,
  ): Promise<Map<string, { total: number; byDistrict: Map<string, number> }>> {
    const out = new Map<string, { total: number; byDistrict: Map<string, number> }>();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await searchDocuments<Pick<TripDoc, 'passengers' | 'destinationDistrict'>>(this.ctx.es, {
        index: this.index,
        query: {
          bool: {
            filter: [
              { term: { status: 'arrived' } },
              { range: { updatedAt: { gte: from, lte: `${to}||/d`, time_zone: 'Asia/Shanghai' } } },
            ],
          },
        },
        _source: ['passengers.arrivedAt', 'passengers.absent', 'destinationDistrict'],
        sort: [{ tripId: 'asc' }],
        size: 1000,
        ...(after ? { search_after: after } : {}),
      });
      for (const { doc } of page.hits) {
        for (const p of doc.passengers ?? []) {
          if (p.absent || !p.arrivedAt) continue;
          const d = day.format(new Date(p.arrivedAt));
          if (d < from || d > to) continue;
          const entry = out.get(d) ?? { total: 0, byDistrict: new Map<string, number>() };
          out.set(d, entry);
          entry.total++;
          entry.byDistrict.set(
            doc.destinationDistrict,
            (entry.byDistrict.get(doc.destinationDistrict) ?? 0) + 1,
          );
        }
      }
      const last = page.hits.at(-1);
      if (page.hits.length < 1000 || !last?.sort) break;
      after = last.sort;
    }
    return out;
  }

  /** One page, by departure day then trip id; near real time. */
  async list(filter: TripFilter): Promise<{ total: number; items: TripDoc[] }> {
    const clauses: estypes.QueryDslQueryContainer[] = [];
    if (filter.planId) clauses.push({ term: { planId: filter.planId } });
    if (filter.status) clauses.push({ term: { status: filter.status } });
    if (filter.firmId) clauses.push({ term: { firmIds: filter.firmId } });
    if (filter.workerId) clauses.push({ term: { workerIds: filter.workerId } });
    if (filter.departureDate) clauses.push({ term: { departureDate: filter.departureDate } });
    const page = await searchDocuments<TripDoc>(this.ctx.es, {
      index: this.index,
      query: { bool: { filter: clauses } },
      sort: [{ departureDate: 'asc' }, { tripId: 'asc' }],
      from: pageOffset(filter.page, filter.size),
      size: filter.size,
      track_total_hits: true,
    });
    return { total: page.total, items: page.docs };
  }
}
