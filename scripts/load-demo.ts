/**
 * Loads the demo campaign (firms, fairs, vacancies, workers from @fugong/demo) into the platform's indices.
 * Vacancies go through the ingest write path (`writeVacancies`, in batches), so they are normalised,
 * fingerprinted and in the change feed like any upload; firms, fairs and workers are written as their PUT
 * routes store them. Idempotent: a marker in Redis plus the index counts let a second run skip at once;
 * `--force` reloads, and then every vacancy reports "unchanged".
 *
 *   pnpm exec tsx scripts/load-demo.ts [--scale demo|N] [--base-date YYYY-MM-DD] [--force]
 */
import { fileURLToPath } from 'node:url';
import { baseEnvSchema, parseEnv } from '@fugong/config';
import {
  DEMO_DEFAULTS,
  type DemoOptions,
  demoFair,
  demoFirm,
  demoStream,
  demoVacancy,
  demoWorker,
} from '@fugong/demo';
import { fairDocument, firmDocument, workerDocuments } from '@fugong/documents';
import { type Runtime, createRuntime } from '@fugong/http';
import { type BulkOp, allIndices, bulkWrite, ensureIndices } from '@fugong/search';
import { resolvePlace } from '@fugong/text';
import { createVacancyWriter } from '@fugong/ingest/vacancy-writer';

export interface LoadDemoOptions {
  /** `demo`: the default campaign (20,000 vacancies, 10,000 workers); a number: that many vacancies, half as many workers. */
  scale?: 'demo' | number;
  /** Dates are relative to this day (default today), so the demo's vacancies are open when loaded. */
  baseDate?: string;
  /** Reload even if the marker says this campaign is loaded. */
  force?: boolean;
  /** Progress lines go here (default: nowhere). */
  log?: (line: string) => void;
}

export interface LoadDemoResult {
  skipped: boolean;
  firms: number;
  fairs: number;
  workers: number;
  vacancies: Record<'created' | 'updated' | 'unchanged' | 'duplicate' | 'rejected', number>;
  seconds: number;
}

/** Loads (or skips, when already loaded) the demo campaign. The caller owns `rt` and closes it. */
export async function loadDemoData(rt: Runtime, opts: LoadDemoOptions = {}): Promise<LoadDemoResult> {
  const started = Date.now();
  const o = demoOptions(opts);
  const log = opts.log ?? (() => {});
  const marker = `${rt.env.INDEX_PREFIX}:demo:loaded`;
  const wanted = JSON.stringify({
    seed: o.seed,
    firms: o.firms,
    fairs: o.fairs,
    vacancies: o.vacancies,
    workers: o.workers,
  });
  const vacancies = { created: 0, updated: 0, unchanged: 0, duplicate: 0, rejected: 0 };
  if (!opts.force && (await alreadyLoaded(rt, marker, wanted))) {
    return {
      skipped: true,
      firms: o.firms,
      fairs: o.fairs,
      workers: o.workers,
      vacancies,
      seconds: (Date.now() - started) / 1000,
    };
  }
  const now = new Date();
  await writeDemoFirmsAndFairs(rt, o, now);
  log(`firms ${o.firms}, fairs ${o.fairs} written`);

  const writer = createVacancyWriter(rt, {
    batchSize: 500,
    concurrency: 2,
    fieldName: (p) => p,
    now,
    emit: (r) => {
      vacancies[r.result]++;
    },
  });
  let index = 0;
  for (const v of demoStream(o.vacancies, (i) => demoVacancy(o, i))) {
    await writer.add({
      write: { index: index++, firmId: v.firmId, externalRef: v.externalRef, input: v.input },
    });
  }
  await writer.finish();
  if (writer.failure !== undefined) throw writer.failure;
  log(`vacancies: ${JSON.stringify(vacancies)}`);

  // Private document before the searchable one in the same request, as the worker route does.
  await writeAll(
    rt,
    demoStream(o.workers, (i) => {
      const w = demoWorker(o, i);
      const { doc, privateDoc } = workerDocuments(w.id, w.input, now);
      return [
        { action: 'index', index: rt.names.workerPrivate, id: w.id, doc: privateDoc },
        { action: 'index', index: rt.names.workers, id: w.id, doc },
      ] satisfies BulkOp[];
    }),
    1000,
  );
  log(`workers ${o.workers} written`);
  await rt.es.indices.refresh({ index: [rt.names.vacancies, rt.names.workers, rt.names.workerPrivate] });
  // The marker records what was stored (the generator's few same-fingerprint postings are duplicates).
  const storedVacancies = vacancies.created + vacancies.updated + vacancies.unchanged;
  await rt.redis.set(marker, JSON.stringify({ wanted, vacancies: storedVacancies, workers: o.workers }));
  return {
    skipped: false,
    firms: o.firms,
    fairs: o.fairs,
    workers: o.workers,
    vacancies,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Writes the campaign's firms and fairs as their PUT routes store them, visible to lookups on return. */
export async function writeDemoFirmsAndFairs(rt: Runtime, o: DemoOptions, now: Date): Promise<void> {
  await writeAll(
    rt,
    demoStream(o.firms, (i) => firmOp(rt, demoFirm(o, i), now)),
    500,
  );
  await writeAll(
    rt,
    demoStream(o.fairs, (i) => fairOp(rt, demoFair(o, i), now)),
    500,
  );
  // Vacancies refer to firms and fairs: make those visible to the write path's lookups first.
  await rt.es.indices.refresh({ index: [rt.names.firms, rt.names.fairs] });
}

function demoOptions(opts: LoadDemoOptions): DemoOptions {
  const base = { ...DEMO_DEFAULTS, ...(opts.baseDate ? { baseDate: opts.baseDate } : {}) };
  if (opts.scale === undefined || opts.scale === 'demo') return base;
  return { ...base, vacancies: opts.scale, workers: Math.max(1, Math.round(opts.scale / 2)) };
}

/** The marker names this campaign and the engine still holds at least what the marker says was stored. */
async function alreadyLoaded(rt: Runtime, marker: string, wanted: string): Promise<boolean> {
  const raw = await rt.redis.get(marker);
  const m = raw ? (JSON.parse(raw) as { wanted?: string; vacancies?: number; workers?: number }) : undefined;
  if (!m || m.wanted !== wanted) return false;
  const [v, w] = await Promise.all([
    rt.es.count({ index: rt.names.vacancies, query: { prefix: { firmId: 'zz-firm-' } } }),
    rt.es.count({ index: rt.names.workers, query: { prefix: { id: 'zz-worker-' } } }),
  ]);
  return (
    v.count >= (m.vacancies ?? Number.POSITIVE_INFINITY) && w.count >= (m.workers ?? Number.POSITIVE_INFINITY)
  );
}

/** Writes ops in `_bulk` requests of `size` ops (two at a time); any refused op stops the load. */
async function writeAll(rt: Runtime, ops: Iterable<BulkOp | BulkOp[]>, size: number): Promise<void> {
  let batch: BulkOp[] = [];
  const inflight: Array<Promise<void>> = [];
  const send = (b: BulkOp[]) =>
    bulkWrite(rt.es, b).then((res) => {
      const bad = res.items.find((i) => !i.ok);
      if (bad) throw new Error(`demo load: ${bad.id} refused: ${bad.errorType} ${bad.errorReason}`);
    });
  for (const op of ops) {
    batch.push(...(Array.isArray(op) ? op : [op]));
    if (batch.length >= size) {
      inflight.push(send(batch));
      batch = [];
      if (inflight.length >= 2) await inflight.shift();
    }
  }
  if (batch.length > 0) inflight.push(send(batch));
  await Promise.all(inflight);
}

/** A firm as PUT /v1/firms/{id} stores it (the demo's inputs are valid: codes checked in its own tests). */
function firmOp(rt: Runtime, f: ReturnType<typeof demoFirm>, now: Date): BulkOp {
  const place = f.input.place.district ? resolvePlace(f.input.place.district) : undefined;
  return { action: 'index', index: rt.names.firms, id: f.id, doc: firmDocument(f.id, f.input, place, now) };
}

/** A fair as PUT /v1/fairs/{id} stores it. */
function fairOp(rt: Runtime, f: ReturnType<typeof demoFair>, now: Date): BulkOp {
  return { action: 'index', index: rt.names.fairs, id: f.id, doc: fairDocument(f.id, f.input, now) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scaleArg = arg('--scale');
  const scale = scaleArg === undefined || scaleArg === 'demo' ? 'demo' : Number(scaleArg);
  if (scale !== 'demo' && !(Number.isInteger(scale) && scale > 0))
    throw new Error('--scale: demo or a positive number of vacancies');
  const env = parseEnv(baseEnvSchema);
  const rt = createRuntime(env, 'load-demo');
  try {
    await ensureIndices(rt.es, env.INDEX_PREFIX, allIndices);
    const baseDate = arg('--base-date');
    const res = await loadDemoData(rt, {
      scale,
      ...(baseDate ? { baseDate } : {}),
      force: args.includes('--force'),
      log: (l) => console.error(l),
    });
    console.log(JSON.stringify(res));
  } finally {
    await rt.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
