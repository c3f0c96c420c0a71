import { AppError, ConflictError, ForbiddenError, ValidationError } from '@fugong/schemas';
import { type Actor, type Caller, actorOf } from '../common/access.ts';
import { ContentionError, type Versioned, backoff } from '@fugong/stores';
import type { PostKind } from '../posts/document.ts';
import { type AgreementContext, readAgreement } from './context.ts';
import { type AgreementDoc, HOLDING, type Side, sideOf, withEvent } from './document.ts';
import { ensureIntention, intentionKey } from './intention.ts';
import { inspectPost } from './repair.ts';
import { CapacityError, releaseBoth, reserveOnPost } from './reserve.ts';

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
 * Liveness under a burst: a post that looks full only because other accepts are still in flight (their
 * reservations may yet be released) is waited for, with a jittered back-off, until it either has room or is
 * truly full — what accepted agreements hold leaves no room: 409 `post_full` naming the post. Still undecided
 * at the deadline (`acceptDeadlineMs`): 503 `contention` with Retry-After; no headcount is left held.
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
  const started = Date.now();
  const deadline = started + ctx.acceptDeadlineMs;
  let waits = 0;
  /** Waits a little before looking again, or gives up with a 503 once the deadline has passed. */
  const waitOrGiveUp = async (): Promise<void> => {
    if (Date.now() >= deadline) {
      const waited = Date.now() - started;
      throw new ContentionError(
        `agreement ${id}`,
        waited,
        `agreement ${id} is not accepted yet: after ${(waited / 1000).toFixed(1)} s other accepts (of it or of its posts) ` +
          'are still in flight; it holds no headcount; retry after the time in Retry-After',
      );
    }
    await backoff(waits++, 20, 1000);
  };
  for (;;) {
    const current = await readAgreement(ctx, id, caller);
    const a = current.doc;
    const sides = sidesFor(caller, a, input.onBehalfOf);
    if (HOLDING.includes(a.status)) return ensureIntention(ctx, current);
    if (a.status !== 'proposed') throw new ConflictError(`agreement ${id} is ${a.status}`);
    if (a.reserving && Date.now() - Date.parse(a.reserving.at) <= ctx.leaseMs) {
      // Another accept is reserving right now: wait for its outcome rather than fail the caller.
      await waitOrGiveUp();
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
      if (await ctx.stores.agreements.writeIfUnchanged(next, current)) return next;
      continue;
    }
    // Cheap refusal first: under a burst on a full post most accepts end here, with reads only.
    if ((await assertRoom(ctx, a)) === 'wait') {
      await waitOrGiveUp();
      continue;
    }
    const attempt = a.attempts + 1;
    const leased = { ...next, attempts: attempt, reserving: { attempt, at: now }, updatedAt: now };
    const held = await ctx.stores.agreements.writeIfUnchanged(leased, current);
    if (!held) continue;
    const outcome = await reserveAndCommit(ctx, held, actor, deadline, a);
    if (outcome !== 'retry') return outcome;
    await waitOrGiveUp();
  }
}

/**
 * Steps 2 and 3 for the attempt that holds the lease in `held`; `before` is the agreement as this call found it
 * (before its acceptances and lease).
 */
async function reserveAndCommit(
  ctx: AgreementContext,
  held: Versioned<AgreementDoc>,
  actor: Actor,
  deadline: number,
  before: AgreementDoc,
): Promise<AgreementDoc | 'retry'> {
  const { agreements, swapPosts } = ctx.stores;
  const a = held.doc;
  const attempt = a.attempts;
  const { reserving: _done, ...unleased } = a;
  try {
    const first = await reserveWithRepair(ctx, 'surplus', a.surplusId, a, attempt, deadline);
    const second =
      first === 'reserved'
        ? await reserveWithRepair(ctx, 'shortage', a.shortageId, a, attempt, deadline)
        : first;
    if (second !== 'reserved') {
      await releaseBoth(swapPosts, a, attempt);
      // Waiting for accepts in flight: give up the lease, so this attempt holds nothing while it waits.
      if (second === 'wait') await agreements.writeIfUnchanged(unleased, held);
      return 'retry';
    }
  } catch (err) {
    if (err instanceof ContentionError) {
      // Out of time while racing for a post: hold nothing, so the caller's retry (or anyone) starts clean.
      await releaseBoth(swapPosts, a, attempt);
      await agreements.writeIfUnchanged(unleased, held);
      throw err;
    }
    if (err instanceof AppError && err.status === 503) {
      // The engine refused a write for a moment (overloaded, or an index being migrated): take back what this
      // call did (its reservations, its lease, the acceptances it recorded), so that the refused call leaves
      // the agreement as it found it. The attempt counter stays advanced: it numbers reservation entries.
      // Should this fail too, the lease expires and the repair frees what it holds, as after a crash.
      try {
        await releaseBoth(swapPosts, a, attempt);
        await agreements.writeIfUnchanged({ ...before, attempts: attempt }, held);
      } catch {
        // left to the lease and the repair
      }
      throw err;
    }
    if (!(err instanceof CapacityError)) throw err; // a bug: the lease expires, the repair frees
    await releaseBoth(swapPosts, a, attempt);
    const at = new Date().toISOString();
    const failed = withEvent(unleased, { event: 'reservation_failed', at, by: actor, reason: err.message });
    // If this loses a race, someone else (a cancel, a newer attempt) already moved the agreement on.
    await agreements.writeIfUnchanged(failed, held);
    throw err;
  }
  const at = new Date().toISOString();
  const accepted = withEvent(
    { ...unleased, reservation: { attempt, at }, intention: { key: intentionKey(a.id), queued: false } },
    { status: 'accepted', event: 'accepted', at, by: actor },
  );
  const committed = await agreements.writeIfUnchanged(accepted, held);
  if (!committed) {
    // Cancelled meanwhile, or our lease expired and a newer attempt took over: this attempt is void.
    await releaseBoth(swapPosts, a, attempt);
    return 'retry';
  }
  return ensureIntention(ctx, committed);
}

/**
 * Before taking the lease: 'ok' when both posts look like they have room, 'wait' when one is full only
 * because of accepts in flight; throws CapacityError (409) when one is truly full or closed. Only an
 * optimisation: the OCC-guarded reservation below re-checks capacity, so a stale read here can never let
 * an accept through that should fail.
 */
async function assertRoom(ctx: AgreementContext, a: AgreementDoc): Promise<'ok' | 'wait'> {
  for (const [kind, postId] of [
    ['surplus', a.surplusId],
    ['shortage', a.shortageId],
  ] as const) {
    const key = `${ctx.stores.swapPosts.index(kind)}/${postId}`;
    const found = await shared(reading, key, () => ctx.stores.swapPosts.get(kind, postId));
    if (!found) throw new ConflictError(`${kind} post ${postId} no longer exists`);
    const post = found.doc;
    const mine = post.reservations[a.id]?.headcount ?? 0;
    const fits = post.status === 'open' && post.committed - mine + a.headcount <= post.headcount;
    if (fits) continue;
    if ((await whenFull(ctx, kind, postId, a)) === 'wait') return 'wait';
  }
  return 'ok';
}

/**
 * A post refused (or would refuse) `a`: frees what dead agreements hold there (crashed accepts, unfinished
 * cancels), then decides. 'retry' when there is room now; 'wait' when the room is taken only by entries that
 * are not yet settled (accepts in flight, which may yet fail and release; entries being freed); otherwise
 * what accepted agreements hold leaves no room (or the post is closed) and a CapacityError is thrown.
 */
async function whenFull(
  ctx: AgreementContext,
  kind: PostKind,
  postId: string,
  a: AgreementDoc,
): Promise<'retry' | 'wait'> {
  const key = `${ctx.stores.swapPosts.index(kind)}/${postId}`;
  const { post, freed, settled } = await shared(inspecting, key, () =>
    inspectPost(ctx.stores, kind, postId, ctx.leaseMs),
  );
  if (!post) throw new ConflictError(`${kind} post ${postId} no longer exists`);
  if (post.status !== 'open') throw new CapacityError(kind, post, a.headcount);
  if (freed > 0) return 'retry';
  const mine = post.reservations[a.id]?.headcount ?? 0;
  if (post.committed - mine + a.headcount <= post.headcount) return 'retry';
  // Only what accepted agreements hold is for good; an accept in flight may yet fail and free its share.
  let held = 0;
  for (const [agreementId, headcount] of Object.entries(settled)) if (agreementId !== a.id) held += headcount;
  if (held + a.headcount <= post.headcount) return 'wait';
  throw new CapacityError(kind, post, a.headcount, held);
}

/**
 * Reserves on one post; when it is full, frees what dead agreements hold there and tries again, or answers
 * 'wait' when only accepts in flight stand in the way (CapacityError when the post is truly full).
 */
async function reserveWithRepair(
  ctx: AgreementContext,
  kind: PostKind,
  postId: string,
  a: AgreementDoc,
  attempt: number,
  deadline: number,
): Promise<'reserved' | 'superseded' | 'wait'> {
  for (;;) {
    try {
      return await reserveOnPost(ctx.stores.swapPosts, kind, postId, a.id, a.headcount, attempt, deadline);
    } catch (err) {
      if (!(err instanceof CapacityError)) throw err;
      if ((await whenFull(ctx, kind, postId, a)) === 'wait' || Date.now() >= deadline) return 'wait';
    }
  }
}

/**
 * Concurrent accepts in this process that look at the same post share one read (and one repair) in flight
 * instead of each making its own: under a burst of hundreds of accepts on one post, the waiting ones would
 * otherwise load the engine enough to slow down the accepts they wait for. Safe because both are only
 * advisory: the OCC-guarded reservation decides.
 */
function shared<T>(inFlight: Map<string, Promise<unknown>>, key: string, load: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = load().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}
const reading = new Map<string, Promise<unknown>>();
const inspecting = new Map<string, Promise<unknown>>();
