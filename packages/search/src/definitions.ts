import type { estypes } from '@elastic/elasticsearch';
import type { IndexDefinition } from './indices.ts';

/*
 * Every index of the platform. Chinese text is normalised and segmented in Node (package @fugong/text)
 * and stored space-separated in `*Seg` fields analysed with the core `whitespace` analyzer, so the same
 * mappings run on the embedded core-only node, the official image and a production cluster.
 * `dynamic: false` keeps unknown fields in _source without indexing them.
 */

const kw: estypes.MappingProperty = { type: 'keyword' };
const seg: estypes.MappingProperty = { type: 'text', analyzer: 'whitespace' };
const date: estypes.MappingProperty = { type: 'date' };
const bool: estypes.MappingProperty = { type: 'boolean' };
const int: estypes.MappingProperty = { type: 'integer' };
const float: estypes.MappingProperty = { type: 'float' };
const geo: estypes.MappingProperty = { type: 'geo_point' };
const stored: estypes.MappingProperty = { type: 'object', enabled: false };

const place: estypes.MappingProperty = {
  properties: {
    code: kw,
    codes: kw, // the code and its ancestors (province, city), so a filter on any level is one term
    name: kw,
    cityCode: kw,
    provinceCode: kw,
    resolved: bool,
    location: geo,
  },
};

export const firmsIndex: IndexDefinition = {
  name: 'firms',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      id: kw,
      name: kw,
      nameSeg: seg,
      creditCode: kw,
      industry: kw,
      place,
      size: kw,
      keyEnterprise: { properties: { level: kw, since: date } },
      isKeyEnterprise: bool,
      updatedAt: date,
      contact: stored,
    },
  },
};

export const vacanciesIndex: IndexDefinition = {
  name: 'vacancies',
  version: 1,
  settings: { refresh_interval: '1s' },
  mappings: {
    dynamic: false,
    properties: {
      id: kw,
      externalRef: kw,
      firmId: kw,
      firmName: kw,
      firmNameSeg: seg,
      keyEnterprise: bool,
      title: kw,
      titleSeg: seg,
      description: { type: 'text', index: false },
      descriptionSeg: seg,
      occupations: { properties: { code: kw, name: kw } },
      occupationPath: kw,
      occupationSeg: seg,
      skills: kw,
      skillsSeg: seg,
      totalJobOpenings: int,
      openPositions: int,
      wage: {
        properties: { min: float, max: float, unit: kw, monthlyMin: float, monthlyMax: float, band: kw },
      },
      employmentType: kw,
      workPlace: place,
      shiftTags: kw, // added for the matcher: shift patterns (day, two_shifts …) derived at write time
      // certificateCount (added for the matcher): terms_set demands every required certificate.
      // certificateIds (added for the matcher): canonical certificate ids (driving:a2), matched on.
      requirements: {
        properties: {
          education: kw,
          experienceYears: float,
          certificates: kw,
          certificateIds: kw,
          certificateCount: int,
        },
      },
      benefits: { properties: { board: bool, lodging: bool, socialInsurance: bool, other: kw } },
      fairIds: kw,
      validFrom: date,
      validThrough: date,
      expiresAt: date, // added for the matcher: the exact end of validThrough, filtered at query time
      status: kw,
      source: kw,
      fingerprint: kw,
      createdAt: date,
      updatedAt: date,
      changeSeq: { type: 'long' },
      suggest: { type: 'completion', analyzer: 'whitespace', search_analyzer: 'whitespace' },
    },
  },
};

export const workersIndex: IndexDefinition = {
  name: 'workers',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      id: kw,
      maskedName: { type: 'keyword', index: false },
      occupations: { properties: { code: kw, name: kw } },
      occupationPath: kw,
      skills: kw,
      skillsSeg: seg,
      summarySeg: seg,
      certificates: kw,
      certificateIds: kw, // added for the matcher: canonical ids held, with what they cover
      experienceYears: float,
      education: kw,
      currentPlace: place,
      willingPlaces: place,
      willingCodes: kw,
      maxCommuteKm: float,
      expectedMonthlyWage: float,
      availableFrom: date,
      priorityGroups: kw,
      status: kw,
      updatedAt: date,
    },
  },
};

/** Name, phone and ID number live here, apart from the searchable profile; no search ever reads this index. */
export const workerPrivateIndex: IndexDefinition = {
  name: 'worker-private',
  version: 1,
  mappings: {
    dynamic: false,
    properties: { workerId: kw, private: stored, consent: stored, updatedAt: date },
  },
};

export const fairsIndex: IndexDefinition = {
  name: 'fairs',
  version: 1,
  mappings: {
    dynamic: false,
    properties: { id: kw, name: kw, nameSeg: seg, startDate: date, endDate: date, online: bool, firmIds: kw },
  },
};

const swapPost: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: kw,
    firmId: kw,
    headcount: int,
    committed: int,
    occupations: { properties: { code: kw, name: kw } },
    skills: kw,
    from: date,
    to: date,
    place,
    status: kw,
    updatedAt: date,
  },
};

export const surplusIndex: IndexDefinition = { name: 'swap-surplus', version: 1, mappings: swapPost };
export const shortageIndex: IndexDefinition = { name: 'swap-shortage', version: 1, mappings: swapPost };

export const agreementsIndex: IndexDefinition = {
  name: 'swap-agreements',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      id: kw,
      surplusId: kw,
      shortageId: kw,
      lenderFirmId: kw,
      borrowerFirmId: kw,
      headcount: int,
      from: date,
      to: date,
      status: kw,
      createdAt: date,
      updatedAt: date,
      terms: stored,
      history: stored,
    },
  },
};

/*
 * The two intention indices take 1.5 documents per intention on the intent worker's hot path, so they index
 * only what a query reads (issue #14): every other field stays in `_source` (`dynamic: false`), readable by id
 * and by any search's hits, but neither indexed nor in doc values. Fields read only by aggregations or sorts
 * are doc values without an inverted index (`index: false`): a term or range query on them still works, by
 * scanning doc values. What each field serves is written beside it; a new query on another field needs the
 * field mapped again and a version bump (the migration copies every document from `_source`).
 */
const kwValues: estypes.MappingProperty = { type: 'keyword', index: false };
const dateValues: estypes.MappingProperty = { type: 'date', index: false };
const intValues: estypes.MappingProperty = { type: 'integer', index: false };

export const intentionsIndex: IndexDefinition = {
  name: 'intentions',
  // v2: only the statistics' fields are mapped (v1 indexed all 17).
  version: 2,
  mappings: {
    dynamic: false,
    properties: {
      at: date, // the date filter and the per-day histogram
      fairIds: kw, // the fair filter and grouping
      // Both firms of a swap, so an employer's filter finds the swaps it lends to or borrows from.
      firmIds: kw,
      districtCode: kwValues, // groupings only
      kind: kwValues,
      priorityGroups: kwValues,
    },
  },
};

/** One document per worker–vacancy pair (or swap agreement): its furthest status and both sides' timestamps. */
export const intentionPairsIndex: IndexDefinition = {
  name: 'intention-pairs',
  // v2: fields no query reads are unmapped, sort- and aggregation-only fields are doc values only.
  version: 2,
  mappings: {
    dynamic: false,
    properties: {
      pairKey: kwValues, // the list's tie-break sort (the document id is the pair key too)
      status: kw,
      twoSided: bool,
      vacancyId: kw,
      workerId: kw,
      firmId: kw, // filters, and the distinct key enterprises of a fair
      fairIds: kw,
      firmIds: kw,
      districtCode: kwValues,
      priorityGroups: kwValues,
      keyEnterprise: bool,
      kind: kw,
      kinds: kw,
      firstAt: date,
      updatedAt: dateValues, // the list's sort
      headcount: intValues, // sums
      workerSideAt: dateValues, // an `exists` filter (whose contact a firm may see)
      twoSidedAt: date, // 初步达成就业意向 per day
    },
  },
};

export const deadLettersIndex: IndexDefinition = {
  name: 'dead-letters',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      jobId: kw,
      queue: kw,
      reason: kw,
      failedAt: date,
      replayedAt: date,
      payload: stored,
      attemptsMade: int,
    },
  },
};

export const apiKeysIndex: IndexDefinition = {
  name: 'api-keys',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      keyId: kw,
      hash: kw,
      role: kw,
      firmId: kw,
      siteId: kw,
      label: kw,
      createdAt: date,
      revoked: bool,
    },
  },
};

/*
 * Resumption monitoring (复工监测, issue #11; services/monitor). The firm's dimensions (district, industry,
 * size, key enterprise) are copied into both indices so the indicators need no join: re-marking a firm
 * refreshes its monitored-firms record, and every report write copies the firm's current ones into the report.
 */
const double: estypes.MappingProperty = { type: 'double' };
const day: estypes.MappingProperty = { type: 'date', format: 'strict_date' };
const firmDimensions: Record<string, estypes.MappingProperty> = {
  district: { properties: { code: kw, name: kw } },
  industry: kw,
  size: kw,
  isKeyEnterprise: bool,
};

/** Which firms the bureau monitors, on which weekdays (daily = all seven) and from when to when. */
export const monitoredFirmsIndex: IndexDefinition = {
  name: 'monitored-firms',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      firmId: kw,
      weekdays: int,
      schedule: kw, // the weekdays joined ("1,3,5"), so the due count groups firms of one schedule at once
      startDate: day,
      endDate: day,
      ...firmDimensions,
      frequency: stored,
      markedAt: date,
      updatedAt: date,
    },
  },
};

/** The current version of each firm's report for a day (id `${firmId}:${date}`). */
export const monitorReportsIndex: IndexDefinition = {
  name: 'monitor-reports',
  version: 1,
  settings: { refresh_interval: '1s' },
  mappings: {
    dynamic: false,
    properties: {
      firmId: kw,
      date: day,
      weekday: int,
      due: bool,
      status: kw,
      isOpen: bool,
      capacityPct: double,
      capacityWeight: double, // capacityPct × employees: Σ of it ÷ Σ employees is the weighted capacity use
      employees: { type: 'long' },
      onPost: { type: 'long' },
      openPositions: { type: 'long' },
      onPostRatio: double,
      onPostBucket: kw,
      difficulties: kw,
      policyNeeds: kw,
      ...firmDimensions,
      version: int,
      recordedBy: { properties: { source: kw, keyId: kw, user: kw } },
      recordedAt: date,
    },
  },
};

/** Every version of every report, with who wrote it and which fields changed against the version before. */
export const monitorReportHistoryIndex: IndexDefinition = {
  name: 'monitor-report-history',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      firmId: kw,
      date: day,
      version: int,
      changed: kw,
      recordedBy: { properties: { source: kw, keyId: kw, user: kw } },
      recordedAt: date,
      report: stored,
    },
  },
};

/**
 * What the monitor published from a report's open positions (the loop back to vacancies and swaps): the
 * vacancies and the shortage post it wrote through ingest's and swap's APIs (id `${firmId}:${date}`).
 */
export const monitorPublicationsIndex: IndexDefinition = {
  name: 'monitor-publications',
  version: 1,
  mappings: {
    dynamic: false,
    properties: { firmId: kw, date: day, vacancyIds: kw, shortageId: kw, updatedAt: date, items: stored },
  },
};

/**
 * Point-to-point return convoys (点对点返岗专车, issue #15; services/convoys): one document per planned vehicle,
 * its passengers and lifecycle; every seat change is optimistic-concurrency guarded (stores/src/convoys.ts).
 */
export const convoyTripsIndex: IndexDefinition = {
  name: 'convoy-trips',
  version: 1,
  mappings: {
    dynamic: false,
    properties: {
      tripId: kw,
      planId: kw,
      status: kw,
      departureDate: { type: 'date', format: 'strict_date' },
      originDistrict: kw,
      destinationDistrict: kw,
      towns: kw,
      firmIds: kw,
      workerIds: kw,
      vehicleType: kw,
      createdAt: date,
      updatedAt: date,
      passengers: stored,
      stops: stored,
      history: stored,
    },
  },
};

/** Every index, in creation order. */
export const allIndices: readonly IndexDefinition[] = [
  apiKeysIndex,
  firmsIndex,
  vacanciesIndex,
  workersIndex,
  workerPrivateIndex,
  fairsIndex,
  surplusIndex,
  shortageIndex,
  agreementsIndex,
  intentionsIndex,
  intentionPairsIndex,
  deadLettersIndex,
  monitoredFirmsIndex,
  monitorReportsIndex,
  monitorReportHistoryIndex,
  monitorPublicationsIndex,
  convoyTripsIndex,
];

/** The alias of every index for one prefix, by logical name. */
export function indexNames(prefix: string) {
  const alias = (d: IndexDefinition) => `${prefix}-${d.name}`;
  return {
    apiKeys: alias(apiKeysIndex),
    firms: alias(firmsIndex),
    vacancies: alias(vacanciesIndex),
    workers: alias(workersIndex),
    workerPrivate: alias(workerPrivateIndex),
    fairs: alias(fairsIndex),
    surplus: alias(surplusIndex),
    shortage: alias(shortageIndex),
    agreements: alias(agreementsIndex),
    intentions: alias(intentionsIndex),
    intentionPairs: alias(intentionPairsIndex),
    deadLetters: alias(deadLettersIndex),
    monitoredFirms: alias(monitoredFirmsIndex),
    monitorReports: alias(monitorReportsIndex),
    monitorReportHistory: alias(monitorReportHistoryIndex),
    monitorPublications: alias(monitorPublicationsIndex),
    convoyTrips: alias(convoyTripsIndex),
  };
}
export type IndexNames = ReturnType<typeof indexNames>;
