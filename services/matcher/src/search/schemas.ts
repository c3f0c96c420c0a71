import { EmploymentType, ResolvedPlace } from '@fugong/schemas';
import { z } from 'zod';

const Resolved = z.object({ input: z.string(), code: z.string(), name: z.string() });
const Bucket = z.object({
  value: z.string(),
  label: z.string().optional(),
  count: z.number().int(),
  openPositions: z.number().int(),
});

/** One vacancy in a search result: public fields only, built field by field. */
export const VacancyHit = z
  .object({
    id: z.string(),
    firmId: z.string(),
    firmName: z.string().optional(),
    keyEnterprise: z.boolean(),
    title: z.string(),
    occupations: z.array(z.object({ code: z.string(), name: z.string() })),
    skills: z.array(z.string()),
    openPositions: z.number(),
    wage: z
      .object({
        min: z.number(),
        max: z.number().optional(),
        unit: z.string(),
        monthlyMin: z.number().nullable(),
        monthlyMax: z.number().nullable(),
      })
      .optional(),
    employmentType: EmploymentType,
    workPlace: ResolvedPlace.omit({ text: true }),
    benefits: z.object({ board: z.boolean(), lodging: z.boolean(), socialInsurance: z.boolean() }),
    requirements: z.object({ experienceYears: z.number().optional(), certificates: z.array(z.string()) }),
    fairIds: z.array(z.string()),
    validThrough: z.string().optional(),
    createdAt: z.string(),
    score: z.number().nullable().describe('relevance; null when sorted otherwise'),
    distanceKm: z.number().optional().describe('from `near`, when given'),
    highlight: z
      .object({ title: z.string().optional(), description: z.string().optional() })
      .optional()
      .describe(
        'HTML fragments: the text is HTML-escaped (`<` → `&lt;` …) and the query words are wrapped in `<em>`, ' +
          'so they may be inserted as HTML. Every other string of a hit is plain text: escape it before use as HTML.',
      ),
  })
  .meta({ id: 'VacancyHit' });
export type VacancyHit = z.infer<typeof VacancyHit>;

const NAMED_FILTER =
  'true: only postings offering it are listed (q names nothing else to match, or sort is not relevance); ' +
  'false: they rank first, the others follow';

export const SearchResponse = z
  .object({
    total: z.number().int(),
    page: z.number().int().optional(),
    size: z.number().int(),
    sort: z.string(),
    nextCursor: z.string().optional().describe('pass as `cursor` for the next page (no depth limit)'),
    resolved: z
      .object({
        q: z
          .object({
            input: z.string(),
            words: z.array(z.string()).describe('the words matched as text'),
            places: z
              .array(Resolved)
              .optional()
              .describe('places named in q (district/county or city): a ranking bonus, not a filter'),
            benefits: z
              .array(
                z.object({
                  input: z.string(),
                  board: z.boolean(),
                  lodging: z.boolean(),
                  filter: z.boolean().describe(NAMED_FILTER),
                }),
              )
              .optional()
              .describe('benefits named in q (包吃住, 包住 …)'),
            shifts: z
              .array(
                z.object({
                  input: z.string(),
                  shift: z
                    .enum(['day', 'two_shifts', 'three_shifts', 'night', 'rotating'])
                    .describe('day: 白班/长白班; rotating: 倒班, and every two- or three-shift rotation'),
                  filter: z.boolean().describe(NAMED_FILTER),
                }),
              )
              .optional()
              .describe(
                'shifts named in q (长白班, 两班倒, 三班倒, 夜班, 倒班 …), matched against the shift pattern a ' +
                  'posting states in its shifts, working hours, title or description',
              ),
          })
          .optional(),
        district: Resolved.optional(),
        city: Resolved.optional(),
        occupation: Resolved.optional(),
        near: z.object({ lat: z.number(), lon: z.number(), radiusKm: z.number().optional() }).optional(),
      })
      .passthrough()
      .describe('the filters as understood: names resolved to codes'),
    hits: z.array(VacancyHit),
    facets: z
      .object({
        openPositions: z.number().int(),
        districts: z.array(Bucket),
        occupationGroups: z.array(Bucket),
        wageBands: z.array(Bucket),
        employmentTypes: z.array(Bucket),
        fairs: z.array(Bucket),
        keyEnterprise: z.array(Bucket),
      })
      .optional(),
  })
  .meta({ id: 'VacancySearchResponse' });
export type SearchResponse = z.infer<typeof SearchResponse>;

export const Suggestion = z.object({
  text: z
    .string()
    .describe(
      'plain text, never HTML (a title as its employer wrote it): escape it before inserting as HTML',
    ),
  kind: z
    .enum(['title', 'word', 'occupation', 'firm'])
    .describe('word: a word of a title, matched by its pinyin'),
  matched: z.string().describe('the completion input that matched (a pinyin key, a title …); plain text'),
});
export const SuggestResponse = z
  .object({ q: z.string(), suggestions: z.array(Suggestion) })
  .meta({ id: 'SuggestResponse' });
