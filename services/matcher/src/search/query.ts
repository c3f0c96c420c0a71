import type { estypes } from '@elastic/elasticsearch';
import { queryTokens, synonymGroupOf } from '@fugong/text';
import { liveVacancyFilter } from '@fugong/stores';
import type { SearchPlan } from './params.ts';
import { type UnderstoodQuery, understandQuery } from './understand.ts';

/** Boosts of the segmented fields: a word in the title says more than one in the description. */
export const FIELD_BOOSTS = [
  'titleSeg^3',
  'occupationSeg^2',
  'skillsSeg^1.5',
  'firmNameSeg^1',
  'descriptionSeg^0.5',
];
/** Synonym titles weigh less than the words typed, so exact wording ranks first. */
const EXPANDED_BOOST = 0.6;
const OCCUPATION_BOOST = 1.5;
/**
 * A place typed in `q` (滕州 电焊工): a constant bonus for postings there, large against the spread of text
 * scores among postings of one title, so they come first, while the same job elsewhere still follows.
 */
export const QUERY_PLACE_BOOST = 10;
/** A benefit typed in `q` (包住): a constant bonus per benefit asked for and offered. */
export const QUERY_BENEFIT_BOOST = 5;
/** A shift typed in `q` (长白班, 两班倒): a constant bonus for postings stating that shift pattern. */
export const QUERY_SHIFT_BOOST = 5;

/** The fields of _source a hit needs; everything else stays in the engine. */
export const HIT_SOURCE = [
  'id',
  'firmId',
  'firmName',
  'keyEnterprise',
  'title',
  'description',
  'occupations',
  'skills',
  'totalJobOpenings',
  'openPositions',
  'wage',
  'employmentType',
  'workPlace',
  'workHours',
  'benefits',
  'requirements',
  'fairIds',
  'validFrom',
  'validThrough',
  'createdAt',
  'updatedAt',
];

/** Facet aggregations: doc counts and the sum of open positions per bucket. */
function facetAggs(): Record<string, estypes.AggregationsAggregationContainer> {
  const positions = { positions: { sum: { field: 'openPositions' } } };
  const terms = (field: string, size = 20, include?: string): estypes.AggregationsAggregationContainer => ({
    terms: { field, size, ...(include ? { include } : {}) },
    aggs: positions,
  });
  return {
    districts: terms('workPlace.code', 30),
    occupationGroups: terms('occupationPath', 30, '[0-9]-[0-9]{2}'),
    wageBands: terms('wage.band', 20),
    employmentTypes: terms('employmentType', 10),
    fairs: terms('fairIds', 30),
    keyEnterprise: terms('keyEnterprise', 2),
    total: { sum: { field: 'openPositions' } },
  };
}

/**
 * The free-text part: places, benefits and shifts named in `q` are taken out (understandQuery) and become
 * constant bonuses (filters when `strict`, for the non-relevance sorts); the remaining words must mostly match
 * (segmented like the index), or a synonym title of an occupation the query names (普工 → 操作工) on a document
 * of that occupation, plus a bonus for documents classified under the named occupations. A query of benefits
 * and shifts only (包吃住, 长白班) has nothing else to rank by, so there they are filters.
 */
export function textQuery(
  q: string,
  strict = false,
): {
  must?: estypes.QueryDslQueryContainer;
  should: estypes.QueryDslQueryContainer[];
  /** With `strict`: the places, benefits and shifts named in q, as filters; else those that are required. */
  filter: estypes.QueryDslQueryContainer[];
  words: string[];
  understood: UnderstoodQuery;
  /** Whether the benefits and shifts named in q are required (a filter) rather than a ranking bonus. */
  required: boolean;
} {
  const understood = understandQuery(q);
  const bonus: estypes.QueryDslQueryContainer[] = [];
  type Named = { condition: estypes.QueryDslQueryContainer; boost: number };
  const place: Named[] = [];
  const asked: Named[] = [];
  if (understood.places.length)
    place.push({
      condition: { terms: { 'workPlace.codes': understood.places.map((p) => p.code) } },
      boost: QUERY_PLACE_BOOST,
    });
  for (const field of ['board', 'lodging'] as const)
    if (understood.benefits.some((b) => b[field]))
      asked.push({ condition: { term: { [`benefits.${field}`]: true } }, boost: QUERY_BENEFIT_BOOST });
  // Several shifts named (白班 两班倒): any of them will do.
  if (understood.shifts.length)
    asked.push({
      condition: { terms: { shiftTags: understood.shifts.map((s) => s.shift) } },
      boost: QUERY_SHIFT_BOOST,
    });
  // Ranked by relevance, a named place, benefit or shift is a bonus (the same job nearby still shows, lower).
  // Sorted by wage, date or distance a bonus would change nothing, so there what the seeker named is required;
  // and so it is when q names benefits or shifts and no job: a bonus would list every vacancy.
  const required = strict || (!understood.text && asked.length > 0);
  const filter = [...(strict ? place : []), ...(required ? asked : [])].map((n) => n.condition);
  for (const n of [...(strict ? [] : place), ...(required ? [] : asked)])
    bonus.push({ constant_score: { filter: n.condition, boost: n.boost } });
  if (!understood.text) return { should: bonus, filter, words: [], understood, required };
  const t = queryTokens(understood.text);
  const should: estypes.QueryDslQueryContainer[] = [];
  if (t.tokens.length)
    should.push({
      multi_match: {
        query: t.tokens.join(' '),
        fields: FIELD_BOOSTS,
        type: 'best_fields',
        tie_breaker: 0.3,
        minimum_should_match: '3<75%',
      },
    });
  const codes = t.occupations.map((o) => o.code);
  if (t.expanded.length) {
    // An expanded title is a free token of the segmented fields, so on its own 操作工 would also match 数控操作工
    // (数控 + 操作工), a different, skilled occupation. A synonym hit therefore counts only on documents
    // classified under the occupations the query names or the codes of the synonym groups it expanded through
    // (`occupationPath` holds every level, so a group fixed at a minor group admits its unit groups). Filter
    // context: the score and the sort=wage/newest/distance orders see the same set.
    const agreed = new Set(codes);
    for (const term of t.expanded) for (const c of synonymGroupOf(term)?.codes ?? []) agreed.add(c);
    should.push({
      bool: {
        must: {
          multi_match: {
            query: t.expanded.join(' '),
            fields: ['titleSeg^3', 'occupationSeg^2'],
          },
        },
        filter: { terms: { occupationPath: [...agreed] } },
        boost: EXPANDED_BOOST,
      },
    });
  }
  if (codes.length) bonus.push({ terms: { occupationPath: codes, boost: OCCUPATION_BOOST } });
  return {
    ...(should.length ? { must: { bool: { should, minimum_should_match: 1 } } } : {}),
    should: bonus,
    filter,
    words: [...t.tokens, ...t.expanded],
    understood,
    required,
  };
}

/** Sort clauses, always ending on `id` so search_after has a total order. */
function sortClause(plan: SearchPlan): estypes.SortCombinations[] {
  switch (plan.sort) {
    case 'distance':
      return [
        { _geo_distance: { 'workPlace.location': plan.near!, order: 'asc', unit: 'km' } },
        { id: 'asc' },
      ];
    case 'wage':
      return [{ 'wage.monthlyMax': { order: 'desc', missing: '_last' } }, { id: 'asc' }];
    case 'newest':
      return [{ createdAt: { order: 'desc' } }, { id: 'asc' }];
    default:
      return [{ _score: { order: 'desc' } }, { id: 'asc' }];
  }
}

/** The engine request of a search, and the words to highlight. */
export function buildSearch(
  plan: SearchPlan,
  now: Date,
  after?: estypes.FieldValue[],
): {
  body: estypes.SearchRequest;
  words: string[];
  understood?: UnderstoodQuery;
  /** Whether the benefits and shifts named in q filter (true) or only rank first (false). */
  required?: boolean;
} {
  const p = plan.query;
  const filter: estypes.QueryDslQueryContainer[] = liveVacancyFilter(now);
  if (plan.district) filter.push({ term: { 'workPlace.codes': plan.district.code } });
  if (plan.city) filter.push({ term: { 'workPlace.codes': plan.city.code } });
  if (plan.occupation) filter.push({ term: { occupationPath: plan.occupation.code } });
  if (p.wageMin !== undefined) filter.push({ range: { 'wage.monthlyMax': { gte: p.wageMin } } });
  if (p.employmentType) filter.push({ term: { employmentType: p.employmentType } });
  if (p.fairId) filter.push({ term: { fairIds: p.fairId } });
  if (p.keyEnterprise !== undefined) filter.push({ term: { keyEnterprise: p.keyEnterprise } });
  if (p.boardAndLodging)
    filter.push({ term: { 'benefits.board': true } }, { term: { 'benefits.lodging': true } });
  if (p.postedSince) filter.push({ range: { createdAt: { gte: p.postedSince } } });
  if (plan.near && p.radiusKm !== undefined)
    filter.push({ geo_distance: { distance: `${p.radiusKm}km`, 'workPlace.location': plan.near } });
  const text = p.q ? textQuery(p.q, plan.sort !== 'relevance') : undefined;
  if (text) filter.push(...text.filter);
  const body: estypes.SearchRequest = {
    query: {
      bool: {
        filter,
        ...(text?.must ? { must: [text.must] } : {}),
        ...(text?.should.length ? { should: text.should } : {}),
      },
    },
    sort: sortClause(plan),
    size: p.size,
    ...(after ? { search_after: after } : { from: (p.page - 1) * p.size }),
    _source: HIT_SOURCE,
    track_total_hits: true,
    ...(p.facets ? { aggs: facetAggs() } : {}),
  };
  return {
    body,
    words: text?.words ?? [],
    ...(text ? { understood: text.understood, required: text.required } : {}),
  };
}
