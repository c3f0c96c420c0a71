import { expect } from 'chai';
import { occupationTiers } from '../../services/matcher/src/ranking/candidates.ts';
import { explain, type ScoreFunction } from '../../services/matcher/src/ranking/functions.ts';
import {
  DEFAULT_WEIGHTS,
  experienceShare,
  gauss,
  priorityBoost,
  validateWeights,
} from '../../services/matcher/src/ranking/weights.ts';
import { planSearch, SearchQuery } from '../../services/matcher/src/search/params.ts';

describe('matcher ranking weights', () => {
  it('the default weights are valid; base factors add up to 1', () => {
    const w = validateWeights(DEFAULT_WEIGHTS);
    expect(w.occupation + w.skills + w.distance + w.wage + w.availability + w.experience).to.be.closeTo(
      1,
      1e-12,
    );
  });

  it('rejects negative weights, a zero availability weight and decays outside (0, 1)', () => {
    expect(() => validateWeights({ ...DEFAULT_WEIGHTS, skills: -0.1 })).to.throw(RangeError);
    expect(() => validateWeights({ ...DEFAULT_WEIGHTS, availability: 0 })).to.throw(RangeError);
    expect(() => validateWeights({ ...DEFAULT_WEIGHTS, wageDecay: { scale: 1000, decay: 1 } })).to.throw(
      RangeError,
    );
  });

  it('gauss is the engine formula: 1 within the offset, the decay value at offset + scale', () => {
    expect(gauss(0.5, 10, 0.5, 1)).to.equal(1);
    expect(gauss(11, 10, 0.5, 1)).to.be.closeTo(0.5, 1e-12);
    expect(gauss(-10, 10, 0.5)).to.be.closeTo(0.5, 1e-12);
  });

  it('the priority boost is the sum of the shares that apply, never above its cap, whatever the configuration', () => {
    for (const ke of [0, 0.03, 0.2])
      for (const pg of [0, 0.05, 0.5])
        for (const cap of [0, 0.08, 1]) {
          const w = { ...DEFAULT_WEIGHTS, priority: { keyEnterprise: ke, priorityGroup: pg, cap } };
          // The sum of the shares that apply, up to the cap: exact, so a boost stuck at 0 fails.
          for (const a of [true, false])
            for (const b of [true, false])
              expect(priorityBoost(w, a, b), `ke=${ke} pg=${pg} cap=${cap} key=${a} group=${b}`).to.equal(
                Math.min(cap, (a ? ke : 0) + (b ? pg : 0)),
              );
        }
  });

  it('experience: all with the required years, half with half of them', () => {
    expect(experienceShare(undefined, 0)).to.equal(1);
    expect(experienceShare(4, 4)).to.equal(1);
    expect(experienceShare(4, 2)).to.equal(0.5);
    expect(experienceShare(4, 1)).to.equal(0);
  });

  it('occupation tiers: the code, its minor group, its middle group', () => {
    expect(occupationTiers(['6-05-01-03'])).to.deep.equal({
      occupation: ['6-05-01-03'],
      minorGroup: ['6-05-01'],
      middleGroup: ['6-05'],
    });
  });

  it('an explanation adds up to its total', () => {
    const fns: ScoreFunction[] = [
      { factor: 'skills', weight: 0.2 / 3, test: () => true },
      { factor: 'skills', weight: 0.2 / 3, test: () => true },
      { factor: 'occupation', weight: 0.35 * 0.7, test: () => true },
      { factor: 'wage', weight: 0.1, test: () => false },
    ];
    const e = explain(fns, {});
    expect(e.skills + e.occupation + e.wage).to.be.closeTo(e.total, 1e-12);
    expect(e.wage).to.equal(0);
  });
});

describe('matcher search parameters', () => {
  const plan = (q: Record<string, string>) => planSearch(SearchQuery.parse(q));
  it('resolves names to codes and refuses pages beyond the depth, naming the cursor', () => {
    expect(plan({ district: '薛城' }).district?.code).to.equal('370403');
    expect(() => plan({ page: '11', size: '100' })).to.throw(/cursor/);
    expect(() => plan({ district: '火星' })).to.throw(/district/);
    expect(() => plan({ sort: 'distance' })).to.throw(/near/);
  });
});
