import { expect } from 'chai';
import {
  DEFAULT_PAIR_WEIGHTS,
  DEFAULT_TRANSFERABLE_FAMILIES,
  FALLBACK_PROXIMITY,
  OCCUPATION_MATCH_VALUE,
  occupationMatch,
  resolveWeights,
  type SwapPost,
  scorePair,
} from '@fugong/swap/allocation';
import { generateSwapPosts } from '../support/swap/generate.ts';

/** A surplus and a shortage post that are compatible; tests vary one field at a time. */
const lender = (over: Partial<SwapPost> = {}): SwapPost => ({
  id: 's1',
  firmId: 'restaurant',
  headcount: 5,
  occupationCodes: ['6-05-01-03'],
  skills: ['缝纫', '裁剪'],
  from: '2020-02-10',
  to: '2020-03-10',
  districtCode: '370402',
  location: { lat: 34.864, lon: 117.556 },
  ...over,
});
const borrower = (over: Partial<SwapPost> = {}): SwapPost => ({
  id: 'd1',
  firmId: 'ppe-factory',
  headcount: 8,
  occupationCodes: ['6-05-01-03'],
  skills: ['缝纫', '熨烫'],
  from: '2020-02-20',
  to: '2020-03-20',
  districtCode: '370403',
  location: { lat: 34.864, lon: 117.556 },
  wageOffered: 4500,
  ...over,
});

describe('swap allocation: pair compatibility', () => {
  it('accepts a pair of different firms, overlapping dates, same city, related occupations', () => {
    expect(scorePair(lender(), borrower())).to.not.equal(null);
  });

  it('rejects a firm lending to itself', () => {
    expect(scorePair(lender({ firmId: 'same' }), borrower({ firmId: 'same' }))).to.equal(null);
  });

  it('rejects dates that do not overlap, and overlaps shorter than minOverlapDays', () => {
    expect(scorePair(lender({ to: '2020-02-19' }), borrower())).to.equal(null);
    // 2020-02-20 .. 2020-02-22 is 3 shared days, inclusive.
    const short = lender({ to: '2020-02-22' });
    expect(scorePair(short, borrower())!.detail.overlapDays).to.equal(3);
    expect(scorePair(short, borrower(), { minOverlapDays: 3 })).to.not.equal(null);
    expect(scorePair(short, borrower(), { minOverlapDays: 4 })).to.equal(null);
    expect(scorePair(lender({ from: 'not a date' }), borrower())).to.equal(null);
  });

  it('requires the same city by default, from cityCode or the district prefix', () => {
    const ningbo = { districtCode: '330203', location: { lat: 29.874, lon: 121.551 } };
    expect(scorePair(lender(ningbo), borrower())).to.equal(null);
    expect(scorePair(lender({ districtCode: undefined, cityCode: '3704' }), borrower())).to.not.equal(null);
    expect(scorePair(lender({ districtCode: undefined, location: undefined }), borrower())).to.equal(null);
  });

  it('can be widened: other cities allowed, optionally within maxDistanceKm', () => {
    const ningbo = { districtCode: '330203', location: { lat: 29.874, lon: 121.551 } };
    expect(scorePair(lender(ningbo), borrower(), { sameCityOnly: false })).to.not.equal(null);
    expect(scorePair(lender(ningbo), borrower(), { sameCityOnly: false, maxDistanceKm: 100 })).to.equal(null);
    // Jining's Weishan county is in another city but ~25 km from Tengzhou.
    const weishan = { districtCode: '370826', location: { lat: 34.81, lon: 117.13 } };
    const tengzhou = { districtCode: '370481', location: { lat: 35.084, lon: 117.165 } };
    expect(
      scorePair(lender(weishan), borrower(tengzhou), { sameCityOnly: false, maxDistanceKm: 40 }),
    ).to.not.equal(null);
    // Without coordinates the distance cannot be checked: only a same-city pair passes.
    const noGeo = { ...weishan, location: undefined };
    expect(scorePair(lender(noGeo), borrower(tengzhou), { sameCityOnly: false, maxDistanceKm: 40 })).to.equal(
      null,
    );
    expect(scorePair(lender({ location: undefined }), borrower(), { maxDistanceKm: 5 })).to.not.equal(null);
  });

  it('enforces maxDistanceKm within the city too', () => {
    const far = { location: { lat: 34.562, lon: 117.734 } }; // 台儿庄, ~37 km away
    expect(scorePair(lender(far), borrower(), { maxDistanceKm: 30 })).to.equal(null);
    expect(scorePair(lender(far), borrower(), { maxDistanceKm: 40 })).to.not.equal(null);
  });

  it('rejects unrelated occupations and codes coarser than a middle group', () => {
    expect(scorePair(lender({ occupationCodes: ['4-03-02-05'] }), borrower())).to.equal(null);
    expect(scorePair(lender({ occupationCodes: ['6'] }), borrower())).to.equal(null);
    expect(scorePair(lender({ occupationCodes: ['4-03-02-05', '6-05-99'] }), borrower())).to.not.equal(null);
  });

  it('ranks exact code > same minor group > same middle group, everything else equal', () => {
    const exact = scorePair(lender({ occupationCodes: ['6-05-01-03'] }), borrower())!;
    const minor = scorePair(lender({ occupationCodes: ['6-05-01-02'] }), borrower())!;
    const middle = scorePair(lender({ occupationCodes: ['6-05-02-01'] }), borrower())!;
    expect([exact.detail.occupation, minor.detail.occupation, middle.detail.occupation]).to.deep.equal([
      'exact',
      'minor',
      'middle',
    ]);
    expect(exact.score).to.be.greaterThan(minor.score);
    expect(minor.score).to.be.greaterThan(middle.score);
    const w = DEFAULT_PAIR_WEIGHTS.occupation;
    expect(exact.parts.occupation).to.be.closeTo(w * OCCUPATION_MATCH_VALUE.exact, 1e-12);
    expect(minor.parts.occupation).to.be.closeTo(w * OCCUPATION_MATCH_VALUE.minor, 1e-12);
    expect(middle.parts.occupation).to.be.closeTo(w * OCCUPATION_MATCH_VALUE.middle, 1e-12);
  });

  it('ranks exact > minor > middle > transferable, everything else equal', () => {
    const at = (codes: string[]) =>
      scorePair(lender({ occupationCodes: codes }), borrower({ occupationCodes: ['4-02-07-09'] }))!;
    const exact = at(['4-02-07-09']); // 快件处理员
    const minor = at(['4-02-07-02']); // 邮件分拣员
    const middle = at(['4-02-06-01']); // 仓储管理员
    const transferable = at(['4-03-02-05']); // 餐厅服务员
    expect([exact, minor, middle, transferable].map((p) => p.detail.occupation)).to.deep.equal([
      'exact',
      'minor',
      'middle',
      'transferable',
    ]);
    expect(exact.score).to.be.greaterThan(minor.score);
    expect(minor.score).to.be.greaterThan(middle.score);
    expect(middle.score).to.be.greaterThan(transferable.score);
    expect(OCCUPATION_MATCH_VALUE.transferable).to.be.lessThan(OCCUPATION_MATCH_VALUE.middle);
    // Only the occupation part differs.
    expect(transferable.score - middle.score).to.be.closeTo(
      DEFAULT_PAIR_WEIGHTS.occupation * (OCCUPATION_MATCH_VALUE.transferable - OCCUPATION_MATCH_VALUE.middle),
      1e-12,
    );
  });

  it('lends restaurant staff to logistics as transferable, with the lower occupation part', () => {
    // 服务员 (餐厅服务员 4-03-02-05) idle in 市中区, 分拣员 (快件处理员 4-02-07-09) short in 薛城区.
    const waiter = lender({ occupationCodes: ['4-03-02-05'], skills: ['餐厅服务'] });
    const sorter = borrower({ occupationCodes: ['4-02-07-09'], skills: ['分拣'] });
    const p = scorePair(waiter, sorter)!;
    expect(p).to.not.equal(null);
    expect(p.detail.occupation).to.equal('transferable');
    expect(p.parts.occupation).to.be.closeTo(
      DEFAULT_PAIR_WEIGHTS.occupation * OCCUPATION_MATCH_VALUE.transferable,
      1e-12,
    );
    const { occupation, skills, distance, dates, wage } = p.parts;
    expect(occupation + skills + distance + dates + wage).to.equal(p.score);
    // Either direction: the relation is symmetric.
    expect(
      scorePair(lender({ occupationCodes: ['4-02-07-09'] }), borrower({ occupationCodes: ['4-03-02-05'] }))!
        .detail.occupation,
    ).to.equal('transferable');
    // Without families, the old rule: a shared middle group is required.
    expect(scorePair(waiter, sorter, { transferableFamilies: [] })).to.equal(null);
  });

  it('keeps skilled, licensed and health work out of the transferable family', () => {
    const waiter = ['4-03-02-05'];
    for (const skilled of [
      '6-18-02-04', // 焊工 (电焊工)
      '6-29-01-01', // 砌筑工
      '6-31-01-03', // 电工
      '4-14-01-01', // 医疗临床辅助服务员
      '4-04-05-03', // 呼叫中心服务员 (IT services)
      '4-02-02-02', // 道路货运汽车驾驶员
      '4-07-05-01', // 保安员
      '6-05-01-03', // 缝纫工
    ]) {
      expect(occupationMatch(waiter, [skilled]), skilled).to.equal(null);
      expect(
        scorePair(lender({ occupationCodes: waiter }), borrower({ occupationCodes: [skilled] })),
        skilled,
      ).to.equal(null);
    }
    // A bare middle group whose family members are finer ('4-02' vs '4-02-07') does not qualify.
    expect(occupationMatch(waiter, ['4-02'])).to.equal(null);
    expect(occupationMatch(waiter, ['4-02-07'])).to.equal('transferable');
  });

  it('takes transferable families from the options, and validates them', () => {
    const families = [['6-05', '6-21']]; // e.g. sewing lines retooled to masks
    expect(occupationMatch(['6-05-01-03'], ['6-21-06-04'])).to.equal(null);
    expect(occupationMatch(['6-05-01-03'], ['6-21-06-04'], families)).to.equal('transferable');
    expect(
      scorePair(lender(), borrower({ occupationCodes: ['6-21-06-04'] }), { transferableFamilies: families })!
        .detail.occupation,
    ).to.equal('transferable');
    // A closer level always wins: two codes in one family that share a middle group are 'middle'.
    expect(occupationMatch(['4-03-02-05'], ['4-03-01-02'])).to.equal('middle');
    expect(occupationMatch(['4-03-02-05', '4-02-07-09'], ['4-02-07-09'])).to.equal('exact');
    expect(() => occupationMatch(['4-03'], ['4-02'], [['4']])).to.throw(RangeError);
    expect(() => scorePair(lender(), borrower(), { transferableFamilies: [['x-1']] })).to.throw(RangeError);
    expect(DEFAULT_TRANSFERABLE_FAMILIES.flat()).to.include.members(['4-03', '4-02-07', '6-31-05']);
  });

  it('takes the closest level over all code pairs', () => {
    expect(occupationMatch(['4-03-02-05', '6-05-02-01'], ['6-05-01-03', '6-05-02-01'])).to.equal('exact');
    expect(occupationMatch(['6-05-01'], ['6-05-01-03'])).to.equal('minor');
    expect(occupationMatch(['6-05'], ['6-05'])).to.equal('middle');
    expect(occupationMatch(['6-05-01-03'], ['6-04-01-03'])).to.equal(null);
  });
});

describe('swap allocation: pair score', () => {
  it('default weights sum to 1 and custom weights are normalised', () => {
    const sum = (w: object) => Object.values(w).reduce((a: number, b: number) => a + b, 0);
    expect(sum(DEFAULT_PAIR_WEIGHTS)).to.be.closeTo(1, 1e-12);
    const w = resolveWeights({ occupation: 2, skills: 2, distance: 0, dates: 0, wage: 0 });
    expect(w).to.deep.equal({ occupation: 0.5, skills: 0.5, distance: 0, dates: 0, wage: 0 });
    expect(() => resolveWeights({ occupation: -1 })).to.throw(RangeError);
    expect(() => resolveWeights({ occupation: 0, skills: 0, distance: 0, dates: 0, wage: 0 })).to.throw(
      RangeError,
    );
  });

  it('explains each part: skills Jaccard, distance decay, share of the needed period, wage', () => {
    const p = scorePair(lender(), borrower())!;
    const w = DEFAULT_PAIR_WEIGHTS;
    expect(p.detail.sharedSkills).to.deep.equal(['缝纫']);
    expect(p.parts.skills).to.be.closeTo(w.skills * (1 / 3), 1e-12); // {缝纫} of {缝纫, 裁剪, 熨烫}
    expect(p.detail.distanceKm).to.equal(0);
    expect(p.parts.distance).to.be.closeTo(w.distance, 1e-12);
    expect(p.detail.overlapDays).to.equal(20); // 02-20 .. 03-10 of the needed 02-20 .. 03-20 (30 days)
    expect(p.parts.dates).to.be.closeTo(w.dates * (20 / 30), 1e-12);
    expect(p.parts.wage).to.be.closeTo(w.wage * 1, 1e-12); // 4,500 ≥ the 4,000 reference
    const cheap = scorePair(lender(), borrower({ wageOffered: 3000 }))!;
    expect(cheap.parts.wage).to.be.closeTo(w.wage * 0.75, 1e-12);
    const unknown = scorePair(lender(), borrower({ wageOffered: undefined }))!;
    expect(unknown.parts.wage).to.be.closeTo(w.wage * 0.5, 1e-12);
  });

  it('decays distance linearly to 0 at the limit, with coarse fallbacks without coordinates', () => {
    const w = DEFAULT_PAIR_WEIGHTS.distance;
    const at = (lat: number) => scorePair(lender({ location: { lat, lon: 117.556 } }), borrower())!;
    const near = at(34.864 + 25 / 111.2); // ~25 km north: half of the default 50 km
    expect(near.parts.distance / w).to.be.closeTo(0.5, 0.01);
    expect(at(34.864 + 60 / 111.2).parts.distance).to.equal(0);
    const far = scorePair(lender({ location: { lat: 34.864 + 25 / 111.2, lon: 117.556 } }), borrower(), {
      maxDistanceKm: 30,
    })!;
    expect(far.parts.distance / w).to.be.closeTo(1 - 25 / 30, 0.01);
    const sameDistrict = scorePair(lender({ location: undefined, districtCode: '370403' }), borrower())!;
    expect(sameDistrict.parts.distance).to.be.closeTo(w * FALLBACK_PROXIMITY.sameDistrict, 1e-12);
    const sameCity = scorePair(lender({ location: undefined }), borrower())!;
    expect(sameCity.parts.distance).to.be.closeTo(w * FALLBACK_PROXIMITY.sameCity, 1e-12);
  });

  it('has parts that add up to the score, in [0, 1], on every generated pair', () => {
    const { surplus, shortage } = generateSwapPosts(80, 5);
    let checked = 0;
    for (const s of surplus) {
      for (const d of shortage) {
        const p = scorePair(s, d);
        if (!p) continue;
        const { occupation, skills, distance, dates, wage } = p.parts;
        expect(occupation + skills + distance + dates + wage).to.equal(p.score);
        expect(p.score).to.be.within(0, 1);
        checked++;
      }
    }
    expect(checked).to.be.greaterThan(200);
  });

  it('follows custom weights', () => {
    const onlyOccupation = { weights: { occupation: 1, skills: 0, distance: 0, dates: 0, wage: 0 } };
    expect(
      scorePair(lender({ occupationCodes: ['6-05-01-02'] }), borrower(), onlyOccupation)!.score,
    ).to.equal(0.7);
  });
});
