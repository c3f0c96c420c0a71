/**
 * A small process supervisor for `./fugong start`: it runs each service as a child process and, when one
 * exits while the platform is not stopping, logs why and starts it again after a back-off (1 s doubling to
 * 30 s; reset once the service has stayed up a while). The other services keep serving meanwhile; only
 * `stop()` (Ctrl-C, SIGTERM) ends them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One service to run. */
export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A line on the child's stdout that says it is listening; `isUp` is false until one is seen (each run). */
  readyLine?: RegExp;
}

export interface BackoffOptions {
  /** The wait before the first restart after a crash. */
  initialMs: number;
  /** The longest wait between restarts. */
  maxMs: number;
  /** A run at least this long counts as healthy: the next crash waits `initialMs` again. */
  stableMs: number;
}

export interface SupervisorOptions extends Partial<BackoffOptions> {
  /** Where the supervisor's own lines go (default: stderr). */
  log?: (line: string) => void;
  /** Each output line of a child (stdout and stderr), e.g. to append it to the service's log file. */
  onOutput?: (name: string, line: string) => void;
  /** How long a child may take to stop after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/**
 * The wait before restarting a service that just exited after running `upMs`, given the wait used before
 * its previous restart (undefined: none yet). Doubles while it keeps crashing, back to the start once a
 * run lasted `stableMs`.
 */
export function restartDelay(previousMs: number | undefined, upMs: number, o: BackoffOptions): number {
  if (previousMs === undefined || upMs >= o.stableMs) return o.initialMs;
  return Math.min(o.maxMs, Math.max(o.initialMs, previousMs * 2));
}

interface Slot {
  spec: ServiceSpec;
  child?: ChildProcess;
  startedAt: number;
  up: boolean;
  delayMs?: number;
  restarts: number;
  timer?: NodeJS.Timeout;
}

/** Runs services as children and restarts any that exits, until stopped. */
export class Supervisor {
  private readonly slots = new Map<string, Slot>();
  private readonly backoff: BackoffOptions;
  private readonly log: (line: string) => void;
  private stopping = false;

  private readonly opts: SupervisorOptions;

  constructor(specs: readonly ServiceSpec[], opts: SupervisorOptions = {}) {
    this.opts = opts;
    this.backoff = {
      initialMs: opts.initialMs ?? DEFAULT_BACKOFF.initialMs,
      maxMs: opts.maxMs ?? DEFAULT_BACKOFF.maxMs,
      stableMs: opts.stableMs ?? DEFAULT_BACKOFF.stableMs,
    };
    this.log = opts.log ?? ((line) => console.error(line));
    for (const spec of specs) this.slots.set(spec.name, { spec, startedAt: 0, up: false, restarts: 0 });
  }

  /** Starts every service. */
  start(): void {
    // Children run in their own process group (so a terminal's Ctrl-C reaches only the supervisor, which
    // stops them in order); if the supervisor itself exits, it takes them along.
    process.once('exit', () => {
      for (const slot of this.slots.values()) if (isRunning(slot.child)) slot.child?.kill('SIGKILL');
    });
    for (const slot of this.slots.values()) this.launch(slot);
  }

  /** The pid of a service's current run, if it is running. */
  pid(name: string): number | undefined {
    const child = this.slot(name).child;
    return isRunning(child) ? child?.pid : undefined;
  }

  /** How many times a service has been restarted. */
  restarts(name: string): number {
    return this.slot(name).restarts;
  }

  /** True when the service is running and (if its spec has a `readyLine`) has printed it in this run. */
  isUp(name: string): boolean {
    const slot = this.slot(name);
    return isRunning(slot.child) && (slot.up || !slot.spec.readyLine);
  }

  /** Stops every service (SIGTERM, then SIGKILL after the timeout); nothing is restarted any more. */
  async stop(): Promise<void> {
    this.stopping = true;
    const timeoutMs = this.opts.stopTimeoutMs ?? 15_000;
    await Promise.all(
      [...this.slots.values()].map((slot) => {
        clearTimeout(slot.timer);
        const child = slot.child;
        if (!child || !isRunning(child)) return Promise.resolve();
        return new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), timeoutMs).unref();
        });
      }),
    );
  }

  private slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no service ${name}`);
    return slot;
  }

  private launch(slot: Slot): void {
    const { spec } = slot;
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    slot.child = child;
    slot.startedAt = Date.now();
    slot.up = false;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        if (stream === child.stdout && spec.readyLine?.test(line) && slot.child === child) {
          slot.up = true;
          if (slot.restarts > 0)
            this.log(`${spec.name} is back (pid ${child.pid}, restart ${slot.restarts})`);
        }
        this.opts.onOutput?.(spec.name, line);
      });
    }
    child.on('error', (err) => {
      // Spawning failed (no such command): reported like an exit, so it is retried with the back-off.
      this.log(`${spec.name} could not be started: ${err.message}`);
      if (child.exitCode === null && child.signalCode === null) this.exited(slot, child, 'spawn error');
    });
    child.on('exit', (code, signal) => this.exited(slot, child, signal ?? `code ${code}`));
  }

  private exited(slot: Slot, child: ChildProcess, how: string): void {
    if (slot.child !== child || slot.timer !== undefined) return; // an old run, or already handled
    slot.up = false;
    if (this.stopping) return;
    const upMs = Date.now() - slot.startedAt;
    slot.delayMs = restartDelay(slot.delayMs, upMs, this.backoff);
    this.log(
      `${slot.spec.name} exited (${how}) after ${(upMs / 1000).toFixed(1)} s; ` +
        `restarting in ${(slot.delayMs / 1000).toFixed(1)} s (restart ${slot.restarts + 1}); the other services keep running`,
    );
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (this.stopping) return;
      slot.restarts++;
      this.launch(slot);
    }, slot.delayMs);
  }
}

const isRunning = (child: ChildProcess | undefined): child is ChildProcess =>
  child !== undefined && child.exitCode === null && child.signalCode === null && child.pid !== undefined;
