/**
 * `pnpm bench scale-size [--vacancies N] [--workers W] [--multiply-to M] [--multiply-workers-to MW]
 * [--prefix P] [--keep] [--candidates K]`: the figures the national sizing in docs/scale.md starts from, on
 * the cluster of `infra/up --cluster` (ELASTICSEARCH_URL with every node, REDIS_CLUSTER_NODES).
 *
 * 1. Loads the demo generator's campaign at N vacancies (default 100,000) and W worker profiles (default N/2)
 *    through the same writer ingest uses, in throw-away indices with the configured layout (INDEX_SHARDS,
 *    replicas 1 on a cluster), and prints the load rate (the vacancy phase timed on its own) and the layout.
 * 2. With --multiply-to M (and --multiply-workers-to MW, default M), grows the vacancies (and the workers and
 *    their private documents) to M documents by copying the stored documents inside the engine's data: each
 *    stored document is read back (scroll) and written again (bulk) as copy k = 1, 2, … with a new id, moved
 *    to another prefecture-level city of another province (place codes, names, point shifted by the same
 *    offset from the new district's seat), its dates moved back by a few days, its fairs renamed, and the
 *    city named in the text (so the copies are not byte-identical and text, place and date queries spread as
 *    they would over a national index). The engine here has no `_reindex` or painless (a core-only node), so
 *    the copying runs in this process; no text is segmented again, so this is not an indexing-rate figure.
 * 3. Refreshes, force-merges to one segment and prints each index's size per document (primaries only, and
 *    with replicas) and per million.
 * 4. With --candidates K, times the candidate ranking (the matcher's own engine request) for K vacancies
 *    against the workers index, one at a time.
 *
 * --no-merge stops after step 2 (e.g. a second process multiplying the workers while the first does the
 * vacancies). --prefix P uses indices named P-… (created when missing); when its vacancies index already holds documents
 * the load is skipped, so a kept prefix (--keep) can be multiplied, measured or searched again
 * (`pnpm bench search --index-prefix P`). Without --keep the indices are deleted at the end.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import { DEMO_DEFAULTS, demoStream, demoWorker } from '@fugong/demo';
import { type PlaceDoc, type VacancyDoc, workerDocuments } from '@fugong/documents';
import { createRuntime, type Runtime } from '@fugong/http';
import { candidatesRequest } from '@fugong/matcher/queries';
import { redisReady } from '@fugong/queue';
import {
  allIndices,
  type BulkOp,
  bulkWrite,
  deleteIndicesWithPrefix,
  ensureIndices,
  indexLayout,
} from '@fugong/search';
import { type Place, resolvePlace } from '@fugong/text';
import { loadDemoData } from '../scripts/load-demo.ts';

const { values } = parseArgs({
  options: {
    vacancies: { type: 'string', default: '100000' },
    workers: { type: 'string' },
    'multiply-to': { type: 'string' },
    'multiply-workers-to': { type: 'string' },
    prefix: { type: 'string' },
    candidates: { type: 'string' },
    keep: { type: 'boolean' },
    'no-merge': { type: 'boolean' },
  },
});
const n = Number(values.vacancies);
const nWorkers = values.workers !== undefined ? Number(values.workers) : Math.max(1, Math.round(n / 2));
const multiplyTo = values['multiply-to'] !== undefined ? Number(values['multiply-to']) : undefined;
const multiplyWorkersTo =
  values['multiply-workers-to'] !== undefined ? Number(values['multiply-workers-to']) : multiplyTo;
const prefix = values.prefix ?? `scalesize-${Date.now().toString(36)}`;
const env = parseEnv(baseEnvSchema, {
  ...process.env,
  INDEX_PREFIX: prefix,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: 'warn',
});
const rt = createRuntime(env, 'bench-scale-size');
const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const LONG = { requestTimeout: 3_600_000 };

/** Copy k of a document lives in TARGET_CITIES[(k - 1) % length]: nine cities of seven other provinces. */
const TARGET_CITIES = [
  '370100',
  '320300',
  '330200',
  '310100',
  '440300',
  '420100',
  '510100',
  '410100',
  '370200',
];
const targets = TARGET_CITIES.map((code) => {
  const city = resolvePlace(code)!;
  const districts: Place[] = [];
  for (let i = 1; i < 100; i++) {
    const d = resolvePlace(code.slice(0, 4) + String(i).padStart(2, '0'));
    if (d && d.level === 'district' && d.location) districts.push(d);
  }
  return { city, districts };
});

const hash = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** The place moved to copy k's city: the district chosen from the old code, the point kept at its offset. */
function movePlace(p: PlaceDoc | undefined, k: number, salt: string): PlaceDoc | undefined {
  if (!p) return p;
  const t = targets[(k - 1) % targets.length]!;
  const d = t.districts[hash(`${p.code ?? p.text ?? ''}:${salt}`) % t.districts.length]!;
  const old = p.code ? resolvePlace(p.code) : undefined;
  const dLat = p.location && old?.location ? p.location.lat - old.location.lat : 0;
  const dLon = p.location && old?.location ? p.location.lon - old.location.lon : 0;
  return {
    text: d.name,
    resolved: true,
    code: d.code,
    codes: d.path,
    name: d.name,
    provinceCode: d.provinceCode,
    ...(d.cityCode ? { cityCode: d.cityCode } : {}),
    location: { lat: d.location!.lat + dLat, lon: d.location!.lon + dLon },
  };
}

const DAY = 86_400_000;
const shiftDate = (iso: string | undefined, days: number): string | undefined => {
  if (!iso) return iso;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const out = new Date(t - days * DAY).toISOString();
  return iso.length === 10 ? out.slice(0, 10) : out;
};
const cityName = (k: number) => targets[(k - 1) % targets.length]!.city.name;

function vacancyCopy(v: VacancyDoc, k: number): VacancyDoc {
  const days = (k * 3 + (hash(v.id) % 7)) % 21;
  const city = cityName(k);
  const copy: VacancyDoc = {
    ...v,
    id: `${v.id}~${k}`,
    externalRef: `${v.externalRef}~${k}`,
    fingerprint: `${v.fingerprint}~${k}`,
    workPlace: movePlace(v.workPlace, k, v.id) as VacancyDoc['workPlace'],
    description: `${v.description}（工作地点：${city}）`,
    descriptionSeg: `${v.descriptionSeg} 工作 地点 ${city}`,
    fairIds: v.fairIds.map((f) => `${f}-c${k}`),
    createdAt: shiftDate(v.createdAt, days)!,
    updatedAt: shiftDate(v.updatedAt, days)!,
  };
  if (v.validFrom) copy.validFrom = shiftDate(v.validFrom, days)!;
  return copy;
}

function workerCopy(w: any, k: number): any {
  const days = (k * 3 + (hash(w.id) % 7)) % 21;
  const current = movePlace(w.currentPlace, k, w.id);
  const willing = (w.willingPlaces ?? []).map((p: PlaceDoc, i: number) => movePlace(p, k, `${w.id}:${i}`));
  const codes = new Set<string>();
  for (const p of [current, ...willing]) for (const c of p?.codes ?? []) codes.add(c);
  return {
    ...w,
    id: `${w.id}~${k}`,
    currentPlace: current,
    willingPlaces: willing,
    willingCodes: [...codes],
    ...(w.availableFrom ? { availableFrom: shiftDate(w.availableFrom, days) } : {}),
    updatedAt: shiftDate(w.updatedAt, days),
  };
}

function privateCopy(p: any, k: number): any {
  const phone = String(p.private?.phone ?? '');
  return {
    ...p,
    workerId: `${p.workerId}~${k}`,
    private: {
      ...p.private,
      // another number of the same shape: the last digits rotated by the copy number
      phone:
        phone.length === 11
          ? phone.slice(0, 3) + String((Number(phone.slice(3)) + k * 7919) % 1e8).padStart(8, '0')
          : phone,
    },
    updatedAt: shiftDate(p.updatedAt, k),
  };
}

/**
 * Grows `index` to `target` documents: every stored document is read once (scroll) and written as copies
 * k = 1, 2, … (document number k × base + i) until the target is reached. Returns what it wrote and how fast.
 */
async function multiply(
  r: Runtime,
  index: string,
  target: number,
  copy: (doc: any, k: number) => any,
  idOf: (doc: { id?: string; workerId?: string }) => string,
): Promise<{ index: string; base: number; written: number; seconds: number; docsPerSecond: number }> {
  await r.es.indices.refresh({ index });
  const base = (await r.es.count({ index })).count;
  if (base >= target || base === 0) return { index, base, written: 0, seconds: 0, docsPerSecond: 0 };
  const copies = Math.ceil(target / base) - 1;
  const t0 = Date.now();
  let written = 0;
  let i = 0;
  const inflight: Array<Promise<void>> = [];
  const send = (ops: BulkOp[]) =>
    bulkWrite(r.es, ops).then((res) => {
      const bad = res.items.find((x) => !x.ok);
      if (bad) throw new Error(`multiply ${index}: ${bad.id} refused: ${bad.errorType} ${bad.errorReason}`);
      written += ops.length;
    });
  let page = await r.es.search({ index, scroll: '5m', size: 1000, sort: ['_doc'] }, LONG);
  let lastLog = Date.now();
  while (page.hits.hits.length > 0) {
    const ops: BulkOp[] = [];
    for (const hit of page.hits.hits) {
      const doc = hit._source as Record<string, unknown>;
      for (let k = 1; k <= copies; k++) {
        if (k * base + i >= target) break;
        const c = copy(doc, k);
        ops.push({ action: 'index', index, id: idOf(c), doc: c });
      }
      i++;
    }
    for (let s = 0; s < ops.length; s += 2000) {
      inflight.push(send(ops.slice(s, s + 2000)));
      if (inflight.length >= 2) await inflight.shift();
    }
    if (Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      console.error(
        `${index}: ${written} copies written, ${Math.round(written / ((Date.now() - t0) / 1000))}/s, load ${load()}`,
      );
    }
    page = await r.es.scroll({ scroll_id: page._scroll_id!, scroll: '5m' }, LONG);
  }
  await Promise.all(inflight);
  if (page._scroll_id) await r.es.clearScroll({ scroll_id: page._scroll_id }).catch(() => {});
  const seconds = (Date.now() - t0) / 1000;
  return {
    index,
    base,
    written,
    seconds: Number(seconds.toFixed(1)),
    docsPerSecond: Math.round(written / seconds),
  };
}

/** Writes worker profiles `from`..`to`-1 of the demo generator as the worker route stores them. */
async function writeWorkers(r: Runtime, from: number, to: number): Promise<void> {
  const o = { ...DEMO_DEFAULTS, vacancies: n, workers: to };
  const now = new Date();
  const inflight: Array<Promise<void>> = [];
  let batch: BulkOp[] = [];
  const send = (ops: BulkOp[]) =>
    bulkWrite(r.es, ops).then((res) => {
      const bad = res.items.find((x) => !x.ok);
      if (bad) throw new Error(`workers: ${bad.id} refused: ${bad.errorType} ${bad.errorReason}`);
    });
  for (const w of demoStream(to - from, (i) => demoWorker(o, from + i))) {
    const { doc, privateDoc } = workerDocuments(w.id, w.input, now);
    batch.push(
      { action: 'index', index: r.names.workerPrivate, id: w.id, doc: privateDoc },
      { action: 'index', index: r.names.workers, id: w.id, doc },
    );
    if (batch.length >= 1000) {
      inflight.push(send(batch));
      batch = [];
      if (inflight.length >= 2) await inflight.shift();
    }
  }
  if (batch.length > 0) inflight.push(send(batch));
  await Promise.all(inflight);
}

/** Shards and replicas of an index, and how many copies of each shard sit on which node. */
async function layoutOf(r: Runtime, index: string) {
  const s = await r.es.indices.getSettings({ index });
  const settings = Object.values(s)[0]?.settings?.index;
  return { shards: Number(settings?.number_of_shards), replicas: Number(settings?.number_of_replicas) };
}

try {
  await redisReady(rt.redis);
  await ensureIndices(rt.es, prefix, allIndices, indexLayout(env));
  const out: Record<string, unknown> = { prefix, loadAverageAtStart: load() };
  const existing = (await rt.es.count({ index: rt.names.vacancies })).count;
  if (existing > 0) {
    out['load'] = { skipped: `the vacancies index already holds ${existing} documents` };
  } else {
    const t0 = Date.now();
    const marks: Record<string, number> = {};
    const loaded = await loadDemoData(rt, {
      scale: n,
      log: (l) => {
        marks[l.split(/[ :]/)[0]!] = Date.now();
        console.error(l);
      },
    });
    const extraWorkers = Math.max(0, nWorkers - loaded.workers);
    const tw = Date.now();
    if (extraWorkers > 0) await writeWorkers(rt, loaded.workers, nWorkers);
    const workerSeconds = (Date.now() - tw) / 1000;
    const seconds = (Date.now() - t0) / 1000;
    const vacancies = Object.values(loaded.vacancies).reduce((a, b) => a + b, 0);
    // The vacancy phase alone: from "firms … written" to "vacancies: …" in loadDemoData's progress lines.
    const vSeconds = ((marks['vacancies'] ?? Date.now()) - (marks['firms'] ?? t0)) / 1000;
    out['load'] = {
      vacanciesGenerated: vacancies,
      vacancies: loaded.vacancies,
      workers: loaded.workers + extraWorkers,
      loadSeconds: Number(seconds.toFixed(1)),
      vacancyPhaseSeconds: Number(vSeconds.toFixed(1)),
      vacanciesPerSecond: Math.round(vacancies / vSeconds),
      extraWorkersPerSecond: extraWorkers > 0 ? Math.round(extraWorkers / workerSeconds) : undefined,
      loadAverageAfterLoad: load(),
    };
  }
  out['layout'] = {
    nodes: (await rt.es.cluster.health({})).number_of_data_nodes,
    vacancies: await layoutOf(rt, rt.names.vacancies),
    workers: await layoutOf(rt, rt.names.workers),
    workerPrivate: await layoutOf(rt, rt.names.workerPrivate),
  };
  console.error(JSON.stringify(out));
  if (multiplyTo !== undefined) {
    const m = [await multiply(rt, rt.names.vacancies, multiplyTo, vacancyCopy, (d) => d.id!)];
    if (multiplyWorkersTo !== undefined) {
      m.push(await multiply(rt, rt.names.workers, multiplyWorkersTo, workerCopy, (d) => d.id!));
      m.push(await multiply(rt, rt.names.workerPrivate, multiplyWorkersTo, privateCopy, (d) => d.workerId!));
    }
    out['multiply'] = { runs: m, loadAverageAfter: load() };
    console.error(JSON.stringify(out['multiply']));
  }
  if (values['no-merge']) {
    console.log(JSON.stringify(out));
    process.exit(0);
  }
  await rt.es.indices.refresh({ index: `${prefix}-*` });
  const tm = Date.now();
  await rt.es.indices.forcemerge(
    { index: `${prefix}-vacancies,${prefix}-workers,${prefix}-worker-private`, max_num_segments: 1 },
    LONG,
  );
  out['forceMergeSeconds'] = Number(((Date.now() - tm) / 1000).toFixed(1));
  const stats = await rt.es.indices.stats({ index: `${prefix}-*`, metric: ['docs', 'store', 'segments'] });
  out['sizes'] = Object.fromEntries(
    Object.entries(stats.indices ?? {})
      .filter(([, s]) => (s.primaries?.docs?.count ?? 0) > 0)
      .map(([name, s]) => {
        const docs = s.primaries?.docs?.count ?? 0;
        const primary = s.primaries?.store?.size_in_bytes ?? 0;
        const total = s.total?.store?.size_in_bytes ?? 0;
        return [
          name.slice(prefix.length + 1),
          {
            docs,
            bytesPerDocPrimary: Math.round(primary / docs),
            bytesPerDocWithReplicas: Math.round(total / docs),
            gbPerMillionPrimary: Number((((primary / docs) * 1e6) / 1e9).toFixed(2)),
            gbPrimary: Number((primary / 1e9).toFixed(2)),
            segmentsPrimary: s.primaries?.segments?.count,
          },
        ];
      }),
  );
  if (values.candidates !== undefined) out['candidates'] = await candidates(rt, Number(values.candidates));
  out['loadAverageAtEnd'] = load();
  console.log(JSON.stringify(out));
} finally {
  if (!values.keep) await deleteIndicesWithPrefix(rt.es, prefix).catch(() => {});
  await rt.close();
}

/** The candidate ranking's engine request for `k` vacancies spread over the index, one after another. */
async function candidates(r: Runtime, k: number) {
  const res = await r.es.search<VacancyDoc>({
    index: r.names.vacancies,
    size: k,
    query: { function_score: { functions: [{ random_score: { seed: 13, field: '_seq_no' } }] } },
  });
  const times: number[] = [];
  let totalHits = 0;
  const now = Date.now();
  for (const hit of res.hits.hits) {
    const body = candidatesRequest(hit._source!, { now, size: 20 });
    const s = performance.now();
    const a = await r.es.search({ index: r.names.workers, ...body });
    times.push(performance.now() - s);
    const t = a.hits.total;
    totalHits += typeof t === 'number' ? t : (t?.value ?? 0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return {
    vacancies: times.length,
    meanHits: Math.round(totalHits / Math.max(1, times.length)),
    p50Ms: Number(q(0.5).toFixed(1)),
    p95Ms: Number(q(0.95).toFixed(1)),
    perSecondOneLoop: Number(
      (1000 / (times.reduce((a, b) => a + b, 0) / Math.max(1, times.length))).toFixed(1),
    ),
    loadAverage: load(),
  };
}
