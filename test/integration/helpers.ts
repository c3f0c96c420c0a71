/** Test helpers moved to test/support/service.ts (shared with the benches); re-exported so tests keep their imports. */
export * from '../support/service.ts';
