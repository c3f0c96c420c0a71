import { z } from 'zod';
import { Id } from './common.ts';

/**
 * Resumption monitoring (复工监测, issue #11): which firms the bureau monitors, and a firm's report for a day.
 * The shapes here are the contract between the monitor service's routes, its spreadsheet upload and its
 * demo data; the indicators' formulas are in docs/monitor.md.
 */

/** A calendar day, `YYYY-MM-DD`, that exists. In the bureau's time zone (Asia/Shanghai) where it matters. */
export const CalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'this date does not exist');

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. The seed's 108 firms reported on 1, 3 and 5. */
export const Weekday = z.number().int().min(1).max(7);

export const ReportingFrequency = z.union([
  z.literal('daily'),
  z.strictObject({ weekdays: z.array(Weekday).min(1).max(7) }),
]);
export type ReportingFrequency = z.infer<typeof ReportingFrequency>;

/** The bureau marks a registered firm as monitored (PUT /v1/monitor/firms/{firmId}). */
export const MonitoredFirmInput = z
  .strictObject({
    frequency: ReportingFrequency.describe("'daily', or { weekdays: [1, 3, 5] } (1 = Monday)"),
    startDate: CalendarDay.describe('first day a report is due'),
    endDate: CalendarDay.optional().describe('last day a report is due; open-ended when absent'),
    note: z.string().max(500).optional(),
  })
  .meta({ id: 'MonitoredFirmInput' });
export type MonitoredFirmInput = z.infer<typeof MonitoredFirmInput>;

export const OperatingStatus = z.enum(['operating', 'partly', 'not_operating']);
export type OperatingStatus = z.infer<typeof OperatingStatus>;

/** The difficulties checklist (困难): lack of workers, materials, logistics, epidemic-prevention supplies, funding. */
export const Difficulty = z.enum([
  'workers',
  'materials',
  'logistics',
  'prevention_supplies',
  'funding',
  'other',
]);
export type Difficulty = z.infer<typeof Difficulty>;

/** Support measures a firm asks for (政策需求). */
export const PolicyNeed = z.enum([
  'social_insurance_deferral', // 社保缓缴
  'social_insurance_reduction', // 社保减免
  'unemployment_insurance_refund', // 稳岗返还
  'job_subsidy', // 岗位补贴 / 吸纳就业补贴
  'training_subsidy', // 以工代训 / 培训补贴
  'loan_support', // 创业担保贷款 / 贴息
  'transport', // 点对点返岗
  'other',
]);
export type PolicyNeed = z.infer<typeof PolicyNeed>;

const Headcount = z.number().int().min(0).max(1_000_000);

/** One trade a firm is short of (用工需求): feeds vacancies and shortage posts. */
export const HiringNeed = z.strictObject({
  occupation: z.string().min(1).max(50).describe('a trade, by name or code (普工, 焊工, 6-18-02-04)'),
  headcount: z.number().int().min(1).max(100_000),
  note: z.string().max(500).optional(),
});
export type HiringNeed = z.infer<typeof HiringNeed>;

/** One trade a firm wants its staff trained in (培训需求). */
export const TrainingNeed = z.strictObject({
  occupation: z.string().min(1).max(50),
  headcount: z.number().int().min(1).max(100_000),
});
export type TrainingNeed = z.infer<typeof TrainingNeed>;

/**
 * A firm's report for one day (PUT /v1/monitor/reports/{firmId}/{date}). Cross-field rules (checked by
 * {@link reportProblems}): on post ≤ employees; returned-from-outside ≤ on post; a firm not operating has no
 * capacity use above 0; text is required with `other`.
 */
export const ReportInput = z
  .strictObject({
    status: OperatingStatus.describe('是否开工: operating, partly operating, not operating'),
    capacityPct: z.number().min(0).max(100).describe('产能利用率, 0–100'),
    employees: Headcount.describe('职工总数: employees on the payroll'),
    onPost: Headcount.describe('到岗人数: on post that day'),
    returnedFromOutside: Headcount.optional().describe(
      '返岗人数: of those on post, returned from outside the city',
    ),
    unableToReturn: Headcount.optional().describe('未返岗人数: still unable to return'),
    openPositions: Headcount.describe('空岗数: open positions'),
    difficulties: z.array(Difficulty).max(6).default([]),
    difficultyText: z.string().max(1000).optional().describe("required when difficulties include 'other'"),
    policyNeeds: z.array(PolicyNeed).max(8).default([]),
    policyText: z.string().max(1000).optional(),
    hiringNeeds: z.array(HiringNeed).max(50).default([]),
    trainingNeeds: z.array(TrainingNeed).max(50).default([]),
    note: z.string().max(1000).optional(),
  })
  .meta({ id: 'MonitorReportInput' });
export type ReportInput = z.infer<typeof ReportInput>;

/** A cross-field problem: the field it names and what is wrong. */
export interface ReportProblem {
  field: string;
  message: string;
}

/** The rules one field's schema cannot say. Empty when the report is consistent. */
export function reportProblems(r: ReportInput): ReportProblem[] {
  const out: ReportProblem[] = [];
  if (r.onPost > r.employees)
    out.push({ field: 'onPost', message: `on post (${r.onPost}) exceeds employees (${r.employees})` });
  if (r.returnedFromOutside !== undefined && r.returnedFromOutside > r.onPost)
    out.push({
      field: 'returnedFromOutside',
      message: `returned from outside (${r.returnedFromOutside}) exceeds on post (${r.onPost})`,
    });
  if (r.unableToReturn !== undefined && r.unableToReturn > r.employees - r.onPost)
    out.push({
      field: 'unableToReturn',
      message: `unable to return (${r.unableToReturn}) exceeds employees not on post (${r.employees - r.onPost})`,
    });
  if (r.status === 'not_operating' && r.capacityPct > 0)
    out.push({ field: 'capacityPct', message: 'a firm not operating has capacity use 0' });
  if (r.difficulties.includes('other') && !r.difficultyText?.trim())
    out.push({ field: 'difficultyText', message: "required when difficulties include 'other'" });
  if (new Set(r.difficulties).size !== r.difficulties.length)
    out.push({ field: 'difficulties', message: 'each difficulty at most once' });
  if (new Set(r.policyNeeds).size !== r.policyNeeds.length)
    out.push({ field: 'policyNeeds', message: 'each policy need at most once' });
  return out;
}

/** Who entered a report: the firm itself, the bureau by phone survey, or a bureau spreadsheet upload. */
export const ReportSource = z.enum(['firm', 'bureau_phone', 'bureau_upload']);
export type ReportSource = z.infer<typeof ReportSource>;

export const ReportRecordedBy = z.strictObject({
  source: ReportSource,
  /** The API key's id (and its label, the bureau user, where the key has one). */
  keyId: z.string(),
  user: z.string().optional(),
});

/** A report as returned: the input plus its firm, day, version and who entered it when. */
export const Report = ReportInput.extend({
  firmId: Id,
  date: CalendarDay,
  version: z.number().int().min(1),
  recordedBy: ReportRecordedBy,
  recordedAt: z.string(),
}).meta({ id: 'MonitorReport' });
export type Report = z.infer<typeof Report>;
