import type { Api } from '@fugong/http';
import { cutWords, normalizeText, pinyinKeys } from '@fugong/text';
import { z } from 'zod';
import { isLiveVacancy, type Stores, type SuggestFields } from '@fugong/stores';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { planSearch, SearchQuery } from './params.ts';
import { buildSearch } from './query.ts';
import { suggestTerms } from './terms.ts';
import { toFacets, toHit } from './results.ts';
import { SearchResponse, SuggestResponse } from './schemas.ts';

const ANYONE = 'public' as const;

/** GET /v1/vacancies/search and GET /v1/vacancies/suggest. */
export function registerSearchRoutes(api: Api, stores: Stores): void {
  const vacancies = stores.vacancies;
  api.route({
    method: 'get',
    path: '/v1/vacancies/search',
    summary: 'Search open vacancies (Chinese full text, filters, geo, facets, paging)',
    description:
      'Only open, unexpired vacancies. Names of districts, cities and occupations resolve to codes (echoed under ' +
      '`resolved`); an unknown one is a 400 with suggestions. page × size ≤ 1,000; beyond, follow `nextCursor` ' +
      '(a cursor that is not one this search returned is a 400 naming `cursor`). `highlight` fields are HTML ' +
      '(escaped text, query words in `<em>`); every other string is plain text.',
    tags: ['search'],
    operationId: 'searchVacancies',
    auth: ANYONE,
    query: SearchQuery,
    responses: { 200: { description: 'a page of vacancies', schema: SearchResponse } },
    handler: async ({ query }) => {
      const plan = planSearch(query);
      const after = query.cursor ? decodeCursor(query.cursor, plan.sort) : undefined;
      const { body, words, understood, required } = buildSearch(plan, new Date(), after);
      const res = await vacancies.find(body);
      const hits = res.hits;
      const last = hits[hits.length - 1];
      const total = res.total;
      const seen = after ? undefined : (query.page - 1) * query.size + hits.length;
      const more = hits.length === query.size && (seen === undefined || seen < total);
      return SearchResponse.parse({
        total,
        ...(after ? {} : { page: query.page }),
        size: query.size,
        sort: plan.sort,
        ...(more && last?.sort ? { nextCursor: encodeCursor(plan.sort, last.sort) } : {}),
        resolved: {
          ...(query.q
            ? {
                q: {
                  input: query.q,
                  words,
                  ...(understood?.places.length ? { places: understood.places } : {}),
                  ...(understood?.benefits.length
                    ? { benefits: understood.benefits.map((b) => ({ ...b, filter: !!required })) }
                    : {}),
                  ...(understood?.shifts.length
                    ? { shifts: understood.shifts.map((s) => ({ ...s, filter: !!required })) }
                    : {}),
                },
              }
            : {}),
          ...(plan.district ? { district: plan.district } : {}),
          ...(plan.city ? { city: plan.city } : {}),
          ...(plan.occupation ? { occupation: plan.occupation } : {}),
          ...(plan.near
            ? { near: { ...plan.near, ...(query.radiusKm ? { radiusKm: query.radiusKm } : {}) } }
            : {}),
        },
        hits: hits.map((h) =>
          toHit(
            h.doc,
            plan.sort === 'relevance' ? h.score : null,
            plan.near,
            query.highlight && query.q ? words : undefined,
          ),
        ),
        ...(res.aggregations ? { facets: toFacets(res.aggregations) } : {}),
      });
    },
  });

  api.route({
    method: 'get',
    path: '/v1/vacancies/suggest',
    summary: 'Typeahead over job titles, occupations and firms (pinyin welcome: pugong → 普工)',
    description:
      'Titles and firms of live postings (completion suggester, pinyin keys included) and occupation names and ' +
      'colloquial titles from the dictionary; exact pinyin matches of a job word first. Suggestions are plain ' +
      'text, not HTML: a title comes back as its employer wrote it, so escape it before inserting it as HTML.',
    tags: ['search'],
    operationId: 'suggestSearchTerms',
    auth: ANYONE,
    query: z.strictObject({
      q: z.string().min(1).max(50),
      size: z.coerce.number().int().min(1).max(20).default(8),
    }),
    responses: { 200: { description: 'suggestions', schema: SuggestResponse } },
    handler: async ({ query }) => {
      // Control characters cannot be in a completion (the engine reserves U+0000, U+001E and U+001F and
      // refuses a prefix holding one) nor in a dictionary word: they never match, so they are dropped.
      const typed = query.q.replace(/\p{Cc}+/gu, '');
      const prefix = normalizeText(typed).replace(/\s+/g, '');
      if (!prefix) return { q: query.q, suggestions: [] };
      const options = await vacancies.completions(prefix, query.size * 3);
      const now = new Date();
      const out = new Map<string, z.infer<typeof SuggestResponse>['suggestions'][number]>();
      const words = suggestTerms(typed, query.size);
      for (const w of words.filter((x) => x.exact))
        out.set(w.text, { text: w.text, kind: 'occupation', matched: w.matched });
      for (const o of options) {
        const doc = o.doc;
        if (!isLiveVacancy(doc, now)) continue;
        const s = describe(o.text, doc);
        if (!out.has(s.text)) out.set(s.text, s);
        if (out.size >= query.size) break;
      }
      for (const w of words) {
        if (out.size >= query.size) break;
        if (!out.has(w.text)) out.set(w.text, { text: w.text, kind: 'occupation', matched: w.matched });
      }
      return SuggestResponse.parse({ q: query.q, suggestions: [...out.values()] });
    },
  });
}

/** What a matched completion input stands for: an occupation's name, the firm, or the title (or its pinyin). */
function describe(matched: string, doc: SuggestFields) {
  const occ = doc.occupations.find((o) => o.name === matched);
  if (occ) return { text: occ.name, kind: 'occupation' as const, matched };
  const title = normalizeText(doc.title);
  if (matched === title || pinyinKeys(title).includes(matched))
    return { text: doc.title, kind: 'title' as const, matched };
  if (doc.firmName && normalizeText(doc.firmName) === matched)
    return { text: doc.firmName, kind: 'firm' as const, matched };
  const word = cutWords(title).find((w) => pinyinKeys(w)[0] === matched);
  if (word) return { text: word, kind: 'word' as const, matched };
  return { text: doc.title, kind: 'title' as const, matched };
}
