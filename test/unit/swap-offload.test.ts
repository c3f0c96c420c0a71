import { expect } from 'chai';
import { allocateSwaps } from '@fugong/swap/allocation';
import { generateSwapPosts } from '../support/swap/generate.ts';
import { AllocationPool, workerExecArgv } from '../../services/swap/src/proposals/pool.ts';

/** The reason and status of a pool refusal. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; reason: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { status: number; details: { reason: string }; message: string };
    return { status: e.status, reason: e.details?.reason, message: e.message };
  }
  throw new Error('expected a refusal');
}

describe('swap allocation pool: allocateSwaps on a worker thread', function () {
  this.timeout(60_000);
  const small = generateSwapPosts(60, 11);
  const big = generateSwapPosts(2000, 5); // ~1.3 M pairs: 0.4 s or more on one core
  // Seconds of work even on an idle, fast core (the allocator keeps getting faster: 2,000 a side now takes
  // under 400 ms when the machine is quiet, which made a 400 ms budget miss its refusal).
  const huge = generateSwapPosts(8000, 5);

  it('returns what allocateSwaps returns, started lazily, one worker reused', async () => {
    const pool = new AllocationPool({ threads: 1, timeoutMs: 30_000, maxQueue: 4 });
    try {
      expect(pool.load.workers).to.equal(0);
      const opts = { sameCityOnly: false, maxDistanceKm: 40 };
      const [a, b] = await Promise.all([
        pool.run(small.surplus, small.shortage),
        pool.run(small.surplus, small.shortage, opts), // queued behind the first
      ]);
      const { stats: _sa, ...gotA } = a;
      const { stats: _la, ...wantA } = allocateSwaps(small.surplus, small.shortage);
      expect(gotA).to.deep.equal(wantA);
      expect(b.proposals).to.deep.equal(allocateSwaps(small.surplus, small.shortage, opts).proposals);
      expect(pool.load).to.deep.equal({ running: 0, queued: 0, workers: 1 });
    } finally {
      await pool.close();
    }
  });

  it('past the time budget: 503 "narrow the scope", the worker is replaced and the next job runs', async () => {
    // 400 ms: far under the huge allocation (seconds even on an idle core) and well over the small one, even
    // when other processes hold both cores.
    const pool = new AllocationPool({ threads: 1, timeoutMs: 400, maxQueue: 4 });
    try {
      const slow = pool.run(huge.surplus, huge.shortage);
      const next = pool.run(small.surplus, small.shortage); // waits behind the slow one
      const r = await refusal(slow);
      expect(r).to.deep.include({ status: 503, reason: 'timeout' });
      expect(r.message).to.match(/allocation took too long; narrow the scope/);
      const after = await next; // on a fresh worker
      expect(after.matchedHeadcount).to.equal(allocateSwaps(small.surplus, small.shortage).matchedHeadcount);
      expect(pool.load).to.deep.equal({ running: 0, queued: 0, workers: 1 });
    } finally {
      await pool.close();
    }
  });

  it('a bounded queue: one request too many is a 503 at once; close refuses what waits', async () => {
    const pool = new AllocationPool({ threads: 1, timeoutMs: 30_000, maxQueue: 1 });
    const running = refusal(pool.run(big.surplus, big.shortage));
    const queued = refusal(pool.run(small.surplus, small.shortage));
    expect(await refusal(pool.run(small.surplus, small.shortage))).to.deep.include({
      status: 503,
      reason: 'busy',
    });
    expect(pool.load).to.deep.include({ running: 1, queued: 1 });
    await pool.close();
    expect(await running).to.deep.include({ status: 503, reason: 'closed' });
    expect(await queued).to.deep.include({ status: 503, reason: 'closed' });
    expect(await refusal(pool.run(small.surplus, small.shortage))).to.deep.include({ reason: 'closed' });
  });

  it('a crashed worker (out of memory) is a 503 "crashed" and is replaced', async () => {
    const pool = new AllocationPool({
      threads: 1,
      timeoutMs: 30_000,
      maxQueue: 4,
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });
    try {
      const r = await refusal(pool.run(big.surplus, big.shortage));
      expect(r).to.deep.include({ status: 503, reason: 'crashed' });
      const after = await pool.run(small.surplus, small.shortage);
      expect(after.matchedHeadcount).to.be.greaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('keeps the parent’s tsx loader, or adds one', () => {
    expect(workerExecArgv(['--import', 'tsx'])).to.deep.equal(['--import', 'tsx']);
    expect(workerExecArgv(['--import=tsx'])).to.deep.equal(['--import=tsx']);
    expect(workerExecArgv([])).to.deep.equal(['--import', 'tsx']);
  });
});
