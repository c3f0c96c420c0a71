import { z } from 'zod';
import { Education, Id, IsoDate, PlaceInput, ResolvedPlace } from './common.ts';

export const WageUnit = z.enum(['month', 'day', 'hour', 'piece', 'year']);
export type WageUnit = z.infer<typeof WageUnit>;

/**
 * The largest wage amount accepted per unit (yuan): generous for any real posting in China, small enough
 * that monthly conversion, wage bands and the engine's numeric fields stay finite and sortable. A piece
 * rate is per item. Past these a wage is a typo or an attack (`1e308`), answered 400 naming the field.
 */
export const MAX_WAGE: Readonly<Record<WageUnit, number>> = {
  hour: 1_000,
  day: 10_000,
  month: 500_000,
  year: 5_000_000,
  piece: 10_000,
};

const MAX_WAGE_TEXT = Object.entries(MAX_WAGE)
  .map(([u, v]) => `${u} ${v}`)
  .join(', ');

/** Adds an issue when `amount` (at `path`) is past the bound for `unit`. */
export function checkWageBound(
  amount: number | undefined,
  unit: WageUnit,
  path: string,
  ctx: z.RefinementCtx,
): void {
  if (amount === undefined || amount <= MAX_WAGE[unit]) return;
  ctx.addIssue({
    code: 'custom',
    path: [path],
    message: `at most ${MAX_WAGE[unit]} CNY per ${unit} (bounds per unit: ${MAX_WAGE_TEXT})`,
  });
}

export const Wage = z
  .strictObject({
    min: z.number().nonnegative(),
    max: z.number().nonnegative().optional(),
    unit: WageUnit.default('month'),
    currency: z.string().length(3).default('CNY'),
  })
  .refine((w) => w.max === undefined || w.max >= w.min, { message: 'max must be ≥ min', path: ['max'] })
  .superRefine((w, ctx) => {
    checkWageBound(w.min, w.unit, 'min', ctx);
    checkWageBound(w.max, w.unit, 'max', ctx);
  })
  .meta({ id: 'Wage', description: `per unit at most (CNY): ${MAX_WAGE_TEXT}` });

export const EmploymentType = z.enum([
  'full_time',
  'part_time',
  'temporary',
  'contract',
  'intern',
  'seasonal',
]);
export type EmploymentType = z.infer<typeof EmploymentType>;

export const VacancyStatus = z.enum(['open', 'closed', 'filled', 'expired']);
export type VacancyStatus = z.infer<typeof VacancyStatus>;

export const VacancyInput = z
  .strictObject({
    firmId: Id.optional().describe('required for the bureau; an employer key implies its own firm'),
    title: z.string().min(1).max(200),
    description: z.string().max(20_000).default(''),
    occupationCodes: z.array(z.string().max(20)).max(10).optional(),
    skills: z.array(z.string().min(1).max(50)).max(50).default([]),
    totalJobOpenings: z.number().int().min(1).max(100_000),
    wage: Wage.optional(),
    employmentType: EmploymentType.default('full_time'),
    workPlace: PlaceInput,
    workHours: z.string().max(200).optional(),
    shifts: z.array(z.string().max(50)).max(10).optional(),
    requirements: z
      .strictObject({
        education: Education.optional(),
        experienceYears: z.number().min(0).max(50).optional(),
        certificates: z.array(z.string().min(1).max(100)).max(20).default([]),
      })
      .default({ certificates: [] }),
    benefits: z
      .strictObject({
        board: z.boolean().default(false).describe('包吃: meals provided'),
        lodging: z.boolean().default(false).describe('包住: accommodation provided'),
        socialInsurance: z.boolean().default(false).describe('五险 paid'),
        other: z.array(z.string().max(50)).max(20).default([]),
      })
      .default({ board: false, lodging: false, socialInsurance: false, other: [] }),
    fairIds: z.array(Id).max(50).default([]),
    validFrom: IsoDate.optional(),
    validThrough: IsoDate.optional(),
    status: VacancyStatus.default('open'),
    source: z.string().max(100).optional(),
  })
  .refine((v) => !v.validFrom || !v.validThrough || v.validFrom <= v.validThrough, {
    message: 'validThrough must not be before validFrom',
    path: ['validThrough'],
  })
  .meta({ id: 'VacancyInput' });
export type VacancyInput = z.infer<typeof VacancyInput>;

/** A vacancy as stored and as returned: the input plus what normalisation resolved. */
export const Vacancy = z
  .object({
    id: z.string().describe('`{firmId}:{externalRef}`'),
    externalRef: z.string(),
    firmId: z.string(),
    firmName: z.string().optional(),
    keyEnterprise: z.boolean(),
    title: z.string(),
    description: z.string(),
    occupations: z.array(z.object({ code: z.string(), name: z.string() })),
    skills: z.array(z.string()),
    totalJobOpenings: z.number(),
    openPositions: z.number().optional().describe('0 once the vacancy is closed, filled or expired'),
    wage: z
      .object({
        min: z.number(),
        max: z.number().optional(),
        unit: WageUnit,
        currency: z.string(),
        monthlyMin: z.number().nullable(),
        monthlyMax: z.number().nullable(),
      })
      .optional(),
    employmentType: EmploymentType,
    workPlace: ResolvedPlace,
    workHours: z.string().optional(),
    shifts: z.array(z.string()).optional(),
    requirements: z.object({
      education: Education.optional(),
      experienceYears: z.number().optional(),
      certificates: z.array(z.string()),
    }),
    benefits: z.object({
      board: z.boolean(),
      lodging: z.boolean(),
      socialInsurance: z.boolean(),
      other: z.array(z.string()),
    }),
    fairIds: z.array(z.string()),
    validFrom: z.string().optional(),
    validThrough: z.string().optional(),
    expiresAt: z.string().optional().describe('the instant validThrough ends (end of day, UTC+8)'),
    status: VacancyStatus,
    source: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Vacancy' });
export type Vacancy = z.infer<typeof Vacancy>;

/** What a single-vacancy write did (PUT, close, delete). */
export const VacancyWriteResult = z
  .object({
    id: z.string(),
    externalRef: z.string(),
    result: z.enum(['created', 'updated', 'unchanged', 'duplicate', 'deleted']),
    status: z.string().optional().describe('the stored status after the write'),
    duplicateOf: z.string().optional().describe('for a duplicate: the id of the vacancy it repeats'),
    warnings: z
      .array(z.object({ path: z.string(), message: z.string(), suggestions: z.array(z.string()).optional() }))
      .optional()
      .describe('kept but worth fixing: an unknown place stored as text'),
  })
  .meta({ id: 'VacancyWriteResult' });
export type VacancyWriteResult = z.infer<typeof VacancyWriteResult>;

/** Closing a vacancy: closed (withdrawn) or filled (every position taken). */
export const VacancyCloseInput = z
  .strictObject({
    status: z.enum(['closed', 'filled']).default('closed'),
    firmId: Id.optional().describe('required for the bureau; an employer key implies its own firm'),
  })
  .meta({ id: 'VacancyCloseInput' });

/** One entry of the change feed: the latest state of one vacancy, or a tombstone. */
export const VacancyChange = z
  .object({
    seq: z.number().int().describe('change sequence number: strictly increasing along the feed'),
    op: z.enum(['upsert', 'delete']),
    id: z.string(),
    externalRef: z.string(),
    firmId: z.string(),
    updatedAt: z.string(),
    vacancy: Vacancy.optional().describe(
      'for upserts: the public vacancy (show it only while status is open)',
    ),
  })
  .meta({ id: 'VacancyChange' });
export type VacancyChange = z.infer<typeof VacancyChange>;

export const VacancyChangesPage = z
  .object({
    changes: z.array(VacancyChange),
    next: z.string().describe('opaque cursor: pass it as `since` to continue'),
    hasMore: z.boolean().describe('false: the reader has caught up; poll again later with `next`'),
  })
  .meta({ id: 'VacancyChangesPage' });
export type VacancyChangesPage = z.infer<typeof VacancyChangesPage>;
