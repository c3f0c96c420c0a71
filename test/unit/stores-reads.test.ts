import type { Client } from '@elastic/elasticsearch';
import { indexNames, searchDocuments, totalHits } from '@fugong/search';
import { ownersOf } from '@fugong/stores';
import { expect } from 'chai';

/** A client that answers one canned response per method and records what it was asked. */
function fakeClient(answers: Record<string, unknown>) {
  const asked: Record<string, unknown> = {};
  const client = Object.fromEntries(
    Object.entries(answers).map(([method, answer]) => [
      method,
      async (params: unknown) => {
        asked[method] = params;
        return answer;
      },
    ]),
  ) as unknown as Client;
  return { client, asked };
}

describe('stores: shared reads', () => {
  it('totalHits reads a number, an object and nothing alike', () => {
    expect(totalHits(7)).to.equal(7);
    expect(totalHits({ value: 12, relation: 'eq' })).to.equal(12);
    expect(totalHits(undefined)).to.equal(0);
  });

  it('searchDocuments answers { total, docs, hits } in order, without source-less hits', async () => {
    const { client } = fakeClient({
      search: {
        hits: {
          total: { value: 3, relation: 'eq' },
          hits: [
            { _id: 'a', _score: 2, _source: { id: 'a' } },
            { _id: 'b', _score: null },
            { _id: 'c', _score: 1, _source: { id: 'c' } },
          ],
        },
      },
    });
    const page = await searchDocuments<{ id: string }>(client, { index: 'x' });
    expect(page.total).to.equal(3);
    expect(page.docs).to.deep.equal([{ id: 'a' }, { id: 'c' }]);
    expect(page.hits.map((h) => [h.id, h.score])).to.deep.equal([
      ['a', 2],
      ['c', 1],
    ]);
  });

  it("ownersOf asks each index for its firm fields only and answers in the references' order", async () => {
    const names = indexNames('p');
    const { client, asked } = fakeClient({
      mget: {
        docs: [
          { _id: 'v1', found: true, _source: { firmId: 'f1' } },
          { _id: 'a1', found: true, _source: { lenderFirmId: 'f2', borrowerFirmId: 'f3' } },
          { _id: 'v2', found: false },
        ],
      },
    });
    const owners = await ownersOf({ es: client, names }, [
      { kind: 'vacancy', id: 'v1' },
      { kind: 'agreement', id: 'a1' },
      { kind: 'vacancy', id: 'v2' },
    ]);
    expect(owners).to.deep.equal([['f1'], ['f2', 'f3'], undefined]);
    expect((asked['mget'] as { docs: unknown[] }).docs).to.deep.equal([
      { _index: names.vacancies, _id: 'v1', _source: ['firmId'] },
      { _index: names.agreements, _id: 'a1', _source: ['lenderFirmId', 'borrowerFirmId'] },
      { _index: names.vacancies, _id: 'v2', _source: ['firmId'] },
    ]);
  });

  it('ownersOf refuses the whole batch when one item failed', async () => {
    const { client } = fakeClient({
      mget: { docs: [{ _id: 'v1', error: { type: 'x', reason: 'shard failed' } }] },
    });
    let thrown: unknown;
    try {
      await ownersOf({ es: client, names: indexNames('p') }, [{ kind: 'vacancy', id: 'v1' }]);
    } catch (err) {
      thrown = err;
    }
    expect(String(thrown)).to.include('shard failed');
  });
});
