import { buildApp } from '@fugong/ingest/app';
import { type TestService, startTestService } from './helpers.ts';

/** A valid unified social credit code (check character verified by the firm route). */
export const CREDIT_CODE = '91350100M000100Y43';

/** A date `days` from today in China (UTC+8, where a calendar date ends), as the calendar date a client writes. */
export const isoDay = (days: number): string =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** A valid vacancy body; override any field. */
export function vacancyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '普工',
    description: '流水线操作，包吃包住。\n长期稳定。',
    totalJobOpenings: 5,
    wage: { min: 4000, max: 6000, unit: 'month' },
    workPlace: { district: '薛城区', address: '枣庄市薛城区光明大道1号' },
    benefits: { board: true, lodging: true },
    validThrough: isoDay(30),
    ...overrides,
  };
}

/**
 * The ingest service on the real engine and Redis in its own indices, with firms firm-a and firm-b registered
 * and the expiry sweeper off unless an interval is given (tests call expireVacancies directly).
 */
export async function startIngest(expiryIntervalMs = 0): Promise<TestService> {
  const before = process.env['INGEST_EXPIRY_INTERVAL_MS'];
  process.env['INGEST_EXPIRY_INTERVAL_MS'] = String(expiryIntervalMs);
  const svc = await startTestService(buildApp).finally(() => {
    if (before === undefined) delete process.env['INGEST_EXPIRY_INTERVAL_MS'];
    else process.env['INGEST_EXPIRY_INTERVAL_MS'] = before;
  });
  for (const [id, name] of [
    [svc.firmA, '枣庄市示范防护用品有限公司'],
    [svc.firmB, '滕州市示范机械有限公司'],
  ] as const) {
    const res = await svc.call('PUT', `/v1/firms/${id}`, {
      key: svc.keys.bureau,
      body: { name, creditCode: CREDIT_CODE, industry: '制造业', place: { district: '薛城区' } },
    });
    if (res.status !== 200) throw new Error(`firm ${id}: ${JSON.stringify(res.body)}`);
  }
  return svc;
}
