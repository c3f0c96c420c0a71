import { enqueueIntention, intentionJob as buildIntentionJob, swapIntentionKey } from '@fugong/queue';
import type { IntentionJob } from '@fugong/schemas';
import type { Versioned } from '@fugong/stores';
import type { AgreementContext } from './context.ts';
import type { AgreementDoc } from './document.ts';

/** One intention per agreement, however often it is accepted or re-queued. */
export const intentionKey = swapIntentionKey;

/** The queue job the intent worker records: the lender as firm, the borrower as counterpart. */
export function intentionJob(a: AgreementDoc, keyEnterprise: boolean): IntentionJob {
  const accepted = [...a.history].reverse().find((h) => h.event === 'accepted');
  return buildIntentionJob({
    kind: 'swap',
    agreementId: a.id,
    firmId: a.lenderFirmId,
    counterpartFirmId: a.borrowerFirmId,
    headcount: a.headcount,
    fairIds: [],
    ...(a.districtCode ? { districtCode: a.districtCode } : {}),
    priorityGroups: [],
    keyEnterprise,
    actor: { role: accepted?.by.role ?? 'bureau', keyId: accepted?.by.keyId ?? 'swap' },
    at: accepted?.at ?? a.updatedAt,
  });
}

/**
 * Puts an accepted agreement's intention on the queue once: the job id is the idempotency key, so a repeat
 * is a no-op, and the agreement records `queued` so later accepts skip it. If Redis is down, the agreement
 * stays accepted with `queued: false`; accepting it again (idempotent) queues it.
 */
export async function ensureIntention(
  ctx: AgreementContext,
  current: Versioned<AgreementDoc>,
): Promise<AgreementDoc> {
  const a = current.doc;
  if (!a.intention || a.intention.queued) return a;
  if (ctx.redis.status !== 'ready') return a; // a connecting producer would hang the request instead
  try {
    const firm = await ctx.stores.firms.get(a.borrowerFirmId);
    const job = intentionJob(a, Boolean(firm?.isKeyEnterprise));
    await enqueueIntention(ctx.queues.forJob(job), job);
  } catch (err) {
    ctx.logger.warn({ err, agreement: a.id }, 'swap intention not queued; a repeated accept queues it');
    return a;
  }
  const { doc } = await ctx.stores.agreements.update(a.id, (d) =>
    !d.intention || d.intention.queued
      ? { keep: true }
      : { write: { ...d, intention: { ...d.intention, queued: true } } },
  );
  return doc;
}
