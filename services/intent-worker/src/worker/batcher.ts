/**
 * Collects items submitted by concurrently running jobs and hands them to `flush` together, once `maxItems`
 * are waiting or `maxWaitMs` after the first one arrived. Each submitter gets its own outcome back, so one
 * bad item never fails its neighbours. At most `maxInFlight` flushes run at once; items arriving meanwhile
 * wait and go out together in the next flush, so the batch grows with the load by itself.
 *
 * A flush may answer an item with a promise (work that needs another round trip, such as a conflicted write
 * being retried): its neighbours settle at once, that item when its promise does, and the flush's slot is
 * free for the next batch meanwhile. `idle()` waits for those promises too.
 */
export class MicroBatcher<T, R> {
  private waiting: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  /** Items answered with a promise that has not settled yet. */
  private lingering = 0;
  private readonly drained = new Set<() => void>();

  /** Must return one settled outcome per item, in order: a value or an Error. */
  private readonly flushFn: (items: T[]) => Promise<Array<R | Error | Promise<R>>>;
  private readonly options: { maxItems: number; maxWaitMs: number; maxInFlight: number };

  constructor(
    flushFn: (items: T[]) => Promise<Array<R | Error | Promise<R>>>,
    options: { maxItems: number; maxWaitMs: number; maxInFlight: number },
  ) {
    this.flushFn = flushFn;
    this.options = options;
  }

  /** Queues one item; resolves with its own outcome or rejects with its own error. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxItems) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.options.maxWaitMs);
    });
  }

  /** Resolves once nothing is waiting or in flight (shutdown). */
  async idle(): Promise<void> {
    while (this.waiting.length > 0 || this.inFlight > 0 || this.lingering > 0) {
      this.kick();
      await new Promise<void>((resolve) => this.drained.add(resolve));
    }
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiting.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.waiting.splice(0, this.options.maxItems);
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: typeof this.waiting): Promise<void> {
    try {
      const outcomes = await this.flushFn(batch.map((b) => b.item));
      batch.forEach((b, i) => {
        const outcome = outcomes[i];
        if (outcome instanceof Error) b.reject(outcome);
        else if (outcome === undefined) b.reject(new Error('the batch returned no outcome for this item'));
        else if (outcome instanceof Promise) {
          this.lingering++;
          outcome.then(b.resolve, b.reject).finally(() => {
            this.lingering--;
            this.notifyDrained();
          });
        } else b.resolve(outcome);
      });
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      this.inFlight--;
      // Whatever queued up while this flush ran goes out now rather than after another wait.
      if (this.waiting.length > 0) this.kick();
      this.notifyDrained();
    }
  }

  private notifyDrained(): void {
    for (const resolve of this.drained) resolve();
    this.drained.clear();
  }
}
