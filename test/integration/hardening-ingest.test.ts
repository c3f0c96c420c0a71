import { FirmStore } from '@fugong/stores';
import { generateApiKey, storeApiKey } from '@fugong/http';
import { expect } from 'chai';
import { FirmCache } from '../../services/ingest/src/vacancies/firms.ts';
import type { TestService } from './helpers.ts';
import { startTestService } from './helpers.ts';
import { bulkAppBuilder, fixture, stored, upload } from './ingest-bulk-helpers.ts';
import { startIngest, vacancyBody } from './ingest-fixtures.ts';

// Issue #9, ingest items: each test here failed on the code before the fix.

const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';

const worker = (overrides: Record<string, unknown> = {}) => ({
  occupations: ['普工'],
  currentPlace: { district: '薛城区' },
  consent: { given: true, at: '2020-03-01' },
  private: { name: '李四', phone: PHONE, idNumber: ID_NUMBER },
  ...overrides,
});

const ndjson = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n');

describe('hardening #9: ingest', function () {
  this.timeout(120_000);
  let svc: TestService;
  let otherSite: string;
  before(async () => {
    svc = await startIngest();
    const { key, record } = generateApiKey({ role: 'site', siteId: 'other-site' });
    await storeApiKey(svc.rt.es, svc.rt.names.apiKeys, record);
    otherSite = key;
  });
  after(async () => {
    await svc?.close();
  });

  const bureauView = async (id: string) => {
    const res = await svc.call('GET', `/v1/workers/${id}`, { key: svc.keys.bureau });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as { private: Record<string, string>; consent: { via: string } };
  };

  describe('1. a site changes only the seekers who consented through it', () => {
    it("sets consent.via to the site's own id and refuses a body naming another site (403 naming consent.via)", async () => {
      const put = await svc.call('PUT', '/v1/workers/hw-1', { key: svc.keys.site, body: worker() });
      expect(put.status, JSON.stringify(put.body)).to.equal(200);
      expect((await bureauView('hw-1')).consent.via).to.equal('test-site');

      const forged = await svc.call('PUT', '/v1/workers/hw-2', {
        key: svc.keys.site,
        body: worker({ consent: { given: true, at: '2020-03-01', via: 'other-site' } }),
      });
      expect(forged.status).to.equal(403);
      expect(forged.body.error.details.issues[0].path).to.equal('consent.via');
      expect((await svc.call('GET', '/v1/workers/hw-2', { key: svc.keys.bureau })).status).to.equal(404);

      // Naming itself is still accepted (clients written against the old schema send it).
      const self = await svc.call('PUT', '/v1/workers/hw-3', {
        key: svc.keys.site,
        body: worker({ consent: { given: true, at: '2020-03-01', via: 'test-site' } }),
      });
      expect(self.status, JSON.stringify(self.body)).to.equal(200);
    });

    it('another site cannot overwrite a worker who consented elsewhere: 403, nothing changes', async () => {
      const takeover = await svc.call('PUT', '/v1/workers/hw-1', {
        key: otherSite,
        body: worker({ private: { name: '王五', phone: '13900000000' } }),
      });
      expect(takeover.status).to.equal(403);
      const after = await bureauView('hw-1');
      expect(after.private).to.deep.equal({ name: '李四', phone: PHONE, idNumber: ID_NUMBER });
      expect(after.consent.via).to.equal('test-site');
    });

    it("a site's change keeps the private fields it does not send", async () => {
      const put = await svc.call('PUT', '/v1/workers/hw-1', {
        key: svc.keys.site,
        body: worker({ private: { name: '李四四' }, experienceYears: 2 }),
      });
      expect(put.status, JSON.stringify(put.body)).to.equal(200);
      expect(put.body.result).to.equal('updated');
      const after = await bureauView('hw-1');
      expect(after.private).to.deep.equal({ name: '李四四', phone: PHONE, idNumber: ID_NUMBER });
    });

    it('only the bureau moves a worker to another site; then that site, not the first, may change it', async () => {
      const move = await svc.call('PUT', '/v1/workers/hw-1', {
        key: svc.keys.bureau,
        body: worker({ consent: { given: true, at: '2020-03-02', via: 'other-site' } }),
      });
      expect(move.status, JSON.stringify(move.body)).to.equal(200);
      expect((await bureauView('hw-1')).consent.via).to.equal('other-site');
      expect(
        (await svc.call('PUT', '/v1/workers/hw-1', { key: svc.keys.site, body: worker() })).status,
      ).to.equal(403);
      const mine = await svc.call('PUT', '/v1/workers/hw-1', { key: otherSite, body: worker() });
      expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
      // A bureau write that names no site keeps the stored one.
      await svc.call('PUT', '/v1/workers/hw-1', { key: svc.keys.bureau, body: worker() });
      expect((await bureauView('hw-1')).consent.via).to.equal('other-site');
    });
  });

  describe('3. JSON-LD is safe inside a <script> element', () => {
    it('escapes < > & U+2028 U+2029 and still parses to the same title', async () => {
      const title = '电焊工</script><script>alert(1)</script>&\u2028\u2029';
      const put = await svc.call('PUT', '/v1/vacancies/xss-1', {
        key: svc.keys.employerA,
        body: vacancyBody({ title, description: 'a < b && c > d' }),
      });
      expect(put.status, JSON.stringify(put.body)).to.equal(200);
      const res = await fetch(`${svc.url}/v1/vacancies/${svc.firmA}:xss-1`, {
        headers: { accept: 'application/ld+json' },
      });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/application\/ld\+json/);
      const text = await res.text();
      for (const c of ['<', '>', '&', '\u2028', '\u2029'])
        expect(text, `raw ${JSON.stringify(c)}`).to.not.include(c);
      expect(text).to.include('\\u003c/script\\u003e');
      expect(JSON.parse(text).title).to.equal(title);
    });
  });

  describe('14. wages have bounds per unit; one bad item never fails its neighbours', () => {
    for (const [wage, path] of [
      [{ min: 1e308 }, 'wage.min'],
      [{ min: 1e300, unit: 'hour' }, 'wage.min'],
      [{ min: 1e20 }, 'wage.min'],
      [{ min: 100, max: 1001, unit: 'hour' }, 'wage.max'],
      [{ min: 5_000_001, unit: 'year' }, 'wage.min'],
    ] as const) {
      it(`PUT with wage ${JSON.stringify(wage)} is a 400 naming ${path}`, async () => {
        const res = await svc.call('PUT', '/v1/vacancies/wage-x', {
          key: svc.keys.employerA,
          body: vacancyBody({ wage }),
        });
        expect(res.status, JSON.stringify(res.body)).to.equal(400);
        expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).to.include(path);
      });
    }

    it('the largest wage of each unit is stored', async () => {
      for (const [unit, min] of [
        ['hour', 1000],
        ['day', 10_000],
        ['month', 500_000],
        ['year', 5_000_000],
      ] as const) {
        const res = await svc.call('PUT', `/v1/vacancies/wage-top-${unit}`, {
          key: svc.keys.employerA,
          body: vacancyBody({ title: `普工${unit}`, wage: { min, unit } }),
        });
        expect(res.status, `${unit}: ${JSON.stringify(res.body)}`).to.equal(200);
      }
    });

    it('in a bulk upload the bad wage is that item’s rejection; the valid rows are written (200, not 503)', async () => {
      const body = ndjson([
        { externalRef: 'bw-1', ...vacancyBody({ title: '包装工' }) },
        { externalRef: 'bw-2', ...vacancyBody({ title: '装配工', wage: { min: 1e308 } }) },
        { externalRef: 'bw-3', ...vacancyBody({ title: '质检员', wage: { min: 1e300, unit: 'hour' } }) },
        { externalRef: 'bw-4', ...vacancyBody({ title: '仓管员' }) },
      ]);
      const res = await upload(svc, body, 'application/x-ndjson', { query: '?refresh=true' });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.items.map((i: { result: string }) => i.result)).to.deep.equal([
        'created',
        'rejected',
        'rejected',
        'created',
      ]);
      expect(res.body.items[1].field).to.equal('wage.min');
      expect(res.body.items[2].field).to.equal('wage.min');
      const found = await stored(
        svc.rt,
        ['bw-1', 'bw-2', 'bw-3', 'bw-4'].map((r) => `${svc.firmA}:${r}`),
      );
      expect([...found.keys()].sort()).to.deep.equal([`${svc.firmA}:bw-1`, `${svc.firmA}:bw-4`]);
    });

    it('a worker’s expected wage has the same bounds (400 naming expectedWage.min)', async () => {
      const res = await svc.call('PUT', '/v1/workers/hw-wage', {
        key: svc.keys.bureau,
        body: worker({ expectedWage: { min: 1e308, unit: 'hour' } }),
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(res.body.error.details.issues[0].path).to.equal('expectedWage.min');
    });
  });

  describe('15. a JSON-LD document with @graph inside an array', () => {
    it('each posting of the embedded @graph is its own item, next to the array’s own postings', async () => {
      const doc = JSON.parse(fixture('jsonld/zaozhuang-jobposting.jsonld').toString('utf8'));
      const single = {
        '@context': 'https://schema.org/',
        '@type': 'JobPosting',
        identifier: 'ZZ-2020-0099',
        title: '电焊工',
        totalJobOpenings: 2,
        jobLocation: { '@type': 'Place', address: { addressLocality: '薛城区' } },
      };
      const res = await upload(svc, JSON.stringify([doc, single]), 'application/ld+json', {
        query: '?refresh=true',
      });
      expect(res.status, res.text).to.equal(200);
      const results = res.body.items.map((i: { externalRef?: string; result: string; field?: string }) => [
        i.externalRef ?? i.field,
        i.result,
      ]);
      expect(results).to.deep.equal([
        ['ZZ-2020-0001', 'created'],
        ['ZZ-2020-0002', 'created'],
        ['@type', 'rejected'], // the Organization node of the graph
        ['ZZ-2020-0099', 'created'],
      ]);
      const ids = ['ZZ-2020-0001', 'ZZ-2020-0002', 'ZZ-2020-0099'].map((r) => `${svc.firmA}:${r}`);
      expect((await stored(svc.rt, ids)).size).to.equal(3);
    });
  });

  describe('16. lone surrogates in bulk items are rejected per item, naming the field', () => {
    const lone = (ref: string) =>
      // JSON text with the escape itself: "\ud800" is valid JSON syntax but not a character.
      JSON.stringify({ externalRef: ref, ...vacancyBody({ title: 'TITLE' }) }).replace(
        'TITLE',
        '焊工\\ud800',
      );
    const good = (ref: string) =>
      JSON.stringify({ externalRef: ref, ...vacancyBody({ title: `普工${ref}` }) });

    it('NDJSON, JSON and JSON-LD: the broken item is rejected (field title), its neighbours are written', async () => {
      const nd = await upload(
        svc,
        [good('su-1'), lone('su-2'), good('su-3')].join('\n'),
        'application/x-ndjson',
      );
      const js = await upload(
        svc,
        `[${[good('su-4'), lone('su-5'), good('su-6')].join(',')}]`,
        'application/json',
      );
      const ld = await upload(
        svc,
        `[${JSON.stringify({ '@type': 'JobPosting', identifier: 'su-7', title: 'TITLE', totalJobOpenings: 1, jobLocation: { address: { addressLocality: '薛城区' } } }).replace('TITLE', '电焊工\\udc00')}]`,
        'application/ld+json',
      );
      for (const [res, results] of [
        [nd, ['created', 'rejected', 'created']],
        [js, ['created', 'rejected', 'created']],
        [ld, ['rejected']],
      ] as const) {
        expect(res.status, res.text).to.equal(200);
        expect(res.body.items.map((i: { result: string }) => i.result)).to.deep.equal(results);
        const bad = res.body.items.find((i: { result: string }) => i.result === 'rejected');
        expect(bad.field).to.equal('title');
        expect(bad.reason).to.match(/surrogate/);
      }
      const found = await stored(
        svc.rt,
        ['su-2', 'su-5', 'su-7'].map((r) => `${svc.firmA}:${r}`),
      );
      expect(found.size).to.equal(0);
    });
  });

  describe('23. OpenAPI: one template per path, the 409 of the vacancy PUT declared', () => {
    it('no two path templates differ only in parameter names; PUT /v1/vacancies/{ref} lists 409', async () => {
      const res = await svc.call('GET', '/openapi.json');
      const paths = Object.keys(res.body.paths as Record<string, unknown>);
      const shapes = paths.map((p) => p.replace(/\{[^}]+\}/g, '{}'));
      expect(
        shapes.filter((s, i) => shapes.indexOf(s) !== i),
        'colliding templates',
      ).to.deep.equal([]);
      const put = res.body.paths['/v1/vacancies/{ref}']?.put;
      expect(put, 'PUT /v1/vacancies/{ref}').to.be.an('object');
      expect(Object.keys(put.responses)).to.include('409');
      expect(res.body.paths['/v1/vacancies/{ref}'].get, 'GET shares the template').to.be.an('object');
    });

    it('the README sample CSV imports cleanly through the bulk route', async () => {
      const csv = await import('node:fs').then((fs) =>
        fs.readFileSync(new URL('../../examples/vacancies.csv', import.meta.url)),
      );
      const res = await upload(svc, csv, 'text/csv', { key: svc.keys.bureau, query: `?firmId=${svc.firmB}` });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.summary.rejected, res.text).to.equal(0);
      expect(res.body.summary.created).to.be.greaterThan(3);
    });
  });
});

/** A firm cache that fails for one firm as an unexpected bug would. */
class FaultyFirms extends FirmCache {
  override async get(ids: readonly string[]) {
    if (ids.includes('boom')) throw new TypeError('an unexpected bug for firm boom');
    return super.get(ids);
  }
}

/** Ingest with firms and the bulk route (default limits), whose firm cache fails for one firm. */
const buildFaultyFirmsApp = bulkAppBuilder({}, { firms: (rt) => new FaultyFirms(new FirmStore(rt)) });

describe('hardening #9: ingest, an unexpected item error inside a batch', function () {
  this.timeout(60_000);
  let svc: TestService;
  before(async () => {
    svc = await startTestService(buildFaultyFirmsApp);
    const res = await svc.call('PUT', `/v1/firms/${svc.firmA}`, {
      key: svc.keys.bureau,
      body: {
        name: '测试企业',
        creditCode: '91350100M000100Y43',
        industry: '制造业',
        place: { district: '薛城区' },
      },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  });
  after(async () => {
    await svc?.close();
  });

  it('is that item’s rejection in a 200 report, not a 503 "unavailable" for the whole batch', async () => {
    const body = ndjson([
      { externalRef: 'f-1', firmId: svc.firmA, ...vacancyBody({ title: '包装工' }) },
      { externalRef: 'f-2', firmId: 'boom', ...vacancyBody({ title: '装配工' }) },
      { externalRef: 'f-3', firmId: svc.firmA, ...vacancyBody({ title: '仓管员' }) },
    ]);
    const res = await upload(svc, body, 'application/x-ndjson', {
      key: svc.keys.bureau,
      query: '?refresh=true',
    });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.items.map((i: { result: string }) => i.result)).to.deep.equal([
      'created',
      'rejected',
      'created',
    ]);
    expect(res.body.items[1].field).to.equal('(item)');
    const found = await stored(svc.rt, [`${svc.firmA}:f-1`, `${svc.firmA}:f-3`]);
    expect(found.size).to.equal(2);
  });
});
