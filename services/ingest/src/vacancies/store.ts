import {
  type DocIssue,
  type VacancyDoc,
  vacancyContent,
  vacancyDocument,
  vacancyId,
} from '@fugong/documents';
import type { Runtime } from '@fugong/http';
import type { VacancyInput } from '@fugong/schemas';
import { transientItemFailure } from '@fugong/search';
import {
  FairStore,
  type StoredVacancy,
  VacancyStore,
  type VacancyWriteOp,
  type Versioned,
} from '@fugong/stores';
import { isDeepStrictEqual } from 'node:util';
import { ChangeSequence } from '../changes/sequence.ts';
import { checkFairRefs, type KnownFairs } from './fair-refs.ts';
import type { FirmCache } from './firms.ts';

/** One vacancy to write: `index` is its position in the caller's input (line or array index). */
export interface VacancyWrite {
  index: number;
  firmId: string;
  externalRef: string;
  input: VacancyInput;
}

export type WriteResult = 'created' | 'updated' | 'unchanged' | 'duplicate' | 'rejected';

/** What happened to one item; nothing is reported as stored that the engine did not acknowledge. */
export interface WriteOutcome {
  index: number;
  id: string;
  externalRef: string;
  result: WriteResult;
  /** For a duplicate: the vacancy it repeats (same firm, title, place and wage under another reference). */
  duplicateOf?: string;
  /** Rejection reasons, or warnings (an unknown place kept as text) on a stored item. */
  issues?: DocIssue[];
  /**
   * Why the engine refused a rejected item, when it was not for what the item holds: another writer came first
   * (`conflict`), or a refusal that passes (`passing`: send it again). What a single PUT answers (409, 503)
   * depends on it; not part of the bulk report.
   */
  refusal?: 'conflict' | 'passing';
}

/** How a batch is written; a bulk upload passes what it remembers across its batches. */
export interface WriteOptions {
  now?: Date;
  refresh?: boolean | 'wait_for';
  /** The upload's fingerprints: duplicates of earlier items the engine's search cannot see yet. */
  fingerprints?: UploadFingerprints;
  /** Fair ids the upload has already seen exist (no engine read for them again). */
  knownFairs?: KnownFairs;
}

/** What the index holds (documents and tombstones) is VacancyStore's type (@fugong/stores). */
export type { StoredVacancy, VacancyTombstone } from '@fugong/stores';

/** The issue of an item the engine refused for a moment (a write-blocked index during a migration, a full queue). */
const PASSING_REFUSAL =
  'the search engine is read-only or overloaded for a moment (an index migration, a full queue); nothing was stored: send this item again shortly';

/**
 * Writes a batch of vacancies the way every path does (one PUT is a batch of one; bulk imports send
 * hundreds): normalise, compare with what is stored (same content → "unchanged", no write), detect duplicates
 * by fingerprint, then one `_bulk` with optimistic concurrency on replacements and `create` for new documents,
 * each stamped with a change-feed sequence number in the same write. The engine requests are VacancyStore's
 * and FairStore's (three reads sent together, one `_bulk`); the rules are here.
 */
export async function writeVacancies(
  rt: Runtime,
  firms: FirmCache,
  items: readonly VacancyWrite[],
  opts: WriteOptions = {},
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = new Array(items.length);
  const claims: Array<{ k: number; settle: (stored: boolean) => void }> = [];
  try {
    return await writeBatch(rt, firms, items, opts, outcomes, claims);
  } finally {
    // Later items of the upload waiting on these fingerprints learn whether the item was stored.
    for (const c of claims) c.settle(isStored(outcomes[c.k]));
  }
}

const isStored = (o: WriteOutcome | undefined) =>
  o?.result === 'created' || o?.result === 'updated' || o?.result === 'unchanged';

async function writeBatch(
  rt: Runtime,
  firms: FirmCache,
  items: readonly VacancyWrite[],
  opts: WriteOptions,
  outcomes: WriteOutcome[],
  claims: Array<{ k: number; settle: (stored: boolean) => void }>,
): Promise<WriteOutcome[]> {
  const now = opts.now ?? new Date();
  // Stores hold only the client and the index names: building them per batch costs nothing.
  const vacancies = new VacancyStore(rt);
  const firmById = await firms.get(items.map((i) => i.firmId));
  const built: Array<{ k: number; doc: VacancyDoc; warnings: DocIssue[] }> = [];
  items.forEach((item, k) => {
    const id = vacancyId(item.firmId, item.externalRef);
    const firm = firmById.get(item.firmId);
    if (!firm) {
      outcomes[k] = reject(item, id, [
        { path: 'firmId', message: `unknown firm ${item.firmId}: the bureau registers firms first` },
      ]);
      return;
    }
    let normalised: ReturnType<typeof vacancyDocument>;
    try {
      normalised = vacancyDocument(item.externalRef, item.input, firm, now);
    } catch (err) {
      // One item that normalisation cannot handle is that item's failure, never its batch's (or an outage).
      rt.logger.error({ err, id }, 'vacancy normalisation failed');
      outcomes[k] = reject(item, id, [
        { path: '(item)', message: 'could not be normalised (an internal error, logged); check its values' },
      ]);
      return;
    }
    const { doc, issues } = normalised;
    const fatal = issues.filter((i) => i.path.startsWith('occupationCodes.'));
    if (fatal.length > 0) outcomes[k] = reject(item, id, fatal);
    else built.push({ k, doc, warnings: issues });
  });
  if (built.length === 0) return outcomes;
  const batch = {};
  if (opts.fingerprints) {
    for (const b of built) {
      const item = items[b.k]!;
      claims.push({
        k: b.k,
        settle: opts.fingerprints.claim(batch, b.doc.fingerprint, item.index, b.doc.id),
      });
    }
  }
  // Three independent reads, sent together (one round trip's wait instead of three in a row): the fairs the
  // batch names must exist (a typo would hide the vacancy from the fair), the stored documents (realtime
  // mget: compare, concurrency tokens), and the live owners of the batch's fingerprints (duplicates). Items
  // the fair check rejects or that already exist simply do not use the other answers.
  const [fairIssues, existing, owners] = await Promise.all([
    checkFairRefs(
      new FairStore(rt),
      built.map((b) => b.doc.fairIds),
      opts.knownFairs,
    ),
    vacancies.storedMany(built.map((b) => b.doc.id)),
    vacancies.fingerprintOwners(built.map((b) => b.doc.fingerprint)),
  ]);
  const checked = built.filter((b, n) => {
    const issues = fairIssues[n]!;
    if (issues.length > 0) outcomes[b.k] = reject(items[b.k]!, b.doc.id, issues);
    return issues.length === 0;
  });
  built.splice(0, built.length, ...checked);
  if (built.length === 0) return outcomes;
  // Only the fingerprints of items with no stored document (not even a tombstone) are checked for duplicates.
  const fresh = new Set(built.filter((b) => !existing.has(b.doc.id)).map((b) => b.doc.fingerprint));
  const taken = new Map([...owners].filter(([fingerprint]) => fresh.has(fingerprint)));

  const writes: Array<{
    k: number;
    op: 'create' | 'index';
    doc: VacancyDoc;
    meta?: Versioned<StoredVacancy>;
    warnings: DocIssue[];
  }> = [];
  for (const b of built) {
    const item = items[b.k]!;
    const prior = existing.get(b.doc.id);
    if (prior && prior.doc.status !== 'deleted') {
      const old = prior.doc as VacancyDoc & { changeSeq: number };
      const { changeSeq: _s, ...oldDoc } = old;
      if (isDeepStrictEqual(vacancyContent(oldDoc as VacancyDoc), vacancyContent(b.doc))) {
        outcomes[b.k] = {
          index: item.index,
          id: b.doc.id,
          externalRef: item.externalRef,
          result: 'unchanged',
          ...warn(b.warnings),
        };
        continue;
      }
      writes.push({
        k: b.k,
        op: 'index',
        doc: { ...b.doc, createdAt: old.createdAt },
        meta: prior,
        warnings: b.warnings,
      });
      continue;
    }
    let owner = taken.get(b.doc.fingerprint);
    if ((!owner || owner === b.doc.id) && !prior && opts.fingerprints) {
      owner = (await opts.fingerprints.earlierOwner(batch, b.doc.fingerprint, item.index, b.doc.id)) ?? owner;
    }
    if (owner && owner !== b.doc.id) {
      outcomes[b.k] = {
        index: item.index,
        id: b.doc.id,
        externalRef: item.externalRef,
        result: 'duplicate',
        duplicateOf: owner,
      };
      continue;
    }
    taken.set(b.doc.fingerprint, b.doc.id);
    // A tombstone is replaced (same id re-created) under concurrency control like any other document.
    writes.push({
      k: b.k,
      op: prior ? 'index' : 'create',
      doc: b.doc,
      ...(prior ? { meta: prior } : {}),
      warnings: b.warnings,
    });
  }
  if (writes.length === 0) return outcomes;

  const sequence = new ChangeSequence(rt.redis, rt.env.INDEX_PREFIX);
  const first = await sequence.allocate(writes.length);
  // Searchable on return when the write refreshed: then the range stops holding the feed's watermark at once.
  let visible = false;
  try {
    const ops: VacancyWriteOp[] = writes.map((w, n) => {
      const doc = { ...w.doc, changeSeq: first + n };
      return w.op === 'create' ? { action: 'create', doc } : { action: 'replace', doc, prior: w.meta! };
    });
    const results = await vacancies.write(ops, opts.refresh ?? false);
    visible = opts.refresh === 'wait_for' || opts.refresh === true;
    results.forEach((r, n) => {
      const w = writes[n]!;
      const item = items[w.k]!;
      if (r.ok) {
        outcomes[w.k] = {
          index: item.index,
          id: w.doc.id,
          externalRef: item.externalRef,
          result: w.op === 'create' ? 'created' : 'updated',
          ...warn(w.warnings),
        };
      } else {
        const refusal = r.status === 409 ? 'conflict' : transientItemFailure(r) ? 'passing' : undefined;
        // The engine's reason names its internals (mapping, parser): logged, not sent to the client.
        if (!refusal)
          rt.logger.error({ id: w.doc.id, type: r.errorType, reason: r.errorReason }, 'vacancy refused');
        const issue =
          refusal === 'conflict'
            ? { path: 'externalRef', message: 'written concurrently by another request; retry' }
            : {
                path: '(document)',
                message:
                  refusal === 'passing'
                    ? PASSING_REFUSAL
                    : 'the search engine refused this vacancy (logged): check that its numbers and dates are in range',
              };
        outcomes[w.k] = reject(item, w.doc.id, [issue], refusal);
      }
    });
  } finally {
    await sequence.settle(first, visible).catch(() => {});
  }
  return outcomes;
}

/**
 * The fingerprints of one upload's items, so an item repeating an earlier item of the same upload is found a
 * duplicate even before the engine's fingerprint search can see the earlier one (a search sees a write only
 * after the next refresh; batches follow each other faster than that). Each item claims its fingerprint when
 * its batch is normalised; a later item (higher input position) with the same fingerprint under another id
 * waits for the claim to settle: a duplicate if the earlier item was stored, written otherwise. Settled
 * claims are dropped once the search sees them (the change feed's visibility delay), so memory stays flat.
 */
export class UploadFingerprints {
  private readonly claims = new Map<
    string,
    Array<{ batch: object; index: number; id: string; stored: Promise<boolean>; settledAt?: number }>
  >();
  private settled: Array<{ fingerprint: string; at: number }> = [];
  private head = 0;

  private readonly visibleAfterMs: number;

  constructor(visibleAfterMs = ChangeSequence.VISIBILITY_MS) {
    this.visibleAfterMs = visibleAfterMs;
  }

  /**
   * Claims `fingerprint` for the item at input position `index` of `batch` (any object standing for one
   * writeVacancies call); call the result once the item's fate is known.
   */
  claim(batch: object, fingerprint: string, index: number, id: string): (stored: boolean) => void {
    let settle!: (stored: boolean) => void;
    const claim: { batch: object; index: number; id: string; stored: Promise<boolean>; settledAt?: number } =
      {
        batch,
        index,
        id,
        stored: new Promise<boolean>((resolve) => (settle = resolve)),
      };
    const list = this.claims.get(fingerprint);
    if (list) list.push(claim);
    else this.claims.set(fingerprint, [claim]);
    return (stored) => {
      if (claim.settledAt !== undefined) return;
      claim.settledAt = Date.now();
      settle(stored);
      this.settled.push({ fingerprint, at: claim.settledAt });
      this.prune(claim.settledAt);
    };
  }

  /**
   * The id of an earlier item of the upload (lower position, another id, an earlier batch: the batch itself
   * settles its own items) with this fingerprint, once that item is known to be stored.
   */
  async earlierOwner(
    batch: object,
    fingerprint: string,
    index: number,
    id: string,
  ): Promise<string | undefined> {
    for (const c of this.claims.get(fingerprint) ?? []) {
      if (c.batch !== batch && c.index < index && c.id !== id && (await c.stored)) return c.id;
    }
    return undefined;
  }

  private prune(now: number): void {
    while (this.head < this.settled.length && now - this.settled[this.head]!.at > this.visibleAfterMs) {
      const { fingerprint } = this.settled[this.head++]!;
      const rest = (this.claims.get(fingerprint) ?? []).filter(
        (c) => c.settledAt === undefined || now - c.settledAt <= this.visibleAfterMs,
      );
      if (rest.length > 0) this.claims.set(fingerprint, rest);
      else this.claims.delete(fingerprint);
    }
    if (this.head > 1024 && this.head * 2 > this.settled.length) {
      this.settled = this.settled.slice(this.head);
      this.head = 0;
    }
  }
}

function reject(
  item: VacancyWrite,
  id: string,
  issues: DocIssue[],
  refusal?: WriteOutcome['refusal'],
): WriteOutcome {
  return {
    index: item.index,
    id,
    externalRef: item.externalRef,
    result: 'rejected',
    issues,
    ...(refusal ? { refusal } : {}),
  };
}

const warn = (issues: DocIssue[]) => (issues.length > 0 ? { issues } : {});
