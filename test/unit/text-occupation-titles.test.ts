import { vacancyDocument, workerDocuments } from '@fugong/documents';
import { VacancyInput, WorkerInput } from '@fugong/schemas';
import { expect } from 'chai';
import { resolveTitle, titleCore } from '../../packages/text/src/index.ts';
import { loadTitleCases, occupationCoverage } from '../../scripts/occupation-coverage.ts';

const now = new Date('2020-03-01T08:00:00+08:00');
const first = (title: string) => resolveTitle(title, 1)[0]?.code;

/** Issue #9 item 22: standard and colloquial titles, with the qualifiers real postings carry, resolve. */
describe('text: occupation titles as postings write them', () => {
  // Measured with `pnpm exec tsx scripts/occupation-coverage.ts` (see docs/matcher.md): before the change
  // 72.2 % of all titles and 51.6 % of the held-out ones; after it 90.6 % and 66.3 %. The floors sit a little
  // below the figures after, far above those before.
  it('resolves at least 88 % of the judged titles to an accepted code, and 63 % of the held-out ones', () => {
    const cases = loadTitleCases();
    expect(cases.length).to.be.at.least(300);
    const all = occupationCoverage(cases);
    const heldOut = occupationCoverage(cases.filter((c) => c.heldOut));
    const misses = all.misses.map((m) => `${m.title} → ${m.got ?? '-'}`).join('; ');
    expect(all.correct / all.total, misses).to.be.at.least(0.88);
    expect(heldOut.correct / heldOut.total).to.be.at.least(0.63);
  });

  it('knows 保育员 (the 2015 name) and 保育师 (2022) as one occupation, 熨烫工 and 消毒液灌装工', () => {
    expect(first('保育员')).to.equal('4-10-01-03');
    expect(first('保育师')).to.equal('4-10-01-03');
    expect(first('幼儿园保育员')).to.equal('4-10-01-03');
    expect(first('熨烫工')).to.equal('6-05-01-04'); // 缝纫品整型工
    expect(first('消毒液灌装工')).to.equal('6-31-05-00'); // filling is packaging work: 包装工
    expect(first('软件开发')).to.be.oneOf(['4-04-05-01', '2-02-10-03']);
  });

  it('finds a group renamed in 2022 by its GB/T 6565-2015 name (from the shared data)', () => {
    expect(first('幼儿教育教师')).to.equal('2-08-03');
    expect(first('仓储人员')).to.equal('4-02-06');
    expect(first('证券专业人员')).to.equal('2-06-11'); // the source's 证劵 spelt right
    expect(first('幼儿园教师')).to.equal('2-08-03-00'); // a 2022 name keeps its own entry
  });

  it('reads 防护服生产一线工人 as the worker of 防护服, like 防护服生产工', () => {
    const codes = resolveTitle('防护服生产一线工人').map((m) => m.code);
    expect(codes).to.deep.equal(resolveTitle('防护服生产工').map((m) => m.code));
    expect(codes).to.include.members(['6-05-01-03', '6-21-06-04']);
    expect(first('电池生产工')).to.equal('6-24-04-00'); // 电池制造工, not the catch-all 普工
    expect(first('注塑一线操作工')).to.equal('6-14-02-00');
    // 普工 is general labour whatever the product: the employer said so.
    expect(resolveTitle('防护服生产普工').map((m) => m.code)).to.deep.equal(['6-99-00']);
  });

  it('sets qualifiers aside: how many, who, the shift, pay, board and lodging', () => {
    expect(titleCore('【急聘】电焊工若干名 男女不限 长白班 (包吃住)')).to.equal('电焊工');
    expect(titleCore('急聘保育员2名')).to.equal('保育员');
    expect(titleCore('A2驾驶员')).to.equal('a2驾驶员'); // a licence class is not a count
    expect(first('急聘保育员2名')).to.equal('4-10-01-03');
    expect(first('缝纫学徒 包吃住')).to.equal('6-05-01-03');
    expect(first('全科医生')).to.equal('2-05-01-19');
    expect(first('高中英语老师')).to.equal('2-08-02-01');
    // An exact title is never rewritten: 招聘专员 keeps its 招聘.
    expect(first('招聘专员')).to.equal('4-07-03-04');
  });

  it('stores these titles without the "no occupation recognised" warning, and accepts 软件开发 from a worker', () => {
    for (const title of ['保育员', '熨烫工', '消毒液灌装工', '防护服生产一线工人']) {
      const input = VacancyInput.parse({ title, totalJobOpenings: 1, workPlace: { district: '薛城区' } });
      const { doc, issues } = vacancyDocument('V-1', input, { id: 'f1', keyEnterprise: false }, now);
      expect(issues, title).to.deep.equal([]);
      expect(doc.occupations.length, title).to.be.above(0);
    }
    const worker = WorkerInput.parse({
      occupations: ['软件开发'],
      currentPlace: { district: '滕州市' },
      consent: { given: true, at: '2020-03-01', via: 'bureau' },
      private: { name: '张三丰', phone: '13812345678', idNumber: '11010519491231002X' },
    });
    const { doc, issues } = workerDocuments('w1', worker, now);
    expect(issues).to.deep.equal([]);
    expect(doc.occupations.map((o) => o.name)).to.deep.equal(['计算机程序设计员']);
  });
});
