import { expect } from 'chai';
import { MicroBatcher } from '../../services/intent-worker/src/worker/batcher.ts';

describe('intent micro-batcher', () => {
  it('groups concurrent submits into one flush and resolves each with its own outcome', async () => {
    const flushes: number[][] = [];
    const b = new MicroBatcher<number, number>(
      async (items) => {
        flushes.push(items);
        return items.map((i) => (i === 3 ? new Error('bad three') : i * 10));
      },
      { maxItems: 100, maxWaitMs: 5, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => b.submit(i)));
    expect(flushes).to.deep.equal([[1, 2, 3, 4]]);
    expect(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    ).to.deep.equal([10, 20, 'bad three', 40]);
  });

  it('flushes at maxItems without waiting and never runs more than maxInFlight at once', async () => {
    let running = 0;
    let peak = 0;
    const sizes: number[] = [];
    const b = new MicroBatcher<number, number>(
      async (items) => {
        running++;
        peak = Math.max(peak, running);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return items;
      },
      { maxItems: 3, maxWaitMs: 1000, maxInFlight: 2 },
    );
    const started = Date.now();
    const out = await Promise.all(Array.from({ length: 9 }, (_, i) => b.submit(i)));
    expect(out).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Date.now() - started).to.be.below(500);
    expect(peak).to.equal(2);
    expect(
      sizes.reduce((a, b) => a + b, 0),
      'every item flushed once',
    ).to.equal(9);
    expect(sizes.every((s) => s <= 3)).to.equal(true);
  });

  it('a failed flush rejects every item of that batch, and idle() waits for all', async () => {
    const b = new MicroBatcher<number, number>(
      async () => {
        throw new Error('engine down');
      },
      { maxItems: 10, maxWaitMs: 1, maxInFlight: 1 },
    );
    const p = Promise.allSettled([b.submit(1), b.submit(2)]);
    await b.idle();
    const r = await p;
    expect(r.every((x) => x.status === 'rejected' && (x.reason as Error).message === 'engine down')).to.equal(
      true,
    );
  });
});
