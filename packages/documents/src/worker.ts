import type { WorkerInput } from '@fugong/schemas';
import { certificatesHeld, indexText, maskName, monthlyWage, normalizeText } from '@fugong/text';
import { type OccupationRef, occupationPaths, resolveOccupationList } from './occupations.ts';
import { type DocIssue, type PlaceDoc, placeDoc } from './place.ts';

/** The searchable, private-data-free worker profile (see workersIndex in @fugong/search). */
export interface WorkerDoc {
  id: string;
  maskedName: string;
  occupations: OccupationRef[];
  occupationPath: string[];
  skills: string[];
  skillsSeg: string;
  summarySeg: string;
  /** As written (normalised), for display. */
  certificates: string[];
  /** Canonical ids held, with what they cover (A2驾照 → driving:a2, driving:b2, driving:c1 …): matched on. */
  certificateIds: string[];
  experienceYears: number;
  education?: string;
  currentPlace: PlaceDoc;
  willingPlaces: PlaceDoc[];
  /** Codes of the current and willing places and their ancestors: "willing to work in 薛城区" is one term. */
  willingCodes: string[];
  maxCommuteKm: number;
  expectedMonthlyWage: number | null;
  availableFrom?: string;
  priorityGroups: string[];
  status: string;
  updatedAt: string;
}

/** Name, phone and ID number: stored in their own index, read only for the bureau or a linked firm. */
export interface WorkerPrivateDoc {
  workerId: string;
  private: WorkerInput['private'];
  consent: WorkerInput['consent'];
  updatedAt: string;
}

/**
 * Splits a validated worker profile into the searchable document and the private one. Unknown occupations
 * and places are issues (the caller rejects unknown occupations; places are kept as text).
 */
export function workerDocuments(
  id: string,
  input: WorkerInput,
  now: Date,
): { doc: WorkerDoc; privateDoc: WorkerPrivateDoc; issues: DocIssue[] } {
  const issues: DocIssue[] = [];
  const occupations = resolveOccupationList(input.occupations, 'occupations', issues);
  const currentPlace = placeDoc(input.currentPlace, 'currentPlace', issues);
  const willingPlaces = input.willingPlaces.map((p, i) => placeDoc(p, `willingPlaces.${i}`, issues));
  const skills = [...new Set(input.skills.map(normalizeText).filter(Boolean))];
  const iso = now.toISOString();
  const doc: WorkerDoc = {
    id,
    maskedName: maskName(input.private.name),
    occupations,
    occupationPath: occupationPaths(occupations),
    skills,
    skillsSeg: indexText(skills.join(' ')),
    summarySeg: indexText((input.summary ?? '').slice(0, 5000)),
    certificates: input.certificates.map(normalizeText),
    certificateIds: certificatesHeld(input.certificates),
    experienceYears: input.experienceYears,
    ...(input.education ? { education: input.education } : {}),
    currentPlace,
    willingPlaces,
    willingCodes: [...new Set([currentPlace, ...willingPlaces].flatMap((p) => p.codes ?? []))],
    maxCommuteKm: input.maxCommuteKm,
    expectedMonthlyWage: input.expectedWage
      ? monthlyWage(input.expectedWage.min, input.expectedWage.unit)
      : null,
    ...(input.availableFrom ? { availableFrom: input.availableFrom } : {}),
    priorityGroups: [...new Set(input.priorityGroups)],
    status: input.status,
    updatedAt: iso,
  };
  return {
    doc,
    privateDoc: { workerId: id, private: input.private, consent: input.consent, updatedAt: iso },
    issues,
  };
}
