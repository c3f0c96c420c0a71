/**
 * Runs {@link allocateSwaps} off the event loop: a small pool of `node:worker_threads` workers (1 by default),
 * started lazily, each computing one allocation at a time. Requests beyond the pool wait in a bounded queue.
 * Only plain data crosses the thread boundary (posts and options in, the result out).
 *
 * Failures are 503s with a JSON error naming `details.reason`:
 * - `timeout`: the allocation outlived the time budget; its worker is terminated (a CPU-bound loop cannot be
 *   interrupted otherwise) and a fresh one is started for the next job;
 * - `crashed`: the worker died (out of memory, a native fault, an exit); it is replaced likewise;
 * - `busy`: every worker is busy and the queue is full;
 * - `closed`: the service is shutting down.
 * @module
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { AppError } from '@fugong/schemas';
import type { AllocationOptions, AllocationResult, SwapPost } from '../allocation/index.ts';
import type { AllocationJob } from './allocation-worker.ts';

export interface AllocationPoolOptions {
  /** Worker threads, each running one allocation at a time. */
  threads: number;
  /** Time budget of one allocation (from when a worker starts it), ms. */
  timeoutMs: number;
  /** Allocations that may wait for a worker; one more is refused (503). */
  maxQueue: number;
  /** Heap limits of each worker (a worker exceeding them crashes; the request gets a 503). */
  resourceLimits?: ResourceLimits;
  logger?: { warn: (obj: object, msg: string) => void };
}

type AllocationReason = 'timeout' | 'crashed' | 'busy' | 'closed';

/** A 503 of the allocation pool. */
export class AllocationUnavailableError extends AppError {
  constructor(reason: AllocationReason, message: string, extra: Record<string, unknown> = {}) {
    super(503, 'unavailable', message, { dependency: 'allocation', reason, ...extra });
  }
}

/** A failure inside `allocateSwaps` itself (a bug, not load): rethrown as a plain error, a 500. */
export class AllocationFailedError extends Error {}

interface Pending {
  job: AllocationJob;
  resolve: (r: AllocationResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  current?: Pending & { timer: NodeJS.Timeout; startedAt: number };
  retired: boolean;
}

type Reply =
  | { id: number; started: true; ok?: undefined }
  | { id: number; ok: true; result: AllocationResult }
  | { id: number; ok: false; error: { message: string; stack?: string } };

/** How long a fresh worker may take to boot (load tsx and the engine) before its job's budget starts. */
const BOOT_ALLOWANCE_MS = 30_000;

const WORKER_ENTRY = new URL('./allocation-worker.mjs', import.meta.url);

/**
 * The worker runs TypeScript, so it gets the tsx loader the parent runs with: the parent's execArgv
 * (`node --import tsx`, the tsx CLI, mocha's `--node-option import=tsx` all put it there), or `--import tsx`
 * when the loader was registered some other way. (On Node 20 the hooks do not reach the worker's imports;
 * the entry, allocation-worker.mjs, then loads the TypeScript through tsx's API.)
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const argv = [...execArgv];
  return argv.some((a) => a.includes('tsx')) ? argv : [...argv, '--import', 'tsx'];
}

export class AllocationPool {
  private readonly slots: Array<Slot | undefined>;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  private readonly opts: AllocationPoolOptions;

  constructor(opts: AllocationPoolOptions) {
    this.opts = opts;
    this.slots = new Array(Math.max(1, opts.threads)).fill(undefined);
  }

  /** Allocations running and waiting (for tests and logs). */
  get load(): { running: number; queued: number; workers: number } {
    const live = this.slots.filter((s): s is Slot => s !== undefined);
    return { running: live.filter((s) => s.current).length, queued: this.queue.length, workers: live.length };
  }

  /** The allocation of `allocateSwaps(surplus, shortage, options)`, computed on a worker thread. */
  run(surplus: SwapPost[], shortage: SwapPost[], options: AllocationOptions = {}): Promise<AllocationResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new AllocationUnavailableError('closed', 'the swap service is shutting down; retry shortly'));
        return;
      }
      const pending: Pending = { job: { id: this.nextId++, surplus, shortage, options }, resolve, reject };
      const idle = this.idleSlot();
      if (idle >= 0) this.start(idle, pending);
      else if (this.queue.length >= this.opts.maxQueue) {
        reject(
          new AllocationUnavailableError(
            'busy',
            `${this.slots.length + this.queue.length} allocations are already running or queued; retry shortly`,
          ),
        );
      } else this.queue.push(pending);
    });
  }

  /** Refuses what waits and what runs, and terminates the workers. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new AllocationUnavailableError('closed', 'the swap service is shutting down; retry shortly');
    for (const p of this.queue.splice(0)) p.reject(gone);
    await Promise.all(
      this.slots.map((slot) => {
        if (!slot) return undefined;
        if (slot.current) this.settle(slot).reject(gone);
        return this.retire(slot);
      }),
    );
  }

  private idleSlot(): number {
    return this.slots.findIndex((s) => !s?.current);
  }

  private start(index: number, pending: Pending): void {
    let slot: Slot;
    try {
      slot = this.slots[index] ?? this.spawn(index);
    } catch (err) {
      pending.reject(
        new AllocationUnavailableError('crashed', 'the allocation worker could not start; retry shortly', {
          cause: (err as Error).message,
        }),
      );
      return;
    }
    // The budget starts when the worker picks the job up (see 'started'); until then it may be booting.
    const timer = setTimeout(() => this.timedOut(slot), this.opts.timeoutMs + BOOT_ALLOWANCE_MS);
    slot.current = { ...pending, timer, startedAt: Date.now() };
    slot.worker.ref(); // a running allocation keeps the process alive; an idle worker does not
    slot.worker.postMessage(pending.job);
  }

  private spawn(index: number): Slot {
    const worker = new Worker(WORKER_ENTRY, {
      execArgv: workerExecArgv(),
      ...(this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : {}),
    });
    const slot: Slot = { index, worker, retired: false };
    this.slots[index] = slot;
    worker.on('message', (reply: Reply) => {
      if (slot.retired || slot.current?.job.id !== reply.id) return;
      if (reply.ok === undefined) {
        clearTimeout(slot.current.timer);
        slot.current.timer = setTimeout(() => this.timedOut(slot), this.opts.timeoutMs);
        slot.current.startedAt = Date.now();
        return;
      }
      const p = this.settle(slot);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new AllocationFailedError(`allocation failed: ${reply.error.message}`));
      this.drain();
    });
    const died = (why: string) => {
      if (slot.retired) return;
      this.opts.logger?.warn({ err: why }, 'swap allocation worker died');
      const p = slot.current ? this.settle(slot) : undefined;
      void this.retire(slot);
      p?.reject(
        new AllocationUnavailableError('crashed', 'the allocation worker crashed; retry shortly', {
          cause: why,
        }),
      );
      this.drain();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`exited with code ${code}`));
    worker.unref();
    return slot;
  }

  private timedOut(slot: Slot): void {
    if (slot.retired || !slot.current) return;
    const ms = Date.now() - slot.current.startedAt;
    this.opts.logger?.warn(
      { ms, timeoutMs: this.opts.timeoutMs },
      'swap allocation timed out; worker restarted',
    );
    const p = this.settle(slot);
    void this.retire(slot);
    p.reject(
      new AllocationUnavailableError(
        'timeout',
        'allocation took too long; narrow the scope (sameCityOnly, maxDistanceKm, transferable: false)',
        { timeoutMs: this.opts.timeoutMs },
      ),
    );
    this.drain();
  }

  /** Detaches the slot's running job (its timer cleared) and returns it for resolving or rejecting. */
  private settle(slot: Slot): Pending {
    const p = slot.current!;
    clearTimeout(p.timer);
    slot.current = undefined;
    slot.worker.unref();
    return p;
  }

  /** Terminates a worker and frees its slot; the next job there starts a fresh worker. */
  private retire(slot: Slot): Promise<unknown> {
    if (slot.retired) return Promise.resolve();
    slot.retired = true;
    if (this.slots[slot.index] === slot) this.slots[slot.index] = undefined;
    return slot.worker.terminate().catch(() => undefined);
  }

  private drain(): void {
    while (!this.closed && this.queue.length > 0) {
      const idle = this.idleSlot();
      if (idle < 0) return;
      this.start(idle, this.queue.shift()!);
    }
  }
}
