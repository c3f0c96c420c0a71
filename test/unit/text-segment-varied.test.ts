import { expect } from 'chai';
import { DEMO_DEFAULTS } from '@fugong/demo';
import { variedCorpus } from '../../bench/_ingest-corpus.ts';
import { normalizeText } from '../../packages/text/src/normalize.ts';
import { cutWords, cutWordsUncached, segment, segmentUncached } from '../../packages/text/src/segment.ts';

/**
 * The clause cache segments a text's unseen clauses in one jieba call (joined by a separator, split again):
 * on text that rarely repeats (the benchmark's varied corpus: every occupation, no two descriptions alike,
 * some traditional) and on texts made to trip the split, the tokens must be jieba's on the whole text.
 */
describe('text: segmenting unseen clauses together changes no result', () => {
  const o = { ...DEMO_DEFAULTS, vacancies: 1500 };
  const varied: string[] = [];
  for (const v of variedCorpus(o, 1500)) varied.push(v.input.title, v.input.description);
  const tricky = [
    '普工。身体健康。普工，身体健康', // the separator itself, and clauses repeated within one text
    'ノート/ソフト~テスト·a/b*c', // characters outside jieba's runs, next to where separators go
    '/,~;·', // clauses with no word at all
    'c++,c#,4s店,cnc操作员,12.5%提成', // run characters jieba keeps inside a word
    '夜班 白班 两班倒 长白班 三班两倒', // one clause a word
    '電焊工，誠聘長期員工，經驗優先', // traditional, normalised first
  ];

  it('segment and cutWords equal jieba on the whole text, cold and warm', () => {
    for (const round of [1, 2]) {
      for (const t of [...tricky, ...varied]) {
        expect(segment(t), `${round}: ${t}`).to.deep.equal(segmentUncached(t));
        const n = normalizeText(t);
        expect(cutWords(n), `${round}: ${t}`).to.deep.equal(cutWordsUncached(n));
      }
    }
  });

  it('a long text normalised again (the last few are remembered) gives the same result', () => {
    const long = varied.filter((t) => t.length > 64).slice(0, 8);
    const first = long.map((t) => normalizeText(t));
    // Interleaved, more texts than are remembered, and a copy of a text (equal, not the same string).
    for (let k = 0; k < 3; k++) {
      long.forEach((t, i) => {
        expect(normalizeText(t)).to.equal(first[i]);
        expect(normalizeText(`${t} `.trimEnd())).to.equal(first[i]);
      });
    }
    expect(normalizeText('ＡＢＣ 長期招聘 '.repeat(20))).to.equal('abc 长期招聘 '.repeat(20).trim());
  });
});
