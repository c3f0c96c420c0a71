import { ConflictError, ForbiddenError, ValidationError } from '@fugong/schemas';
import { type Actor, type Caller, actorOf } from '../common/access.ts';
import { type Versioned, getVersioned, sleep, writeIfUnchanged } from '../common/occ.ts';
import type { PostDoc, PostKind } from '../posts/document.ts';
import { postIndex } from '../posts/store.ts';
import { type AgreementContext, readAgreement } from './context.ts';
import { type AgreementDoc, HOLDING, type Side, sideOf, withEvent } from './document.ts';
import { ensureIntention, intentionKey } from './intention.ts';
import { repairPost } from './repair.ts';
import { CapacityError, releaseBoth, reserveOnPost } from './reserve.ts';

/** How long an accept waits for another accept of the same agreement that holds the lease. */
const WAIT_FOR_LEASE_MS = 10_000;

/** The sides this call accepts for: an employer its own; the bureau, brokering, whichever it names. */
export function sidesFor(caller: Caller, a: AgreementDoc, onBehalfOf: Side | 'both' | undefined): Side[] {
  if (caller.role === 'bureau') {
    if (!onBehalfOf)
      throw new ValidationError('onBehalfOf: the bureau accepts on behalf of lender, borrower or both', [
        { path: 'onBehalfOf', message: 'required for the bureau: lender, borrower or both' },
      ]);
    return onBehalfOf === 'both' ? ['lender', 'borrower'] : [onBehalfOf];
  }
  const side = sideOf(a, caller.firmId);
  if (!side) throw new ForbiddenError('your firm is not party to this agreement');
  if (onBehalfOf && onBehalfOf !== side)
    throw new ForbiddenError(`your firm is the ${side}; it may accept only for itself`);
  return [side];
}

/**
 * Accepts an agreement for the caller's side(s). When both sides have accepted, the headcount is reserved
 * on both posts and the agreement becomes `accepted`:
 * 1. take the agreement's reservation lease with an OCC write (a new attempt number): concurrent accepts of
 *    one agreement cannot both proceed, and any earlier, stalled attempt can no longer commit;
 * 2. reserve on the surplus post, then on the shortage post (each an OCC write that checks capacity); if
 *    the second fails, release the first;
 * 3. commit `accepted` with an OCC write against the version the lease created; if anything changed it
 *    (a cancel), release and look again.
 * Idempotent: accepting an accepted agreement again answers it as it is (and re-queues the intention if
 * queueing had failed).
 */
export async function acceptAgreement(
  ctx: AgreementContext,
  id: string,
  caller: Caller,
  input: { onBehalfOf?: Side | 'both' | undefined; note?: string | undefined },
): Promise<AgreementDoc> {
  const actor = actorOf(caller);
  const waitUntil = Date.now() + WAIT_FOR_LEASE_MS;
  for (;;) {
    const current = await readAgreement(ctx, id, caller);
    const a = current.doc;
    const sides = sidesFor(caller, a, input.onBehalfOf);
    if (HOLDING.includes(a.status)) return ensureIntention(ctx, current);
    if (a.status !== 'proposed') throw new ConflictError(`agreement ${id} is ${a.status}`);
    if (a.reserving && Date.now() - Date.parse(a.reserving.at) <= ctx.leaseMs) {
      // Another accept is reserving right now: wait for its outcome rather than fail the caller.
      if (Date.now() > waitUntil) throw new ConflictError(`agreement ${id} is being accepted; retry`);
      await sleep(10 + Math.random() * 40);
      continue;
    }
    const now = new Date().toISOString();
    let next = a;
    for (const side of sides) {
      if (next.acceptances[side]) continue;
      const acceptance = { at: now, by: actor, brokered: caller.role === 'bureau' };
      next = withEvent(
        { ...next, acceptances: { ...next.acceptances, [side]: acceptance } },
        { event: `accepted_by_${side}`, at: now, by: actor, reason: input.note },
      );
    }
    if (!next.acceptances.lender || !next.acceptances.borrower) {
      if (next === a) return a;
      if (await writeIfUnchanged(ctx.rt.es, ctx.rt.names.agreements, id, next, current)) return next;
      continue;
    }
    // Cheap refusal first: under a burst on a full post most accepts end here, with reads only.
    await assertRoom(ctx, a);
    const attempt = a.attempts + 1;
    const leased = { ...next, attempts: attempt, reserving: { attempt, at: now }, updatedAt: now };
    const held = await writeIfUnchanged(ctx.rt.es, ctx.rt.names.agreements, id, leased, current);
    if (!held) continue;
    const outcome = await reserveAndCommit(ctx, held, actor);
    if (outcome !== 'retry') return outcome;
  }
}

/** Steps 2 and 3 for the attempt that holds the lease in `held`. */
async function reserveAndCommit(
  ctx: AgreementContext,
  held: Versioned<AgreementDoc>,
  actor: Actor,
): Promise<AgreementDoc | 'retry'> {
  const { rt } = ctx;
  const a = held.doc;
  const attempt = a.attempts;
  try {
    const first = await reserveWithRepair(ctx, 'surplus', a.surplusId, a, attempt);
    const second =
      first === 'reserved' ? await reserveWithRepair(ctx, 'shortage', a.shortageId, a, attempt) : first;
    if (second === 'superseded') {
      await releaseBoth(rt, a, attempt);
      return 'retry';
    }
  } catch (err) {
    if (!(err instanceof CapacityError)) throw err; // engine trouble: the lease expires, the repair frees
    await releaseBoth(rt, a, attempt);
    const at = new Date().toISOString();
    const { reserving: _done, ...rest } = a;
    const failed = withEvent(rest, { event: 'reservation_failed', at, by: actor, reason: err.message });
    // If this loses a race, someone else (a cancel, a newer attempt) already moved the agreement on.
    await writeIfUnchanged(rt.es, rt.names.agreements, a.id, failed, held);
    throw err;
  }
  const at = new Date().toISOString();
  const { reserving: _done, ...rest } = a;
  const accepted = withEvent(
    { ...rest, reservation: { attempt, at }, intention: { key: intentionKey(a.id), queued: false } },
    { status: 'accepted', event: 'accepted', at, by: actor },
  );
  const committed = await writeIfUnchanged(rt.es, rt.names.agreements, a.id, accepted, held);
  if (!committed) {
    // Cancelled meanwhile, or our lease expired and a newer attempt took over: this attempt is void.
    await releaseBoth(rt, a, attempt);
    return 'retry';
  }
  return ensureIntention(ctx, committed);
}

/**
 * Refuses at once (409) when a post cannot take the agreement even after freeing what dead agreements hold.
 * Only an optimisation: the OCC-guarded reservation below re-checks capacity, so a stale read here can
 * never let an accept through that should fail.
 */
async function assertRoom(ctx: AgreementContext, a: AgreementDoc): Promise<void> {
  for (const [kind, postId] of [
    ['surplus', a.surplusId],
    ['shortage', a.shortageId],
  ] as const) {
    const found = await getVersioned<PostDoc>(ctx.rt.es, postIndex(ctx.rt, kind), postId);
    if (!found) throw new ConflictError(`${kind} post ${postId} no longer exists`);
    const post = found.doc;
    const mine = post.reservations[a.id]?.headcount ?? 0;
    const fits = post.status === 'open' && post.committed - mine + a.headcount <= post.headcount;
    if (fits) continue;
    if ((await repairPost(ctx.rt, kind, postId, ctx.leaseMs)) === 0)
      throw new CapacityError(kind, post, a.headcount);
  }
}

/**
 * Reserves on one post; when it is full, first frees what dead agreements still hold there (crashed
 * accepts, unfinished cancels) and tries once more.
 */
async function reserveWithRepair(
  ctx: AgreementContext,
  kind: PostKind,
  postId: string,
  a: AgreementDoc,
  attempt: number,
): Promise<'reserved' | 'superseded'> {
  try {
    return await reserveOnPost(ctx.rt, kind, postId, a.id, a.headcount, attempt);
  } catch (err) {
    if (!(err instanceof CapacityError)) throw err;
    if ((await repairPost(ctx.rt, kind, postId, ctx.leaseMs)) === 0) throw err;
    return reserveOnPost(ctx.rt, kind, postId, a.id, a.headcount, attempt);
  }
}
