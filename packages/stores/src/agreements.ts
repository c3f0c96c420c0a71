import type { estypes } from '@elastic/elasticsearch';
import type { AgreementDoc } from '@fugong/documents';
import { type AgreementStatus, pageOffset } from '@fugong/schemas';
import { engineCall, getVersioned, searchDocuments, type Versioned } from '@fugong/search';
import type { StoreContext } from './engine.ts';
import { type Mutation, updateWithRetry, writeIfUnchanged } from './occ.ts';

export type {
  Acceptance,
  AgreementDoc,
  AgreementMatch,
  AgreementParties,
  HistoryEntry,
  HistoryEvent,
} from '@fugong/documents';

/** What the agreement list filters on (an employer's firm is decided by the caller: actingFirm). */
export interface AgreementFilter {
  /** Agreements this firm lends to or borrows from. */
  firmId?: string | undefined;
  status?: AgreementStatus | undefined;
  page: number;
  size: number;
}

/**
 * The `swap-agreements` index: written only by swap (proposals, acceptances with their reservation lease,
 * transitions, the repair); read by swap and, for its parties, by the intent-worker (`ownersOf`,
 * references.ts). Every write of an existing agreement is optimistic-concurrency guarded.
 */
export class AgreementStore {
  private readonly ctx: StoreContext;
  private readonly index: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.index = ctx.names.agreements;
  }

  /** The agreement with its version, read in real time (no refresh needed); undefined when unknown. */
  get(id: string): Promise<Versioned<AgreementDoc> | undefined> {
    return getVersioned<AgreementDoc>(this.ctx.es, { index: this.index, id });
  }

  /** Several agreements with their versions, in the order asked (undefined for an unknown one): one `_mget`. */
  async getMany(ids: readonly string[]): Promise<Array<Versioned<AgreementDoc> | undefined>> {
    if (ids.length === 0) return [];
    const res = await engineCall(() => this.ctx.es.mget<AgreementDoc>({ index: this.index, ids: [...ids] }));
    return res.docs.map((d) => {
      const found = 'found' in d && d.found ? d : undefined;
      if (!found?._source || found._seq_no === undefined || found._primary_term === undefined)
        return undefined;
      return { doc: found._source, seqNo: found._seq_no, primaryTerm: found._primary_term };
    });
  }

  /** Stores a new agreement (op_type create: an existing id is a 409), listed when this returns. */
  async create(doc: AgreementDoc): Promise<void> {
    await engineCall(() =>
      this.ctx.es.create({ index: this.index, id: doc.id, document: doc, refresh: 'wait_for' }),
    );
  }

  /** Writes `doc` if the agreement is still at `seen`'s version; false when someone wrote first. */
  writeIfUnchanged(
    doc: AgreementDoc,
    seen: Pick<Versioned<AgreementDoc>, 'seqNo' | 'primaryTerm'>,
    refresh: false | 'wait_for' = false,
  ): Promise<Versioned<AgreementDoc> | false> {
    return writeIfUnchanged(this.ctx.es, this.index, doc.id, doc, seen, refresh);
  }

  /** Read-modify-write until it wins (see updateWithRetry); an unknown id is a 404. */
  update(
    id: string,
    mutate: (current: AgreementDoc) => Mutation<AgreementDoc>,
    opts: { refresh?: false | 'wait_for' } = {},
  ): Promise<{ doc: AgreementDoc; changed: boolean }> {
    return updateWithRetry<AgreementDoc>(this.ctx.es, this.index, id, 'agreement', mutate, opts);
  }

  /** One page, newest first (ties by id), by firm (either side) and status; near real time. */
  async list(filter: AgreementFilter): Promise<{ total: number; items: AgreementDoc[] }> {
    const clauses: estypes.QueryDslQueryContainer[] = [];
    if (filter.firmId) {
      const should = [{ term: { lenderFirmId: filter.firmId } }, { term: { borrowerFirmId: filter.firmId } }];
      clauses.push({ bool: { should, minimum_should_match: 1 } });
    }
    if (filter.status) clauses.push({ term: { status: filter.status } });
    const page = await searchDocuments<AgreementDoc>(this.ctx.es, {
      index: this.index,
      query: { bool: { filter: clauses } },
      sort: [{ createdAt: 'desc' }, { id: 'asc' }],
      from: pageOffset(filter.page, filter.size),
      size: filter.size,
      track_total_hits: true,
    });
    return { total: page.total, items: page.docs };
  }
}
