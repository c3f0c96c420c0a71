/**
 * Issue #12 (the portal's API): intention pairs as a list — a seeker's "my applications" (through the site),
 * an employer's applications to its vacancies, the bureau's view. The matcher records intentions, the intent
 * worker (running here on the same indices and queue) folds them into pairs, the matcher lists them.
 */
import { buildIntentService } from '@fugong/intent-worker/app';
import { buildApp as buildMatcher } from '@fugong/matcher/app';
import { expect } from 'chai';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { type Companion, startCompanion, startTestService, type TestService } from './helpers.ts';
import { waitFor } from './intent-worker-helpers.ts';

const firmA = { id: 'firm-a', name: '枣庄市示范服装有限公司', keyEnterprise: true };
const firmB = { id: 'firm-b', name: '滕州市示范机械有限公司', keyEnterprise: false };
const consent = { given: true, at: '2026-11-25T09:00:00+08:00' };
const settings = {
  concurrency: 16,
  batchMax: 50,
  batchWaitMs: 5,
  batchInFlight: 2,
  lockDurationMs: 5000,
  stalledIntervalMs: 2000,
};

interface Pair {
  pairId: string;
  workerId: string;
  vacancyId: string;
  firmId: string;
  status: string;
  kinds: string[];
  twoSided: boolean;
  lastAt: string;
  [k: string]: unknown;
}

describe('portal API: GET /v1/intentions lists worker–vacancy pairs by role', function () {
  this.timeout(60_000);
  let svc: TestService;
  let matcher: Companion;

  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const res = await fetch(matcher.url + path, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any, text: '' };
  };
  const say = async (key: string, body: Record<string, unknown>) => {
    const res = await call('POST', '/v1/intentions', key, body);
    if (res.status !== 202) throw new Error(`${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
  };
  const list = (query: string, key?: string) => call('GET', `/v1/intentions?${query}`, key);
  const pairs = (res: { body: { items: Pair[] } }) =>
    res.body.items.map((p) => `${p.workerId}@${p.vacancyId}`);

  before(async () => {
    svc = await startTestService(buildIntentService({ runWorker: true, settings }));
    matcher = await startCompanion(svc, buildMatcher);
    await seed(svc.rt.es, svc.rt.names, {
      vacancies: [
        vacancy('sew', { title: '缝纫工', fairIds: ['fair-1'] }, firmA),
        vacancy('cut', { title: '裁剪工' }, firmA),
        vacancy('weld', { title: '电焊工' }, firmB),
      ],
      workers: [
        worker('w1', { occupations: ['缝纫工'] }),
        worker('w2', { occupations: ['缝纫工'] }),
        worker('w-elsewhere', {
          occupations: ['缝纫工'],
          consent: { given: true, at: '2026-11-20T08:00:00+08:00', via: 'other-site' },
        }),
      ],
    });
    // In this order, each recorded before the next is said, so the pairs' latest activity is ordered:
    // w1 applies to sew; firm A shortlists w1 for sew (two-sided); w2 applies to sew; firm A shortlists
    // w-elsewhere for cut (who never applied: one-sided); w1 applies to weld (firm B).
    const steps: Array<[string, Record<string, unknown>]> = [
      [svc.keys.site, { kind: 'application', vacancyId: 'firm-a:sew', workerId: 'w1', consent }],
      [svc.keys.employerA, { kind: 'shortlist', vacancyId: 'firm-a:sew', workerId: 'w1' }],
      [svc.keys.site, { kind: 'application', vacancyId: 'firm-a:sew', workerId: 'w2', consent }],
      [svc.keys.employerA, { kind: 'shortlist', vacancyId: 'firm-a:cut', workerId: 'w-elsewhere' }],
      [svc.keys.site, { kind: 'application', vacancyId: 'firm-b:weld', workerId: 'w1', consent }],
    ];
    let recorded = 0;
    for (const [key, body] of steps) {
      await say(key, body);
      recorded++;
      await waitFor(
        async () => {
          const all = await list('size=100', svc.keys.bureau);
          const kinds = all.body.items.flatMap((p: Pair) => p.kinds.map((k) => `${k}:${p.pairId}`));
          return kinds.length >= recorded ? true : undefined;
        },
        20_000,
        `intention ${recorded} listed`,
      );
    }
  });
  after(async () => {
    await matcher?.close();
    await svc?.close();
  });

  it('the bureau sees every pair, latest activity first, with its furthest step and both sides', async () => {
    const res = await list('', svc.keys.bureau);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(pairs(res)).to.deep.equal([
      'w1@firm-b:weld',
      'w-elsewhere@firm-a:cut',
      'w2@firm-a:sew',
      'w1@firm-a:sew',
    ]);
    expect(res.body).to.include({ total: 4, page: 1, size: 20 });
    const lastAts = res.body.items.map((p: Pair) => p.lastAt);
    expect(lastAts).to.deep.equal([...lastAts].sort().reverse());
    const applied = res.body.items[3];
    // A shortlist after an application reads `shortlisted`, the furthest step; both spoke.
    expect(applied).to.deep.include({
      workerId: 'w1',
      vacancyId: 'firm-a:sew',
      firmId: 'firm-a',
      fairIds: ['fair-1'],
      kinds: ['application', 'shortlist'],
      status: 'shortlisted',
      twoSided: true,
      vacancy: { title: '缝纫工', firmName: firmA.name, status: 'open', live: true },
    });
    expect(applied.steps).to.have.all.keys('applied', 'shortlisted');
    expect(applied.worker.maskedName).to.be.a('string').and.not.equal('张w1');
    expect(applied.firstAt <= applied.lastAt).to.equal(true);
    expect(applied.twoSidedAt).to.equal(applied.steps.shortlisted);
    const unasked = res.body.items[1];
    expect(unasked).to.deep.include({ kinds: ['shortlist'], status: 'shortlisted', twoSided: false });
    // No names, phones or ID numbers anywhere.
    const text = JSON.stringify(res.body);
    for (const secret of ['13800000000', '370403199001011234', '张w1', '张w2'])
      expect(text).to.not.contain(secret);
  });

  it('filters: kind, status, twoSided, vacancyId, firmId, workerId; pages', async () => {
    const b = svc.keys.bureau;
    expect(pairs(await list('kind=application', b))).to.deep.equal([
      'w1@firm-b:weld',
      'w2@firm-a:sew',
      'w1@firm-a:sew',
    ]);
    expect(pairs(await list('status=applied', b))).to.deep.equal(['w1@firm-b:weld', 'w2@firm-a:sew']);
    expect(pairs(await list('twoSided=true', b))).to.deep.equal(['w1@firm-a:sew']);
    expect(pairs(await list('vacancyId=firm-a:sew', b))).to.deep.equal(['w2@firm-a:sew', 'w1@firm-a:sew']);
    expect(pairs(await list('firmId=firm-b', b))).to.deep.equal(['w1@firm-b:weld']);
    expect(pairs(await list('workerId=w1', b))).to.deep.equal(['w1@firm-b:weld', 'w1@firm-a:sew']);
    const second = await list('size=1&page=2', b);
    expect(second.body).to.include({ total: 4, page: 2, size: 1 });
    expect(pairs(second)).to.deep.equal(['w-elsewhere@firm-a:cut']);
  });

  it('an employer sees its own firm’s pairs only; naming another firm is a 403, not an empty list', async () => {
    const a = await list('', svc.keys.employerA);
    expect(a.status).to.equal(200);
    expect(pairs(a)).to.deep.equal(['w-elsewhere@firm-a:cut', 'w2@firm-a:sew', 'w1@firm-a:sew']);
    expect(pairs(await list('vacancyId=firm-a:sew&kind=application', svc.keys.employerA))).to.deep.equal([
      'w2@firm-a:sew',
      'w1@firm-a:sew',
    ]);
    expect((await list('firmId=firm-a', svc.keys.employerA)).status).to.equal(200);
    const other = await list('firmId=firm-b', svc.keys.employerA);
    expect(other.status).to.equal(403);
    expect(other.body.error.message).to.contain('firm-b');
    // Another firm's vacancy or worker as a filter finds nothing of the other firm.
    expect(pairs(await list('vacancyId=firm-b:weld', svc.keys.employerA))).to.deep.equal([]);
    expect(pairs(await list('workerId=w1', svc.keys.employerA))).to.deep.equal(['w1@firm-a:sew']);
    expect(pairs(await list('', svc.keys.employerB))).to.deep.equal(['w1@firm-b:weld']);
  });

  it('a site lists one seeker who consented through it; another site’s seeker is 403, workerId required', async () => {
    const mine = await list('workerId=w1', svc.keys.site);
    expect(mine.status, JSON.stringify(mine.body)).to.equal(200);
    expect(pairs(mine)).to.deep.equal(['w1@firm-b:weld', 'w1@firm-a:sew']);
    expect(mine.body.items[0].vacancy).to.deep.include({ title: '电焊工', firmName: firmB.name });
    expect(pairs(await list('workerId=w1&kind=application&firmId=firm-a', svc.keys.site))).to.deep.equal([
      'w1@firm-a:sew',
    ]);
    const elsewhere = await list('workerId=w-elsewhere', svc.keys.site);
    expect(elsewhere.status).to.equal(403);
    const none = await list('', svc.keys.site);
    expect(none.status).to.equal(400);
    expect(none.body.error.details.issues[0].path).to.equal('query.workerId');
    expect((await list('workerId=nobody', svc.keys.site)).status).to.equal(404);
    expect((await list('workerId=w1')).status, 'anonymous').to.equal(401);
  });

  it('bad input is a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['kind=swap', 'query.kind'],
      ['kind=apply', 'query.kind'],
      ['status=hired', 'query.status'],
      ['twoSided=yes', 'query.twoSided'],
      ['size=101', 'query.size'],
      ['size=0', 'query.size'],
      ['page=0', 'query.page'],
      ['page=101&size=100', 'page'],
      ['workerId=a%20b', 'query.workerId'],
      ['vacancyId=', 'query.vacancyId'],
      ['note=x', 'query'],
    ] as const) {
      const res = await list(query, svc.keys.bureau);
      expect(res.status, query).to.equal(400);
      const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
      expect(paths, query).to.include(field);
    }
  });
});
