import { expect } from 'chai';
import { DEFAULT_BACKOFF, Supervisor, restartDelay } from '../../scripts/supervise.ts';

/** A tiny node child: prints "<name> listening", then runs `body`. */
const child = (name: string, body: string) => ({
  name,
  command: process.execPath,
  args: ['-e', `console.log(${JSON.stringify(`${name} listening`)}); ${body}`],
  readyLine: new RegExp(`${name} listening`),
});
const FOREVER = 'setInterval(() => {}, 1000);';

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls `check` until it holds or the deadline passes (no fixed sleeps: the machine may be busy). */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('start: the supervisor', () => {
  let sup: Supervisor | undefined;
  afterEach(async () => sup?.stop());

  it('restarts a service that crashes, with a log line, while the others keep running', async () => {
    const lines: string[] = [];
    sup = new Supervisor(
      [
        child('steady', FOREVER),
        child('flaky', 'setTimeout(() => process.exit(3), 100);'),
        child('calm', FOREVER),
      ],
      { initialMs: 50, maxMs: 200, stableMs: 60_000, log: (l) => lines.push(l) },
    );
    sup.start();
    await until(() => sup!.isUp('steady') && sup!.isUp('calm'), 'steady and calm up');
    const steadyPid = sup.pid('steady');
    const calmPid = sup.pid('calm');
    await until(() => sup!.restarts('flaky') >= 3, 'three restarts of flaky');
    // The crash took nothing else down: the same processes still run.
    expect(sup.pid('steady')).to.equal(steadyPid);
    expect(sup.pid('calm')).to.equal(calmPid);
    expect(alive(steadyPid) && alive(calmPid)).to.equal(true);
    expect(sup.restarts('steady')).to.equal(0);
    expect(
      lines.some((l) => /^flaky exited \(code 3\) .*restarting in 0\.1 s \(restart 2\)/.test(l)),
      lines.join('\n'),
    ).to.be.true;
  });

  it('a service killed from outside comes back under a new pid; Ctrl-C stops everything and nothing restarts', async () => {
    const lines: string[] = [];
    sup = new Supervisor([child('ingest', FOREVER), child('swap', FOREVER)], {
      initialMs: 50,
      maxMs: 200,
      log: (l) => lines.push(l),
    });
    sup.start();
    await until(() => sup!.isUp('ingest') && sup!.isUp('swap'), 'both up');
    const ingest = sup.pid('ingest');
    const swap = sup.pid('swap');
    process.kill(swap!, 'SIGKILL');
    await until(() => sup!.isUp('swap') && sup!.pid('swap') !== swap, 'swap back under a new pid');
    expect(sup.pid('ingest')).to.equal(ingest);
    expect(lines.some((l) => l.startsWith('swap exited (SIGKILL)'))).to.be.true;
    expect(lines.some((l) => l.startsWith('swap is back'))).to.be.true;

    const pids = [sup.pid('ingest'), sup.pid('swap')];
    await sup.stop();
    expect(pids.map(alive)).to.deep.equal([false, false]);
    const restarts = sup.restarts('swap') + sup.restarts('ingest');
    // Longer than the longest back-off: a restart after stop() would have happened by now.
    await new Promise((r) => setTimeout(r, 500));
    expect(sup.restarts('swap') + sup.restarts('ingest')).to.equal(restarts);
    expect(sup.isUp('ingest') || sup.isUp('swap')).to.equal(false);
  });

  it('stop() kills a child that ignores SIGTERM once the stop timeout passes', async () => {
    sup = new Supervisor([child('stubborn', `process.on('SIGTERM', () => {}); ${FOREVER}`)], {
      stopTimeoutMs: 300,
    });
    sup.start();
    await until(() => sup!.isUp('stubborn'), 'stubborn up');
    const pid = sup.pid('stubborn');
    await sup.stop();
    expect(alive(pid)).to.equal(false);
  });

  it('backs off 1 s doubling to 30 s, and starts again from 1 s after a run that lasted', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 8; i++) {
      d = restartDelay(d, 500, DEFAULT_BACKOFF);
      delays.push(d);
    }
    expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(restartDelay(30_000, DEFAULT_BACKOFF.stableMs, DEFAULT_BACKOFF)).to.equal(1000);
    expect(restartDelay(30_000, DEFAULT_BACKOFF.stableMs - 1, DEFAULT_BACKOFF)).to.equal(30_000);
  });
});
