import { createHash } from 'node:crypto';
import type { VacancyInput, VacancyStatus } from '@fugong/schemas';
import {
  certificatesRequired,
  cutWords,
  indexText,
  monthlyWage,
  normalizeText,
  pinyinKeys,
  type ShiftTag,
  shiftTags,
  synonymGroupsForCode,
  wageBand,
} from '@fugong/text';
import {
  inferOccupations,
  type OccupationRef,
  occupationPaths,
  resolveOccupationList,
} from './occupations.ts';
import { type DocIssue, type PlaceDoc, placeDoc } from './place.ts';

/** The firm a vacancy belongs to, as ingest knows it at write time. */
export interface VacancyFirm {
  id: string;
  name?: string;
  keyEnterprise: boolean;
}

/** A vacancy as stored in the vacancies index (see vacanciesIndex in @fugong/search for the mapping). */
export interface VacancyDoc {
  id: string;
  externalRef: string;
  firmId: string;
  firmName?: string;
  firmNameSeg?: string;
  keyEnterprise: boolean;
  title: string;
  titleSeg: string;
  description: string;
  descriptionSeg: string;
  occupations: OccupationRef[];
  occupationPath: string[];
  /** Official names and colloquial titles of the occupations, segmented: 普工 finds 操作工 postings. */
  occupationSeg: string;
  skills: string[];
  skillsSeg: string;
  totalJobOpenings: number;
  openPositions: number;
  wage?: {
    min: number;
    max?: number;
    unit: string;
    currency: string;
    monthlyMin: number | null;
    monthlyMax: number | null;
    band?: string;
  };
  employmentType: string;
  workPlace: PlaceDoc;
  workHours?: string;
  shifts?: string[];
  /** Shift patterns stated in the shifts, hours, title or description (白班 → day): `q=白班` filters on them. */
  shiftTags: ShiftTag[];
  /**
   * certificates as written (normalised, for display); certificateIds the canonical ids they require
   * (驾驶证a2 → driving:a2), matched on; certificateCount how many ids, so a terms_set query demands all.
   */
  requirements: {
    education?: string;
    experienceYears?: number;
    certificates: string[];
    certificateIds: string[];
    certificateCount: number;
  };
  benefits: { board: boolean; lodging: boolean; socialInsurance: boolean; other: string[] };
  fairIds: string[];
  validFrom?: string;
  validThrough?: string;
  /** The instant validThrough ends (a calendar date ends at 23:59:59.999 UTC+8): searches filter on it. */
  expiresAt?: string;
  status: VacancyStatus;
  source?: string;
  fingerprint: string;
  suggest: { input: string[] };
  createdAt: string;
  updatedAt: string;
}

/** The stable id of a vacancy: the firm and the employer's own reference. */
export const vacancyId = (firmId: string, externalRef: string): string => `${firmId}:${externalRef}`;

/**
 * Normalises a validated vacancy into its stored document. Issues (unknown place, unknown occupation code,
 * no occupation found) are returned, not thrown: the caller decides which reject the document.
 */
export function vacancyDocument(
  externalRef: string,
  input: VacancyInput,
  firm: VacancyFirm,
  now: Date,
): { doc: VacancyDoc; issues: DocIssue[] } {
  const issues: DocIssue[] = [];
  const occupations = input.occupationCodes?.length
    ? resolveOccupationList(input.occupationCodes, 'occupationCodes', issues)
    : inferOccupations(input.title, input.description);
  if (occupations.length === 0 && !input.occupationCodes?.length) {
    issues.push({
      path: 'occupationCodes',
      message: 'no occupation recognised in the title; give occupationCodes',
    });
  }
  const workPlace = placeDoc(input.workPlace, 'workPlace', issues);
  const skills = [...new Set(input.skills.map(normalizeText).filter(Boolean))];
  const wage = input.wage ? wageDoc(input.wage) : undefined;
  const validThrough = input.validThrough;
  const expired = validThrough !== undefined && endOfDay(validThrough) < now.getTime();
  const status: VacancyStatus = input.status === 'open' && expired ? 'expired' : input.status;
  const synonymTerms = occupationTerms(occupations, normalizeText(input.title));
  const iso = now.toISOString();
  const doc: VacancyDoc = {
    id: vacancyId(firm.id, externalRef),
    externalRef,
    firmId: firm.id,
    ...(firm.name ? { firmName: firm.name, firmNameSeg: indexText(firm.name) } : {}),
    keyEnterprise: firm.keyEnterprise,
    title: input.title,
    titleSeg: indexText(input.title),
    description: input.description,
    descriptionSeg: indexText(input.description.slice(0, 5000)),
    occupations,
    occupationPath: occupationPaths(occupations),
    occupationSeg: indexText([...new Set(synonymTerms)].join(' ')),
    skills,
    skillsSeg: indexText(skills.join(' ')),
    totalJobOpenings: input.totalJobOpenings,
    openPositions: status === 'open' ? input.totalJobOpenings : 0,
    ...(wage ? { wage } : {}),
    employmentType: input.employmentType,
    workPlace,
    ...(input.workHours ? { workHours: input.workHours } : {}),
    ...(input.shifts ? { shifts: input.shifts } : {}),
    shiftTags: shiftTags(...(input.shifts ?? []), input.workHours, input.title, input.description),
    requirements: {
      ...(input.requirements.education ? { education: input.requirements.education } : {}),
      ...(input.requirements.experienceYears !== undefined
        ? { experienceYears: input.requirements.experienceYears }
        : {}),
      certificates: [...new Set(input.requirements.certificates.map(normalizeText))],
      certificateIds: certificatesRequired(input.requirements.certificates),
      certificateCount: certificatesRequired(input.requirements.certificates).length,
    },
    benefits: { ...input.benefits },
    fairIds: [...new Set(input.fairIds)],
    ...(input.validFrom ? { validFrom: input.validFrom } : {}),
    ...(validThrough ? { validThrough, expiresAt: new Date(endOfDay(validThrough)).toISOString() } : {}),
    status,
    ...(input.source ? { source: input.source } : {}),
    fingerprint: vacancyFingerprint(
      firm.id,
      input.title,
      workPlace.code ?? workPlace.text ?? '',
      wage?.monthlyMin ?? null,
      wage?.monthlyMax ?? null,
    ),
    suggest: { input: suggestInputs(input.title, occupations, firm.name) },
    createdAt: iso,
    updatedAt: iso,
  };
  return { doc, issues };
}

/**
 * Official names and colloquial titles of a posting's occupations, for `occupationSeg`. A code can carry
 * several synonym groups (装配工 is a machinery and an electronics assembler, and the electronics group holds
 * 电子厂普工); when a group's title is in the posting's own title, only those groups count, so a 装配工 posting
 * is not found by 普工 through a sibling group's title. With no title match, every group of the codes counts.
 */
function occupationTerms(occupations: readonly OccupationRef[], title: string): string[] {
  const terms: string[] = [];
  for (const o of occupations) {
    const groups = synonymGroupsForCode(o.code);
    const named = groups.filter((g) => g.terms.some((t) => title.includes(t)));
    terms.push(o.name, ...(named.length > 0 ? named : groups).flatMap((g) => g.terms));
  }
  return terms;
}

function wageDoc(w: NonNullable<VacancyInput['wage']>): NonNullable<VacancyDoc['wage']> {
  const monthlyMin = monthlyWage(w.min, w.unit);
  const monthlyMax = w.max !== undefined ? monthlyWage(w.max, w.unit) : monthlyMin;
  return {
    min: w.min,
    ...(w.max !== undefined ? { max: w.max } : {}),
    unit: w.unit,
    currency: w.currency,
    monthlyMin,
    monthlyMax,
    ...(monthlyMin !== null ? { band: wageBand(monthlyMin) } : {}),
  };
}

/**
 * The same posting re-imported under another reference has the same fingerprint: firm, normalised title,
 * place and monthly wage range.
 */
export function vacancyFingerprint(
  firmId: string,
  title: string,
  place: string,
  monthlyMin: number | null,
  monthlyMax: number | null,
): string {
  const key = [
    firmId,
    normalizeText(title).replace(/\s+/g, ''),
    place,
    monthlyMin ?? '',
    monthlyMax ?? '',
  ].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/**
 * Completion inputs: the title, its pinyin keys (pugong, pg), the occupations' names, the firm's name, and the
 * full pinyin of the title's words, so `pugong` also completes 防护服生产普工.
 */
function suggestInputs(title: string, occupations: readonly OccupationRef[], firmName?: string): string[] {
  const t = normalizeText(title);
  const firm = firmName ? normalizeText(firmName) : '';
  const words = cutWords(t).filter((w) => w.length >= 2 && w !== t);
  const wordKeys = words.map((w) => pinyinKeys(w)[0] ?? '');
  return [...new Set([t, ...pinyinKeys(t), ...occupations.map((o) => o.name), firm, ...wordKeys])]
    .filter((s) => s.length > 0)
    .slice(0, 16);
}

/** A calendar date means "through the end of that day" (in UTC+8, the platform's time zone). */
export function endOfDay(date: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T23:59:59.999+08:00`) : Date.parse(date);
}

/** The stored fields that say what a vacancy is, without timestamps: equal means "unchanged". */
export function vacancyContent(doc: VacancyDoc): Omit<VacancyDoc, 'createdAt' | 'updatedAt'> {
  const { createdAt: _c, updatedAt: _u, ...content } = doc;
  return content;
}
