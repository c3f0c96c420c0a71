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

  it('headcount held by a crashed accept is freed once its lease expires, and the post fills to exactly 10', async () => {
    const ids = await postPair(svc, { headcount: 2 }, { headcount: 2 });
    const crashed = await propose(svc, ids, 2);
    // What a process killed between reserving and committing leaves behind: a lease and a held entry.
    const at = new Date(Date.now() - 5000).toISOString();
    const { es, names } = svc.rt;
    const a = (await es.get<Record<string, unknown>>({ index: names.agreements, id: crashed }))._source!;
    await es.index({
      index: names.agreements,
      id: crashed,
      document: { ...a, attempts: 1, reserving: { attempt: 1, at } },
    });
    const p = (await es.get<Record<string, unknown>>({ index: names.surplus, id: ids.surplusId }))._source!;
    const reservations = { [crashed]: { headcount: 2, attempt: 1, at } };
    await es.index({
      index: names.surplus,
      id: ids.surplusId,
      document: { ...p, committed: 2, reservations },
    });

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
