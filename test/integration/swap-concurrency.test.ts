import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { postPair, propose, startSwap } from './swap-helpers.ts';

/**
 * The over-commit guarantee under real concurrency: many accepts race through HTTP against posts of
 * headcount 10. Without the OCC guard on the post write, concurrent read-modify-writes lose each other's
 * reservations and more than 10 agreements end up accepted (checked once by removing if_seq_no from
 * writeIfUnchanged: this test and the cancel race failed, 50 of 50 and 20 of 20 accepted).
 */
describe('swap agreements under concurrent accepts', () => {
  let svc: TestService;
  before(async () => {
    svc = await startSwap({ SWAP_RESERVE_LEASE_MS: 1000 });
  });
  after(async () => svc?.close());

  const accept = (id: string, key: string, body: unknown = {}) =>
    svc.call('POST', `/v1/swap/agreements/${id}/accept`, { key, body });
  const getPost = async (kind: 'surplus' | 'shortage', id: string) =>
    (await svc.call('GET', `/v1/swap/${kind}/${id}`, { key: svc.keys.bureau })).body;
  const statuses = async (ids: string[]) =>
    Promise.all(
      ids.map(
        async (id) => (await svc.call('GET', `/v1/swap/agreements/${id}`, { key: svc.keys.bureau })).body,
      ),
    );

  it('50 agreements of 1 accepted at once against posts of 10: exactly 10 accepted, committed = 10', async () => {
    const ids = await postPair(svc);
    const agreements = await Promise.all(Array.from({ length: 50 }, () => propose(svc, ids, 1)));
    for (const id of agreements) expect((await accept(id, svc.keys.employerA)).status).to.equal(200);
    const answers = await Promise.all(agreements.map((id) => accept(id, svc.keys.employerB)));
    const codes = answers.map((a) => a.status);
    expect(
      codes.filter((c) => c === 200),
      JSON.stringify(codes),
    ).to.have.length(10);
    expect(codes.filter((c) => c === 409)).to.have.length(40);
    // Every refusal says the post is full (accepted agreements hold it), never a lost race.
    const refusals = answers.filter((a) => a.status === 409).map((a) => a.body.error);
    for (const e of refusals) {
      expect(e.code, JSON.stringify(e)).to.equal('post_full');
      expect([ids.surplusId, ids.shortageId]).to.include(e.details.post);
    }

    const docs = await statuses(agreements);
    const accepted = docs.filter((d) => d.status === 'accepted').map((d) => d.id);
    expect(accepted).to.have.length(10);
    for (const kind of ['surplus', 'shortage'] as const) {
      const post = await getPost(kind, kind === 'surplus' ? ids.surplusId : ids.shortageId);
      expect(post.committed, kind).to.equal(10);
      expect(Object.keys(post.reservations).sort(), kind).to.deep.equal([...accepted].sort());
    }
  });

  it('one agreement accepted at once by both firms and the bureau reserves once', async () => {
    const ids = await postPair(svc);
    const id = await propose(svc, ids, 3);
    const answers = await Promise.all([
      accept(id, svc.keys.employerA),
      accept(id, svc.keys.employerB),
      accept(id, svc.keys.bureau, { onBehalfOf: 'both' }),
      accept(id, svc.keys.employerB),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 200]);
    const [doc] = await statuses([id]);
    expect(doc.status).to.equal('accepted');
    expect(doc.history.filter((h: { event: string }) => h.event === 'accepted')).to.have.length(1);
    expect((await getPost('surplus', ids.surplusId)).committed).to.equal(3);
    expect((await getPost('shortage', ids.shortageId)).committed).to.equal(3);
  });

  it('cancels racing accepts never leave headcount held by a cancelled agreement', async () => {
    const ids = await postPair(svc);
    const agreements = await Promise.all(Array.from({ length: 20 }, () => propose(svc, ids, 1)));
    for (const id of agreements) await accept(id, svc.keys.employerA);
    await Promise.all(
      agreements.flatMap((id, i) => [
        accept(id, svc.keys.employerB),
        ...(i % 2 === 0
          ? [
              svc.call('POST', `/v1/swap/agreements/${id}/cancel`, {
                key: svc.keys.employerA,
                body: { reason: 'race' },
              }),
            ]
          : []),
      ]),
    );
    const docs = await statuses(agreements);
    const holding = docs
      .filter((d) => d.status === 'accepted')
      .map((d) => d.id)
      .sort();
    expect(holding.length).to.be.at.most(10);
    for (const kind of ['surplus', 'shortage'] as const) {
      const post = await getPost(kind, kind === 'surplus' ? ids.surplusId : ids.shortageId);
      // Leftovers of accepts that lost to a cancel are freed by the accept itself (or by the repair).
      expect(Object.keys(post.reservations).sort(), kind).to.deep.equal(holding);
      expect(post.committed).to.equal(holding.length);
    }
  });

  it('a second accept on a full post is a 409 post_full naming the post, what is left and what was asked', async () => {
    const ids = await postPair(svc, { headcount: 2 }, { headcount: 5 });
    const first = await propose(svc, ids, 2);
    expect((await accept(first, svc.keys.bureau, { onBehalfOf: 'both' })).status).to.equal(200);
    const second = await propose(svc, ids, 1);
    const res = await accept(second, svc.keys.bureau, { onBehalfOf: 'both' });
    expect(res.status, JSON.stringify(res.body)).to.equal(409);
    expect(res.body.error.code).to.equal('post_full');
    expect(res.body.error.message).to.include(ids.surplusId).and.include('full');
    expect(res.body.error.details).to.include({
      post: ids.surplusId,
      kind: 'surplus',
      headcount: 2,
      available: 0,
      wanted: 1,
    });
  });

  it('headcount held by a crashed accept is freed once its lease expires, and the post fills to exactly 10', async () => {
    const ids = await postPair(svc, { headcount: 2 }, { headcount: 2 });
    const crashed = await propose(svc, ids, 2);
    // What a process killed between reserving and committing leaves behind: a lease and a held entry.
    await holdInFlight(svc, crashed, ids.surplusId, 2, new Date(Date.now() - 5000));

    const next = await propose(svc, ids, 2);
    const res = await accept(next, svc.keys.bureau, { onBehalfOf: 'both' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.status).to.equal('accepted');
    const post = await getPost('surplus', ids.surplusId);
    expect(post.committed).to.equal(2);
    expect(Object.keys(post.reservations)).to.deep.equal([next]);
    // The crashed agreement is proposed again, without a lease, and can be accepted later.
    const [old] = await statuses([crashed]);
    expect(old.status).to.equal('proposed');
  });
});

describe('swap accepts while another accept holds the last place', () => {
  let svc: TestService;
  before(async () => {
    // A lease far longer than the test: the place comes free only because the other agreement is cancelled.
    svc = await startSwap({ SWAP_RESERVE_LEASE_MS: 60_000 });
  });
  after(async () => svc?.close());

  it('wait for it, and win when that one fails, instead of a 409 while the place may still come free', async () => {
    const ids = await postPair(svc, { headcount: 1 }, { headcount: 1 });
    const inFlight = await propose(svc, ids, 1);
    const next = await propose(svc, ids, 1);
    // An accept in flight elsewhere (live lease): it holds the only place for now.
    await holdInFlight(svc, inFlight, ids.surplusId, 1, new Date());
    const accepting = svc.call('POST', `/v1/swap/agreements/${next}/accept`, {
      key: svc.keys.bureau,
      body: { onBehalfOf: 'both' },
    });
    // Before the fix the accept had answered 409 by now; it waits, and the in-flight one fails (cancelled).
    await new Promise((r) => setTimeout(r, 300));
    const cancel = await svc.call('POST', `/v1/swap/agreements/${inFlight}/cancel`, {
      key: svc.keys.bureau,
      body: { reason: 'the other accept fails' },
    });
    expect(cancel.status, JSON.stringify(cancel.body)).to.equal(200);
    const res = await accepting;
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.status).to.equal('accepted');
    const post = (await svc.call('GET', `/v1/swap/surplus/${ids.surplusId}`, { key: svc.keys.bureau })).body;
    expect(post.committed).to.equal(1);
    expect(Object.keys(post.reservations)).to.deep.equal([next]);
  });
});

describe('swap accepts that cannot decide in time', () => {
  let svc: TestService;
  before(async () => {
    // A long lease and a short accept deadline: an accept in flight outlasts the deadline of another one.
    svc = await startSwap({ SWAP_RESERVE_LEASE_MS: 60_000, SWAP_ACCEPT_DEADLINE_MS: 300 });
  });
  after(async () => svc?.close());

  it('answer 503 contention with Retry-After, holding nothing, while the last place is held in flight', async () => {
    const ids = await postPair(svc, { headcount: 1 }, { headcount: 1 });
    const inFlight = await propose(svc, ids, 1);
    await holdInFlight(svc, inFlight, ids.surplusId, 1, new Date());
    const next = await propose(svc, ids, 1);
    const res = await svc.call('POST', `/v1/swap/agreements/${next}/accept`, {
      key: svc.keys.bureau,
      body: { onBehalfOf: 'both' },
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(503);
    expect(res.body.error.code).to.equal('contention');
    expect(res.headers.get('retry-after')).to.equal('1');
    for (const kind of ['surplus', 'shortage'] as const) {
      const post = (
        await svc.call('GET', `/v1/swap/${kind}/${kind === 'surplus' ? ids.surplusId : ids.shortageId}`, {
          key: svc.keys.bureau,
        })
      ).body;
      expect(post.reservations[next], kind).to.equal(undefined);
    }
    const doc = (await svc.call('GET', `/v1/swap/agreements/${next}`, { key: svc.keys.bureau })).body;
    expect(doc.status).to.equal('proposed');
    // Its lease is given up, so nothing waits on it (the view does not show leases: read the document).
    const stored = await svc.rt.es.get<{ reserving?: unknown }>({ index: svc.rt.names.agreements, id: next });
    expect(stored._source?.reserving).to.equal(undefined);
  });
});

/**
 * What an accept between reserving and committing leaves: a lease on the agreement (taken at `at`) and an
 * entry on the surplus post. With a fresh `at` it is an accept in flight; with an old one, a crashed accept.
 */
async function holdInFlight(
  svc: TestService,
  agreementId: string,
  surplusId: string,
  headcount: number,
  at: Date,
): Promise<void> {
  const when = at.toISOString();
  const { es, names } = svc.rt;
  const a = (await es.get<Record<string, unknown>>({ index: names.agreements, id: agreementId }))._source!;
  await es.index({
    index: names.agreements,
    id: agreementId,
    document: { ...a, attempts: 1, reserving: { attempt: 1, at: when } },
  });
  const p = (await es.get<Record<string, unknown>>({ index: names.surplus, id: surplusId }))._source!;
  await es.index({
    index: names.surplus,
    id: surplusId,
    document: {
      ...p,
      committed: headcount,
      reservations: { [agreementId]: { headcount, attempt: 1, at: when } },
    },
  });
}
