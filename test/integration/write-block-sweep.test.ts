import { buildApp as buildConvoys } from '@fugong/convoys/app';
import { expect } from 'chai';
import { type TestService, startTestService } from './helpers.ts';
import { CREDIT_CODE, startIngest, vacancyBody } from './ingest-fixtures.ts';
import { MONDAY, registerTestFirms, report, startMonitor } from './monitor-helpers.ts';
import { postPair, propose, shortageBody, startSwap, surplusBody, termsFor } from './swap-helpers.ts';

/*
 * The write routes of ingest (those ingest-write-block.test.ts leaves out), swap, monitor and convoys while
 * indices refuse writes (a write block, as during a migration to a new index version: the engine answers 403
 * `cluster_block_exception`). The engine being read-only for a moment is neither the client's fault nor a bug:
 * - every index of the service blocked: each call answers 503 with a Retry-After header (or a status its case
 *   allows: a 4xx it gives before writing, a 200 of a route that writes nothing), never 2xx for a write and
 *   never another 5xx; afterwards every document is exactly as before;
 * - one index at a time blocked (each index the calls write when nothing is blocked): a call may succeed
 *   (it did not need that index), but one that is refused leaves every document exactly as it was: no
 *   half-written state.
 */

type Call = Awaited<ReturnType<TestService['call']>>;
/** A named call, and the statuses besides 503 it may answer while its writes are refused. */
type Case = [name: string, call: () => Promise<Call>, allowed?: number[]];
/** Sets up fresh records in `svc` (ids unique to `round`) and returns the calls to make on them. */
type Scenario = (svc: TestService, round: number) => Promise<Case[]>;

type Snapshot = Record<string, Record<string, unknown>>;

async function indexNames(svc: TestService): Promise<string[]> {
  const listed = await svc.rt.es.cat.indices({
    index: `${svc.rt.env.INDEX_PREFIX}*`,
    format: 'json',
    h: 'index',
  });
  return (listed as Array<{ index: string }>).map((i) => i.index).sort();
}

/** Every document of `indices`, by index and id (refreshed first), without the fields named in `ignore`. */
async function snapshot(
  svc: TestService,
  indices: string[],
  ignore: readonly string[] = [],
): Promise<Snapshot> {
  await svc.rt.es.indices.refresh({ index: indices.join(',') });
  const read = async (index: string): Promise<[string, Record<string, unknown>]> => {
    const res = await svc.rt.es.search({ index, size: 10_000, query: { match_all: {} } });
    const docs: Record<string, unknown> = {};
    for (const h of res.hits.hits) {
      const doc = { ...(h._source as Record<string, unknown>) };
      for (const field of ignore) delete doc[field];
      docs[h._id!] = doc;
    }
    return [index, docs];
  };
  // The indices side by side: the learning round takes a snapshot of all of them after every call.
  return Object.fromEntries(await Promise.all(indices.map(read)));
}

async function setWriteBlock(svc: TestService, indices: string[], on: boolean): Promise<void> {
  const index = indices.join(','); // by name: the engine refuses wildcards for blocks
  if (on) await svc.rt.es.indices.addBlock({ index, block: 'write' });
  else await svc.rt.es.indices.putSettings({ index, settings: { 'index.blocks.write': false } });
}

async function unblockAll(svc: TestService | undefined): Promise<void> {
  if (svc) await setWriteBlock(svc, await indexNames(svc), false).catch(() => {});
}

/** The answer of a refused call: 503 with Retry-After, or a status the case allows. */
function expectRefused(res: Call, allowed: number[], line: string): void {
  if (res.status === 503) {
    expect(res.headers.get('retry-after'), line).to.be.a('string');
    expect(res.body.error.code, line).to.equal('unavailable');
  } else expect(allowed, line).to.include(res.status);
}

const describeCall = (name: string, res: Call) => `${name}: ${res.status} ${JSON.stringify(res.body)}`;

/** All of the service's indices blocked while the scenario's calls run: each refused, nothing changed. */
async function sweepAll(svc: TestService, scenario: Scenario): Promise<void> {
  const cases = await scenario(svc, 1);
  const indices = await indexNames(svc);
  const before = await snapshot(svc, indices);
  await setWriteBlock(svc, indices, true);
  const seen: string[] = [];
  try {
    for (const [name, call, allowed = []] of cases) {
      const res = await call();
      seen.push(describeCall(name, res));
      expectRefused(res, allowed, seen.at(-1)!);
    }
  } finally {
    await setWriteBlock(svc, indices, false);
  }
  expect(await snapshot(svc, indices), seen.join('\n')).to.deep.equal(before);
}

/**
 * One index at a time: first the scenario runs unblocked to learn which indices each call writes; then, for each
 * index written, a fresh round runs with only that index blocked, making the calls that write it (the others
 * never touch it). A refused call must leave every written index exactly as it was; one that succeeds did not
 * need the blocked index after all. Returns the indices tried (so a test can say the sweep was not empty).
 */
async function sweepEach(
  svc: TestService,
  scenario: Scenario,
  ignore: readonly string[] = [],
): Promise<string[]> {
  const indices = await indexNames(svc);
  const learn = await scenario(svc, 2);
  const writes = new Map<string, Set<string>>(); // case name → indices it wrote
  let seen = await snapshot(svc, indices);
  for (const [name, call] of learn) {
    const res = await call();
    expect(res.status, describeCall(name, res)).to.be.below(500);
    const now = await snapshot(svc, indices);
    writes.set(name, new Set(indices.filter((i) => JSON.stringify(seen[i]) !== JSON.stringify(now[i]))));
    seen = now;
  }
  const written = indices.filter((i) => [...writes.values()].some((w) => w.has(i)));
  let round = 3;
  for (const blocked of written) {
    const cases = (await scenario(svc, round++)).filter(([name]) => writes.get(name)?.has(blocked));
    await setWriteBlock(svc, [blocked], true);
    try {
      let before = await snapshot(svc, written, ignore);
      for (const [name, call, allowed = []] of cases) {
        const res = await call();
        const line = `${blocked} blocked, ${describeCall(name, res)}`;
        const after = await snapshot(svc, written, ignore);
        if (!(res.status >= 200 && res.status < 300 && !allowed.includes(res.status))) {
          expectRefused(res, allowed, line);
          expect(after, line).to.deep.equal(before);
        }
        before = after;
      }
    } finally {
      await setWriteBlock(svc, [blocked], false);
    }
  }
  return written;
}

/**
 * Both sweeps of one service, on a test service of its own: `written` is how many indices the one-at-a-time
 * sweep must at least have blocked (so it cannot pass by blocking none), `ignore` the fields it leaves out of
 * the comparison.
 */
function describeSweeps(
  title: string,
  start: () => Promise<TestService>,
  scenario: Scenario,
  opts: { written: number; ignore?: readonly string[] },
): void {
  describe(title, () => {
    let svc: TestService;
    before(async () => {
      svc = await start();
    });
    after(async () => {
      await unblockAll(svc);
      await svc?.close();
    });

    it('all indices blocked: 503 with Retry-After, nothing changed', () => sweepAll(svc, scenario));
    it('one index at a time: a refused call changes nothing', async () => {
      expect(await sweepEach(svc, scenario, opts.ignore)).to.have.length.at.least(opts.written);
    });
  });
}

const ingestCalls: Scenario = async (svc, round) => {
  const bureau = { key: svc.keys.bureau };
  const a = { key: svc.keys.employerA };
  for (const [ref, title] of [
    [`v-close-${round}`, '普工'],
    [`v-delete-${round}`, '焊工'],
  ]) {
    const put = await svc.call('PUT', `/v1/vacancies/${ref}`, {
      ...a,
      // Titles differ by round: the same posting twice would be refused as a duplicate.
      body: vacancyBody({ title: `${title}（第${round}批）` }),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
  }
  const made = await svc.call('POST', '/v1/keys', {
    ...bureau,
    body: { role: 'employer', firmId: svc.firmA, label: `王经理 ${round}` },
  });
  expect(made.status, JSON.stringify(made.body)).to.equal(201);
  const firm = (name: string, industry: string) => ({
    name,
    creditCode: CREDIT_CODE,
    industry,
    place: { district: '薛城区' },
  });
  const fair = {
    name: '春风行动',
    startDate: '2026-06-01',
    endDate: '2026-06-10',
    online: true,
    firmIds: [],
  };
  return [
    [
      'firm update',
      () =>
        svc.call('PUT', `/v1/firms/${svc.firmA}`, {
          ...bureau,
          body: firm('枣庄市示范防护用品有限公司', `批发和零售业 ${round}`),
        }),
    ],
    [
      'new firm',
      () => svc.call('PUT', `/v1/firms/firm-new-${round}`, { ...bureau, body: firm('新企业', '制造业') }),
    ],
    ['new fair', () => svc.call('PUT', `/v1/fairs/fair-${round}`, { ...bureau, body: fair })],
    ['close a vacancy', () => svc.call('POST', `/v1/vacancies/v-close-${round}/close`, { ...a, body: {} })],
    ['delete a vacancy', () => svc.call('DELETE', `/v1/vacancies/v-delete-${round}`, a)],
    [
      'new key',
      () =>
        svc.call('POST', '/v1/keys', {
          ...bureau,
          body: { role: 'employer', firmId: svc.firmB, label: `李 ${round}` },
        }),
    ],
    ['revoke a key', () => svc.call('POST', `/v1/keys/${made.body.keyId}/revoke`, { ...bureau, body: {} })],
  ];
};

const swapCalls: Scenario = async (svc) => {
  const pair = await postPair(svc);
  const pending = await propose(svc, pair, 2);
  const toActivate = await propose(svc, pair, 1);
  for (const key of [svc.keys.employerA, svc.keys.employerB]) {
    const accepted = await svc.call('POST', `/v1/swap/agreements/${toActivate}/accept`, {
      key,
      body: {},
    });
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
  }
  const a = { key: svc.keys.employerA, body: {} };
  const b = { key: svc.keys.employerB, body: {} };
  const bureau = { key: svc.keys.bureau, body: {} };
  return [
    ['new surplus', () => svc.call('POST', '/v1/swap/surplus', { ...a, body: surplusBody() })],
    ['new shortage', () => svc.call('POST', '/v1/swap/shortage', { ...b, body: shortageBody() })],
    [
      'surplus update',
      () =>
        svc.call('PUT', `/v1/swap/surplus/${pair.surplusId}`, {
          ...a,
          body: surplusBody({ headcount: 12 }),
        }),
    ],
    [
      'shortage update',
      () =>
        svc.call('PUT', `/v1/swap/shortage/${pair.shortageId}`, {
          ...b,
          body: shortageBody({ headcount: 12 }),
        }),
    ],
    [
      'new agreement',
      () =>
        svc.call('POST', '/v1/swap/agreements', {
          ...a,
          body: { ...pair, headcount: 1, from: '2020-03-05', to: '2020-04-15', terms: termsFor(1) },
        }),
    ],
    ['accept (lender)', () => svc.call('POST', `/v1/swap/agreements/${pending}/accept`, a)],
    ['accept (borrower)', () => svc.call('POST', `/v1/swap/agreements/${pending}/accept`, b)],
    ['activate', () => svc.call('POST', `/v1/swap/agreements/${toActivate}/activate`, a)],
    ['complete', () => svc.call('POST', `/v1/swap/agreements/${toActivate}/complete`, a), [409]],
    [
      'cancel',
      () =>
        svc.call('POST', `/v1/swap/agreements/${pending}/cancel`, {
          ...a,
          body: { reason: 'order cancelled' },
        }),
    ],
    ['surplus close', () => svc.call('POST', `/v1/swap/surplus/${pair.surplusId}/close`, a)],
    ['shortage close', () => svc.call('POST', `/v1/swap/shortage/${pair.shortageId}/close`, b)],
    // Repair writes only what a crash left behind (nothing here); proposals are computed, not stored.
    ['repair', () => svc.call('POST', '/v1/swap/repair', bureau), [200]],
    ['proposals', () => svc.call('POST', '/v1/swap/proposals', bureau), [200]],
  ];
};

// Valid unified social credit codes (GB 32100 check character): the spreadsheet upload matches rows by them.
const CODES = ['91370402MA3C00001X', '91370403MA3C00002F', '91370403MA3C00003J', '91370403MA3C00004M'];
const monitorCalls: Scenario = async (svc, round) => {
  const [watched, other] = [`mf-${round}-a`, `mf-${round}-b`];
  await registerTestFirms(svc, [
    {
      id: watched,
      creditCode: CODES[round % CODES.length],
      district: { code: '370402', name: '市中区' },
    },
    { id: other, district: { code: '370403', name: '薛城区' } },
  ]);
  const watch = (firmId: string) =>
    svc.call('PUT', `/v1/monitor/firms/${firmId}`, {
      key: svc.keys.bureau,
      body: { frequency: 'daily', startDate: '2020-02-24' },
    });
  expect((await watch(watched)).status).to.equal(201);
  const first = await svc.call('PUT', `/v1/monitor/reports/${watched}/${MONDAY}`, {
    key: svc.keys.bureau,
    body: report({ onPost: 70 }),
  });
  expect(first.status, JSON.stringify(first.body)).to.equal(201);
  const bulk = (csv: string) =>
    fetch(`${svc.url}/v1/monitor/reports/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${svc.keys.bureau}`, 'content-type': 'text/csv' },
      body: csv,
    }).then(async (r) => ({
      status: r.status,
      headers: r.headers,
      body: (await r.json()) as any,
      text: '',
    }));
  const bureau = { key: svc.keys.bureau };
  return [
    ['watch a firm', () => watch(other)],
    [
      'change a watch',
      () =>
        svc.call('PUT', `/v1/monitor/firms/${watched}`, {
          ...bureau,
          body: { frequency: { weekdays: [1, 3, 5] }, startDate: '2020-02-24' },
        }),
    ],
    [
      'correct a report',
      () =>
        svc.call('PUT', `/v1/monitor/reports/${watched}/${MONDAY}`, {
          ...bureau,
          body: report({ onPost: 75 }),
        }),
    ],
    [
      'new report',
      () =>
        svc.call('PUT', `/v1/monitor/reports/${watched}/2020-02-28`, {
          ...bureau,
          body: report({ onPost: 60 }),
        }),
    ],
    [
      'spreadsheet upload',
      () =>
        bulk(
          '企业名称,统一社会信用代码,日期,是否开工,产能利用率,职工总数,到岗人数,空岗数,困难\n' +
            `甲公司,${CODES[round % CODES.length]},2020-02-27,是,85,200,180,6,缺工\n`,
        ) as Promise<Call>,
    ],
    ['stop watching', () => svc.call('DELETE', `/v1/monitor/firms/${watched}`, bureau)],
  ];
};

const traveller = (workerId: string, day: string) => ({
  workerId,
  origin: { townCode: 'T1', districtCode: '370403', point: { lat: 34.79, lon: 117.25 } },
  destination: { firmId: 'firm-a', districtCode: '330203', point: { lat: 29.87, lon: 121.55 } },
  earliest: day,
  latest: day,
});
const convoysCalls: Scenario = async (svc, round) => {
  // Each round on its own day, so that plans never fill another round's vehicles.
  const day = `2020-02-${String(round + 10).padStart(2, '0')}`;
  const plan = await svc.call('POST', '/v1/convoys/plans', {
    key: svc.keys.bureau,
    body: {
      travellers: [traveller(`w1-${round}`, day), traveller(`w2-${round}`, day)],
      fillExisting: false,
    },
  });
  expect(plan.status, JSON.stringify(plan.body)).to.equal(201);
  const trip = plan.body.trips[0].tripId as string;
  const bureau = { key: svc.keys.bureau, body: {} };
  return [
    [
      'plan',
      () =>
        svc.call('POST', '/v1/convoys/plans', {
          ...bureau,
          body: { travellers: [traveller(`w3-${round}`, day)], fillExisting: false },
        }),
    ],
    [
      'confirm',
      () => svc.call('POST', `/v1/convoys/trips/${trip}/confirm`, { key: svc.keys.employerA, body: {} }),
    ],
    // Departs only once confirmed: while the confirmation is refused, a 409.
    ['depart', () => svc.call('POST', `/v1/convoys/trips/${trip}/depart`, bureau), [409]],
    [
      'add a passenger',
      () =>
        svc.call('POST', `/v1/convoys/trips/${trip}/passengers`, {
          ...bureau,
          body: { workerId: `w4-${round}`, townCode: 'T1', firmId: 'firm-a' },
        }),
      [409],
    ],
    [
      'remove a passenger',
      () => svc.call('DELETE', `/v1/convoys/trips/${trip}/passengers/w1-${round}`, bureau),
      [409],
    ],
    ['cancel', () => svc.call('POST', `/v1/convoys/trips/${trip}/cancel`, bureau), [409]],
  ];
};

describe('write routes while indices refuse writes (a migration in progress)', function () {
  this.timeout(180_000);

  describeSweeps('ingest (firms, fairs, closing and deleting vacancies, keys)', startIngest, ingestCalls, {
    written: 3,
  });
  // An agreement's `attempts` only ever grows (it numbers reservation entries), also when a refused accept
  // takes everything else back.
  describeSweeps('swap', () => startSwap(), swapCalls, { written: 2, ignore: ['attempts'] });
  describeSweeps(
    'monitor',
    () => startMonitor({ now: () => new Date(`${MONDAY}T10:00:00+08:00`) }),
    monitorCalls,
    { written: 2 },
  );
  describeSweeps('convoys', () => startTestService((rt) => buildConvoys(rt)), convoysCalls, { written: 1 });
});
