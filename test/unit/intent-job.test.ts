import { type IntentionJobDraft, idempotencyKey, intentionJob } from '@fugong/queue';
import { IntentionJob, IntentionKind } from '@fugong/schemas';
import { UnrecoverableError } from 'bullmq';
import { expect } from 'chai';
import { createProcessor } from '../../services/intent-worker/src/worker/processor.ts';

const common = {
  firmId: 'firm-a',
  actor: { role: 'site', keyId: 'k' },
  at: '2020-03-01T08:00:00Z',
};
const vacancyDraft = (kind: Exclude<IntentionKind, 'swap'>): IntentionJobDraft => ({
  ...common,
  kind,
  vacancyId: 'firm-a:v1',
  workerId: 'w1',
});
const swapDraft: IntentionJobDraft = {
  ...common,
  kind: 'swap',
  agreementId: 'ag-1',
  counterpartFirmId: 'firm-b',
  headcount: 3,
};
const raw = (draft: object, drop: string[] = []): Record<string, unknown> => {
  const o: Record<string, unknown> = { key: 'k1', ...draft };
  for (const d of drop) delete o[d];
  return o;
};
const firstIssue = (data: unknown) => {
  const r = IntentionJob.safeParse(data);
  expect(r.success, JSON.stringify(data)).to.equal(false);
  return r.error!.issues[0]!;
};

describe('intention job: one shape per kind', () => {
  it('accepts each kind, with its defaults filled in', () => {
    for (const kind of IntentionKind.options) {
      const draft = kind === 'swap' ? swapDraft : vacancyDraft(kind);
      const parsed = IntentionJob.parse(raw(draft));
      expect(parsed.kind).to.equal(kind);
      expect(parsed).to.include({ keyEnterprise: false });
      expect(parsed.fairIds).to.deep.equal([]);
    }
  });

  it('rejects a job missing what its kind needs, naming the field', () => {
    expect(firstIssue(raw(vacancyDraft('application'), ['workerId'])).path).to.deep.equal(['workerId']);
    expect(firstIssue(raw(vacancyDraft('acceptance'), ['vacancyId'])).path).to.deep.equal(['vacancyId']);
    expect(firstIssue(raw(swapDraft, ['agreementId'])).path).to.deep.equal(['agreementId']);
    expect(firstIssue(raw(swapDraft, ['counterpartFirmId'])).path).to.deep.equal(['counterpartFirmId']);
    // A swap shaped like a vacancy intention (what the old flat schema let through).
    expect(firstIssue(raw({ ...vacancyDraft('offer'), kind: 'swap' })).path[0]).to.be.oneOf([
      'agreementId',
      'counterpartFirmId',
      'vacancyId',
      'workerId',
    ]);
    expect(firstIssue(raw({ ...swapDraft, vacancyId: 'firm-a:v1' })).path).to.deep.equal(['vacancyId']);
    expect(firstIssue(raw({ ...vacancyDraft('offer'), kind: 'merger' })).path).to.deep.equal(['kind']);
  });

  it('builds jobs with the keys already in use (queued jobs keep their ids)', () => {
    const a = intentionJob(vacancyDraft('offer'));
    expect(a.key).to.equal(idempotencyKey('offer', 'firm-a:v1', 'w1'));
    expect(Object.keys(a).sort()).to.deep.equal(
      [
        'actor',
        'at',
        'fairIds',
        'firmId',
        'headcount',
        'key',
        'keyEnterprise',
        'kind',
        'priorityGroups',
        'vacancyId',
        'workerId',
      ].sort(),
    );
    const s = intentionJob(swapDraft);
    expect(s.key).to.equal(idempotencyKey('swap', 'ag-1'));
    expect(s).to.include({ agreementId: 'ag-1', counterpartFirmId: 'firm-b', headcount: 3 });
    expect(() => intentionJob({ ...swapDraft, agreementId: '' })).to.throw(/agreementId/);
  });

  it('the worker dead-letters a job missing a kind-specific field as invalid_payload, naming it', async () => {
    const letters: Array<{ reason: string; message: string }> = [];
    let written = 0;
    const processor = createProcessor({
      writer: {
        write: async () => {
          written++;
          return 'recorded';
        },
      } as never,
      order: { check: async () => {} } as never,
      deadLetters: { put: async (d: { reason: string; message: string }) => void letters.push(d) } as never,
      metrics: {
        duration: { startTimer: () => () => 0 },
        deadLettered: { inc: () => {} },
        processed: { inc: () => {} },
      } as never,
    });
    const job = (data: unknown) =>
      ({ id: 'j1', queueName: 'intentions', data, attemptsMade: 0, opts: {} }) as never;
    let thrown: unknown;
    await processor(job(raw(swapDraft, ['agreementId'])), undefined).catch((e) => {
      thrown = e;
    });
    expect(thrown).to.be.instanceOf(UnrecoverableError);
    expect(letters).to.have.length(1);
    expect(letters[0]!.reason).to.equal('invalid_payload');
    expect(letters[0]!.message).to.match(/^agreementId: /);
    expect(written).to.equal(0);
    expect(await processor(job(raw(swapDraft)), undefined)).to.equal('recorded');
  });
});
