/**
 * `pnpm bench scale`: failures under load on the clustered platform (issue #13). Needs the platform started
 * with `./fugong start --cluster` (it reads .data/cluster-topology.json, and the same ES_CLUSTER_* /
 * REDIS_CLUSTER_PORTS environment, to find and kill nodes through infra/cluster/node).
 *
 * Three phases, each a bounded mixed load (SCALE_DURATION_S, default 60 s; SCALE_CONCURRENCY loops, default 6)
 * through the balancer — searches, bulk ingest of 10 vacancies, intentions (applications by the bureau),
 * swap accepts — while, at SCALE_FAULT_AT_S (10 s):
 *   es:     one Elasticsearch node is killed with SIGKILL, restarted 15 s later (infra/up --cluster);
 *   redis:  the Redis primary holding the intentions queue's slot is killed with SIGKILL; its replica is
 *           promoted by the cluster; the old primary is restarted 20 s later and rejoins as a replica;
 *   copies: one copy of each service is killed with SIGKILL (the supervisor restarts it).
 * Per phase: status codes (all, and inside the fault window), the time from the fault to the last failed
 * request (what clients saw) and to the infra's own recovery, and a reconciliation once the queue drained:
 * every acknowledged vacancy (bulk item created/updated/unchanged) is stored, every acknowledged intention
 * (202) is recorded exactly once, and no swap post is over-committed. Prints one JSON line per phase.
 * Loopback only; every loop stops by itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateApiKey, storeApiKey } from '@fugong/http';
import { createSearchClient, indexNames } from '@fugong/search';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const topo = JSON.parse(readFileSync(join(root, '.data', 'cluster-topology.json'), 'utf8')) as {
  elasticsearch: string;
  redisClusterNodes: string[];
  services: Array<{ name: string; front: number; copies: number[] }>;
  keys: { bureau: string; site: string };
};
const DURATION_MS = Number(process.env['SCALE_DURATION_S'] ?? 60) * 1000;
const FAULT_AT_MS = Number(process.env['SCALE_FAULT_AT_S'] ?? 10) * 1000;
const CONCURRENCY = Number(process.env['SCALE_CONCURRENCY'] ?? 6);
const PHASES = (process.env['SCALE_PHASES'] ?? 'es,redis,copies').split(',');
const prefix = process.env['INDEX_PREFIX'] ?? 'fugong';
const queuePrefix = process.env['QUEUE_PREFIX'] ?? 'fugong';
const names = indexNames(prefix);
const es = createSearchClient(topo.elasticsearch);
const B = topo.keys.bureau;
const url = (svc: string) => `http://127.0.0.1:${topo.services.find((s) => s.name === svc)!.front}`;
const node = (...args: string[]) =>
  execFileSync(join(root, 'infra', 'cluster', 'node'), args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const clusterUp = () =>
  execFileSync(join(root, 'infra', 'up'), ['--cluster'], { stdio: ['ignore', 'ignore', 'ignore'] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Op = 'search' | 'bulk' | 'intention' | 'accept';
interface Sample {
  op: Op;
  at: number;
  status: number; // 0: no answer (connection refused or reset)
  retryAfter: boolean;
  ms: number;
}

async function call(
  method: string,
  target: string,
  key?: string,
  body?: unknown,
  contentType = 'application/json',
) {
  const t = performance.now();
  const r = await callOnce(method, target, key, body, contentType);
  return { ...r, ms: performance.now() - t };
}

async function callOnce(
  method: string,
  target: string,
  key?: string,
  body?: unknown,
  contentType = 'application/json',
) {
  try {
    const res = await fetch(target, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json, retryAfter: res.headers.has('retry-after') };
  } catch {
    return { status: 0, body: undefined, retryAfter: false };
  }
}

async function must(method: string, target: string, body?: unknown, key = B) {
  for (let attempt = 0; ; attempt++) {
    const r = await call(method, target, key, body);
    if (r.status >= 200 && r.status < 300) return r.body;
    if (attempt > 20) throw new Error(`${method} ${target}: ${r.status} ${JSON.stringify(r.body)}`);
    await sleep(500);
  }
}

/** A vacancy body; the wage differs per reference, so no two are duplicates of each other (same firm, title,
 * place and wage are reported as a duplicate and not stored). */
let vacancySeq = 0;
const vacancy = (ref: string) => {
  const n = vacancySeq++;
  return {
    externalRef: ref,
    title: '普工',
    description: '流水线操作，包吃包住。',
    totalJobOpenings: 5,
    wage: { min: 3000 + (n % 5000), max: 9000 + Math.floor(n / 5000), unit: 'month' },
    workPlace: { district: '薛城区' },
  };
};

/** Firms, workers, vacancies and a swap pair with more proposed agreements than headcount, for one phase. */
async function setup(tag: string) {
  const firm = `${tag}-f`;
  const lender = `${tag}-a`;
  const borrower = `${tag}-b`;
  for (const id of [firm, lender, borrower])
    await must('PUT', `${url('ingest')}/v1/firms/${id}`, {
      name: `测试企业${id}`,
      creditCode: '91350100M000100Y43',
      industry: '制造业',
      place: { district: '薛城区' },
    });
  const workers = Array.from({ length: 40 }, (_, i) => `${tag}-w${i}`);
  await Promise.all(
    workers.map((w) =>
      must('PUT', `${url('ingest')}/v1/workers/${w}`, {
        occupations: ['普工'],
        currentPlace: { district: '薛城区' },
        consent: { given: true, at: '2020-03-01' },
        private: { name: '李四', phone: '13812345678' },
      }),
    ),
  );
  const seed = await must(
    'POST',
    `${url('ingest')}/v1/vacancies/bulk?firmId=${firm}&report=all&refresh=true`,
    Array.from({ length: 20 }, (_, i) => vacancy(`seed-${i}`)),
  );
  const vacancies: string[] = seed.items
    .filter((i: { result: string }) => i.result === 'created')
    .map((i: { id: string }) => i.id);
  // Employer keys of the two swap firms (stored directly, as ./fugong keys create does).
  const keyOf = async (firmId: string) => {
    const { key, record } = generateApiKey({ role: 'employer', firmId, label: 'bench scale' });
    await storeApiKey(es, names.apiKeys, record);
    return key;
  };
  const [ka, kb] = [await keyOf(lender), await keyOf(borrower)];
  const surplus = await must(
    'POST',
    `${url('swap')}/v1/swap/surplus`,
    {
      headcount: 10,
      occupations: ['缝纫工'],
      from: '2020-03-01',
      to: '2020-04-30',
      place: { district: '薛城区' },
    },
    ka,
  );
  const shortage = await must(
    'POST',
    `${url('swap')}/v1/swap/shortage`,
    {
      headcount: 10,
      occupations: ['6-05-01-03'],
      from: '2020-03-05',
      to: '2020-04-15',
      place: { district: '市中区' },
    },
    kb,
  );
  const agreements: string[] = [];
  for (let i = 0; i < 16; i++) {
    const a = await must(
      'POST',
      `${url('swap')}/v1/swap/agreements`,
      {
        surplusId: surplus.id,
        shortageId: shortage.id,
        headcount: 1,
        from: '2020-03-05',
        to: '2020-04-15',
        terms: { costReimbursementPerMonth: 300, workersConsented: 1 },
      },
      ka,
    );
    agreements.push(a.id);
  }
  return { firm, workers, vacancies, surplusId: surplus.id, shortageId: shortage.id, agreements };
}

/** The port of the primary serving `slot`, from CLUSTER NODES as the node on `port` sees it. */
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

/** The ports of the primaries that the node on `port` sees alive. */
function primariesSeenBy(port: string): string[] {
  const lines = execFileSync('redis-cli', ['-p', port, 'cluster', 'nodes'], { encoding: 'utf8' })
    .trim()
    .split('\n');
  return lines
    .map((l) => l.split(' '))
    .filter((f) => f[2]?.includes('master') && !f[2].includes('fail'))
    .map((f) => /:(\d+)@/.exec(f[1]!)![1]!);
}

/** The fault of a phase; resolves with the infra's own recovery time (ms after the fault). */
async function inject(
  phase: string,
  log: (s: string) => void,
): Promise<{ recoveredMs: number; detail: string }> {
  const t0 = Date.now();
  if (phase === 'es') {
    const ports = topo.elasticsearch.split(',').map((u) => new URL(u).port);
    const victim = ports.at(-1)!;
    node('kill', 'es', victim);
    log(`killed elasticsearch ${victim}`);
    await sleep(15_000);
    clusterUp(); // starts the missing node and waits for green
    return {
      recoveredMs: Date.now() - t0,
      detail: `node ${victim} killed, restarted after 15 s; green again`,
    };
  }
  if (phase === 'redis') {
    const first = topo.redisClusterNodes[0]!.split(':')[1]!;
    const slot = execFileSync(
      'redis-cli',
      ['-p', first, 'cluster', 'keyslot', `{${queuePrefix}:intentions}`],
      {
        encoding: 'utf8',
      },
    ).trim();
    const victim = slotOwner(first, Number(slot));
    node('kill', 'redis', victim);
    log(`killed redis primary ${victim} (slot ${slot})`);
    let promotedMs = -1;
    for (let i = 0; i < 200 && promotedMs < 0; i++) {
      await sleep(200);
      const p = first === victim ? topo.redisClusterNodes[1]!.split(':')[1]! : first;
      const state = execFileSync('redis-cli', ['-p', p, 'cluster', 'info'], { encoding: 'utf8' });
      const alive = primariesSeenBy(p);
      if (/cluster_state:ok/.test(state) && alive.length >= 3 && !alive.includes(victim))
        promotedMs = Date.now() - t0;
    }
    await sleep(Math.max(0, 20_000 - (Date.now() - t0)));
    clusterUp(); // the old primary rejoins as a replica
    return {
      recoveredMs: promotedMs,
      detail: `primary ${victim} killed; replica promoted (cluster ok) after ${promotedMs} ms; old primary restarted at 20 s`,
    };
  }
  // copies: one copy of each service
  const killed: string[] = [];
  for (const svc of topo.services) {
    const port = svc.copies[0]!;
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    if (pid) {
      process.kill(Number(pid), 'SIGKILL');
      killed.push(`${svc.name}:${port}`);
    }
  }
  log(`killed copies ${killed.join(', ')}`);
  let back = -1;
  for (let i = 0; i < 300 && back < 0; i++) {
    await sleep(200);
    const ready = await Promise.all(
      topo.services.map((s) =>
        fetch(`http://127.0.0.1:${s.copies[0]}/readyz`, { signal: AbortSignal.timeout(1000) })
          .then((r) => r.ok)
          .catch(() => false),
      ),
    );
    if (ready.every(Boolean)) back = Date.now() - t0;
  }
  return {
    recoveredMs: back,
    detail: `killed ${killed.join(', ')}; all restarted by the supervisor and ready after ${back} ms`,
  };
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
};

/** One phase: setup, the load with its fault, the drain and the reconciliation. */
async function phase(name: string) {
  const tag = `sc${name}${Date.now().toString(36)}`;
  const log = (line: string) =>
    console.error(`[${name} ${((Date.now() - benchStart) / 1000).toFixed(1)} s] ${line}`);
  const data = await setup(tag);
  log(
    `set up: ${data.vacancies.length} vacancies, ${data.workers.length} workers, ${data.agreements.length} agreements of 1 over posts of 10`,
  );
  const samples: Sample[] = [];
  const ackedVacancies = new Set<string>(data.vacancies);
  const ackedIntentions = new Map<string, { vacancyId: string; workerId: string }>();
  const acceptedAgreements = new Set<string>();
  let bulkSeq = 0;
  let nextAgreement = 0;
  const start = Date.now();
  const end = start + DURATION_MS;
  const record = (op: Op, r: { status: number; retryAfter: boolean; ms: number }) =>
    samples.push({ op, at: Date.now(), status: r.status, retryAfter: r.retryAfter, ms: r.ms });
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

  async function loop() {
    while (Date.now() < end) {
      const x = Math.random();
      if (x < 0.45) {
        const q = pick(['普工', '操作工', '缝纫', '包吃住', '电工']);
        record(
          'search',
          await call('GET', `${url('matcher')}/v1/vacancies/search?q=${encodeURIComponent(q)}&size=10`, B),
        );
      } else if (x < 0.6) {
        const refs = Array.from({ length: 10 }, () => `b${bulkSeq++}`);
        const r = await call(
          'POST',
          `${url('ingest')}/v1/vacancies/bulk?firmId=${data.firm}&report=all`,
          B,
          refs.map(vacancy),
        );
        record('bulk', r);
        if (r.status === 200)
          for (const item of r.body.items as Array<{ id?: string; result: string }>)
            if (item.id && ['created', 'updated', 'unchanged'].includes(item.result))
              ackedVacancies.add(item.id);
      } else if (x < 0.9) {
        const vacancyId = pick(data.vacancies);
        const workerId = pick(data.workers);
        const r = await call('POST', `${url('matcher')}/v1/intentions`, B, {
          kind: 'application',
          vacancyId,
          workerId,
        });
        record('intention', r);
        if (r.status === 202) ackedIntentions.set(r.body.id, { vacancyId, workerId });
      } else {
        const id = data.agreements[nextAgreement++ % data.agreements.length]!;
        const r = await call('POST', `${url('swap')}/v1/swap/agreements/${id}/accept`, B, {
          onBehalfOf: 'both',
        });
        record('accept', r);
        if (r.status === 200 && r.body.status === 'accepted') acceptedAgreements.add(id);
      }
    }
  }
  const faultAt = start + FAULT_AT_MS;
  const fault = (async () => {
    await sleep(FAULT_AT_MS);
    return inject(name, log);
  })();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  const infra = await fault;
  log(`load done: ${samples.length} requests; ${infra.detail}`);

  // What clients saw: a failure is no answer or a 5xx; 409 (post full, out of order) and 429 are answers.
  const failed = (s: Sample) => s.status === 0 || s.status >= 500;
  const failures = samples.filter((s) => failed(s) && s.at >= faultAt);
  const lastFailure = failures.length ? Math.max(...failures.map((s) => s.at)) : faultAt;
  const windowEnd = Math.max(lastFailure, faultAt + Math.max(infra.recoveredMs, 0));
  const codes = (xs: Sample[]) => {
    const out: Record<string, number> = {};
    for (const s of xs) {
      const k = `${s.op} ${s.status === 0 ? 'no-answer' : s.status}${s.status === 503 && !s.retryAfter ? ' (no Retry-After)' : ''}`;
      out[k] = (out[k] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(out).sort());
  };
  const during = samples.filter((s) => s.at >= faultAt && s.at <= windowEnd);
  const non503fives = samples.filter((s) => s.status >= 500 && s.status !== 503).length;
  const unhinted503 = samples.filter((s) => s.status === 503 && !s.retryAfter).length;

  // Drain: every acknowledged intention recorded (the intent worker's copies catch up).
  const keys = [...ackedIntentions.keys()];
  const drainStart = Date.now();
  let missingIntentions = keys;
  while (Date.now() - drainStart < 90_000) {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const res = await es.mget({
        index: names.intentions,
        ids: keys.slice(i, i + 500),
        _source: false,
        realtime: true,
      });
      for (const d of res.docs) if ('found' in d && d.found) found.add(d._id);
    }
    missingIntentions = keys.filter((k) => !found.has(k));
    if (missingIntentions.length === 0) break;
    await sleep(1000);
  }
  await es.indices.refresh({ index: [names.intentions, names.vacancies] });
  const recordedOnce = keys.length
    ? (
        await es.search({
          index: names.intentions,
          size: 0,
          // `key` is not indexed (the document id is the key): read it from _source for this check.
          runtime_mappings: { key: { type: 'keyword' } },
          query: { terms: { key: keys } },
          aggs: { dup: { terms: { field: 'key', min_doc_count: 2, size: 10 } } },
        })
      ).aggregations
    : undefined;
  const duplicates = ((recordedOnce?.['dup'] as { buckets?: unknown[] } | undefined)?.buckets ?? []).length;
  const vacancyIds = [...ackedVacancies];
  let missingVacancies = 0;
  for (let i = 0; i < vacancyIds.length; i += 500) {
    const res = await es.mget({
      index: names.vacancies,
      ids: vacancyIds.slice(i, i + 500),
      _source: false,
      realtime: true,
    });
    missingVacancies += res.docs.filter((d) => !('found' in d && d.found)).length;
  }
  const post = async (kind: string, id: string) =>
    (await call('GET', `${url('swap')}/v1/swap/${kind}/${id}`, B)).body as {
      headcount: number;
      committed: number;
    };
  const surplus = await post('surplus', data.surplusId);
  const shortage = await post('shortage', data.shortageId);
  const accepted = (
    await es.search({
      index: names.agreements,
      size: 0,
      query: {
        bool: {
          filter: [{ term: { surplusId: data.surplusId } }, { terms: { status: ['accepted', 'active'] } }],
        },
      },
    })
  ).hits.total;
  return {
    phase: name,
    requests: samples.length,
    throughputPerS: Number((samples.length / (DURATION_MS / 1000)).toFixed(1)),
    infra: infra.detail,
    infraRecoveredMs: infra.recoveredMs,
    clientRecoveredMs: failures.length ? lastFailure - faultAt : 0,
    failuresAfterFault: failures.length,
    // Latency of the answers (ms): over the whole run, and the slowest request that started in the fault window.
    latencyMs: {
      p50: Math.round(
        pct(
          samples.map((x) => x.ms),
          50,
        ),
      ),
      p99: Math.round(
        pct(
          samples.map((x) => x.ms),
          99,
        ),
      ),
      maxInFault: Math.round(Math.max(0, ...during.map((x) => x.ms))),
    },
    codesDuringFault: codes(during),
    codesAll: codes(samples),
    fiveHundredsOtherThan503: non503fives,
    unhinted503,
    reconciliation: {
      vacanciesAcknowledged: vacancyIds.length,
      vacanciesMissing: missingVacancies,
      intentionsAcknowledged: keys.length,
      intentionsMissing: missingIntentions.length,
      intentionsRecordedTwice: duplicates,
      drainMs: Date.now() - drainStart,
      swap: {
        surplus: { headcount: surplus.headcount, committed: surplus.committed },
        shortage: { headcount: shortage.headcount, committed: shortage.committed },
        acceptedAgreementsSeenByClients: acceptedAgreements.size,
        acceptedAgreementsStored: typeof accepted === 'number' ? accepted : accepted?.value,
        overCommitted: surplus.committed > surplus.headcount || shortage.committed > shortage.headcount,
      },
    },
  };
}

const benchStart = Date.now();
const results = [];
for (const p of PHASES) {
  const r = await phase(p);
  console.log(JSON.stringify(r));
  results.push(r);
  await sleep(5000);
}
await es.close();
const bad = results.filter(
  (r) =>
    r.reconciliation.vacanciesMissing > 0 ||
    r.reconciliation.intentionsMissing > 0 ||
    r.reconciliation.intentionsRecordedTwice > 0 ||
    r.reconciliation.swap.overCommitted ||
    r.fiveHundredsOtherThan503 > 0 ||
    r.unhinted503 > 0,
);
console.error(
  bad.length
    ? `FAILED (a write missing or doubled, an over-commit, a 5xx other than 503 or a 503 without Retry-After) in ${bad.map((r) => r.phase).join(', ')}`
    : 'reconciliation: all acknowledged writes present, intentions once, no over-commit',
);
// `./fugong test --cluster` runs the three phases as its failure scenarios: a failed reconciliation, a 5xx
// other than 503, or a 503 without Retry-After fails it.
if (bad.length > 0) process.exitCode = 1;
