import { expect } from 'chai';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { buildApp as buildMatcher } from '@fugong/matcher/app';
import { buildApp as buildMonitor } from '@fugong/monitor/app';
import { buildApp as buildSwap } from '@fugong/swap/app';
import { isValidCreditCode } from '@fugong/text';
import { seed, worker } from '../support/eval/build.ts';
import { type Companion, startCompanion } from '../support/service.ts';
import { startTestService, type TestService } from './helpers.ts';

/** A valid 统一社会信用代码 from 17 characters: the check character that makes it valid. */
function creditCode(base17: string): string {
  for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (isValidCreditCode(base17 + c)) return base17 + c;
  throw new Error(`no check character for ${base17}`);
}

/** Yesterday in Asia/Shanghai: a day a report may be entered for, whatever the machine's clock zone. */
const day = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

/**
 * The loop back from a report (issue #11): a report's hiring needs become vacancies (through ingest's API)
 * and a shortage post (through swap's), with the caller's key, linked to the report; the follow-up list shows
 * the matcher's candidates and other firms' surplus posts for a short-handed firm. All five services run
 * against the same real engine and keys.
 */
describe('monitor: the loop from reports to vacancies and swaps', function () {
  this.timeout(60_000);
  let t: TestService; // ingest
  let swap: Companion;
  let matcher: Companion;
  let monitor: Companion;
  type Call = (
    m: string,
    p: string,
    o?: { key?: string; body?: unknown },
  ) => Promise<{ status: number; body: any }>;
  const at =
    (url: string): Call =>
    async (method, path, opts = {}) => {
      const headers: Record<string, string> = {};
      if (opts.key) headers['authorization'] = `Bearer ${opts.key}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url + path, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
  let mon: Call;
  let sw: Call;
  let mat: Call;

  const report = (over: Record<string, unknown> = {}) => ({
    status: 'partly',
    capacityPct: 60,
    employees: 200,
    onPost: 120,
    openPositions: 25,
    hiringNeeds: [
      { occupation: '普工', headcount: 20 },
      { occupation: '焊工', headcount: 5, note: '持证上岗' },
    ],
    ...over,
  });

  before(async () => {
    t = await startTestService(buildIngest);
    swap = await startCompanion(t, buildSwap);
    matcher = await startCompanion(t, buildMatcher);
    monitor = await startCompanion(t, (rt) =>
      buildMonitor(rt, {
        loop: { urls: { ingest: t.url, matcher: matcher.url, swap: swap.url }, timeoutMs: 10_000 },
      }),
    );
    mon = at(monitor.url);
    sw = at(swap.url);
    mat = at(matcher.url);
    const firm = (id: string, code: string, district: string) =>
      t.call('PUT', `/v1/firms/${id}`, {
        key: t.keys.bureau,
        body: {
          name: `测试企业${id}`,
          creditCode: creditCode(code),
          industry: '制造业',
          place: { district, address: `${district}人民路1号` },
          contact: { name: '王经理', phone: '13900000000' },
        },
      });
    for (const r of [
      await firm(t.firmA, '91370403MA3C4XY01', '薛城区'),
      await firm(t.firmB, '91370403MA3C4XY02', '薛城区'),
      await firm('firm-c', '91370403MA3C4XY03', '市中区'),
    ])
      expect(r.status, JSON.stringify(r.body)).to.be.oneOf([200, 201]);
    for (const id of [t.firmA, 'firm-c']) {
      const r = await mon('PUT', `/v1/monitor/firms/${id}`, {
        key: t.keys.bureau,
        body: { frequency: 'daily', startDate: '2026-01-01' },
      });
      expect(r.status, JSON.stringify(r.body)).to.be.oneOf([200, 201]);
    }
    const put = await mon('PUT', `/v1/monitor/reports/${t.firmA}/${day}`, {
      key: t.keys.employerA,
      body: report(),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(201);
    // Firm B lends idle 普工 (same district), firm-c's report asks for nobody.
    const lend = await sw('PUT', '/v1/swap/surplus/sp-b-1', {
      key: t.keys.employerB,
      body: {
        headcount: 8,
        occupations: ['普工'],
        from: day,
        to: '2099-12-31',
        place: { district: '薛城区' },
      },
    });
    expect(lend.status, JSON.stringify(lend.body)).to.equal(200);
    await seed(t.rt.es, t.rt.names, {
      workers: [
        worker('w-pg', { occupations: ['普工'], skills: ['装配'], currentPlace: { district: '薛城区' } }),
        worker('w-pg2', { occupations: ['普工'], currentPlace: { district: '薛城区' } }),
      ],
    });
  });

  after(async () => {
    for (const c of [monitor, matcher, swap]) await c?.close();
    await t?.close();
  });

  it('refuses what the request gets wrong before anything is written', async () => {
    const path = `/v1/monitor/reports/${t.firmA}/${day}/publish`;
    const cases: Array<[unknown, number, string]> = [
      [{ needs: [2] }, 400, 'needs.0'],
      [{ shortage: { from: '2026-03-10', to: '2026-03-01' } }, 400, 'shortage.to'],
      [{ vacancies: false }, 400, 'vacancies'],
      [{ monthlyWage: { min: 5000, max: 4000 } }, 400, 'monthlyWage.max'],
      [{ validThrough: '2020-01-01' }, 400, 'validThrough'],
      [{ vacancies: 'yes' }, 400, 'vacancies'],
    ];
    for (const [body, status, field] of cases) {
      const r = await mon('POST', path, { key: t.keys.employerA, body });
      expect(r.status, JSON.stringify(r.body)).to.equal(status);
      expect(JSON.stringify(r.body.error.details ?? r.body.error.message)).to.include(field);
    }
    // Another firm may not publish firm A's report, nor read what it published.
    const other = await mon('POST', path, { key: t.keys.employerB, body: {} });
    expect(other.status).to.equal(403);
    expect((await mon('POST', path, { key: t.keys.site, body: {} })).status).to.equal(403);
    expect((await mon('POST', path, { body: {} })).status).to.equal(401);
    // Nothing was published by any of these.
    expect(
      (await mon('GET', `/v1/monitor/reports/${t.firmA}/${day}/publications`, { key: t.keys.bureau })).status,
    ).to.equal(404);
    const mine = await sw('GET', `/v1/swap/shortage?firmId=${t.firmA}`, { key: t.keys.bureau });
    expect(mine.body.total).to.equal(0);
  });

  it('refuses a report without hiring needs (409) and one whose trade no one can place (400), writing nothing', async () => {
    const noNeeds = await mon('PUT', `/v1/monitor/reports/firm-c/${day}`, {
      key: t.keys.bureau,
      body: report({ hiringNeeds: [] }),
    });
    expect(noNeeds.status, JSON.stringify(noNeeds.body)).to.equal(201);
    const r = await mon('POST', `/v1/monitor/reports/firm-c/${day}/publish`, {
      key: t.keys.bureau,
      body: {},
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(409);
    expect(r.body.error.details.field).to.equal('hiringNeeds');

    await mon('PUT', `/v1/monitor/reports/firm-c/${day}`, {
      key: t.keys.bureau,
      body: report({
        hiringNeeds: [
          { occupation: '普工', headcount: 2 },
          { occupation: '哈哈哈哈', headcount: 1 },
        ],
      }),
    });
    const bad = await mon('POST', `/v1/monitor/reports/firm-c/${day}/publish`, {
      key: t.keys.bureau,
      body: { shortage: { from: day, to: '2099-01-31' } },
    });
    expect(bad.status, JSON.stringify(bad.body)).to.equal(400);
    expect(bad.body.error.details.issues[0].path).to.equal('hiringNeeds.1.occupation');
    expect(
      (await mon('GET', `/v1/monitor/reports/firm-c/${day}/publications`, { key: t.keys.bureau })).status,
    ).to.equal(404);
    const vac = await t.call('GET', `/v1/vacancies/firm-c:monitor-${day}-0`, { key: t.keys.bureau });
    expect(vac.status).to.equal(404);
  });

  it("publishes a report's needs as vacancies and a shortage post, linked to the report, and again without duplicates", async () => {
    const path = `/v1/monitor/reports/${t.firmA}/${day}/publish`;
    const body = {
      shortage: { from: day, to: '2099-01-31', wageOffered: 4500 },
      monthlyWage: { min: 4000, max: 5500 },
    };
    const first = await mon('POST', path, { key: t.keys.employerA, body });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body.complete).to.equal(true);
    const items = first.body.items as Array<{ kind: string; id: string; result: string; needs: number[] }>;
    expect(items.map((i) => [i.kind, i.result, i.needs])).to.deep.equal([
      ['vacancy', 'created', [0]],
      ['vacancy', 'created', [1]],
      ['shortage', 'created', [0, 1]],
    ]);
    // The vacancies are in ingest, with the report's trade, headcount and the firm's place.
    const v0 = await t.call('GET', `/v1/vacancies/${encodeURIComponent(items[0]!.id)}`, {
      key: t.keys.bureau,
    });
    expect(v0.status, JSON.stringify(v0.body)).to.equal(200);
    expect(v0.body.title).to.equal('普工');
    expect(v0.body.totalJobOpenings).to.equal(20);
    expect(v0.body.firmId).to.equal(t.firmA);
    expect(v0.body.workPlace.name).to.equal('薛城区');
    const v1 = await t.call('GET', `/v1/vacancies/${encodeURIComponent(items[1]!.id)}`, {
      key: t.keys.bureau,
    });
    expect(v1.body.totalJobOpenings).to.equal(5);
    // The shortage post is in swap: both trades, the total headcount.
    const post = await sw('GET', `/v1/swap/shortage/${encodeURIComponent(items[2]!.id)}`, {
      key: t.keys.employerA,
    });
    expect(post.status, JSON.stringify(post.body)).to.equal(200);
    expect(post.body.headcount).to.equal(25);
    expect(post.body.firmId).to.equal(t.firmA);
    expect(post.body.wageOffered).to.equal(4500);
    // Linked to the report.
    const pub = await mon('GET', `/v1/monitor/reports/${t.firmA}/${day}/publications`, {
      key: t.keys.employerA,
    });
    expect(pub.status).to.equal(200);
    expect(pub.body.vacancyIds).to.deep.equal([items[0]!.id, items[1]!.id]);
    expect(pub.body.shortageId).to.equal(items[2]!.id);
    expect(
      (await mon('GET', `/v1/monitor/reports/${t.firmA}/${day}/publications`, { key: t.keys.employerB }))
        .status,
    ).to.equal(403);

    // Again: the same references, nothing new.
    const again = await mon('POST', path, { key: t.keys.bureau, body });
    expect(again.status, JSON.stringify(again.body)).to.equal(200);
    expect(again.body.items.map((i: { id: string }) => i.id)).to.deep.equal(items.map((i) => i.id));
    expect(again.body.items.slice(0, 2).map((i: { result: string }) => i.result)).to.deep.equal([
      'unchanged',
      'unchanged',
    ]);
    const posts = await sw('GET', `/v1/swap/shortage?firmId=${t.firmA}`, { key: t.keys.bureau });
    expect(posts.body.total).to.equal(1);
  });

  it('says which items were not written when another service is down, and completes on a second call', async () => {
    const down = await startCompanion(t, (rt) =>
      buildMonitor(rt, {
        loop: { urls: { ingest: t.url, matcher: matcher.url, swap: 'http://127.0.0.1:9' }, timeoutMs: 2_000 },
      }),
    );
    try {
      await mon('PUT', `/v1/monitor/reports/firm-c/${day}`, {
        key: t.keys.bureau,
        body: report({ hiringNeeds: [{ occupation: '装配工', headcount: 3 }] }),
      });
      const body = { shortage: { from: day, to: '2099-01-31' } };
      const r = await at(down.url)('POST', `/v1/monitor/reports/firm-c/${day}/publish`, {
        key: t.keys.bureau,
        body,
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(503);
      const items = r.body.error.details.items;
      expect(
        items.map((i: { kind: string; error?: unknown }) => [i.kind, i.error !== undefined]),
      ).to.deep.equal([
        ['vacancy', false],
        ['shortage', true],
      ]);
      const retry = await mon('POST', `/v1/monitor/reports/firm-c/${day}/publish`, {
        key: t.keys.bureau,
        body,
      });
      expect(retry.status, JSON.stringify(retry.body)).to.equal(200);
      expect(retry.body.items.map((i: { result: string }) => i.result)).to.deep.equal([
        'unchanged',
        'created',
      ]);
    } finally {
      await down.close();
    }
  });

  it("lists the matcher's candidates and other firms' surplus posts beside a short-handed firm on the follow-up list", async () => {
    const r = await mon('GET', `/v1/monitor/follow-up?date=${day}`, { key: t.keys.bureau });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const a = r.body.underThreshold.items.find((i: { firmId: string }) => i.firmId === t.firmA);
    expect(a, 'firm A is short-handed (25 open positions)').to.not.equal(undefined);
    const pub = await mon('GET', `/v1/monitor/reports/${t.firmA}/${day}/publications`, {
      key: t.keys.bureau,
    });
    expect(a.nearby.publishedVacancyIds).to.deep.equal(pub.body.vacancyIds);
    // The surplus: firm B's 普工 in the same district; never the firm's own posts.
    expect(
      a.nearby.surplus.map((s: { id: string; sameDistrict: boolean }) => [s.id, s.sameDistrict]),
    ).to.deep.equal([['sp-b-1', true]]);
    // The candidates are the matcher's own first answers for the published vacancies.
    const expected: string[] = [];
    for (const id of pub.body.vacancyIds.slice(0, 2)) {
      const c = await mat('GET', `/v1/vacancies/${encodeURIComponent(id)}/candidates?size=3`, {
        key: t.keys.bureau,
      });
      expected.push(...c.body.hits.map((h: { workerId: string }) => `${id}/${h.workerId}`));
    }
    expect(expected.length, 'the 普工 vacancy has the two seeded workers as candidates').to.be.at.least(2);
    expect(
      a.nearby.candidates.map((c: { vacancyId: string; workerId: string }) => `${c.vacancyId}/${c.workerId}`),
    ).to.deep.equal(expected);
    // No phone numbers of workers travel in the follow-up list.
    expect(JSON.stringify(a.nearby)).to.not.include('13800000000');
  });
});
