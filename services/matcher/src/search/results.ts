import type { estypes } from '@elastic/elasticsearch';
import type { VacancyDoc } from '@fugong/documents';
import { distanceKm, normalizeText, occupationByCode, resolvePlace } from '@fugong/text';
import type { VacancyHit } from './schemas.ts';

const EMPLOYMENT_LABELS: Record<string, string> = {
  full_time: '全职',
  part_time: '兼职',
  temporary: '临时',
  contract: '合同',
  intern: '实习',
  seasonal: '季节性',
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to insert as HTML (element content or a quoted attribute). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Wraps the query's words in <em> in a (normalised) text, longest words first; a window around the first match.
 * The result is an HTML fragment: everything but the <em> tags is escaped, so an employer's `<img onerror>`
 * in a title comes back as text (`&lt;img …`), never as markup a client would run.
 */
export function highlightText(text: string, words: readonly string[], window?: number): string | undefined {
  const norm = normalizeText(text);
  const ws = [...new Set(words)]
    .filter((w) => w.length > 0 && norm.includes(w))
    .sort((a, b) => b.length - a.length);
  if (ws.length === 0) return undefined;
  let start = 0;
  let end = norm.length;
  if (window !== undefined) {
    const first = Math.min(...ws.map((w) => norm.indexOf(w)));
    start = Math.max(0, first - Math.floor(window / 3));
    end = Math.min(norm.length, start + window);
  }
  const pattern = new RegExp(ws.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const slice = norm.slice(start, end);
  // Matched on the raw text, escaped piece by piece: escaping first would let a word such as `lt` match
  // inside an entity and split it.
  let marked = '';
  let last = 0;
  for (const m of slice.matchAll(pattern)) {
    marked += `${escapeHtml(slice.slice(last, m.index))}<em>${escapeHtml(m[0])}</em>`;
    last = m.index + m[0].length;
  }
  marked += escapeHtml(slice.slice(last));
  return (start > 0 ? '…' : '') + marked + (end < norm.length ? '…' : '');
}

/** A public hit from a stored vacancy: fields copied one by one, nothing else. */
export function toHit(
  doc: VacancyDoc,
  score: number | null,
  near: { lat: number; lon: number } | undefined,
  words: readonly string[] | undefined,
): VacancyHit {
  const { workPlace: p } = doc;
  const title = words ? highlightText(doc.title, words) : undefined;
  const description = words ? highlightText(doc.description ?? '', words, 120) : undefined;
  return {
    id: doc.id,
    firmId: doc.firmId,
    ...(doc.firmName ? { firmName: doc.firmName } : {}),
    keyEnterprise: doc.keyEnterprise,
    title: doc.title,
    occupations: doc.occupations,
    skills: doc.skills,
    openPositions: doc.openPositions,
    ...(doc.wage
      ? {
          wage: {
            min: doc.wage.min,
            ...(doc.wage.max !== undefined ? { max: doc.wage.max } : {}),
            unit: doc.wage.unit,
            monthlyMin: doc.wage.monthlyMin,
            monthlyMax: doc.wage.monthlyMax,
          },
        }
      : {}),
    employmentType: doc.employmentType as VacancyHit['employmentType'],
    workPlace: {
      resolved: p.resolved,
      ...(p.code ? { code: p.code } : {}),
      ...(p.name ? { name: p.name } : {}),
      ...(p.cityCode ? { cityCode: p.cityCode } : {}),
      ...(p.provinceCode ? { provinceCode: p.provinceCode } : {}),
      ...(p.address ? { address: p.address } : {}),
      ...(p.location ? { location: p.location } : {}),
    },
    benefits: {
      board: doc.benefits.board,
      lodging: doc.benefits.lodging,
      socialInsurance: doc.benefits.socialInsurance,
    },
    requirements: {
      ...(doc.requirements.experienceYears !== undefined
        ? { experienceYears: doc.requirements.experienceYears }
        : {}),
      certificates: doc.requirements.certificates,
    },
    fairIds: doc.fairIds,
    ...(doc.validThrough ? { validThrough: doc.validThrough } : {}),
    createdAt: doc.createdAt,
    score,
    ...(near && p.location ? { distanceKm: Math.round(distanceKm(near, p.location) * 100) / 100 } : {}),
    ...(title || description
      ? { highlight: { ...(title ? { title } : {}), ...(description ? { description } : {}) } }
      : {}),
  };
}

type TermsAgg = {
  buckets: Array<{
    key: string | number;
    key_as_string?: string;
    doc_count: number;
    positions: { value: number };
  }>;
};

const label = (facet: string, value: string): string | undefined => {
  if (facet === 'districts') return resolvePlace(value)?.fullName;
  if (facet === 'occupationGroups') return occupationByCode(value)?.name;
  if (facet === 'employmentTypes') return EMPLOYMENT_LABELS[value];
  if (facet === 'keyEnterprise') return value === 'true' ? '重点企业' : '其他企业';
  return undefined;
};

/** Facets from the aggregations: value, readable label, vacancies and the sum of their open positions. */
export function toFacets(aggs: Record<string, estypes.AggregationsAggregate>) {
  const facet = (name: string) =>
    ((aggs[name] as unknown as TermsAgg | undefined)?.buckets ?? []).map((b) => {
      const value = b.key_as_string ?? String(b.key);
      const l = label(name, value);
      return {
        value,
        ...(l ? { label: l } : {}),
        count: b.doc_count,
        openPositions: Math.round(b.positions.value),
      };
    });
  return {
    openPositions: Math.round((aggs['total'] as estypes.AggregationsSumAggregate | undefined)?.value ?? 0),
    districts: facet('districts'),
    occupationGroups: facet('occupationGroups'),
    wageBands: facet('wageBands'),
    employmentTypes: facet('employmentTypes'),
    fairs: facet('fairs'),
    keyEnterprise: facet('keyEnterprise'),
  };
}
