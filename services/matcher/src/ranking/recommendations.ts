import type { estypes } from '@elastic/elasticsearch';
import type { WorkerDoc } from '@fugong/documents';
import { certificatesHeld } from '@fugong/text';
import { liveVacancyFilter } from '@fugong/stores';
import { availabilityFunctions, occupationFunctions, occupationTiers, skillFunctions } from './candidates.ts';
import { at, num, point, type ScoreFunction } from './functions.ts';
import { priorityBoost, PRIORITY_GROUPS, type RankingWeights } from './weights.ts';

/** The scoring functions that rank vacancies for a worker: the mirror of candidateFunctions. */
export function recommendationFunctions(wk: WorkerDoc, w: RankingWeights, now: number): ScoreFunction[] {
  const fns = occupationFunctions('occupationPath', occupationTiers(wk.occupations.map((o) => o.code)), w);
  fns.push(...skillFunctions(wk.skills, 'descriptionSeg', w));
  const home = wk.currentPlace.location;
  if (home) {
    fns.push({
      factor: 'distance',
      weight: w.distance,
      filter: { exists: { field: 'workPlace.location' } },
      test: (s) => !!point(at(s, 'workPlace.location')),
      decay: {
        kind: 'geo',
        field: 'workPlace.location',
        origin: home,
        scaleKm: w.distanceDecay.scaleKm,
        offsetKm: w.distanceDecay.offsetKm,
        decay: w.distanceDecay.decay,
        value: (s) => point(at(s, 'workPlace.location')),
      },
    });
  }
  const expected = wk.expectedMonthlyWage;
  if (expected !== null) {
    const offered = (s: Record<string, unknown>) => num(at(s, 'wage.monthlyMax'));
    fns.push({
      factor: 'wage',
      weight: w.wage,
      filter: { range: { 'wage.monthlyMax': { gte: expected } } },
      test: (s) => (offered(s) ?? -1) >= expected,
    });
    fns.push({
      factor: 'wage',
      weight: w.wage,
      filter: { range: { 'wage.monthlyMax': { lt: expected } } },
      test: (s) => offered(s) !== undefined && offered(s)! < expected,
      decay: { kind: 'number', field: 'wage.monthlyMax', origin: expected, ...w.wageDecay, value: offered },
    });
  }
  const availableAt = Math.max(now, wk.availableFrom ? Date.parse(wk.availableFrom) : 0);
  fns.push(...availabilityFunctions('validFrom', availableAt, w));
  const years = wk.experienceYears;
  const required = (s: Record<string, unknown>) => num(at(s, 'requirements.experienceYears'));
  fns.push({
    factor: 'experience',
    weight: w.experience,
    filter: { bool: { must_not: [{ range: { 'requirements.experienceYears': { gt: years } } }] } },
    test: (s) => (required(s) ?? 0) <= years,
  });
  fns.push({
    factor: 'experience',
    weight: w.experience / 2,
    filter: { range: { 'requirements.experienceYears': { gt: years, lte: years * 2 } } },
    test: (s) => (required(s) ?? 0) > years && required(s)! <= years * 2,
  });
  // As for candidates: the priority group's share of the boost only for vacancies whose required experience
  // the worker has (同等条件下优先), so it never lifts a job they fall short of above one they qualify for.
  const inGroup = wk.priorityGroups.some((g) => (PRIORITY_GROUPS as readonly string[]).includes(g));
  const met: estypes.QueryDslQueryContainer = {
    bool: { must_not: [{ range: { 'requirements.experienceYears': { gt: years } } }] },
  };
  const meets = (s: Record<string, unknown>) => (required(s) ?? 0) <= years;
  for (const key of [true, false]) {
    const isKey: estypes.QueryDslQueryContainer = key
      ? { term: { keyEnterprise: true } }
      : { bool: { must_not: [{ term: { keyEnterprise: true } }] } };
    const keyTest = (s: Record<string, unknown>) => (s['keyEnterprise'] === true) === key;
    if (!inGroup) {
      fns.push({ factor: 'priority', weight: priorityBoost(w, key, false), filter: isKey, test: keyTest });
      continue;
    }
    fns.push({
      factor: 'priority',
      weight: priorityBoost(w, key, true),
      filter: { bool: { filter: [isKey, met] } },
      test: (s) => keyTest(s) && meets(s),
    });
    fns.push({
      factor: 'priority',
      weight: priorityBoost(w, key, false),
      filter: { bool: { filter: [isKey], must_not: [met] } },
      test: (s) => keyTest(s) && !meets(s),
    });
  }
  return fns;
}

/**
 * Hard filters for a worker's recommendations: live vacancies with open positions, whose required
 * certificates (canonical ids) the worker holds all of, within the worker's maximum commute or in a place
 * they named.
 */
export function recommendationFilter(wk: WorkerDoc, now: Date): estypes.QueryDslQueryContainer[] {
  const filters = [...liveVacancyFilter(now), { range: { openPositions: { gt: 0 } } }];
  // Matched on canonical ids (an A2驾照 holder meets 驾驶证a2 and C1驾照); a worker written before ids were
  // stored has them derived here, and a vacancy written before is held to its texts as written.
  const stored: string[] | undefined = wk.certificateIds;
  const held = stored?.length ? stored : certificatesHeld(wk.certificates);
  filters.push({
    bool: {
      should: [
        { bool: { must_not: [{ exists: { field: 'requirements.certificates' } }] } },
        ...(held.length
          ? [
              {
                terms_set: {
                  'requirements.certificateIds': {
                    terms: held,
                    minimum_should_match_field: 'requirements.certificateCount',
                  },
                },
              },
              {
                bool: {
                  must_not: [{ exists: { field: 'requirements.certificateIds' } }],
                  filter: [
                    {
                      terms_set: {
                        'requirements.certificates': {
                          terms: wk.certificates,
                          minimum_should_match_field: 'requirements.certificateCount',
                        },
                      },
                    },
                  ],
                },
              },
            ]
          : []),
      ],
      minimum_should_match: 1,
    },
  });
  const reach: estypes.QueryDslQueryContainer[] = [];
  const home = wk.currentPlace.location;
  if (home) reach.push({ geo_distance: { distance: `${wk.maxCommuteKm}km`, 'workPlace.location': home } });
  const named = wk.willingPlaces.map((p) => p.code).filter((c): c is string => !!c);
  if (named.length) reach.push({ terms: { 'workPlace.codes': named } });
  if (reach.length) filters.push({ bool: { should: reach, minimum_should_match: 1 } });
  return filters;
}
