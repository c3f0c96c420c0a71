/**
 * `pnpm bench scale-redis-loss`: does a promoted Redis replica lose acknowledged queue jobs, and what does
 * waiting for a replica (QUEUE_WAIT_REPLICAS=1, Redis WAIT) cost? Needs the cluster of `infra/up --cluster`
 * (REDIS_CLUSTER_NODES, and the same ES_CLUSTER_* / REDIS_CLUSTER_PORTS environment for infra/cluster/node).
 *
 * For each mode (wait for 0 replicas, then 1): SCALE_LOSS_LOOPS (16) loops add intention jobs through
 * enqueueIntention as fast as they can for SCALE_LOSS_S (20 s); at 5 s the primary serving the queue's slot
 * is killed with SIGKILL and the cluster promotes its replica; afterwards every acknowledged job id is looked
 * up on the promoted primary. Also measured without a fault: adds per second and p50/p99 latency of an
 * acknowledgement. The killed node is restarted (it rejoins as a replica) before the next mode.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  QUEUES,
  createQueue,
  enqueueIntention,
  intentionJob,
  redisConnection,
  redisReady,
  setQueueDurability,
} from '@fugong/queue';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodes = (process.env['REDIS_CLUSTER_NODES'] ?? '').split(',').filter(Boolean);
if (nodes.length === 0) throw new Error('REDIS_CLUSTER_NODES is not set (eval "$(infra/up --cluster)")');
const LOOPS = Number(process.env['SCALE_LOSS_LOOPS'] ?? 16);
const DURATION_MS = Number(process.env['SCALE_LOSS_S'] ?? 20) * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

function slotOwner(port: string, slot: number): string {
  const lines = execFileSync('redis-cli', ['-p', port, 'cluster', 'nodes'], { encoding: 'utf8' })
    .trim()
    .split('\n');
  for (const line of lines) {
    const f = line.split(' ');
    if (!f[2]?.includes('master') || f[2].includes('fail')) continue;
    for (const range of f.slice(8)) {
      const [lo, hi] = range.split('-').map(Number);
      if (lo !== undefined && slot >= lo && slot <= (hi ?? lo)) return /:(\d+)@/.exec(f[1]!)![1]!;
    }
  }
  throw new Error(`no primary serves slot ${slot}`);
}

async function run(replicas: number, fault: boolean) {
  const prefix = `loss${replicas}${fault ? 'f' : 'n'}${Date.now().toString(36)}`;
  const redis = redisConnection({ url: 'redis://unused', clusterNodes: nodes }, 'producer');
  redis.on('error', () => {});
  await redisReady(redis);
  setQueueDurability(redis, { replicas, timeoutMs: 1000 });
  const queue = createQueue(QUEUES.intentions, redis, prefix);
  const acked: string[] = [];
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let seq = 0;
  const start = Date.now();
  const end = start + DURATION_MS;
  let victim = '';
  let faultAt = 0;
  const faulting = (async () => {
    if (!fault) return;
    await sleep(5000);
    const live = nodes.map((n) => n.split(':')[1]!);
    const slot = Number(
      execFileSync('redis-cli', ['-p', live[0]!, 'cluster', 'keyslot', `{${prefix}:intentions}`], {
        encoding: 'utf8',
      }),
    );
    victim = slotOwner(live[0]!, slot);
    faultAt = Date.now();
    execFileSync(join(root, 'infra', 'cluster', 'node'), ['kill', 'redis', victim], { stdio: 'ignore' });
  })();
  await Promise.all(
    Array.from({ length: LOOPS }, async () => {
      while (Date.now() < end) {
        const n = seq++;
        const job = intentionJob({
          kind: 'application',
          vacancyId: `v-${n}`,
          workerId: `w-${n}`,
          firmId: 'f',
          actor: { role: 'bureau', keyId: 'bench' },
          at: new Date().toISOString(),
        });
        const t = performance.now();
        try {
          await enqueueIntention(queue, job);
          acked.push(job.key);
          if (!faultAt) latencies.push(performance.now() - t);
        } catch (err) {
          const m = (err as Error).message.slice(0, 60);
          errors[m] = (errors[m] ?? 0) + 1;
          await sleep(50);
        }
      }
    }),
  );
  await faulting;
  let lost = 0;
  if (fault) {
    await sleep(3000);
    // A lookup that fails (the slot map still settling) is asked again: only a clear "no such job" counts.
    const missing: string[] = [];
    for (const key of acked) {
      for (let attempt = 0; ; attempt++) {
        try {
          if (!(await queue.getJob(key))) missing.push(key);
          break;
        } catch (err) {
          if (attempt > 20) throw err;
          await sleep(250);
        }
      }
    }
    lost = missing.length;
    if (lost > 0) console.error(`lost (waitReplicas ${replicas}): ${missing.slice(0, 5).join(', ')}`);
    execFileSync(join(root, 'infra', 'up'), ['--cluster'], { stdio: 'ignore' }); // the old primary rejoins
  }
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  redis.disconnect();
  const beforeFaultMs = fault ? faultAt - start : DURATION_MS;
  return {
    waitReplicas: replicas,
    fault: fault ? `primary ${victim} killed at 5 s` : 'none',
    acknowledged: acked.length,
    addsPerSecondBeforeFault: Number((latencies.length / (beforeFaultMs / 1000)).toFixed(0)),
    ackP50Ms: Number(pct(latencies, 50).toFixed(2)),
    ackP99Ms: Number(pct(latencies, 99).toFixed(2)),
    errors,
    ...(fault ? { lostAfterPromotion: lost } : {}),
  };
}

// SCALE_LOSS_MODES: which runs, e.g. `0n,0f,1n,1f` (replicas waited for; n: no fault, f: primary killed).
for (const mode of (process.env['SCALE_LOSS_MODES'] ?? '0n,0f,1n,1f').split(',')) {
  console.log(JSON.stringify(await run(Number(mode[0]), mode[1] === 'f')));
}
