/**
 * The browser tests' platform: the services in-process on the real engine and Redis (their own index and
 * queue prefix), the portal in front of them on a free port, a small deterministic dataset written through the
 * services' own APIs, and portal accounts for the bureau and both firms. Everything it makes is removed by
 * `close`.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp as buildConvoys } from '@fugong/convoys/app';
import { buildApp as buildIngest } from '@fugong/ingest/app';
import { buildIntentService } from '@fugong/intent-worker/app';
import { buildApp as buildMatcher } from '@fugong/matcher/app';
import { buildApp as buildMonitor } from '@fugong/monitor/app';
import { seedAccounts } from '@fugong/portal/accounts';
import { type BuiltPortal, buildPortal } from '@fugong/portal/app';
import { delEach } from '@fugong/portal/redis';
import { buildApp as buildSwap } from '@fugong/swap/app';
import { type Companion, startCompanion, startTestService, type TestService } from '../support/service.ts';

/** A valid unified social credit code (the firm route checks its check character). */
const CREDIT_CODE = '91350100M000100Y43';

/** A calendar date `days` from today in China (UTC+8). */
export const isoDay = (days: number): string =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** Records the last verification code sent to each phone (the portal's SMS stand-in). */
export class RecordingVerifier {
  readonly codes = new Map<string, string>();
  async send(phone: string, code: string): Promise<void> {
    this.codes.set(phone, code);
  }
}

export const FAIR_ID = 'fair-winter';
export const FAIR_NAME = '2026 冬季复工复产网络招聘会';

export const ACCOUNTS = {
  bureau: { login: 'bureau_test', password: 'Bureau2026pass' },
  employerA: { login: 'firma_hr', password: 'FirmA2026pass' },
  employerB: { login: 'firmb_hr', password: 'FirmB2026pass' },
} as const;

interface SeedVacancy {
  ref: string;
  firm: 'A' | 'B';
  title: string;
  district: string;
  wage: [number, number];
  openings: number;
  description: string;
  employmentType?: string;
  board?: boolean;
  fair?: boolean;
}

/** About twenty vacancies in several districts; every title, place and wage differs enough not to be a duplicate. */
const VACANCIES: SeedVacancy[] = [
  {
    ref: 'a-ppe-sewer',
    firm: 'A',
    title: '防护服车工',
    district: '薛城区',
    wage: [5000, 7000],
    openings: 30,
    description: '医用防护服缝制，计件工资，熟练工优先。\n两班倒，包吃住。',
    board: true,
    fair: true,
  },
  {
    ref: 'a-general-1',
    firm: 'A',
    title: '普工',
    district: '薛城区',
    wage: [4200, 5200],
    openings: 50,
    description: '口罩生产线操作，无需经验，岗前培训。',
    board: true,
    fair: true,
  },
  {
    ref: 'a-general-closed',
    firm: 'A',
    title: '普工（包装）',
    district: '市中区',
    wage: [3900, 4600],
    openings: 10,
    description: '成品包装、装箱，长白班。',
  },
  {
    ref: 'a-cutter',
    firm: 'A',
    title: '裁剪工',
    district: '薛城区',
    wage: [4800, 6200],
    openings: 8,
    description: '布料裁剪，有服装厂经验优先。',
    fair: true,
  },
  {
    ref: 'a-qc',
    firm: 'A',
    title: '质检员',
    district: '市中区',
    wage: [4500, 5500],
    openings: 4,
    description: '成品检验，记录质检数据。',
  },
  {
    ref: 'a-forklift',
    firm: 'A',
    title: '叉车司机',
    district: '峄城区',
    wage: [5500, 6500],
    openings: 3,
    description: '持叉车证，仓库物料搬运。',
  },
  {
    ref: 'a-warehouse',
    firm: 'A',
    title: '仓库管理员',
    district: '峄城区',
    wage: [4300, 5000],
    openings: 2,
    description: '出入库登记，库存盘点。',
  },
  {
    ref: 'a-mechanic',
    firm: 'A',
    title: '设备机修工',
    district: '薛城区',
    wage: [6000, 8000],
    openings: 2,
    description: '缝纫设备维修保养。',
  },
  {
    ref: 'a-cleaner',
    firm: 'A',
    title: '保洁员',
    district: '市中区',
    wage: [2800, 3300],
    openings: 3,
    description: '厂区日常保洁。',
    employmentType: 'part_time',
  },
  {
    ref: 'a-cook',
    firm: 'A',
    title: '食堂厨师',
    district: '薛城区',
    wage: [5200, 6000],
    openings: 1,
    description: '员工食堂，中式烹饪。',
  },
  {
    ref: 'b-welder',
    firm: 'B',
    title: '电焊工',
    district: '滕州市',
    wage: [6500, 9000],
    openings: 12,
    description: '二氧化碳保护焊，持焊工证。',
    fair: true,
  },
  {
    ref: 'b-welder-2',
    firm: 'B',
    title: '氩弧焊电焊工',
    district: '滕州市',
    wage: [7000, 9500],
    openings: 5,
    description: '不锈钢件氩弧焊。',
  },
  {
    ref: 'b-general',
    firm: 'B',
    title: '普工',
    district: '滕州市',
    wage: [4500, 5800],
    openings: 40,
    description: '机加工车间辅助，长白班，五险。',
    fair: true,
  },
  {
    ref: 'b-general-2',
    firm: 'B',
    title: '装配普工',
    district: '山亭区',
    wage: [4100, 5100],
    openings: 20,
    description: '零件装配，计时工资。',
  },
  {
    ref: 'b-cnc',
    firm: 'B',
    title: '数控车工',
    district: '滕州市',
    wage: [6000, 8500],
    openings: 6,
    description: '数控车床操作与编程。',
  },
  {
    ref: 'b-electrician',
    firm: 'B',
    title: '维修电工',
    district: '台儿庄区',
    wage: [5800, 7200],
    openings: 2,
    description: '持电工证，厂区配电维护。',
  },
  {
    ref: 'b-driver',
    firm: 'B',
    title: '货车司机',
    district: '山亭区',
    wage: [6500, 8000],
    openings: 3,
    description: 'B2 驾照，市内配送。',
  },
  {
    ref: 'b-guard',
    firm: 'B',
    title: '保安',
    district: '台儿庄区',
    wage: [3000, 3600],
    openings: 2,
    description: '厂区门卫，三班倒。',
  },
  {
    ref: 'b-painter',
    firm: 'B',
    title: '喷漆工',
    district: '滕州市',
    wage: [5600, 7000],
    openings: 4,
    description: '工件喷涂，提供劳保用品。',
    employmentType: 'temporary',
  },
  {
    ref: 'b-sales',
    firm: 'B',
    title: '销售代表',
    district: '市中区',
    wage: [4000, 9000],
    openings: 3,
    description: '机械设备销售，底薪加提成。',
  },
];

export interface Platform {
  portalUrl: string;
  svc: TestService;
  ingest: Companion;
  matcher: Companion;
  swap: Companion;
  monitor: Companion;
  convoys: Companion;
  portal: BuiltPortal;
  verifier: RecordingVerifier;
  /** Vacancy ids by seed ref. */
  vacancyIds: Map<string, string>;
  firmA: { id: string; name: string };
  firmB: { id: string; name: string };
  close: () => Promise<void>;
}

export async function startPlatform(): Promise<Platform> {
  // The portal reaches the services from loopback like one busy visitor: no anonymous rate limit in the way.
  const svc = await startTestService(
    buildIntentService({
      runWorker: true,
      settings: {
        concurrency: 16,
        batchMax: 50,
        batchWaitMs: 5,
        batchInFlight: 2,
        lockDurationMs: 5000,
        stalledIntervalMs: 2000,
      },
    }),
    { RATE_LIMIT_ANONYMOUS: '1000000', RATE_LIMIT_KEYED: '1000000' },
  );
  const closers: Array<() => Promise<void>> = [];
  try {
    const ingest = await startCompanion(svc, buildIngest);
    closers.push(ingest.close);
    const matcher = await startCompanion(svc, buildMatcher);
    closers.push(matcher.close);
    const swap = await startCompanion(svc, buildSwap);
    closers.push(swap.close);
    const monitor = await startCompanion(svc, (rt) =>
      buildMonitor(rt, {
        loop: { urls: { ingest: ingest.url, matcher: matcher.url, swap: swap.url }, timeoutMs: 10_000 },
      }),
    );
    closers.push(monitor.close);
    const convoys = await startCompanion(svc, buildConvoys);
    closers.push(convoys.close);

    const firmA = { id: svc.firmA, name: '枣庄市示范防护用品有限公司' };
    const firmB = { id: svc.firmB, name: '滕州市示范机械有限公司' };
    const api = async (base: string, method: string, path: string, key: string, body?: unknown) => {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    };

    await api(ingest.url, 'PUT', `/v1/firms/${firmA.id}`, svc.keys.bureau, {
      name: firmA.name,
      creditCode: CREDIT_CODE,
      industry: '制造业',
      place: { district: '薛城区' },
      size: 'medium',
      keyEnterprise: { level: 'municipal', since: '2026-01-01', reason: '防疫物资生产企业' },
      contact: { name: '王经理', phone: '0632-4000001' },
    });
    await api(ingest.url, 'PUT', `/v1/firms/${firmB.id}`, svc.keys.bureau, {
      name: firmB.name,
      creditCode: CREDIT_CODE,
      industry: '机械制造',
      place: { district: '滕州市' },
      size: 'small',
      contact: { name: '李经理', phone: '0632-5000002' },
    });
    await api(ingest.url, 'PUT', `/v1/fairs/${FAIR_ID}`, svc.keys.bureau, {
      name: FAIR_NAME,
      description: '枣庄市人社局主办，线上投递、线上面试。',
      startDate: isoDay(-3),
      endDate: isoDay(20),
      online: true,
      firmIds: [firmA.id, firmB.id],
    });

    // All at once: each write waits for the engine's next refresh, and they share it.
    const vacancyIds = new Map<string, string>();
    const write = async (v: SeedVacancy) => {
      const key = v.firm === 'A' ? svc.keys.employerA : svc.keys.employerB;
      const res = await api(ingest.url, 'PUT', `/v1/vacancies/${v.ref}`, key, {
        title: v.title,
        description: v.description,
        totalJobOpenings: v.openings,
        wage: { min: v.wage[0], max: v.wage[1], unit: 'month' },
        employmentType: v.employmentType ?? 'full_time',
        workPlace: { district: v.district, address: `${v.district}工业园 ${v.openings} 号` },
        benefits: { board: v.board ?? false, lodging: v.board ?? false, socialInsurance: true },
        fairIds: v.fair ? [FAIR_ID] : [],
        validThrough: isoDay(30),
        source: 'browser-test',
      });
      if (res.result !== 'created') throw new Error(`vacancy ${v.ref}: ${JSON.stringify(res)}`);
      vacancyIds.set(v.ref, String(res.id));
    };
    await Promise.all(VACANCIES.map(write));
    await api(ingest.url, 'POST', '/v1/vacancies/a-general-closed/close', svc.keys.employerA, {
      status: 'closed',
    });
    await svc.rt.es.indices.refresh({ index: `${svc.rt.env.INDEX_PREFIX}-*` });

    const verifier = new RecordingVerifier();
    const prefix = `${svc.rt.env.QUEUE_PREFIX}-portal`;
    const sessionSecret = randomBytes(32).toString('hex');
    await seedAccounts({
      redisUrl: svc.rt.env.REDIS_URL,
      prefix,
      sessionSecret,
      accounts: [
        { role: 'bureau', ...ACCOUNTS.bureau, displayName: '市人社局（测试）' },
        {
          role: 'employer',
          ...ACCOUNTS.employerA,
          displayName: firmA.name,
          firmId: firmA.id,
          key: svc.keys.employerA,
        },
        {
          role: 'employer',
          ...ACCOUNTS.employerB,
          displayName: firmB.name,
          firmId: firmB.id,
          key: svc.keys.employerB,
        },
      ],
    });
    const portal = await buildPortal({
      urls: {
        ingest: ingest.url,
        matcher: matcher.url,
        swap: swap.url,
        intent: svc.url,
        monitor: monitor.url,
        convoys: convoys.url,
      },
      keys: { site: svc.keys.site, bureau: svc.keys.bureau },
      siteId: 'test-site',
      redisUrl: svc.rt.env.REDIS_URL,
      prefix,
      sessionSecret,
      secureCookies: false,
      verifier,
      log: (line) => {
        if (process.env['BROWSER_TEST_LOG']) console.error(line);
      },
    });
    const server: Server = await new Promise((resolve) => {
      const s = portal.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    closers.push(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      // The portal's Redis keys (users, sessions, throttles, codes) go with it.
      for await (const keys of portal.redis.scan(`${prefix}:*`)) await delEach(portal.redis, keys);
      await portal.close();
    });
    return {
      portalUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      svc,
      ingest,
      matcher,
      swap,
      monitor,
      convoys,
      portal,
      verifier,
      vacancyIds,
      firmA,
      firmB,
      close: async () => {
        for (const close of closers.reverse()) await close().catch(() => {});
        await svc.close();
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => {});
    await svc.close();
    throw err;
  }
}
