import { expect } from 'chai';
import { DEMO_DEFAULTS, demoFirm, demoVacancy } from '@fugong/demo';
import { Lru, memoize } from '../../packages/text/src/memo.ts';
import { normalizeText } from '../../packages/text/src/normalize.ts';
import { cutWords, cutWordsUncached, segment, segmentUncached } from '../../packages/text/src/segment.ts';

describe('text: caches change no result', () => {
  // Texts with every kind of separator, mixed scripts, traditional forms, full-width forms, symbols jieba keeps
  // inside runs (+#&._%-), stopwords, repeated clauses, and the demo campaign's postings.
  const handmade = [
    '高薪诚聘电焊工，包吃住！要求：身体健康；能吃苦耐劳。月薪4000-6000元（面议）',
    'Java開發工程師、C++/C#程式設計師 5年以上經驗 12.5% 提成 & 獎金',
    '  招聘 普工 操作工  叉车司机（持证）“急招”《岗位说明》【长期】 cnc操作员 4s店销售 ',
    '枣庄市薛城区临城街道黄河路1号，防护服生产普工；口罩生产工？是的！和及等与或在是为',
    'ＡＢＣ１２３，ｅｍａｉｌ：ｈｒ＠ｅｘａｍｐｌｅ．ｃｏｍ；電話：0632-1234567',
    '防护服生产工防护服生产工，防护服生产工。防护服生产工',
    'é café naïve – привет 東京 ソフト 한국어, mixed',
  ];
  const o = { ...DEMO_DEFAULTS, vacancies: 3000 };
  const demo: string[] = [];
  for (let i = 0; i < 3000; i += 3) {
    const v = demoVacancy(o, i);
    demo.push(v.input.title, v.input.description, demoFirm(o, Number(v.firmId.slice(-4)) - 1).input.name);
  }

  it('segment with the clause cache equals jieba on the whole text (twice: cold and warm cache)', () => {
    for (const round of [1, 2]) {
      for (const t of [...handmade, ...demo]) {
        expect(segment(t), `${round}: ${t}`).to.deep.equal(segmentUncached(t));
        const n = normalizeText(t);
        expect(cutWords(n), `${round}: ${t}`).to.deep.equal(cutWordsUncached(n));
      }
    }
  });

  it('callers may change what they get without changing the cache', () => {
    const a = segment('身体健康，能吃苦耐劳');
    a.push('x');
    expect(segment('身体健康，能吃苦耐劳')).to.not.include('x');
  });

  it('the Lru is bounded and keeps recently used keys', () => {
    const lru = new Lru<number>(4);
    for (let i = 0; i < 100; i++) {
      lru.set(`k${i}`, i);
      expect(lru.get('k0')).to.equal(0); // used every time: never evicted
    }
    expect(lru.size).to.be.at.most(4);
    expect(lru.get('k50')).to.equal(undefined);
    let calls = 0;
    const f = memoize((s: string) => {
      calls++;
      return s.length > 3 ? undefined : s.length;
    }, 10);
    expect([f('ab'), f('ab'), f('abcd'), f('abcd')]).to.deep.equal([2, 2, undefined, undefined]);
    expect(calls).to.equal(2);
  });
});
