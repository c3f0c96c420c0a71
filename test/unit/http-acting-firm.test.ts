/**
 * Issue #10: which firm a request acts for is decided once (`actingFirm` in @fugong/http) and used by ingest
 * (single vacancies, bulk uploads) and swap (posts, agreement lists, proposals). These cases pin the rule.
 */
import { actingFirm } from '@fugong/http';
import { AppError, type Principal } from '@fugong/schemas';
import { expect } from 'chai';

const employerA: Principal = { role: 'employer', keyId: 'ka', firmId: 'firm-a' };
const bureau: Principal = { role: 'bureau', keyId: 'kb' };
const site: Principal = { role: 'site', keyId: 'ks', siteId: 'site-1' };
const anonymous: Principal = { role: 'anonymous', keyId: 'anonymous' };

/** The AppError thrown by `fn`; fails the test when nothing (or something else) is thrown. */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(AppError);
    return err as AppError;
  }
  expect.fail('expected an error');
}

describe('actingFirm: which firm a request acts for', () => {
  it('an employer acts for its own firm, whether or not it names it; naming another firm is 403', () => {
    expect(actingFirm(employerA, undefined)).to.equal('firm-a');
    expect(actingFirm(employerA, 'firm-a')).to.equal('firm-a');
    const other = thrown(() => actingFirm(employerA, 'firm-b'));
    expect(other.status).to.equal(403);
    expect(other.code).to.equal('forbidden');
    expect(other.message).to.include('firm-a').and.include('firm-b');
    // Optional for the bureau does not loosen the employer's rule.
    expect(thrown(() => actingFirm(employerA, 'firm-b', { required: false })).status).to.equal(403);
    expect(actingFirm(employerA, undefined, { required: false })).to.equal('firm-a');
  });

  it('the bureau must name the firm: missing is a 400 naming the field', () => {
    expect(actingFirm(bureau, 'firm-b')).to.equal('firm-b');
    const missing = thrown(() => actingFirm(bureau, undefined, { what: 'the vacancy' }));
    expect(missing.status).to.equal(400);
    expect(missing.details).to.deep.equal({
      issues: [{ path: 'firmId', message: 'required for a bureau key: which firm the vacancy is for' }],
    });
    const named = thrown(() => actingFirm(bureau, '', { field: 'lenderFirmId' }));
    expect(named.status).to.equal(400);
    expect((named.details as { issues: { path: string }[] }).issues[0]!.path).to.equal('lenderFirmId');
    expect(named.message).to.match(/^lenderFirmId: /);
  });

  it('the bureau may leave the firm out where it is only a default or a filter', () => {
    expect(actingFirm(bureau, undefined, { required: false })).to.equal(undefined);
    expect(actingFirm(bureau, 'firm-c', { required: false })).to.equal('firm-c');
  });

  it('a site key may not act for a firm (403); no key is 401', () => {
    expect(thrown(() => actingFirm(site, 'firm-a')).status).to.equal(403);
    expect(thrown(() => actingFirm(site, undefined, { required: false })).status).to.equal(403);
    expect(thrown(() => actingFirm(anonymous, 'firm-a')).status).to.equal(401);
    expect(thrown(() => actingFirm(undefined, 'firm-a')).status).to.equal(401);
  });
});
