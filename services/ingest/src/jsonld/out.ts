import type { VacancyDoc } from '@fugong/documents';
import { resolvePlace } from '@fugong/text';

/** Schema.org employment types Google accepts, from ours. */
const EMPLOYMENT_TYPE: Record<string, string> = {
  full_time: 'FULL_TIME',
  part_time: 'PART_TIME',
  temporary: 'TEMPORARY',
  contract: 'CONTRACTOR',
  intern: 'INTERN',
  seasonal: 'TEMPORARY',
};

/** Schema.org unitText for a wage; a piece rate has none, so it is expressed as its monthly equivalent. */
const UNIT_TEXT: Record<string, string> = { hour: 'HOUR', day: 'DAY', month: 'MONTH', year: 'YEAR' };

const EDUCATION: Record<string, string> = {
  junior_high: 'middle school',
  senior_high: 'high school',
  vocational: 'high school',
  associate: 'associate degree',
  bachelor: 'bachelor degree',
  master: 'postgraduate degree',
  doctorate: 'postgraduate degree',
};

const SCRIPT_UNSAFE: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that is safe inside an HTML `<script type="application/ld+json">` element and still the same JSON:
 * `<`, `>`, `&`, U+2028 and U+2029 are written as `\u003c`-style escapes, so an employer's
 * `</script><script>…` in a title can never close the element (they can only occur inside strings, where the
 * escape means the same character).
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c]!);
}

/**
 * A stored vacancy as a Schema.org `JobPosting` with every property Google's job-posting rich results require
 * (title, description, datePosted, hiringOrganization, jobLocation) and the recommended ones we have
 * (validThrough, baseSalary, employmentType, identifier). Addresses carry `addressCountry: CN`.
 */
export function toJobPosting(doc: VacancyDoc): Record<string, unknown> {
  const org = doc.firmName ?? doc.firmId;
  return {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: doc.title,
    description: htmlDescription(doc),
    identifier: { '@type': 'PropertyValue', name: org, value: doc.id },
    datePosted: doc.validFrom ?? doc.createdAt,
    ...(doc.validThrough ? { validThrough: validThrough(doc.validThrough) } : {}),
    employmentType: EMPLOYMENT_TYPE[doc.employmentType] ?? 'OTHER',
    hiringOrganization: { '@type': 'Organization', name: org, identifier: doc.firmId },
    jobLocation: jobLocation(doc),
    ...salary(doc),
    totalJobOpenings: doc.totalJobOpenings,
    ...(doc.occupations[0]
      ? { occupationalCategory: doc.occupations.map((o) => `${o.code} ${o.name}`).join(', ') }
      : {}),
    ...(doc.skills.length > 0 ? { skills: doc.skills.join(', ') } : {}),
    ...(doc.workHours ? { workHours: doc.workHours } : {}),
    ...education(doc),
    ...(doc.requirements.experienceYears !== undefined
      ? {
          experienceRequirements: {
            '@type': 'OccupationalExperienceRequirements',
            monthsOfExperience: Math.round(doc.requirements.experienceYears * 12),
          },
        }
      : {}),
    ...benefits(doc),
    directApply: false,
  };
}

/** Google wants HTML: plain text is escaped and its line breaks kept; an empty description falls back to the title. */
function htmlDescription(doc: VacancyDoc): string {
  const text = doc.description.trim() || doc.title;
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<p>${escaped.replace(/\r?\n/g, '<br>')}</p>`;
}

/** A calendar date runs through the end of that day in China's time zone. */
function validThrough(v: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59+08:00` : v;
}

function jobLocation(doc: VacancyDoc): Record<string, unknown> {
  const p = doc.workPlace;
  const province = p.provinceCode ? resolvePlace(p.provinceCode)?.name : undefined;
  const city = p.cityCode ? resolvePlace(p.cityCode)?.name : undefined;
  const locality = [city, p.name].filter((s, i, all) => s && all.indexOf(s) === i).join('') || p.text;
  return {
    '@type': 'Place',
    address: {
      '@type': 'PostalAddress',
      ...(p.address ? { streetAddress: p.address } : {}),
      ...(locality ? { addressLocality: locality } : {}),
      ...(province ? { addressRegion: province } : {}),
      addressCountry: 'CN',
    },
    ...(p.location
      ? { geo: { '@type': 'GeoCoordinates', latitude: p.location.lat, longitude: p.location.lon } }
      : {}),
  };
}

function salary(doc: VacancyDoc): Record<string, unknown> {
  const w = doc.wage;
  if (!w) return {};
  const unitText = UNIT_TEXT[w.unit];
  const [min, max, unit] = unitText
    ? [w.min, w.max ?? w.min, unitText]
    : w.monthlyMin !== null
      ? [w.monthlyMin, w.monthlyMax ?? w.monthlyMin, 'MONTH']
      : [undefined, undefined, undefined];
  if (min === undefined) return {};
  return {
    baseSalary: {
      '@type': 'MonetaryAmount',
      currency: w.currency,
      value:
        min === max
          ? { '@type': 'QuantitativeValue', value: min, unitText: unit }
          : { '@type': 'QuantitativeValue', minValue: min, maxValue: max, unitText: unit },
    },
  };
}

function education(doc: VacancyDoc): Record<string, unknown> {
  const e = doc.requirements.education;
  const category = e ? EDUCATION[e] : undefined;
  return category
    ? {
        educationRequirements: { '@type': 'EducationalOccupationalCredential', credentialCategory: category },
      }
    : {};
}

function benefits(doc: VacancyDoc): Record<string, unknown> {
  const b = doc.benefits;
  const list = [
    ...(b.board ? ['包吃 (meals provided)'] : []),
    ...(b.lodging ? ['包住 (accommodation provided)'] : []),
    ...(b.socialInsurance ? ['五险 (social insurance)'] : []),
    ...b.other,
  ];
  return list.length > 0 ? { jobBenefits: list.join(', ') } : {};
}
