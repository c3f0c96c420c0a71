import { expect } from 'chai';
import { expiredOpenFilter, isLiveVacancy, liveVacancyFilter, vacancyEnds } from '@fugong/stores';

describe('stores: the live-vacancy predicate', () => {
  const now = new Date('2026-06-10T12:00:00Z'); // 20:00 on 10 June in UTC+8

  it('an open vacancy lives until expiresAt when it has one', () => {
    expect(isLiveVacancy({ status: 'open', expiresAt: '2026-06-10T12:00:01Z' }, now)).to.equal(true);
    expect(isLiveVacancy({ status: 'open', expiresAt: '2026-06-10T12:00:00Z' }, now)).to.equal(false);
  });

  it('without expiresAt it falls back to the end of the validThrough day in UTC+8', () => {
    expect(isLiveVacancy({ status: 'open', validThrough: '2026-06-10' }, now)).to.equal(true);
    expect(isLiveVacancy({ status: 'open', validThrough: '2026-06-09' }, now)).to.equal(false);
    expect(vacancyEnds({ validThrough: '2026-06-10' })).to.equal(Date.parse('2026-06-10T15:59:59.999Z'));
  });

  it('with neither it never expires; anything not open is not live', () => {
    expect(isLiveVacancy({ status: 'open' }, now)).to.equal(true);
    expect(isLiveVacancy({ status: 'closed', validThrough: '2099-01-01' }, now)).to.equal(false);
  });

  it('the sweep filter is the complement of the live filter within open', () => {
    const [status, live] = liveVacancyFilter(now);
    expect(expiredOpenFilter(now)).to.deep.equal([status, { bool: { must_not: [live] } }]);
  });
});
