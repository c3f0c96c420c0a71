import { expect } from 'chai';
import { sidesFor } from '../../services/swap/src/agreements/accept.ts';
import type { AgreementDoc } from '../../services/swap/src/agreements/document.ts';
import { entryVerdict } from '../../services/swap/src/agreements/repair.ts';
import { type PostDoc, toSwapPost } from '../../services/swap/src/posts/document.ts';
import { viewPost } from '../../services/swap/src/posts/schemas.ts';

const NOW = Date.parse('2020-03-10T08:00:00Z');
const LEASE = 30_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const agreement = (over: Partial<AgreementDoc>): AgreementDoc =>
  ({
    id: 'ag-1',
    lenderFirmId: 'firm-a',
    borrowerFirmId: 'firm-b',
    status: 'proposed',
    attempts: 0,
    acceptances: {},
    ...over,
  }) as AgreementDoc;

describe('swap repair: which reservation entries are dead', () => {
  it('keeps what accepted/active agreements hold by their committing attempt', () => {
    const a = agreement({ status: 'accepted', reservation: { attempt: 2, at: ago(0) } });
    expect(entryVerdict(a, 2, NOW, LEASE)).to.equal('keep');
    expect(entryVerdict({ ...a, status: 'active' }, 2, NOW, LEASE)).to.equal('keep');
    expect(entryVerdict(a, 1, NOW, LEASE)).to.equal('release'); // an older attempt's leftover
  });

  it('releases what missing, cancelled and completed agreements hold', () => {
    expect(entryVerdict(null, 1, NOW, LEASE)).to.equal('release');
    expect(entryVerdict(agreement({ status: 'cancelled' }), 1, NOW, LEASE)).to.equal('release');
    expect(entryVerdict(agreement({ status: 'completed' }), 1, NOW, LEASE)).to.equal('release');
  });

  it('keeps an accept in flight, aborts it once its lease expires, releases superseded attempts', () => {
    const live = agreement({ reserving: { attempt: 3, at: ago(1000) } });
    expect(entryVerdict(live, 3, NOW, LEASE)).to.equal('keep');
    expect(entryVerdict(live, 2, NOW, LEASE)).to.equal('release');
    const stale = agreement({ reserving: { attempt: 3, at: ago(LEASE + 1) } });
    expect(entryVerdict(stale, 3, NOW, LEASE)).to.equal('abort');
    expect(entryVerdict(agreement({}), 3, NOW, LEASE)).to.equal('release'); // proposed, no lease
  });
});

describe('swap accept: who accepts for which side', () => {
  const a = agreement({});
  it('an employer accepts for its own side only; a third firm not at all', () => {
    expect(sidesFor({ role: 'employer', keyId: 'k', firmId: 'firm-a' }, a, undefined)).to.deep.equal([
      'lender',
    ]);
    expect(sidesFor({ role: 'employer', keyId: 'k', firmId: 'firm-b' }, a, 'borrower')).to.deep.equal([
      'borrower',
    ]);
    expect(() => sidesFor({ role: 'employer', keyId: 'k', firmId: 'firm-b' }, a, 'lender')).to.throw(
      /only for itself/,
    );
    expect(() => sidesFor({ role: 'employer', keyId: 'k', firmId: 'firm-c' }, a, undefined)).to.throw(
      /not party/,
    );
  });
  it('the bureau must say on whose behalf it accepts', () => {
    expect(sidesFor({ role: 'bureau', keyId: 'k' }, a, 'both')).to.deep.equal(['lender', 'borrower']);
    expect(() => sidesFor({ role: 'bureau', keyId: 'k' }, a, undefined)).to.throw(/onBehalfOf/);
  });
});

describe('swap posts: views and the engine input', () => {
  const post: PostDoc = {
    id: 'p1',
    kind: 'surplus',
    firmId: 'firm-a',
    status: 'open',
    headcount: 10,
    committed: 4,
    reservations: { 'ag-1': { headcount: 4, attempt: 1, at: ago(0) } },
    occupations: [{ code: '6-05-01-03', name: '缝纫工' }],
    skills: ['缝纫'],
    from: '2020-03-01',
    to: '2020-03-31',
    place: {
      resolved: true,
      code: '370403',
      name: '薛城区',
      cityCode: '370400',
      address: '某路 1 号',
      location: { lat: 34.8, lon: 117.3 },
    },
    conditions: { transport: true, board: false, lodging: false, note: 'private' },
    createdAt: ago(0),
    updatedAt: ago(0),
    createdBy: { role: 'employer', keyId: 'k', firmId: 'firm-a' },
  };

  it('another firm sees the matching fields only; the owner and the bureau see everything', () => {
    const other = viewPost(post, { role: 'employer', keyId: 'k', firmId: 'firm-b' });
    expect(other.view).to.equal('public');
    expect(other.available).to.equal(6);
    expect(other).to.not.have.any.keys('committed', 'reservations', 'headcount', 'createdBy');
    expect(other.place).to.deep.equal({ code: '370403', name: '薛城区', cityCode: '370400' });
    expect(other.conditions).to.not.have.key('note');
    const bureau = viewPost(post, { role: 'bureau', keyId: 'k' });
    expect(bureau).to.include({ view: 'full', committed: 4 });
    expect(bureau.conditions.note).to.equal('private');
  });

  it('the allocation sees the remaining headcount, the district and the 4-digit city', () => {
    expect(toSwapPost(post)).to.deep.include({
      headcount: 6,
      occupationCodes: ['6-05-01-03'],
      districtCode: '370403',
      cityCode: '3704',
    });
  });
});
