import { randomBytes } from 'node:crypto';
import {
  type AgreementInput,
  type AgreementStatus,
  AppError,
  ConflictError,
  ForbiddenError,
  ValidationError,
} from '@fugong/schemas';
import { scorePair } from '../allocation/index.ts';
import { type Caller, actorOf } from '../common/access.ts';
import { toSwapPost } from '../posts/document.ts';
import { type AgreementContext, maySee, readAgreement } from './context.ts';
import { type AgreementDoc, TERMINAL, withEvent } from './document.ts';
import { releaseBoth } from './reserve.ts';

const bad = (path: string, message: string) =>
  new ValidationError(`${path}: ${message}`, [{ path, message }]);
const day = (iso: string) => iso.slice(0, 10);

/**
 * Creates a proposed agreement between a surplus post (the lender) and a shortage post (the borrower),
 * from a proposal or directly. The bureau or either firm may create it; nothing is reserved until both
 * firms accept. The pair's score is kept as the match's explanation (null when the posts are not compatible
 * under the default rules: the bureau may still broker it).
 */
export async function createAgreement(ctx: AgreementContext, input: AgreementInput, caller: Caller) {
  const posts = ctx.stores.swapPosts;
  const [surplus, shortage] = await Promise.all([
    posts.get('surplus', input.surplusId),
    posts.get('shortage', input.shortageId),
  ]);
  if (!surplus) throw bad('surplusId', `no surplus post ${input.surplusId}`);
  if (!shortage) throw bad('shortageId', `no shortage post ${input.shortageId}`);
  const s = surplus.doc;
  const d = shortage.doc;
  const parties = { lenderFirmId: s.firmId, borrowerFirmId: d.firmId };
  if (!maySee(caller, parties))
    throw new ForbiddenError('only the bureau or one of the two firms may propose');
  if (s.firmId === d.firmId) throw bad('shortageId', 'a firm cannot lend staff to itself');
  for (const p of [s, d])
    if (p.status !== 'open') throw new ConflictError(`${p.kind} post ${p.id} is closed`);
  for (const p of [s, d]) {
    if (input.headcount > p.headcount)
      throw bad('headcount', `${p.kind} post ${p.id} has headcount ${p.headcount} in all`);
  }
  const from = [day(s.from), day(d.from)].sort()[1]!;
  const to = [day(s.to), day(d.to)].sort()[0]!;
  if (day(input.from) < from) throw bad('from', `must not be before ${from}, when both posts start`);
  if (day(input.to) > to) throw bad('to', `must not be after ${to}, when the first post ends`);
  const pair = scorePair(
    { ...toSwapPost(s), headcount: s.headcount },
    { ...toSwapPost(d), headcount: d.headcount },
  );
  const now = new Date().toISOString();
  const actor = actorOf(caller);
  const doc: AgreementDoc = {
    id: `ag-${randomBytes(8).toString('hex')}`,
    surplusId: s.id,
    shortageId: d.id,
    ...parties,
    headcount: input.headcount,
    from: input.from,
    to: input.to,
    status: 'proposed',
    terms: input.terms,
    match: pair ? { score: pair.score, parts: pair.parts, detail: pair.detail } : null,
    ...(d.place.code ? { districtCode: d.place.code } : {}),
    acceptances: {},
    attempts: 0,
    history: [{ status: 'proposed', event: 'created', at: now, by: actor }],
    createdAt: now,
    updatedAt: now,
  };
  await ctx.stores.agreements.create(doc);
  return doc;
}

/** The status changes after acceptance. */
export const TRANSITIONS = {
  activate: { from: ['accepted'], to: 'active', event: 'activated' },
  complete: { from: ['active'], to: 'completed', event: 'completed' },
  cancel: { from: ['proposed', 'accepted', 'active'], to: 'cancelled', event: 'cancelled' },
} as const satisfies Record<
  string,
  { from: readonly AgreementStatus[]; to: AgreementStatus; event: 'activated' | 'completed' | 'cancelled' }
>;
export type TransitionName = keyof typeof TRANSITIONS;

/**
 * Moves an agreement on (either firm or the bureau), OCC-guarded: of two concurrent requests one wins and
 * the other sees the new status (a repeat of the same change is answered as done). Completing (workers
 * returned) or cancelling then releases the headcount on both posts; a crash before the release leaves it
 * to the repair, which frees what terminal agreements hold.
 */
export async function transitionAgreement(
  ctx: AgreementContext,
  id: string,
  caller: Caller,
  name: TransitionName,
  reason: string | undefined,
): Promise<AgreementDoc> {
  const rule = TRANSITIONS[name];
  await readAgreement(ctx, id, caller); // strangers get a 404 before anything else
  const actor = actorOf(caller);
  const { doc } = await ctx.stores.agreements.update(
    id,
    (a) => {
      if (a.status === rule.to) return { keep: true };
      if (!(rule.from as readonly AgreementStatus[]).includes(a.status))
        throw new ConflictError(`agreement ${id} is ${a.status}; cannot ${name}`);
      const { reserving: _void, ...rest } = a; // a terminal agreement voids any accept in flight
      const base = TERMINAL.includes(rule.to) ? rest : a;
      const at = new Date().toISOString();
      return { write: withEvent(base, { status: rule.to, event: rule.event, at, by: actor, reason }) };
    },
    { refresh: 'wait_for' },
  );
  if (TERMINAL.includes(doc.status)) {
    try {
      await releaseBoth(ctx.stores.swapPosts, doc, Number.POSITIVE_INFINITY);
    } catch (err) {
      // The change the caller asked for is stored; answering 503 would say it was not. What the agreement
      // still holds on its posts is freed by the repair (periodic, and inline whenever a post looks full), as
      // after a crash at this point.
      if (!(err instanceof AppError && err.status === 503)) throw err;
      ctx.logger.warn(
        { agreementId: id, err: err.message },
        'headcount not released yet: left to the repair',
      );
    }
  }
  return doc;
}
