import { expect } from 'chai';
import {
  isValidChineseIdNumber,
  isValidCreditCode,
  maskName,
  maskPhone,
  monthlyWage,
  pinyinKeys,
  WAGE_BANDS,
  wageBand,
} from '../../packages/text/src/index.ts';

describe('text: wages', () => {
  it('converts to monthly amounts with 21.75 paid days and 8-hour days', () => {
    expect(monthlyWage(4500, 'month')).to.equal(4500);
    expect(monthlyWage(200, 'day')).to.equal(4350);
    expect(monthlyWage(25, 'hour')).to.equal(4350);
    expect(monthlyWage(60000, 'year')).to.equal(5000);
    expect(monthlyWage(100, 'year')).to.equal(8.33);
  });

  it('leaves piece rates unconverted unless an output figure is given', () => {
    expect(monthlyWage(0.5, 'piece')).to.equal(null);
    expect(monthlyWage(0.5, 'piece', { piecesPerMonth: 9000 })).to.equal(4500);
  });

  it('rejects nonsense amounts', () => {
    expect(() => monthlyWage(-1, 'month')).to.throw(RangeError);
    expect(() => monthlyWage(Number.NaN, 'day')).to.throw(RangeError);
  });

  it('labels wage bands for facets', () => {
    expect(wageBand(0)).to.equal('0-2000');
    expect(wageBand(1999.99)).to.equal('0-2000');
    expect(wageBand(3000)).to.equal('3000-4000');
    expect(wageBand(3999)).to.equal('3000-4000');
    expect(wageBand(12000)).to.equal('10000-15000');
    expect(wageBand(25000)).to.equal('20000+');
    for (const w of [0, 2500, 5000, 9999, 10000, 17000, 50000]) expect(WAGE_BANDS).to.include(wageBand(w));
  });
});

describe('text: pinyinKeys', () => {
  it('gives full pinyin and initials', () => {
    expect(pinyinKeys('普工')).to.deep.equal(['pugong', 'pg']);
    expect(pinyinKeys('叉车司机')).to.include.members(['chachesiji', 'ccsj']);
    expect(pinyinKeys('绿化工')).to.include('lvhuagong');
    expect(pinyinKeys('普工')).to.deep.equal(pinyinKeys('普工'));
    expect(pinyinKeys('Java开发')).to.deep.equal(['javakaifa', 'javakf']);
    expect(pinyinKeys('——')).to.deep.equal([]);
  });
});

describe('text: validators and masks', () => {
  it('accepts the GB 11643 example ID number and rejects broken ones', () => {
    expect(isValidChineseIdNumber('11010519491231002X')).to.equal(true); // the standard's own example
    expect(isValidChineseIdNumber('11010519491231002x')).to.equal(true);
    expect(isValidChineseIdNumber('110105194912310021')).to.equal(false); // wrong check character
    expect(isValidChineseIdNumber('11010519490230002X')).to.equal(false); // 30 February
    expect(isValidChineseIdNumber('99010519491231002X')).to.equal(false); // no province 99
    expect(isValidChineseIdNumber('1101051949123100')).to.equal(false); // too short
    // The standard's other example has a valid check digit but an 1880 birth date: not plausible here.
    expect(isValidChineseIdNumber('440524188001010014')).to.equal(false);
    expect(isValidChineseIdNumber('110105202601010011', new Date('2025-01-01'))).to.equal(false); // born in the future
  });

  it('accepts a known unified social credit code and rejects broken ones', () => {
    expect(isValidCreditCode('91350100M000100Y43')).to.equal(true);
    expect(isValidCreditCode('91350100m000100y43')).to.equal(true);
    expect(isValidCreditCode('91350100M000100Y44')).to.equal(false); // wrong check character
    expect(isValidCreditCode('91350100M000100Y4')).to.equal(false); // 17 characters
    expect(isValidCreditCode('91350100I000100Y43')).to.equal(false); // I is not in the code set
    expect(isValidCreditCode('913501A0M000100Y43')).to.equal(false); // division code not digits
  });

  it('masks names and phone numbers', () => {
    expect(maskName('张三丰')).to.equal('张**');
    expect(maskName('李四')).to.equal('李*');
    expect(maskPhone('13812345678')).to.equal('138****5678');
    expect(maskPhone('+86 138-1234-5678')).to.equal('138****5678');
    expect(maskPhone('12345')).to.equal('***45');
  });
});
