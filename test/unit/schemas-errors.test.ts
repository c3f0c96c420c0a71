import { expect } from 'chai';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnavailableError,
  ValidationError,
} from '@fugong/schemas';

describe('error classes', () => {
  it('a subclass matches only its own kind: a 503 is not a ConflictError', () => {
    const unavailable = new UnavailableError('elasticsearch');
    expect(unavailable instanceof AppError).to.equal(true);
    expect(unavailable instanceof UnavailableError).to.equal(true);
    expect(unavailable instanceof ConflictError).to.equal(false);
    expect(new ValidationError('bad', []) instanceof ForbiddenError).to.equal(false);
    expect(new ForbiddenError() instanceof ForbiddenError).to.equal(true);
    expect(new NotFoundError('vacancy x') instanceof ConflictError).to.equal(false);
    expect(new Error('plain') instanceof AppError).to.equal(false);
  });

  it('an error from a second copy of the module is still recognised by kind', () => {
    // A copy of the package loaded twice has its own classes with the same names and the same brand.
    const brand = Symbol.for('fugong.AppError');
    class ConflictErrorCopy extends Error {
      readonly [brand] = true;
      readonly status = 409;
    }
    Object.defineProperty(ConflictErrorCopy, 'name', { value: 'ConflictError' });
    const copy = new ConflictErrorCopy('version conflict');
    expect(copy instanceof AppError).to.equal(true);
    expect(copy instanceof ConflictError).to.equal(true);
    expect(copy instanceof UnavailableError).to.equal(false);
  });
});
