import { expect } from 'chai';
import {
  allOccupations,
  occupationByCode,
  occupationPath,
  occupationsByName,
  queryTokens,
  resolveOccupations,
  suggestOccupations,
  synonymGroups,
} from '../../packages/text/src/index.ts';

describe('text: occupation classification', () => {
  it('ships the whole 2022 classification: 8 major, 79 middle, 450 minor groups, 1,639 occupations', () => {
    const count = (level: number) => allOccupations().filter((o) => o.level === level).length;
    expect([count(1), count(2), count(3), count(4)]).to.deep.equal([8, 79, 450, 1639]);
  });

  it('looks up 2022 codes in several spellings', () => {
    expect(occupationByCode('6-05-01-03')?.name).to.equal('缝纫工');
    expect(occupationByCode('6050103')?.code).to.equal('6-05-01-03');
    expect(occupationByCode('6-05')).to.include({
      name: '纺织品、服装和皮革、毛皮制品加工制作人员',
      level: 2,
      parentCode: '6',
    });
    expect(occupationByCode('6-05-01-99')).to.equal(undefined);
  });

  it('maps GB/T 6565-2015 five-digit codes by name, not by digits', () => {
    // 20701 is 法官 in GB/T 6565-2015; the 2022 group 2-07-01 is 监察人员 and 法官 moved to 2-07-02.
    expect(occupationByCode('20701')).to.include({ code: '2-07-02', name: '法官', gbCode: '20701' });
    expect(occupationByCode('60501')).to.include({ code: '6-05-01', gbCode: '60501' });
    expect(occupationByCode('2-07-01')?.gbCode).to.equal(undefined);
    expect(occupationByCode('99999')).to.equal(undefined);
  });

  it('gives the path from the major group down', () => {
    expect(occupationPath('6-05-01-03')).to.deep.equal(['6', '6-05', '6-05-01', '6-05-01-03']);
    expect(occupationPath('61802')).to.deep.equal(['6', '6-18', '6-18-02']);
    expect(occupationPath('nope')).to.deep.equal([]);
  });
});

describe('text: occupation synonyms', () => {
  const groups = synonymGroups();

  it('has at least 60 groups covering the titles postings use', () => {
    expect(groups.length).to.be.at.least(60);
    const terms = new Set(groups.flatMap((g) => g.terms));
    for (const t of [
      '普工',
      '操作工',
      '杂工',
      '车工',
      '缝纫工',
      '电焊工',
      '焊工',
      '叉车司机',
      '快递员',
      '外卖骑手',
      '保安',
    ]) {
      expect(terms, t).to.include(t);
    }
    for (const t of [
      '保洁',
      '护工',
      '厨师',
      '服务员',
      '仓管',
      '质检',
      '包装工',
      '司机',
      '货车司机',
      '装卸工',
      '分拣员',
    ]) {
      expect(terms, t).to.include(t);
    }
    for (const t of [
      '收银员',
      '理货员',
      '营业员',
      '电工',
      '钳工',
      '木工',
      '瓦工',
      '钢筋工',
      '水电工',
      '客服',
      '会计',
    ]) {
      expect(terms, t).to.include(t);
    }
    for (const t of [
      '出纳',
      '文员',
      '销售',
      '业务员',
      '育婴员',
      '月嫂',
      '家政',
      '护士',
      '医生',
      '教师',
      '幼师',
    ]) {
      expect(terms, t).to.include(t);
    }
    for (const t of [
      '程序员',
      '机修工',
      '注塑工',
      '挡车工',
      '纺织工',
      '口罩生产工',
      '防护服生产工',
      '配送员',
      '骑手',
    ]) {
      expect(terms, t).to.include(t);
    }
  });

  it('maps every term to codes that exist in the classification', () => {
    for (const g of groups) {
      expect(g.codes.length, g.terms[0]).to.be.greaterThan(0);
      for (const c of g.codes) expect(occupationByCode(c), `${g.terms[0]} → ${c}`).to.not.equal(undefined);
    }
  });

  it('lists each term once, normalised, and agrees with official names', () => {
    const all = groups.flatMap((g) => g.terms);
    expect(new Set(all).size).to.equal(all.length);
    for (const g of groups) {
      for (const t of g.terms) {
        expect(t, 'lowercase, trimmed').to.equal(t.toLowerCase().trim());
        // A term that is also an official name must include that occupation among its codes.
        const official = occupationsByName(t)[0];
        if (official)
          expect(
            g.codes.some((c) => occupationPath(official.code).includes(c)),
            t,
          ).to.equal(true);
      }
    }
  });
});

describe('text: resolveOccupations / suggestOccupations / queryTokens', () => {
  it('resolves a colloquial title to its code', () => {
    const [m] = resolveOccupations('普工');
    expect(m).to.deep.include({ code: '6-99-00', matchedBy: 'synonym', term: '普工' });
    expect(resolveOccupations('電銲工')[0]).to.include({
      code: '6-18-02-04',
      name: '焊工',
      matchedBy: 'synonym',
    });
  });

  it('resolves codes and exact names', () => {
    expect(resolveOccupations('6-18-02-04')[0]).to.include({ name: '焊工', matchedBy: 'code' });
    expect(resolveOccupations('幼儿园教师')[0]).to.include({ code: '2-08-03-00', matchedBy: 'name' });
  });

  it('finds titles inside a job title on word boundaries, longest first', () => {
    expect(resolveOccupations('高薪诚聘电焊工（包吃住）')[0]).to.include({
      code: '6-18-02-04',
      matchedBy: 'contains',
      term: '电焊工',
    });
    const codes = resolveOccupations('口罩厂招聘口罩生产工及叉车司机').map((m) => m.code);
    expect(codes).to.include.members(['6-04-05-00', '6-30-05-01']);
    expect(resolveOccupations('汽车工业园区招聘')).to.deep.equal([]); // 汽车工业 contains 车工, but not as a word
  });

  it('suggests valid names for a bad input, and a code group for a bad code', () => {
    expect(suggestOccupations('普通工').map((s) => s.term)).to.include('普通工人');
    expect(suggestOccupations('电悍工').map((s) => s.code)).to.include('6-18-02-04');
    const byCode = suggestOccupations('6-05-01-99');
    expect(byCode[0]?.code).to.equal('6-05-01');
    expect(byCode.length, 'the group and some of its occupations').to.be.greaterThan(1);
    expect(byCode.slice(1).every((s) => s.code.startsWith('6-05-01-'))).to.equal(true);
  });

  it('expands 普工 to its synonyms and resolves its code', () => {
    const q = queryTokens('普工');
    expect(q.tokens).to.deep.equal(['普工']);
    expect(q.expanded).to.include.members(['操作工', '普通工人', '生产工']);
    expect(q.expanded).to.not.include('普工');
    expect(q.occupations.map((o) => o.code)).to.deep.equal(['6-99-00']);
  });

  it('expands titles found inside a longer query, without their sub-words', () => {
    const q = queryTokens('薛城 叉车司机 包吃住');
    expect(q.occupations.map((o) => o.code)).to.deep.equal(['6-30-05-01']);
    expect(q.expanded).to.include('叉车工');
    expect(q.expanded).to.not.include('驾驶员'); // 司机 is a word inside 叉车司机, not the query's title
    expect(queryTokens('外卖骑手').expanded).to.include.members(['送餐员', '网约配送员']);
  });
});
