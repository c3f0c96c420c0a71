import { createHash } from 'node:crypto';
import { type DocIssue, resolveOccupationList } from '@fugong/documents';
import { CalendarDay, ConflictError, NotFoundError, ValidationError } from '@fugong/schemas';
import type {
  FirmDoc,
  FirmStore,
  MonitorPublicationStore,
  MonitorStore,
  PublicationDoc,
  PublishedItem,
} from '@fugong/stores';
import { z } from 'zod';
import { answerMessage, type PlatformAnswer, type PlatformClient } from './platform.ts';

/**
 * The loop back from a report to the platform (issue #11): a firm short of hands says so in its report
 * (空岗, 用工需求), and in one call the same open positions become vacancies that seekers find (through
 * ingest) and/or a shortage post that firms with idle staff can lend to (through swap).
 *
 * Every reference is derived from the report (vacancy `monitor-{date}-{need}`, post `monitor-{date}-{firm}`),
 * so publishing again replaces what was published, never duplicates it, and a publication cut short by an
 * outage is completed by calling again. What the request itself gets wrong (a need that does not exist, a
 * trade no one can resolve, dates out of order) is refused before anything is written.
 */

export const PublishInput = z
  .strictObject({
    vacancies: z.boolean().default(true).describe('publish one vacancy per hiring need (through ingest)'),
    shortage: z
      .strictObject({
        from: CalendarDay,
        to: CalendarDay,
        wageOffered: z.number().nonnegative().max(1_000_000).optional().describe('monthly CNY'),
        transport: z.boolean().default(false),
        board: z.boolean().default(false),
        lodging: z.boolean().default(false),
      })
      .optional()
      .describe('also post the needs for staff sharing (共享员工) over these dates (through swap)'),
    needs: z
      .array(z.number().int().min(0).max(49))
      .min(1)
      .max(50)
      .optional()
      .describe("which of the report's hiring needs (0-based); all of them when absent"),
    monthlyWage: z
      .strictObject({
        min: z.number().nonnegative().max(1_000_000),
        max: z.number().nonnegative().max(1_000_000).optional(),
      })
      .optional()
      .describe('the wage the vacancies offer, CNY a month'),
    validThrough: CalendarDay.optional().describe(
      'last day the vacancies are open; default 30 days after the report',
    ),
  })
  .meta({ id: 'MonitorPublishInput' });
export type PublishInput = z.infer<typeof PublishInput>;

/** One item of a publication as answered: what was written, or why not. */
export interface PublishOutcome {
  kind: 'vacancy' | 'shortage';
  ref: string;
  needs: number[];
  id?: string;
  result?: string;
  error?: { status: number; message: string };
}

export interface PublishDeps {
  monitor: MonitorStore;
  firms: FirmStore;
  publications: MonitorPublicationStore;
  platform: PlatformClient;
}

export interface PublishRequest {
  firmId: string;
  date: string;
  input: PublishInput;
  /** Whether the caller is the bureau (which must name the firm in what it writes) or the firm itself. */
  asBureau: boolean;
  /** The caller's API key, passed on: ingest and swap apply their own rules to it. */
  key: string;
}

export interface PublishAnswer {
  firmId: string;
  date: string;
  complete: boolean;
  items: PublishOutcome[];
}

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A swap post id from a firm and day: readable when short enough, hashed when the firm id is long. */
export function shortageRef(firmId: string, date: string): string {
  const plain = `monitor-${date}-${firmId}`;
  return plain.length <= 128
    ? plain
    : `monitor-${date}-${createHash('sha256').update(firmId).digest('hex').slice(0, 24)}`;
}

/** The place a firm's vacancies and posts are at: its district, address and coordinates as registered. */
function placeOf(firm: FirmDoc): {
  district?: string;
  address?: string;
  location?: { lat: number; lon: number };
} {
  const p = firm.place as { code?: string; address?: string; location?: { lat: number; lon: number } };
  return {
    ...(p.code ? { district: p.code } : {}),
    ...(p.address ? { address: p.address } : {}),
    ...(p.location ? { location: p.location } : {}),
  };
}

/** Publishes a report's hiring needs; the answer lists every item, and `complete` says whether all were written. */
export async function publishFromReport(
  deps: PublishDeps,
  req: PublishRequest,
  now: Date,
): Promise<PublishAnswer> {
  const { firmId, date, input } = req;
  if (!input.vacancies && !input.shortage) {
    const message = 'nothing to publish: set vacancies to true or give shortage dates';
    throw new ValidationError(`vacancies: ${message}`, [{ path: 'vacancies', message }]);
  }
  if (input.shortage && input.shortage.to < input.shortage.from) {
    const message = '`to` must not be before `from`';
    throw new ValidationError(`shortage.to: ${message}`, [{ path: 'shortage.to', message }]);
  }
  if (input.monthlyWage?.max !== undefined && input.monthlyWage.max < input.monthlyWage.min) {
    const message = 'max must not be below min';
    throw new ValidationError(`monthlyWage.max: ${message}`, [{ path: 'monthlyWage.max', message }]);
  }
  const validThrough = input.validThrough ?? addDays(date, 30);
  if (validThrough < date) {
    const message = `must not be before the report's date (${date})`;
    throw new ValidationError(`validThrough: ${message}`, [{ path: 'validThrough', message }]);
  }
  const stored = await deps.monitor.getReport(firmId, date);
  if (!stored) throw new NotFoundError(`report of ${firmId} for ${date}`);
  const report = stored.doc;
  const needs = report.hiringNeeds ?? [];
  if (needs.length === 0) {
    throw new ConflictError(
      'the report names no hiring needs (trade and headcount) to publish; resubmit it with hiringNeeds',
      { field: 'hiringNeeds' },
    );
  }
  const chosen = input.needs ?? needs.map((_, i) => i);
  chosen.forEach((n, i) => {
    if (n >= needs.length) {
      const message = `the report has ${needs.length} hiring need(s): 0 to ${needs.length - 1}`;
      throw new ValidationError(`needs.${i}: ${message}`, [{ path: `needs.${i}`, message }]);
    }
  });
  const selected = [...new Set(chosen)];
  // The trades must resolve before anything is written: swap refuses a post whose trade it cannot place, and
  // a vacancy without an occupation is found by nobody browsing by trade.
  const issues: DocIssue[] = [];
  resolveOccupationList(
    selected.map((n) => needs[n]!.occupation),
    'hiringNeeds',
    issues,
  );
  if (issues.length > 0) {
    const first = issues[0]!;
    const n = selected[Number(first.path.split('.')[1])] ?? 0;
    const path = `hiringNeeds.${n}.occupation`;
    throw new ValidationError(
      `${path}: ${first.message} in the report`,
      issues.map((i) => ({ ...i, path: `hiringNeeds.${selected[Number(i.path.split('.')[1])]}.occupation` })),
    );
  }
  const firm = await deps.firms.get(firmId);
  if (!firm) throw new NotFoundError(`firm ${firmId}`);
  const place = placeOf(firm);
  const firmField = req.asBureau ? { firmId } : {};

  const jobs: Array<Promise<PublishOutcome>> = [];
  if (input.vacancies) {
    for (const n of selected) {
      const need = needs[n]!;
      const ref = `monitor-${date}-${n}`;
      const body = {
        ...firmField,
        title: need.occupation,
        description:
          `复工监测 ${date}：${firm.name} 招 ${need.occupation} ${need.headcount} 人。` +
          (need.note ? ` ${need.note}` : ''),
        totalJobOpenings: need.headcount,
        workPlace: place,
        validFrom: date,
        validThrough,
        source: 'monitor',
        ...(input.monthlyWage ? { wage: { ...input.monthlyWage, unit: 'month' } } : {}),
      };
      jobs.push(
        deps.platform
          .call('ingest', 'PUT', `/v1/vacancies/${encodeURIComponent(ref)}`, req.key, body)
          .then((a) => vacancyOutcome(ref, n, a)),
      );
    }
  }
  if (input.shortage) {
    const s = input.shortage;
    const ref = shortageRef(firmId, date);
    const body = {
      ...firmField,
      headcount: selected.reduce((sum, n) => sum + needs[n]!.headcount, 0),
      occupations: [...new Set(selected.map((n) => needs[n]!.occupation))].slice(0, 10),
      from: s.from,
      to: s.to,
      place,
      conditions: { transport: s.transport, board: s.board, lodging: s.lodging },
      ...(s.wageOffered !== undefined ? { wageOffered: s.wageOffered } : {}),
    };
    jobs.push(
      deps.platform
        .call('swap', 'PUT', `/v1/swap/shortage/${encodeURIComponent(ref)}`, req.key, body)
        .then((a) => shortageOutcome(ref, selected, a)),
    );
  }
  const items = await Promise.all(jobs);
  await record(deps.publications, firmId, date, items, now);
  return { firmId, date, complete: items.every((i) => !i.error), items };
}

function vacancyOutcome(ref: string, need: number, a: PlatformAnswer): PublishOutcome {
  const body = a.body as { id?: string; result?: string; error?: { details?: { duplicateOf?: string } } };
  if (a.status === 200 && body.id)
    return { kind: 'vacancy', ref, needs: [need], id: body.id, result: body.result ?? 'stored' };
  // The same posting is already there under the firm's own reference: link that one rather than fail.
  const duplicateOf = body.error?.details?.duplicateOf;
  if (a.status === 409 && duplicateOf)
    return { kind: 'vacancy', ref, needs: [need], id: duplicateOf, result: 'duplicate' };
  return { kind: 'vacancy', ref, needs: [need], error: { status: a.status, message: answerMessage(a) } };
}

function shortageOutcome(ref: string, needs: number[], a: PlatformAnswer): PublishOutcome {
  const body = a.body as { id?: string; result?: string };
  if ((a.status === 200 || a.status === 201) && body.id)
    return {
      kind: 'shortage',
      ref,
      needs,
      id: body.id,
      result: a.status === 201 ? 'created' : (body.result ?? 'updated'),
    };
  return { kind: 'shortage', ref, needs, error: { status: a.status, message: answerMessage(a) } };
}

/** Merges what was written now into the report's publication record (items by reference). */
async function record(
  store: MonitorPublicationStore,
  firmId: string,
  date: string,
  outcomes: PublishOutcome[],
  now: Date,
): Promise<void> {
  const written: PublishedItem[] = outcomes
    .filter((o) => o.id !== undefined && o.result !== undefined)
    .map((o) => ({
      kind: o.kind,
      id: o.id!,
      ref: o.ref,
      needs: o.needs,
      result: o.result!,
      publishedAt: now.toISOString(),
    }));
  if (written.length === 0) return;
  const before = await store.get(firmId, date);
  const byRef = new Map((before?.items ?? []).map((i) => [i.ref, i]));
  for (const w of written) byRef.set(w.ref, w);
  const items = [...byRef.values()];
  const doc: PublicationDoc = {
    firmId,
    date,
    vacancyIds: items.filter((i) => i.kind === 'vacancy').map((i) => i.id),
    items,
    updatedAt: now.toISOString(),
  };
  const shortage = items.find((i) => i.kind === 'shortage');
  if (shortage) doc.shortageId = shortage.id;
  await store.put(doc);
}
