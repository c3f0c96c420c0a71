import { inferOccupations } from '@fugong/documents';
import type { FieldIssue } from '@fugong/schemas';
import { occupationByCode, resolvePlace, suggestOccupations } from '@fugong/text';
import { htmlToText, isoDateTime, list, num, text, words } from './values.ts';

/** A JobPosting mapped to a bulk item: the item, the reasons it cannot be stored, and notes on what was lost. */
export interface MappedPosting {
  value?: Record<string, unknown>;
  issues: FieldIssue[];
  notes: FieldIssue[];
}

const EMPLOYMENT: Record<string, string> = {
  full_time: 'full_time',
  fulltime: 'full_time',
  part_time: 'part_time',
  parttime: 'part_time',
  contractor: 'contract',
  contract: 'contract',
  temporary: 'temporary',
  per_diem: 'temporary',
  intern: 'intern',
  internship: 'intern',
  seasonal: 'seasonal',
};
const UNITS: Record<string, string> = { HOUR: 'hour', DAY: 'day', MONTH: 'month', YEAR: 'year' };
const EDUCATION: Array<[RegExp, string]> = [
  [/doctor|ph\.?d|博士/i, 'doctorate'],
  [/master|硕士|研究生/i, 'master'],
  [/bachelor|本科|学士/i, 'bachelor'],
  [/associate|大专|专科/i, 'associate'],
  [/vocational|中专|技校|职高/i, 'vocational'],
  [/high school|高中/i, 'senior_high'],
  [/初中/i, 'junior_high'],
];

/**
 * Maps one Schema.org `JobPosting` to a bulk item (the single-vacancy body plus `externalRef`). What the
 * platform needs and a posting may lack is an issue that says why it is needed: `identifier` (re-imports must
 * update, not copy), `title`, and an occupation of China's classification (matching runs on occupation codes).
 * What has no equivalent here is a note, never dropped silently.
 */
export function jobPostingToItem(node: Record<string, unknown>): MappedPosting {
  const issues: FieldIssue[] = [];
  const notes: FieldIssue[] = [];
  const types = list(node['@type']).map(String);
  if (!types.includes('JobPosting')) {
    const what = types.join(', ') || 'no @type';
    issues.push({
      path: '@type',
      message: `${what} is not a JobPosting: only JobPosting nodes are imported as vacancies`,
    });
    return { issues, notes };
  }
  const item: Record<string, unknown> = {};
  const ref = externalRef(node, notes);
  if (ref) item['externalRef'] = ref;
  else {
    issues.push({
      path: 'identifier',
      message:
        'required: the posting\'s own reference, e.g. "identifier": {"@type": "PropertyValue", "value": "J-123"} ' +
        '(or @id / url), so importing it again updates it instead of storing a second copy',
    });
  }
  const title = text(node['title']) ?? text(node['name']);
  if (title) item['title'] = title.slice(0, 200);
  else
    issues.push({
      path: 'title',
      message: 'required: what the job is called (title or name); seekers search and read it',
    });

  const extra: string[] = [];
  const description = [
    htmlToText(text(node['description']) ?? ''),
    ...labelled(node, ['responsibilities', 'qualifications']),
  ]
    .filter(Boolean)
    .join('\n');
  const codes = occupationCodes(node, notes);
  if (codes.length > 0) item['occupationCodes'] = codes;
  mapSkills(node, item, notes);
  mapWage(node, item, notes);
  mapEmployment(node, item, notes);
  mapPlace(node, item, notes);
  mapRequirements(node, item, notes, extra);
  mapBenefits(node, item);
  const openings = num(node['totalJobOpenings']);
  if (openings !== undefined && Number.isInteger(openings) && openings >= 1)
    item['totalJobOpenings'] = openings;
  else {
    item['totalJobOpenings'] = 1;
    notes.push({ path: 'totalJobOpenings', message: 'not given: read as 1 opening' });
  }
  const from = isoDateTime(text(node['datePosted']));
  if (from) item['validFrom'] = from.slice(0, 10);
  const through = text(node['validThrough']);
  if (through) {
    const iso = isoDateTime(through);
    if (iso) {
      item['validThrough'] = iso;
      if (iso !== through && !/^\d{4}-\d{2}-\d{2}$/.test(through))
        notes.push({
          path: 'validThrough',
          message: `read as ${iso} (no offset given: China Standard Time)`,
        });
    } else issues.push({ path: 'validThrough', message: `"${through}" is not an ISO 8601 date` });
  }
  const hours = text(node['workHours']);
  if (hours) item['workHours'] = hours.slice(0, 200);
  const fullDescription = [description, ...extra].filter(Boolean).join('\n');
  if (fullDescription) item['description'] = fullDescription.slice(0, 20_000);

  if (title && codes.length === 0 && inferOccupations(title, fullDescription).length === 0) {
    const suggestions = suggestOccupations(title, 3).map((s) => `${s.name} (${s.code})`);
    issues.push({
      path: 'occupationalCategory',
      message:
        `required: no occupation of China's classification (GB/T 6565-2022) recognised in the title "${title}"; ` +
        'workers are matched to vacancies by occupation, so give occupationalCategory as a GB/T 6565 code ' +
        '(e.g. "6-31-01-03" for 电工) or a Chinese title such as 电工, 普工 or 软件工程师',
      ...(suggestions.length > 0 ? { suggestions } : {}),
    });
  }
  return issues.length > 0 ? { issues, notes } : { value: item, issues, notes };
}

/** identifier (text, number or PropertyValue), else @id, else url; made URL-safe as an externalRef must be. */
function externalRef(node: Record<string, unknown>, notes: FieldIssue[]): string | undefined {
  const id = list(node['identifier'])[0];
  const raw =
    (typeof id === 'object' && id !== null ? text((id as Record<string, unknown>)['value']) : text(id)) ??
    text(node['@id']) ??
    text(node['url']);
  if (!raw) return undefined;
  const safe = raw
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/[^A-Za-z0-9._:~-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128);
  if (!safe) return undefined;
  if (safe !== raw)
    notes.push({
      path: 'identifier',
      message: `"${raw}" stored as externalRef "${safe}" (letters, digits and . _ : ~ - only)`,
    });
  return safe;
}

function occupationCodes(node: Record<string, unknown>, notes: FieldIssue[]): string[] {
  const relevant = list(node['relevantOccupation']).flatMap((o) =>
    list((o as Record<string, unknown>)?.['occupationalCategory']),
  );
  const out: string[] = [];
  for (const c of [...list(node['occupationalCategory']), ...relevant]) {
    const value =
      typeof c === 'object' && c !== null ? text((c as Record<string, unknown>)['codeValue']) : text(c);
    if (!value) continue;
    const code = value.split(/\s/)[0]!;
    if (occupationByCode(code)) out.push(code);
    else
      notes.push({
        path: 'occupationalCategory',
        message: `"${value}" is not a code of China's occupation classification (GB/T 6565): ignored`,
      });
  }
  return [...new Set(out)].slice(0, 10);
}

function mapSkills(node: Record<string, unknown>, item: Record<string, unknown>, notes: FieldIssue[]): void {
  const skills: string[] = [];
  for (const s of list(node['skills'])) {
    if (typeof s === 'object' && s !== null) {
      const term = s as Record<string, unknown>;
      const name = text(term['name']) ?? text(term['description']) ?? text(term['termCode']);
      if (name) skills.push(name);
    } else skills.push(...words(text(s) ?? ''));
  }
  const kept = skills.filter((s) => s.length <= 50);
  if (kept.length < skills.length)
    notes.push({
      path: 'skills',
      message: 'skills longer than 50 characters were left out: list short skills',
    });
  if (kept.length > 0) item['skills'] = [...new Set(kept)].slice(0, 50);
}

function mapWage(node: Record<string, unknown>, item: Record<string, unknown>, notes: FieldIssue[]): void {
  const salary = node['baseSalary'] ?? node['estimatedSalary'];
  if (salary === undefined) return;
  const amount = (typeof salary === 'object' && salary !== null ? salary : { value: salary }) as Record<
    string,
    unknown
  >;
  const value = amount['value'];
  const q = (typeof value === 'object' && value !== null ? value : { value }) as Record<string, unknown>;
  const min = num(q['minValue']) ?? num(q['value']);
  const max = num(q['maxValue']) ?? (num(q['minValue']) !== undefined ? num(q['value']) : undefined);
  const currency = (text(amount['currency']) ?? text(node['salaryCurrency']) ?? 'CNY').toUpperCase();
  const unitText = text(q['unitText'])?.toUpperCase();
  if (min === undefined || (min === 0 && !max)) {
    notes.push({ path: 'baseSalary', message: 'no amount (or 0): stored without a wage' });
    return;
  }
  const unit = unitText ? UNITS[unitText] : 'month';
  if (!unit) {
    notes.push({
      path: 'baseSalary.value.unitText',
      message: `${unitText} is not supported (HOUR, DAY, MONTH, YEAR): stored without a wage`,
    });
    return;
  }
  if (!unitText) notes.push({ path: 'baseSalary', message: 'no unitText: read as per month' });
  item['wage'] = { min, ...(max !== undefined && max >= min ? { max } : {}), unit, currency };
}

function mapEmployment(
  node: Record<string, unknown>,
  item: Record<string, unknown>,
  notes: FieldIssue[],
): void {
  const given = list(node['employmentType'])
    .map((t) => text(t))
    .filter((t): t is string => Boolean(t));
  const mapped = given.map((t) => EMPLOYMENT[t.toLowerCase().replace(/[\s-]+/g, '_')]);
  const first = mapped.find(Boolean);
  if (first) item['employmentType'] = first;
  if (given.length > 1 || (given.length > 0 && !first)) {
    notes.push({ path: 'employmentType', message: `${given.join(', ')}: stored as ${first ?? 'full_time'}` });
  }
}

function mapPlace(node: Record<string, unknown>, item: Record<string, unknown>, notes: FieldIssue[]): void {
  const locations = list(node['jobLocation']) as Array<Record<string, unknown>>;
  if (locations.length > 1)
    notes.push({ path: 'jobLocation', message: 'several places: only the first is stored' });
  const loc = locations[0];
  const place: Record<string, unknown> = {};
  if (loc && typeof loc === 'object') {
    const addr = loc['address'];
    if (typeof addr === 'string') place['address'] = addr.slice(0, 256);
    else if (addr && typeof addr === 'object') {
      const a = addr as Record<string, unknown>;
      const parts = ['streetAddress', 'addressLocality', 'addressRegion', 'postalCode', 'addressCountry'].map(
        (k) => text(a[k]),
      );
      const candidates = [text(a['addressLocality']), text(a['addressRegion'])].filter((c): c is string =>
        Boolean(c),
      );
      // The most specific name the place index knows; an unknown one is kept as text (and flagged on write).
      const district = candidates.find((c) => resolvePlace(c)) ?? candidates[0];
      if (district) place['district'] = district.slice(0, 64);
      const joined = parts.filter(Boolean).join(', ');
      if (joined) place['address'] = joined.slice(0, 256);
    }
    const geo = loc['geo'] as Record<string, unknown> | undefined;
    const lat = num(geo?.['latitude']);
    const lon = num(geo?.['longitude']);
    if (lat !== undefined && lon !== undefined) place['location'] = { lat, lon };
  }
  if (text(node['jobLocationType']) === 'TELECOMMUTE')
    notes.push({ path: 'jobLocationType', message: 'remote work is not modelled: stored without a place' });
  item['workPlace'] = place;
}

function mapRequirements(
  node: Record<string, unknown>,
  item: Record<string, unknown>,
  notes: FieldIssue[],
  extra: string[],
): void {
  const req: Record<string, unknown> = {};
  const edu = list(node['educationRequirements'])
    .map((e) =>
      typeof e === 'object' && e !== null
        ? text((e as Record<string, unknown>)['credentialCategory'])
        : text(e),
    )
    .filter((e): e is string => Boolean(e));
  for (const e of edu) {
    const level = EDUCATION.find(([re]) => re.test(e))?.[1];
    if (level && !req['education']) req['education'] = level;
    else extra.push(`Education: ${e}`);
  }
  const exp = node['experienceRequirements'];
  const months =
    typeof exp === 'object' && exp !== null
      ? num((exp as Record<string, unknown>)['monthsOfExperience'])
      : undefined;
  const yearsText = /(\d+(?:\.\d+)?)\s*(?:\+\s*)?(?:years?|年)/i.exec(text(exp) ?? '')?.[1];
  const years =
    months !== undefined ? Math.round((months / 12) * 10) / 10 : yearsText ? Number(yearsText) : undefined;
  if (years !== undefined && years <= 50) req['experienceYears'] = years;
  else if (text(exp)) {
    extra.push(`Experience: ${text(exp)}`);
    notes.push({
      path: 'experienceRequirements',
      message: 'no number of years found: kept in the description',
    });
  }
  if (Object.keys(req).length > 0) item['requirements'] = req;
}

function mapBenefits(node: Record<string, unknown>, item: Record<string, unknown>): void {
  const raw = list(node['jobBenefits'])
    .map((b) => text(b))
    .filter((b): b is string => Boolean(b))
    .join('、');
  if (!raw) return;
  const other = words(raw)
    .filter((w) => w.length <= 50)
    .slice(0, 20);
  item['benefits'] = {
    board: /包吃|包食|供餐|meals/i.test(raw),
    lodging: /包住|住宿|宿舍|housing|lodging/i.test(raw),
    socialInsurance: /五险|社保|social insurance/i.test(raw),
    other,
  };
}

/** Texts of the listed properties with their names, for the description (nothing the employer wrote is lost). */
function labelled(node: Record<string, unknown>, keys: string[]): string[] {
  return keys.flatMap((k) => {
    const v = text(node[k]);
    return v ? [`${k[0]!.toUpperCase()}${k.slice(1)}: ${htmlToText(v)}`] : [];
  });
}
