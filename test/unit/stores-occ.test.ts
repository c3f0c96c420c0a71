import type { Client } from '@elastic/elasticsearch';
import { indexNames } from '@fugong/search';
import {
  AgreementStore,
  ContentionError,
  SwapPostStore,
  updateWithRetry,
  writeIfUnchanged,
} from '@fugong/stores';
import { ConflictError } from '@fugong/schemas';
import { expect } from 'chai';

/**
 * A client whose `get` answers the document at its current version and whose `index` writes only when the
 * version named still matches (a ConflictError otherwise, as engineCall maps a 409), like the engine's
 * if_seq_no. `interfere` writes first, as a concurrent writer would, before the next `index` arrives.
 */
function versionedClient(initial: Record<string, unknown> | undefined) {
  let doc = initial;
  let seqNo = 0;
  let interfere = 0;
  const writes: unknown[] = [];
  const asked: Array<Record<string, unknown>> = [];
  const client = {
    async get() {
      return doc === undefined
        ? { found: false }
        : { found: true, _source: doc, _seq_no: seqNo, _primary_term: 1 };
    },
    async index(params: { document: Record<string, unknown>; if_seq_no?: number }) {
      if (interfere > 0) {
        interfere--;
        seqNo++;
      }
      if (params.if_seq_no !== undefined && params.if_seq_no !== seqNo)
        throw new ConflictError('version conflict');
      doc = params.document;
      seqNo++;
      writes.push(params.document);
      return { _seq_no: seqNo, _primary_term: 1, result: 'updated' };
    },
    async search(params: Record<string, unknown>) {
      asked.push(params);
      return { hits: { total: { value: 0, relation: 'eq' }, hits: [] } };
    },
  } as unknown as Client;
  return {
    client,
    writes,
    asked,
    current: () => doc,
    interfereTimes: (n: number) => {
      interfere = n;
    },
  };
}

describe('stores: optimistic concurrency (occ.ts)', () => {
  it('writeIfUnchanged writes at the version it saw, and answers false when someone wrote first', async () => {
    const c = versionedClient({ n: 1 });
    expect(await writeIfUnchanged(c.client, 'i', 'x', { n: 2 }, { seqNo: 0, primaryTerm: 1 })).to.deep.equal({
      doc: { n: 2 },
      seqNo: 1,
      primaryTerm: 1,
    });
    expect(await writeIfUnchanged(c.client, 'i', 'x', { n: 3 }, { seqNo: 0, primaryTerm: 1 })).to.equal(
      false,
    );
    expect(c.current()).to.deep.equal({ n: 2 });
  });

  it('updateWithRetry re-reads after a lost race and applies the mutation to the winner', async () => {
    const c = versionedClient({ n: 1 });
    c.interfereTimes(2);
    const out = await updateWithRetry<{ n: number }>(c.client, 'i', 'x', 'thing', (d) => ({
      write: { n: d.n + 1 },
    }));
    expect(out).to.deep.equal({ doc: { n: 2 }, changed: true });
    expect(c.writes).to.have.length(1);
  });

  it('updateWithRetry writes nothing for { keep }, is a 404 for a missing document', async () => {
    const c = versionedClient({ n: 1 });
    expect(await updateWithRetry(c.client, 'i', 'x', 'thing', () => ({ keep: true }))).to.deep.equal({
      doc: { n: 1 },
      changed: false,
    });
    expect(c.writes).to.have.length(0);
    const missing = versionedClient(undefined);
    const err = await updateWithRetry(missing.client, 'i', 'x', 'the thing', () => ({ keep: true })).catch(
      (e: unknown) => e,
    );
    expect((err as { status?: number }).status).to.equal(404);
  });

  it('updateWithRetry that keeps losing past its deadline is a ContentionError (503), not a refusal', async () => {
    const c = versionedClient({ n: 1 });
    c.interfereTimes(1_000_000);
    const err = await updateWithRetry(c.client, 'i', 'x', 'the post', (d) => ({ write: d }), {
      deadline: Date.now() + 30,
    }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ContentionError);
    expect((err as ContentionError).status).to.equal(503);
    expect(c.current()).to.deep.equal({ n: 1 });
  });
});

describe('stores: swap lists', () => {
  const names = indexNames('t');

  it('AgreementStore.list filters a firm on either side, and the status', async () => {
    const c = versionedClient(undefined);
    await new AgreementStore({ es: c.client, names }).list({
      firmId: 'f1',
      status: 'accepted',
      page: 2,
      size: 10,
    });
    const q = c.asked[0]!;
    expect(q['index']).to.equal(names.agreements);
    expect(q['from']).to.equal(10);
    expect(q['query']).to.deep.equal({
      bool: {
        filter: [
          {
            bool: {
              should: [{ term: { lenderFirmId: 'f1' } }, { term: { borrowerFirmId: 'f1' } }],
              minimum_should_match: 1,
            },
          },
          { term: { status: 'accepted' } },
        ],
      },
    });
  });

  it('SwapPostStore reads each side from its own index', async () => {
    const c = versionedClient(undefined);
    const posts = new SwapPostStore({ es: c.client, names });
    expect(posts.index('surplus')).to.equal(names.surplus);
    expect(posts.index('shortage')).to.equal(names.shortage);
    await posts.list('shortage', { page: 1, size: 5 });
    expect(c.asked[0]!['index']).to.equal(names.shortage);
    expect(await posts.open('surplus')).to.deep.equal([]);
    expect(c.asked[1]!['index']).to.equal(names.surplus);
    expect(c.asked[1]!['query']).to.deep.equal({ bool: { filter: [{ term: { status: 'open' } }] } });
  });
});
