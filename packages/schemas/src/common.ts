import { z } from 'zod';
import { ValidationError } from './errors.ts';

/** A stable id chosen by the source system or the bureau: URL-safe so it can sit in a path. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:~-]*$/,
    'letters, digits and . _ : ~ - only, starting with a letter or digit',
  );

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * What is wrong with a value that is not an {@link IsoDate}: a date that does not exist (`2026-02-30`) is
 * named as such, anything else gets the expected shape.
 */
export function isoDateProblem(input: unknown): string {
  const shape = 'expected a date YYYY-MM-DD or an ISO 8601 timestamp with offset (2026-03-01T08:00:00+08:00)';
  if (typeof input !== 'string') return `${shape}; got ${input === null ? 'null' : typeof input}`;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(input);
  if (!m) return shape;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `${input.slice(0, 10)} does not exist: there is no month ${m[2]}`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > days) {
    return `${input.slice(0, 10)} does not exist: ${MONTHS[month - 1]} ${year} has ${days} days`;
  }
  return shape;
}

/**
 * Whether a timestamp's UTC offset is one a clock can show (-12:00 … +14:00). ISO 8601's shape allows
 * `-20:03`; the engine refuses anything beyond ±18:00, so such a value must be a 400 here, not a 500 at write.
 */
function realOffset(value: string): boolean {
  const m = /T.*([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (!m) return true;
  const minutes = (Number(m[2]) * 60 + Number(m[3])) * (m[1] === '-' ? -1 : 1);
  return minutes >= -12 * 60 && minutes <= 14 * 60;
}

/** A calendar date (`2020-03-01`) or a full ISO timestamp with a real UTC offset. */
export const IsoDate = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: (issue) => isoDateProblem(issue.input),
  })
  .refine(realOffset, { message: 'the UTC offset must be between -12:00 and +14:00' });

export const GeoPoint = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .meta({ id: 'GeoPoint' });
export type GeoPoint = z.infer<typeof GeoPoint>;

/** A place as a client writes it: a district/city name or GB/T 2260 code, an address, optional coordinates. */
export const PlaceInput = z
  .strictObject({
    district: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('District, county or city: a name (薛城区, 枣庄) or GB/T 2260 code'),
    address: z.string().max(256).optional(),
    location: GeoPoint.optional(),
  })
  .meta({ id: 'PlaceInput' });
export type PlaceInput = z.infer<typeof PlaceInput>;

/** A place after resolution: codes from GB/T 2260, or `resolved: false` with the text kept. */
export const ResolvedPlace = z
  .object({
    text: z.string().optional(),
    resolved: z.boolean(),
    code: z.string().optional(),
    name: z.string().optional(),
    cityCode: z.string().optional(),
    provinceCode: z.string().optional(),
    address: z.string().optional(),
    location: GeoPoint.optional(),
  })
  .meta({ id: 'ResolvedPlace' });
export type ResolvedPlace = z.infer<typeof ResolvedPlace>;

export const Education = z.enum([
  'none',
  'primary',
  'junior_high',
  'senior_high',
  'vocational',
  'associate',
  'bachelor',
  'master',
  'doctorate',
]);
export type Education = z.infer<typeof Education>;

/** The seed's priority groups (重点群体). */
export const PriorityGroup = z.enum(['migrant_worker', 'graduate', 'poverty_registered']);
export type PriorityGroup = z.infer<typeof PriorityGroup>;

export const Page = z.object({
  page: z.coerce.number().int().min(1).default(1),
  size: z.coerce.number().int().min(1).max(100).default(20),
});

/** The one error body every service answers with. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The engine's `index.max_result_window`: `from + size` may not pass it. */
export const MAX_RESULT_WINDOW = 10_000;

/**
 * The `from` of a page, or a 400 naming `page` when the page lies past the engine's result window (the engine
 * would refuse it with an error that is ours to prevent, not the client's to see as a 500).
 */
export function pageOffset(page: number, size: number): number {
  if (page * size > MAX_RESULT_WINDOW) {
    const last = Math.floor(MAX_RESULT_WINDOW / size);
    throw new ValidationError(`page: at most page ${last} with size ${size}`, [
      {
        path: 'page',
        message: `page × size may not exceed ${MAX_RESULT_WINDOW}: the last page with size ${size} is ${last}; narrow the filters`,
      },
    ]);
  }
  return (page - 1) * size;
}
