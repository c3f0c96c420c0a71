import { enqueueIntention, intentionJob as buildIntentionJob, swapIntentionKey } from '@fugong/queue';
import type { IntentionJob } from '@fugong/schemas';
import { getSource } from '@fugong/search';
import { type Versioned, updateWithRetry } from '../common/occ.ts';
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
  const { rt } = ctx;
  if (rt.redis.status !== 'ready') return a; // a connecting producer would hang the request instead
  try {
    const firm = await getSource<{ isKeyEnterprise?: boolean }>(rt.es, {
      index: rt.names.firms,
      id: a.borrowerFirmId,
      _source: ['isKeyEnterprise'],
    });
    await enqueueIntention(ctx.queue, intentionJob(a, Boolean(firm?.isKeyEnterprise)));
  } catch (err) {
    rt.logger.warn({ err, agreement: a.id }, 'swap intention not queued; a repeated accept queues it');
    return a;
  }
  const { doc } = await updateWithRetry<AgreementDoc>(rt.es, rt.names.agreements, a.id, 'agreement', (d) =>
    !d.intention || d.intention.queued
      ? { keep: true }
      : { write: { ...d, intention: { ...d.intention, queued: true } } },
  );
  return doc;
}
