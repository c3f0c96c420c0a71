import { expect } from 'chai';
import { buildApp } from '@fugong/matcher/app';
import { seed, vacancy } from '../support/eval/build.ts';
import { startTestService, type TestService } from './helpers.ts';

const firm = { id: 'firm-r', name: '枣庄市鲁南机械有限公司', keyEnterprise: false };

describe('matcher: synonym expansion does not pull in a more specific occupation', function () {
  this.timeout(60_000);
  let t: TestService;
  const search = (qs: string) => t.call('GET', `/v1/vacancies/search?${qs}`);
  const ids = (body: any): string[] => body.hits.map((h: any) => h.id);

  before(async () => {
    t = await startTestService(buildApp);
    await seed(t.rt.es, t.rt.names, {
      vacancies: [
        // 数控操作工 segments into 数控 + 操作工 and is classified 6-18-01-07 (CNC operator), paid the most.
        vacancy('cnc', { title: '数控操作工', wage: { min: 7000, max: 9000 } }, firm),
        vacancy('op', { title: '操作工', wage: { min: 4000, max: 5000 } }, firm),
        vacancy('rush', { title: '急招普通工人', wage: { min: 3800, max: 4800 } }, firm),
        vacancy('pg', { title: '普工', wage: { min: 3500, max: 4500 } }, firm),
      ],
    });
  });
  after(async () => t?.close());

  it('普工 finds 操作工 and 普通工人 postings but not 数控操作工', async () => {
    const r = await search(`q=${encodeURIComponent('普工')}`);
    expect(r.status).to.equal(200);
    expect(ids(r.body)).to.have.members(['firm-r:pg', 'firm-r:op', 'firm-r:rush']);
    expect(ids(r.body)[0]).to.equal('firm-r:pg'); // the word typed ranks above its synonyms
  });

  it('with sort=wage the CNC posting does not come first (it is not there at all)', async () => {
    const r = await search(`q=${encodeURIComponent('普工')}&sort=wage`);
    expect(ids(r.body)).to.deep.equal(['firm-r:op', 'firm-r:rush', 'firm-r:pg']);
  });

  it('the words typed still match freely: 操作工 finds 数控操作工, 数控 finds it first', async () => {
    expect(ids((await search(`q=${encodeURIComponent('操作工')}`)).body)).to.include('firm-r:cnc');
    expect(ids((await search(`q=${encodeURIComponent('数控')}`)).body)).to.deep.equal(['firm-r:cnc']);
  });
});
