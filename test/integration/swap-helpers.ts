import { generateApiKey, storeApiKey } from '@fugong/http';
import { buildApp } from '@fugong/swap/app';
import type { SwapEnv } from '../../services/swap/src/env.ts';
import { registerFirms } from '../support/service.ts';
import { type TestService, startTestService } from './helpers.ts';

export { registerFirms };

/**
 * The swap service on its own indices, without the periodic repair (tests call it when they mean to), with
 * firms firm-a, firm-b and firm-c registered (posts for an unregistered firm are refused).
 */
export async function startSwap(settings: Partial<SwapEnv> = {}): Promise<TestService> {
  const svc = await startTestService((rt) => buildApp(rt, { SWAP_REPAIR_INTERVAL_MS: 0, ...settings }));
  await registerFirms(svc, [svc.firmA, svc.firmB, 'firm-c']);
  return svc;
}

/** A surplus post body: 缝纫工 idle in 薛城区 in March 2020. */
export const surplusBody = (over: Record<string, unknown> = {}) => ({
  headcount: 10,
  occupations: ['缝纫工'],
  skills: ['缝纫', '平车'],
  from: '2020-03-01',
  to: '2020-04-30',
  place: { district: '薛城区', address: '薛城区某路 1 号' },
  conditions: { transport: true, board: false, lodging: false, note: 'private: bus leaves 7:00' },
  ...over,
});

/** A shortage post body: a mask factory in 市中区 needing 缝纫工. */
export const shortageBody = (over: Record<string, unknown> = {}) => ({
  headcount: 10,
  occupations: ['6-05-01-03'],
  skills: ['缝纫', '口罩机操作'],
  from: '2020-03-05',
  to: '2020-04-15',
  place: { district: '市中区' },
  wageOffered: 4200,
  ...over,
});

/** Terms per the 2020 MOHRSS guidance, with every lent worker consenting. */
export const termsFor = (headcount: number, costReimbursementPerMonth = 300) => ({
  costReimbursementPerMonth,
  workersConsented: headcount,
});

/** A key for another employer, bound to `firmId`. */
export async function employerKey(svc: TestService, firmId: string): Promise<string> {
  const { key, record } = generateApiKey({ role: 'employer', firmId });
  await storeApiKey(svc.rt.es, svc.rt.names.apiKeys, record);
  return key;
}

/** Posts a surplus for firm A and a shortage for firm B (bureau key); returns their ids. */
export async function postPair(
  svc: TestService,
  surplus: Record<string, unknown> = {},
  shortage: Record<string, unknown> = {},
): Promise<{ surplusId: string; shortageId: string }> {
  const s = await svc.call('POST', '/v1/swap/surplus', {
    key: svc.keys.employerA,
    body: surplusBody(surplus),
  });
  const d = await svc.call('POST', '/v1/swap/shortage', {
    key: svc.keys.employerB,
    body: shortageBody(shortage),
  });
  if (s.status !== 201 || d.status !== 201)
    throw new Error(`posting failed: ${JSON.stringify([s.body, d.body])}`);
  return { surplusId: s.body.id, shortageId: d.body.id };
}

/** Proposes an agreement of `headcount` between the two posts (firm A's key). */
export async function propose(
  svc: TestService,
  ids: { surplusId: string; shortageId: string },
  headcount = 1,
): Promise<string> {
  const res = await svc.call('POST', '/v1/swap/agreements', {
    key: svc.keys.employerA,
    body: { ...ids, headcount, from: '2020-03-05', to: '2020-04-15', terms: termsFor(headcount) },
  });
  if (res.status !== 201) throw new Error(`proposing failed: ${JSON.stringify(res.body)}`);
  return res.body.id;
}
