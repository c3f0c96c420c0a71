import type { IntentionJob, IntentionKind } from '@fugong/schemas';
import { expect } from 'chai';
import { type PairDoc, foldIntention, pairKeyOf } from '../../services/intent-worker/src/domain/pair.ts';

const job = (kind: IntentionKind, at: string, extra: Partial<IntentionJob> = {}): IntentionJob =>
  ({
    key: `${kind}-${at}`,
    kind,
    vacancyId: 'firm-a:v1',
    workerId: 'w1',
    firmId: 'firm-a',
    headcount: 1,
    fairIds: [],
    priorityGroups: [],
    keyEnterprise: false,
    actor: { role: 'site', keyId: 'k' },
    at,
    ...extra,
  }) as IntentionJob;

const fold = (jobs: IntentionJob[]): PairDoc =>
  jobs.reduce<PairDoc | undefined>((p, j) => foldIntention(p, j), undefined)!;

describe('intent pair fold', () => {
  it('an application alone is one-sided interest', () => {
    const p = fold([job('application', '2020-03-01T08:00:00Z')]);
    expect(p.status).to.equal('applied');
    expect(p.twoSided).to.equal(false);
    expect(p.workerSideAt).to.equal('2020-03-01T08:00:00.000Z');
    expect(p.firmSideAt).to.equal(undefined);
  });

  it('application then shortlist is two-sided, dated by the second side', () => {
    const p = fold([job('application', '2020-03-01T08:00:00Z'), job('shortlist', '2020-03-02T09:00:00Z')]);
    expect(p.status).to.equal('shortlisted');
    expect(p.twoSided).to.equal(true);
    expect(p.twoSidedAt).to.equal('2020-03-02T09:00:00.000Z');
    expect(p.steps).to.deep.equal({
      applied: '2020-03-01T08:00:00.000Z',
      shortlisted: '2020-03-02T09:00:00.000Z',
    });
  });

  it('a firm-side shortlist and offer alone stay one-sided', () => {
    const p = fold([job('shortlist', '2020-03-01T08:00:00Z'), job('offer', '2020-03-02T08:00:00Z')]);
    expect(p.status).to.equal('offered');
    expect(p.twoSided).to.equal(false);
  });

  it('never moves backwards: an application after an offer keeps offered', () => {
    const p = fold([job('offer', '2020-03-02T08:00:00Z'), job('application', '2020-03-03T08:00:00Z')]);
    expect(p.status).to.equal('offered');
    expect(p.twoSided).to.equal(true);
  });

  it('is idempotent and order-independent', () => {
    const jobs = [
      job('application', '2020-03-01T08:00:00Z', { fairIds: ['f1'] }),
      job('offer', '2020-03-02T08:00:00Z', { fairIds: ['f2'], priorityGroups: ['graduate'] }),
      job('acceptance', '2020-03-03T08:00:00Z'),
    ];
    const forward = fold(jobs);
    expect(fold([...jobs].reverse())).to.deep.equal(forward);
    expect(fold([...jobs, ...jobs])).to.deep.equal(forward);
    expect(forward.status).to.equal('accepted');
    expect(forward.fairIds).to.deep.equal(['f1', 'f2']);
  });

  it('a swap is two-sided and accepted by construction, with both firms', () => {
    const swap = job('swap', '2020-03-01T08:00:00Z', {
      vacancyId: undefined,
      workerId: undefined,
      agreementId: 'ag-1',
      counterpartFirmId: 'firm-b',
      headcount: 12,
    } as Partial<IntentionJob>);
    const p = fold([swap]);
    expect(p).to.include({ kind: 'swap', status: 'accepted', twoSided: true, headcount: 12 });
    expect(p.firmIds).to.deep.equal(['firm-a', 'firm-b']);
    expect(pairKeyOf(swap)).to.not.equal(pairKeyOf(job('application', '2020-03-01T08:00:00Z')));
  });
});
