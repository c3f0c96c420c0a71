import { expect } from 'chai';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { buildApp as buildIntentWorker } from '@fugong/intent-worker/app';
import { type TestService, startTestService } from './helpers.ts';
import { startSwap } from './swap-helpers.ts';

/*
 * Audit regression: a page number a client can send must give a 400 naming `page`, never a 500. The search
 * route already caps page × size; these list routes pass (page - 1) × size straight to the engine as `from`,
 * which refuses anything past its result window (10,000) and the error surfaces as a 500.
 */
function expectPageRefused(res: { status: number; body: any }, route: string): void {
  expect(res.status, `${route}: ${JSON.stringify(res.body)}`).to.equal(400);
  expect(res.body.error.code, route).to.equal('validation_failed');
  expect(JSON.stringify(res.body.error.details.issues), route).to.match(/page/);
}

describe('audit: deep paging on list routes is a 400, not a 500', function () {
  this.timeout(60_000);

  describe('ingest', () => {
    let svc: TestService;
    before(async () => {
      svc = await startTestService(buildIngest);
    });
    after(async () => svc?.close());

    it('GET /v1/fairs?page=1000000 (public)', async () => {
      expectPageRefused(await svc.call('GET', '/v1/fairs?page=1000000'), 'GET /v1/fairs');
      expect((await svc.call('GET', '/v1/fairs?page=1')).status).to.equal(200);
    });
  });

  describe('intent-worker', () => {
    let svc: TestService;
    before(async () => {
      svc = await startTestService(buildIntentWorker);
    });
    after(async () => svc?.close());

    it('GET /v1/dead-letters?page=1000000 (bureau)', async () => {
      const key = svc.keys.bureau;
      expectPageRefused(await svc.call('GET', '/v1/dead-letters?page=1000000', { key }), 'dead-letters');
      expect((await svc.call('GET', '/v1/dead-letters?page=1', { key })).status).to.equal(200);
    });
  });

  describe('swap', () => {
    let svc: TestService;
    before(async () => {
      svc = await startSwap();
    });
    after(async () => svc?.close());

    for (const path of ['/v1/swap/agreements', '/v1/swap/surplus', '/v1/swap/shortage']) {
      it(`GET ${path}?page=1000000 (employer)`, async () => {
        const key = svc.keys.employerA;
        expectPageRefused(await svc.call('GET', `${path}?page=1000000`, { key }), path);
        expect((await svc.call('GET', `${path}?page=1`, { key })).status).to.equal(200);
      });
    }
  });
});
