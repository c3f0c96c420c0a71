import { idempotencyKey, vacancyPairKey } from '@fugong/queue';
import type { IntentionJob, IntentionKind } from '@fugong/schemas';

/**
 * The two-sided pair: one document per worker–vacancy pair (or per swap agreement) that folds every intention
 * said about it. Every field is a join (max of status, min of timestamps, union of sets), so folding the same
 * intention twice, or two intentions in either order, gives the same document: redelivery and concurrent
 * writers cannot make the pair disagree with the records.
 */

/** How far a pair has come; it never moves backwards. */
export const PAIR_STATUSES = ['applied', 'shortlisted', 'offered', 'accepted'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];

/** The status each kind of intention moves a pair to (a swap is accepted by both firms by construction). */
export const STATUS_OF_KIND: Record<IntentionKind, PairStatus> = {
  application: 'applied',
  shortlist: 'shortlisted',
  offer: 'offered',
  acceptance: 'accepted',
  swap: 'accepted',
};

/** Which side speaks with each kind: the worker applies and accepts; the firm shortlists and offers. */
export const SIDE_OF_KIND: Record<IntentionKind, 'worker' | 'firm' | 'both'> = {
  application: 'worker',
  acceptance: 'worker',
  shortlist: 'firm',
  offer: 'firm',
  swap: 'both',
};

export interface PairDoc {
  pairKey: string;
  /** `vacancy` (a worker and a vacancy) or `swap` (two firms and an agreement). */
  kind: 'vacancy' | 'swap';
  status: PairStatus;
  /** 初步达成就业意向: both the worker side and the firm side have said yes. */
  twoSided: boolean;
  vacancyId?: string;
  workerId?: string;
  agreementId?: string;
  firmId: string;
  counterpartFirmId?: string;
  /** Every firm involved, so an employer's filter finds the swaps it lends to or borrows from. */
  firmIds: string[];
  headcount: number;
  fairIds: string[];
  districtCode?: string;
  priorityGroups: string[];
  keyEnterprise: boolean;
  /** Kinds of intention said about this pair. */
  kinds: IntentionKind[];
  /** First time each status was reached. */
  steps: Partial<Record<PairStatus, string>>;
  workerSideAt?: string;
  firmSideAt?: string;
  /** When the second side first spoke: max of the two sides' first times. */
  twoSidedAt?: string;
  firstAt: string;
  /** Time of the latest intention said about the pair (not the wall clock: the fold stays deterministic). */
  updatedAt: string;
}

/** The pair a job belongs to: vacancy + worker, or the swap agreement. */
export function pairKeyOf(job: IntentionJob): string {
  return job.kind === 'swap'
    ? idempotencyKey('pair-swap', job.agreementId)
    : vacancyPairKey(job.vacancyId, job.workerId);
}

/** True when `a` is sorted and holds no value twice (what `union` returns). */
const sortedUnique = (a: readonly string[]): boolean => {
  for (let i = 1; i < a.length; i++) if (a[i - 1]! >= a[i]!) return false;
  return true;
};
/**
 * Sorted union. The fold runs once per job on the worker's hot path, and most jobs add nothing new to a set
 * (the same fair, the same kinds): then the existing array is returned as is, without copying or sorting
 * (folded documents are never mutated, so sharing it is safe).
 */
const union = (a: readonly string[], b: readonly string[]): string[] => {
  if (sortedUnique(a) && b.every((x) => a.includes(x))) return a as string[];
  return [...new Set([...a, ...b])].sort();
};
/**
 * A timestamp as `Date.prototype.toISOString` writes it (`2020-03-01T08:00:00.000Z`): two of these compare
 * as strings exactly as they compare as times, so the hot path needs no `Date.parse`. Anything else is parsed.
 */
const canonical = (s: string): boolean => s.length === 24 && s.charCodeAt(23) === 90 /* Z */ && s[4] === '-';
const earlier = (a: string, b: string): boolean =>
  canonical(a) && canonical(b) ? a <= b : Date.parse(a) <= Date.parse(b);
const minIso = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : earlier(a, b) ? a : b;
const maxIso = (a: string, b: string): string => (earlier(b, a) ? a : b);
const RANK: Record<PairStatus, number> = { applied: 0, shortlisted: 1, offered: 2, accepted: 3 };
const rank = (s: PairStatus): number => RANK[s];

/** Folds one intention into a pair (or starts the pair). Pure, idempotent and order-independent. */
export function foldIntention(
  pair: PairDoc | undefined,
  job: IntentionJob,
  /** `pairKeyOf(job)` when the caller has it already (it is a hash). */
  pairKey?: string,
): PairDoc {
  const at = new Date(job.at).toISOString();
  const status = STATUS_OF_KIND[job.kind];
  const side = SIDE_OF_KIND[job.kind];
  const base: PairDoc = pair ?? {
    pairKey: pairKey ?? pairKeyOf(job),
    kind: job.kind === 'swap' ? 'swap' : 'vacancy',
    status,
    twoSided: false,
    ...(job.vacancyId !== undefined ? { vacancyId: job.vacancyId } : {}),
    ...(job.workerId !== undefined ? { workerId: job.workerId } : {}),
    ...(job.agreementId !== undefined ? { agreementId: job.agreementId } : {}),
    firmId: job.firmId,
    ...(job.counterpartFirmId !== undefined ? { counterpartFirmId: job.counterpartFirmId } : {}),
    firmIds: [],
    headcount: job.headcount,
    fairIds: [],
    ...(job.districtCode !== undefined ? { districtCode: job.districtCode } : {}),
    priorityGroups: [],
    keyEnterprise: false,
    kinds: [],
    steps: {},
    firstAt: at,
    updatedAt: at,
  };
  const workerSideAt = side === 'firm' ? base.workerSideAt : minIso(base.workerSideAt, at);
  const firmSideAt = side === 'worker' ? base.firmSideAt : minIso(base.firmSideAt, at);
  const next: PairDoc = {
    ...base,
    status: rank(status) > rank(base.status) ? status : base.status,
    firmIds: union(base.firmIds, [job.firmId, ...(job.counterpartFirmId ? [job.counterpartFirmId] : [])]),
    // A swap's headcount is the agreement's; a vacancy pair is one worker. Max keeps the fold order-free.
    headcount: Math.max(base.headcount, job.headcount),
    fairIds: union(base.fairIds, job.fairIds),
    priorityGroups: union(base.priorityGroups, job.priorityGroups),
    keyEnterprise: base.keyEnterprise || job.keyEnterprise,
    kinds: union(base.kinds, [job.kind]) as IntentionKind[],
    steps: { ...base.steps, [status]: minIso(base.steps[status], at) },
    firstAt: minIso(base.firstAt, at)!,
    updatedAt: maxIso(base.updatedAt, at),
  };
  if (workerSideAt !== undefined) next.workerSideAt = workerSideAt;
  if (firmSideAt !== undefined) next.firmSideAt = firmSideAt;
  next.twoSided = workerSideAt !== undefined && firmSideAt !== undefined;
  if (next.twoSided) next.twoSidedAt = maxIso(workerSideAt!, firmSideAt!);
  return next;
}

/** The stored intention record: the job as said, under its idempotency key. */
export function recordOf(job: IntentionJob, pairKey: string, recordedAt: string): Record<string, unknown> {
  const { actor, ...rest } = job;
  const firmIds = [job.firmId, ...(job.counterpartFirmId ? [job.counterpartFirmId] : [])];
  return { ...rest, pairKey, firmIds, actorRole: actor.role, actorKeyId: actor.keyId, recordedAt };
}
