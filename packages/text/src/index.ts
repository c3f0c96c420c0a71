/**
 * @fugong/text: Chinese text normalisation shared by ingest (write time) and the matcher (query time), so
 * search quality never depends on Elasticsearch plugins: traditional → simplified, segmentation, occupation
 * codes and synonyms, certificate ids, places with codes and coordinates, wage conversion, pinyin keys and validators.
 * Dictionaries and data files load lazily, once per process, on first use.
 */
export {
  certificateCovers,
  certificateIds,
  certificateRequired,
  certificatesHeld,
  certificatesRequired,
} from './certificates.ts';
export { type LatLon, distanceKm } from './geo.ts';
export { toSimplified, normalizeText } from './normalize.ts';
export {
  type OccupationMatch,
  type OccupationSuggestion,
  resolveOccupations,
  suggestOccupations,
} from './occupation-match.ts';
export {
  type Occupation,
  allOccupations,
  occupationByCode,
  occupationPath,
  occupationsByName,
} from './occupations.ts';
export {
  HOME_CITY_CODE,
  type Place,
  type PlaceLevel,
  placeFromAddress,
  placePath,
  placeWithin,
  resolvePlace,
  suggestPlaces,
} from './places.ts';
export { pinyinKeys } from './pinyin.ts';
export { type QueryTokens, queryTokens } from './query.ts';
export { cutWords, indexText, segment } from './segment.ts';
export { type FoundShifts, findShifts, type ShiftTag, shiftTags } from './shifts.ts';
export { type SynonymGroup, synonymGroupOf, synonymGroups, synonymGroupsForCode } from './synonyms.ts';
export { resolveTitle, titleCore } from './title-match.ts';
export {
  isValidChineseIdNumber,
  isValidCreditCode,
  maskName,
  maskPhone,
} from './validators.ts';
export {
  HOURS_PER_DAY,
  monthlyWage,
  PAID_DAYS_PER_MONTH,
  WAGE_BANDS,
  type WageUnit,
  wageBand,
} from './wages.ts';
