import type { estypes } from '@elastic/elasticsearch';
import type { VacancyDoc } from '@fugong/documents';
import { certificateRequired, certificatesRequired, indexText, occupationByCode } from '@fugong/text';
import { at, dateMs, type Factor, num, point, type ScoreFunction, strings } from './functions.ts';
import { experienceShare, PRIORITY_GROUPS, priorityBoost, type RankingWeights } from './weights.ts';

/** Commute bands (km): a worker qualifies through band b when they live within b km and accept ≥ b km. */
const COMMUTE_BANDS = [1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 80, 100, 150, 200, 300, 500, 1000, 5000];

/** The codes a side's occupations share with the other side, by level: the closest level both have wins. */
export interface OccupationTiers {
  occupation: string[];
  minorGroup: string[];
  middleGroup: string[];
}

/** Tiers of a list of occupation codes: the codes themselves, then their minor and middle groups. */
export function occupationTiers(codes: readonly string[]): OccupationTiers {
  const occupation = [...new Set(codes)];
  const ancestor = (code: string, level: number): string | undefined => {
    let o = occupationByCode(code);
    while (o && o.level > level) o = o.parentCode ? occupationByCode(o.parentCode) : undefined;
    return o?.level === level ? o.code : undefined;
  };
  const minorGroup = [...new Set(codes.map((c) => ancestor(c, 3)))].filter(
    (c): c is string => !!c && !occupation.includes(c),
  );
  const middleGroup = [...new Set(codes.map((c) => ancestor(c, 2)))].filter(
    (c): c is string => !!c && !occupation.includes(c) && !minorGroup.includes(c),
  );
  return { occupation, minorGroup, middleGroup };
}

/** The three exclusive occupation functions on `field` (a path of codes on the other side's documents). */
export function occupationFunctions(
  field: string,
  tiers: OccupationTiers,
  w: RankingWeights,
): ScoreFunction[] {
  const levels = [
    { codes: tiers.occupation, share: w.occupationTiers.occupation },
    { codes: tiers.minorGroup, share: w.occupationTiers.minorGroup },
    { codes: tiers.middleGroup, share: w.occupationTiers.middleGroup },
  ].filter((l) => l.codes.length > 0);
  return levels.map((level, i) => {
    const closer = levels.slice(0, i).flatMap((l) => l.codes);
    const has = (s: Record<string, unknown>, codes: string[]) =>
      strings(at(s, field)).some((c) => codes.includes(c));
    return {
      factor: 'occupation' as const,
      weight: w.occupation * level.share,
      filter: {
        bool: {
          filter: [{ terms: { [field]: level.codes } }],
          ...(closer.length ? { must_not: [{ terms: { [field]: closer } }] } : {}),
        },
      },
      test: (s) => has(s, level.codes) && !has(s, closer),
    };
  });
}

/**
 * Skill overlap: each wanted skill is worth `skills / n`, all of it when the other side lists the skill, a
 * share when every word of it appears in the other side's text (`textField`, segmented like the index), so
 * free-text profiles ("experienced in customer service") still count. The two cases exclude each other.
 */
export function skillFunctions(
  wanted: readonly string[],
  textField: string,
  w: RankingWeights,
): ScoreFunction[] {
  const skills = [...new Set(wanted)];
  return skills.flatMap((skill): ScoreFunction[] => {
    const listed = (s: Record<string, unknown>) => strings(s['skills']).includes(skill);
    const words = indexText(skill).split(' ').filter(Boolean);
    const mentioned = (s: Record<string, unknown>) => {
      const text = at(s, textField);
      const have = new Set(typeof text === 'string' ? text.split(' ') : []);
      return words.length > 0 && words.every((x) => have.has(x));
    };
    const weight = w.skills / skills.length;
    return [
      { factor: 'skills', weight, filter: { term: { skills: skill } }, test: listed },
      ...(words.length
        ? [
            {
              factor: 'skills' as const,
              weight: weight * w.skillMentionShare,
              filter: {
                bool: {
                  filter: [{ match: { [textField]: { query: words.join(' '), operator: 'and' as const } } }],
                  must_not: [{ term: { skills: skill } }],
                },
              },
              test: (s: Record<string, unknown>) => !listed(s) && mentioned(s),
            },
          ]
        : []),
    ];
  });
}

/**
 * The scoring functions that rank workers for a vacancy. `now` is fixed per request so the engine and the
 * explanation use the same origin for availability.
 */
export function candidateFunctions(v: VacancyDoc, w: RankingWeights, now: number): ScoreFunction[] {
  const fns: ScoreFunction[] = occupationFunctions(
    'occupationPath',
    occupationTiers(v.occupations.map((o) => o.code)),
    w,
  );
  fns.push(...skillFunctions(v.skills, 'summarySeg', w));
  const here = v.workPlace.location;
  if (here) {
    fns.push({
      factor: 'distance',
      weight: w.distance,
      filter: { exists: { field: 'currentPlace.location' } },
      test: (s) => !!point(at(s, 'currentPlace.location')),
      decay: {
        kind: 'geo',
        field: 'currentPlace.location',
        origin: here,
        scaleKm: w.distanceDecay.scaleKm,
        offsetKm: w.distanceDecay.offsetKm,
        decay: w.distanceDecay.decay,
        value: (s) => point(at(s, 'currentPlace.location')),
      },
    });
  }
  if (v.workPlace.code) {
    const code = v.workPlace.code;
    fns.push({
      factor: 'distance',
      weight: w.distance * w.willingPlaceShare,
      filter: {
        bool: {
          filter: [{ term: { willingCodes: code } }],
          must_not: [{ exists: { field: 'currentPlace.location' } }],
        },
      },
      test: (s) => strings(s['willingCodes']).includes(code) && !point(at(s, 'currentPlace.location')),
    });
  }
  const offered = v.wage?.monthlyMax ?? v.wage?.monthlyMin ?? null;
  if (offered !== null) {
    // No stated expectation counts as a fit: the worker did not ask for more.
    fns.push({
      factor: 'wage',
      weight: w.wage,
      filter: { bool: { must_not: [{ range: { expectedMonthlyWage: { gt: offered } } }] } },
      test: (s) => !((num(s['expectedMonthlyWage']) ?? 0) > offered),
    });
    fns.push({
      factor: 'wage',
      weight: w.wage,
      filter: { range: { expectedMonthlyWage: { gt: offered } } },
      test: (s) => (num(s['expectedMonthlyWage']) ?? 0) > offered,
      decay: {
        kind: 'number',
        field: 'expectedMonthlyWage',
        origin: offered,
        ...w.wageDecay,
        value: (s) => num(s['expectedMonthlyWage']),
      },
    });
  }
  fns.push(...availabilityFunctions('availableFrom', Math.max(now, dateMs(v.validFrom) ?? 0), w));
  const req = v.requirements.experienceYears ?? 0;
  if (req <= 0) {
    fns.push({ factor: 'experience', weight: w.experience, test: () => true });
  } else {
    const share = (s: Record<string, unknown>) => experienceShare(req, num(s['experienceYears']) ?? 0);
    fns.push({
      factor: 'experience',
      weight: w.experience,
      filter: { range: { experienceYears: { gte: req } } },
      test: (s) => share(s) === 1,
    });
    fns.push({
      factor: 'experience',
      weight: w.experience / 2,
      filter: { range: { experienceYears: { gte: req / 2, lt: req } } },
      test: (s) => share(s) === 0.5,
    });
  }
  // A priority group is preferred among workers who meet the vacancy's requirements (同等条件下优先): the
  // group's boost never lifts a worker short of the required experience above one who has it.
  const groups = [...PRIORITY_GROUPS];
  const inGroup = (s: Record<string, unknown>) =>
    strings(s['priorityGroups']).some((g) => (groups as string[]).includes(g));
  const qualified = (s: Record<string, unknown>) => inGroup(s) && unmetRequirements(v, s).length === 0;
  const preferred: estypes.QueryDslQueryContainer = {
    bool: {
      filter: [
        { terms: { priorityGroups: groups } },
        ...(req > 0 ? [{ range: { experienceYears: { gte: req } } }] : []),
      ],
    },
  };
  fns.push({
    factor: 'priority',
    weight: priorityBoost(w, v.keyEnterprise, true),
    filter: preferred,
    test: qualified,
  });
  fns.push({
    factor: 'priority',
    weight: priorityBoost(w, v.keyEnterprise, false),
    filter: { bool: { must_not: [preferred] } },
    test: (s) => !qualified(s),
  });
  return fns;
}

/**
 * The most each factor can add to a candidate's score: the sum of its weights, capped where its functions
 * exclude each other (one occupation, distance, wage, availability, experience and priority function matches
 * a worker at most; the two skill functions of one skill exclude each other, so the skills add up to at most
 * their weight). Used to stop scoring workers that cannot reach the page (ranking/narrow.ts).
 */
export function candidateFactorCaps(
  fns: readonly ScoreFunction[],
  w: RankingWeights,
): Record<Factor, number> {
  const sum = new Map<Factor, number>();
  const most = new Map<Factor, number>();
  for (const f of fns) {
    if (f.weight <= 0) continue;
    sum.set(f.factor, (sum.get(f.factor) ?? 0) + f.weight);
    most.set(f.factor, Math.max(most.get(f.factor) ?? 0, f.weight));
  }
  const cap = (factor: Factor, limit: number) => Math.min(sum.get(factor) ?? 0, limit);
  return {
    occupation: most.get('occupation') ?? 0,
    skills: cap('skills', w.skills),
    distance: most.get('distance') ?? 0,
    wage: most.get('wage') ?? 0,
    availability: most.get('availability') ?? 0,
    experience: most.get('experience') ?? 0,
    priority: most.get('priority') ?? 0,
  };
}

/** A requirement of a vacancy that a worker does not meet, with what is asked and what the worker has. */
export interface UnmetRequirement {
  requirement: 'experienceYears';
  required: number;
  actual: number;
}

/**
 * The vacancy's ranked requirements a worker falls short of (certificates are not among them: candidateFilter
 * keeps out whoever lacks one). A worker with any loses the priority group's boost, and the explanation says so.
 */
export function unmetRequirements(v: VacancyDoc, s: Record<string, unknown>): UnmetRequirement[] {
  const required = v.requirements.experienceYears ?? 0;
  const actual = num(s['experienceYears']) ?? 0;
  return required > 0 && actual < required ? [{ requirement: 'experienceYears', required, actual }] : [];
}

/**
 * Availability on a date field: full weight when available by `origin` (or no date given), else decaying
 * with the wait. The two functions match every document between them (see validateWeights).
 */
export function availabilityFunctions(field: string, origin: number, w: RankingWeights): ScoreFunction[] {
  const iso = new Date(origin).toISOString();
  const later = (s: Record<string, unknown>) => (dateMs(at(s, field)) ?? -Infinity) > origin;
  return [
    {
      factor: 'availability',
      weight: w.availability,
      filter: { bool: { must_not: [{ range: { [field]: { gt: iso } } }] } },
      test: (s) => !later(s),
    },
    {
      factor: 'availability',
      weight: w.availability,
      filter: { range: { [field]: { gt: iso } } },
      test: later,
      decay: {
        kind: 'date',
        field,
        origin,
        scaleMs: w.availabilityDecay.scaleDays * 86_400_000,
        decay: w.availabilityDecay.decay,
        value: (s) => dateMs(at(s, field)),
      },
    },
  ];
}

/**
 * Hard filters for a vacancy's candidates: seeking, holding every required certificate (by canonical id, see
 * certificateFilters), and able to reach the workplace: living within their own maximum commute of it
 * (checked per band, never admitting anyone beyond their maximum) or having named its district, city or
 * province as a place they will work.
 */
export function candidateFilter(v: VacancyDoc): estypes.QueryDslQueryContainer[] {
  const filters: estypes.QueryDslQueryContainer[] = [{ term: { status: 'seeking' } }];
  filters.push(...certificateFilters(v));
  const reach: estypes.QueryDslQueryContainer[] = [];
  if (v.workPlace.code) reach.push({ term: { willingCodes: v.workPlace.code } });
  const here = v.workPlace.location;
  if (here) {
    // A worker qualifies through the largest band within their maximum commute (the bands are nested), so
    // each band checks only the workers whose maximum falls between it and the next: the same workers as
    // "any band within their maximum", but each worker's distance is checked once, not once per band.
    COMMUTE_BANDS.forEach((band, i) => {
      const next = COMMUTE_BANDS[i + 1];
      reach.push({
        bool: {
          filter: [
            { range: { maxCommuteKm: { gte: band, ...(next !== undefined ? { lt: next } : {}) } } },
            { geo_distance: { distance: `${band}km`, 'currentPlace.location': here } },
          ],
        },
      });
    });
  }
  if (reach.length > 0) filters.push({ bool: { should: reach, minimum_should_match: 1 } });
  return filters;
}

/**
 * One filter per certificate id the vacancy requires: the worker's `certificateIds` (what they hold and what
 * that covers) must have it, so 驾驶证a2 finds A2驾照 and A1驾照 holders. A worker written before ids were
 * stored has none and is held to the required texts as written, as before.
 */
export function certificateFilters(v: VacancyDoc): estypes.QueryDslQueryContainer[] {
  const texts = v.requirements.certificates;
  // A vacancy written before ids were stored has none: derive them from its texts.
  const stored: string[] | undefined = v.requirements.certificateIds;
  const ids = stored?.length ? stored : certificatesRequired(texts);
  return ids.map((id) => {
    const written = texts.filter((t) => certificateRequired(t) === id);
    return {
      bool: {
        should: [
          { term: { certificateIds: id } },
          ...(written.length
            ? [
                {
                  bool: {
                    must_not: [{ exists: { field: 'certificateIds' } }],
                    filter: [{ terms: { certificates: written } }],
                  },
                },
              ]
            : []),
        ],
        minimum_should_match: 1,
      },
    };
  });
}
