import { expect } from 'chai';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy, worker } from '../support/eval/build.ts';
import { startTestService, type TestService } from './helpers.ts';

const firm = { id: 'firm-b', name: '滕州鲁南物流有限公司', keyEnterprise: false };
const here = { currentPlace: { district: '滕州市' } };

/** Issue #9 item 19: certificates match on canonical ids, on both sides, with the licence hierarchy. */
describe('matcher: certificates match by canonical id', function () {
  this.timeout(60_000);
  let t: TestService;
  const candidateIds = async (ref: string): Promise<string[]> => {
    const r = await t.call('GET', `/v1/vacancies/${encodeURIComponent(`firm-b:${ref}`)}/candidates?size=50`, {
      key: t.keys.employerB,
    });
    expect(r.status).to.equal(200);
    return r.body.hits.map((h: any) => h.workerId);
  };
  const recommended = async (workerId: string): Promise<string[]> => {
    const r = await t.call('GET', `/v1/workers/${workerId}/recommendations?size=50`, { key: t.keys.bureau });
    expect(r.status).to.equal(200);
    return r.body.hits.map((h: any) => h.vacancyId);
  };

  before(async () => {
    t = await startTestService(buildApp);
    const truck = { title: '货车司机', workPlace: { district: '滕州市' } };
    // A worker stored before certificate ids existed: matched on the text as written, as before.
    const legacy = worker('w-legacy', {
      ...here,
      occupations: ['叉车司机'],
      certificates: ['特种设备作业人员证 N1'],
    });
    delete (legacy.doc as { certificateIds?: string[] }).certificateIds;
    await seed(t.rt.es, t.rt.names, {
      vacancies: [
        vacancy('a2', { ...truck, requirements: { certificates: ['驾驶证a2'] } }, firm),
        vacancy('c1', { ...truck, title: '小车司机', requirements: { certificates: ['C1驾照'] } }, firm),
        vacancy(
          'fork',
          { ...truck, title: '叉车司机', requirements: { certificates: ['特种设备作业人员证 N1'] } },
          firm,
        ),
        vacancy('two', { ...truck, requirements: { certificates: ['Ａ２驾驶执照', '健康证'] } }, firm),
      ],
      workers: [
        worker('w-a2', { ...here, occupations: ['货车司机'], certificates: ['A2驾照'] }),
        worker('w-a2-health', { ...here, occupations: ['货车司机'], certificates: ['A2驾照', '健康证明'] }),
        worker('w-c1', { ...here, occupations: ['货车司机'], certificates: ['驾驶证C1'] }),
        worker('w-none', { ...here, occupations: ['货车司机'] }),
        worker('w-fork', { ...here, occupations: ['叉车司机'], certificates: ['叉车证'] }),
        legacy,
      ],
    });
  });
  after(async () => t?.close());

  it('finds the A2驾照 holder for a vacancy requiring 驾驶证a2, and not a C1 holder', async () => {
    const ids = await candidateIds('a2');
    expect(ids).to.include.members(['w-a2', 'w-a2-health']);
    expect(ids).to.not.include('w-c1');
    expect(ids).to.not.include('w-none');
  });

  it('lets a higher licence class meet a lower one (A2 drives C1 vehicles)', async () => {
    expect(await candidateIds('c1')).to.include.members(['w-a2', 'w-a2-health', 'w-c1']);
  });

  it('reads 叉车证 and 特种设备作业人员证 N1 as the same certificate', async () => {
    // w-legacy has no stored ids; its text is the vacancy's own, so it still qualifies.
    expect((await candidateIds('fork')).sort()).to.deep.equal(['w-fork', 'w-legacy']);
  });

  it('demands every required certificate', async () => {
    expect(await candidateIds('two')).to.deep.equal(['w-a2-health']);
  });

  it('recommends to a worker the vacancies whose certificates they hold, by id', async () => {
    expect(await recommended('w-a2')).to.include.members(['firm-b:a2', 'firm-b:c1']);
    expect(await recommended('w-a2')).to.not.include.members(['firm-b:two', 'firm-b:fork']);
    expect(await recommended('w-a2-health')).to.include('firm-b:two');
    expect(await recommended('w-c1')).to.not.include('firm-b:a2');
    expect(await recommended('w-fork')).to.include('firm-b:fork');
  });
});
