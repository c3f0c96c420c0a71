import { generateApiKey, storeApiKey } from '@fugong/http';
import { buildApp, type MonitorOverrides } from '@fugong/monitor/app';
import type { TestService } from './helpers.ts';
import { startTestService } from './helpers.ts';

/** The monitor service on a free port, its clock pinned (a test decides what "today" is in Asia/Shanghai). */
export async function startMonitor(overrides: MonitorOverrides = {}): Promise<TestService> {
  return startTestService((rt) => buildApp(rt, overrides));
}

/** A firm as ingest stores it: district, industry, size, key-enterprise flag and a private contact. */
export interface TestFirm {
  id: string;
  district?: { code: string; name: string };
  industry?: string;
  size?: string;
  key?: boolean;
  creditCode?: string;
  contact?: { person: string; phone: string };
}

/** Registers firms directly in the firms index (as ingest's PUT /v1/firms would), searchable at once. */
export async function registerTestFirms(svc: TestService, firms: TestFirm[]): Promise<void> {
  const operations = firms.flatMap((f) => [
    { index: { _index: svc.rt.names.firms, _id: f.id } },
    {
      id: f.id,
      name: `测试企业 ${f.id}`,
      creditCode: f.creditCode ?? `91370400TEST${f.id.toUpperCase()}`.slice(0, 18),
      ...(f.industry ? { industry: f.industry } : {}),
      place: f.district ? { code: f.district.code, name: f.district.name } : {},
      ...(f.size ? { size: f.size } : {}),
      keyEnterprise: f.key ? { level: 'city' } : null,
      isKeyEnterprise: Boolean(f.key),
      ...(f.contact ? { contact: f.contact } : {}),
      updatedAt: new Date().toISOString(),
    },
  ]);
  const res = await svc.rt.es.bulk({ operations, refresh: 'wait_for' });
  if (res.errors) throw new Error(`registering firms failed: ${JSON.stringify(res.items.slice(0, 2))}`);
}

/** A bureau key with a label (the bureau user a phone survey is recorded under). */
export async function labelledBureauKey(
  svc: TestService,
  label: string,
): Promise<{ key: string; keyId: string }> {
  const { key, record } = generateApiKey({ role: 'bureau', label });
  await storeApiKey(svc.rt.es, svc.rt.names.apiKeys, record);
  return { key, keyId: record.keyId };
}

/** A valid report: `employees` on the payroll, `onPost` of them at work, operating at 80 % capacity. */
export function report(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'operating', capacityPct: 80, employees: 100, onPost: 90, openPositions: 0, ...over };
}

/** 2020-03-02 was a Monday; a clock at 10:00 that day in Asia/Shanghai. */
export const MONDAY = '2020-03-02';
export const at =
  (day: string, time = '10:00:00') =>
  () =>
    new Date(`${day}T${time}+08:00`);
