import { expect } from 'chai';
import { vacancy, worker } from '../support/eval/build.ts';
import { candidateFunctions, unmetRequirements } from '../../services/matcher/src/ranking/candidates.ts';
import { explain } from '../../services/matcher/src/ranking/functions.ts';
import { DEFAULT_WEIGHTS } from '../../services/matcher/src/ranking/weights.ts';
import { understandQuery } from '../../services/matcher/src/search/understand.ts';
import { shiftTags, suggestPlaces } from '@fugong/text';

const firm = { id: 'firm-a', name: '枣庄市示范制造有限公司', keyEnterprise: false };

describe('matcher: shift words in q (#9 item 20)', () => {
  it('takes shift words out before places, longest first: 长白班 is day work, never the county 长白', () => {
    const u = understandQuery('长白班');
    expect(u.places).to.deep.equal([]);
    expect(u.shifts).to.deep.equal([{ input: '长白班', shift: 'day' }]);
    expect(u.text).to.equal('');
    // The county on its own is still a place.
    expect(understandQuery('长白').places.map((p) => p.code)).to.deep.equal(['220623']);
  });

  it('reads each shift word, traditional script too, and keeps the job words as text', () => {
    expect(understandQuery('電焊工 長白班')).to.deep.include({
      text: '电焊工',
      shifts: [{ input: '长白班', shift: 'day' }],
    });
    expect(understandQuery('两班倒').shifts).to.deep.equal([{ input: '两班倒', shift: 'two_shifts' }]);
    expect(understandQuery('三班倒普工').shifts).to.deep.equal([{ input: '三班倒', shift: 'three_shifts' }]);
    expect(understandQuery('夜班保安')).to.deep.include({
      text: '保安',
      shifts: [{ input: '夜班', shift: 'night' }],
    });
    expect(understandQuery('不倒班').shifts).to.deep.equal([{ input: '不倒班', shift: 'day' }]);
    expect(understandQuery('倒班 包住')).to.deep.include({
      text: '',
      shifts: [{ input: '倒班', shift: 'rotating' }],
      benefits: [{ input: '包住', board: false, lodging: true }],
    });
  });

  it('derives a posting’s shift tags from its shifts, hours, title and description', () => {
    expect(shiftTags('白班')).to.deep.equal(['day']);
    expect(shiftTags(undefined, '长白班，按时发薪')).to.deep.equal(['day']);
    expect(shiftTags('两班倒')).to.deep.equal(['rotating', 'two_shifts']);
    expect(shiftTags('三班倒，夜班有补贴')).to.deep.equal(['night', 'rotating', 'three_shifts']);
    expect(shiftTags('白夜班')).to.deep.equal(['rotating', 'two_shifts']); // not 夜班 alone
    expect(shiftTags('无夜班，不倒班')).to.deep.equal(['day']); // negations are day work
    expect(shiftTags('朝九晚五')).to.deep.equal([]);
    const doc = vacancy('v', { title: '电焊工', shifts: ['两班倒'], description: '包吃住' }, firm);
    expect(doc.shiftTags).to.deep.equal(['rotating', 'two_shifts']);
  });
});

describe('matcher: place suggestions for an unknown district (#9 item 23)', () => {
  const HOME = ['370402', '370403', '370404', '370405', '370406', '370481'];

  it("suggests Zaozhuang's districts when nothing close matches, not counties that share a syllable", () => {
    for (const input of ['火星', '月球', 'abc', '火车站'])
      expect(
        suggestPlaces(input, 6).map((p) => p.code),
        input,
      ).to.deep.equal(HOME);
  });

  it('keeps a close match first and fills the rest with the city’s own districts', () => {
    const typo = suggestPlaces('滕洲', 6).map((p) => p.code);
    expect(typo[0]).to.equal('370481');
    expect(typo.slice(1)).to.deep.equal(HOME.filter((c) => c !== '370481').slice(0, 5));
    expect(suggestPlaces('宁坡')[0]?.code).to.equal('330200'); // a close match elsewhere still counts
    expect(suggestPlaces('tengzhuo')[0]?.code).to.equal('370481');
  });
});

describe('matcher: an unmet requirement outweighs the priority boost (#9 item 21)', () => {
  const now = Date.parse('2020-03-01T00:00:00+08:00');
  for (const keyEnterprise of [false, true]) {
    it(`ranks 5 years above 6 months in a priority group for a 1-year requirement (key enterprise: ${keyEnterprise})`, () => {
      const v = vacancy(
        'weld',
        { title: '电焊工', requirements: { experienceYears: 1 } },
        { ...firm, keyEnterprise },
      );
      const fns = candidateFunctions(v, DEFAULT_WEIGHTS, now);
      const five = worker('w-5y', { occupations: ['电焊工'], experienceYears: 5 }).doc;
      const half = worker('w-6m', {
        occupations: ['电焊工'],
        experienceYears: 0.5,
        priorityGroups: ['migrant_worker'],
      }).doc;
      const s = (d: unknown) => explain(fns, d as Record<string, unknown>);
      expect(s(five).total).to.be.above(s(half).total);
      // However the boost is set, within its cap: the group's boost never reaches a worker short of experience.
      expect(s(half).priority).to.equal(s(five).priority);
      expect(unmetRequirements(v, half as never)).to.deep.equal([
        { requirement: 'experienceYears', required: 1, actual: 0.5 },
      ]);
      expect(unmetRequirements(v, five as never)).to.deep.equal([]);
    });
  }
});
