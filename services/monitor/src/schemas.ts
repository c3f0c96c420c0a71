import {
  CalendarDay,
  Id,
  MonitoredFirmInput,
  Page,
  Report,
  ReportInput,
  ReportingFrequency,
  ReportRecordedBy,
} from '@fugong/schemas';
import { z } from 'zod';
import { Nearby } from './loop/nearby.ts';

/** The request and response shapes of the monitor routes (the contract itself is in @fugong/schemas). */

export const FirmParams = z.strictObject({ firmId: Id });
export const ReportParams = z.strictObject({ firmId: Id, date: CalendarDay });

const Dimensions = {
  district: z.object({ code: z.string(), name: z.string().optional() }).optional(),
  industry: z.string().optional(),
  size: z.string().optional(),
  isKeyEnterprise: z.boolean(),
};

export const MonitoredFirmView = z
  .object({
    firmId: Id,
    frequency: ReportingFrequency,
    weekdays: z.array(z.number().int()).describe('ISO weekdays a report is due (1 = Monday); daily = 1…7'),
    startDate: CalendarDay,
    endDate: CalendarDay.optional(),
    note: z.string().optional(),
    ...Dimensions,
    markedBy: z.object({ keyId: z.string(), user: z.string().optional() }),
    markedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'MonitoredFirm' });
export type MonitoredFirmView = z.infer<typeof MonitoredFirmView>;

export const MonitoredFirmWritten = z
  .object({ result: z.enum(['created', 'updated']), firm: MonitoredFirmView })
  .meta({ id: 'MonitoredFirmWritten' });

export const MonitoredFirmStopped = z
  .object({
    firmId: Id,
    removed: z
      .boolean()
      .describe('true when no day of its period had begun: the record is gone; otherwise it ends yesterday'),
    firm: MonitoredFirmView.optional(),
  })
  .meta({ id: 'MonitoredFirmStopped' });

export const MonitoredFirmListQuery = Page.extend({
  activeOn: CalendarDay.optional().describe('only firms whose monitoring period contains this day'),
}).strict();

export const MonitoredFirmList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(MonitoredFirmView),
  })
  .meta({ id: 'MonitoredFirmList' });

export { MonitoredFirmInput, Report, ReportInput };

export const ReportWritten = z
  .object({
    result: z.enum(['created', 'updated', 'unchanged']),
    report: Report,
  })
  .meta({ id: 'MonitorReportWritten' });

export const ReportVersion = z
  .object({
    version: z.number().int(),
    changed: z.array(z.string()).describe('fields that differ from the version before (all given, for v1)'),
    recordedBy: ReportRecordedBy,
    recordedAt: z.string(),
    report: ReportInput,
  })
  .meta({ id: 'MonitorReportVersion' });

export const ReportHistory = z
  .object({ firmId: Id, date: CalendarDay, versions: z.array(ReportVersion) })
  .meta({ id: 'MonitorReportHistory' });

export const ReportListQuery = Page.extend({
  firmId: Id.optional().describe("an employer key sees only its own firm's reports"),
  from: CalendarDay.optional(),
  to: CalendarDay.optional(),
}).strict();

export const ReportList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(Report),
  })
  .meta({ id: 'MonitorReportList' });

export const IndicatorsQuery = z.strictObject({
  from: CalendarDay,
  to: CalendarDay,
  by: z
    .enum(['district', 'industry', 'keyEnterprise', 'size'])
    .optional()
    .describe('also per group of this dimension, within each day'),
});
export type IndicatorsQuery = z.infer<typeof IndicatorsQuery>;

const Rate = z.number().nullable();
const RateSet = z.object({
  coverage: Rate,
  resumptionRate: Rate,
  staffReturnRate: Rate,
  vacancyRate: Rate,
  capacityUse: Rate,
});

export const Figures = z.object({
  due: z.number().int().describe('monitored firms whose report was due that day'),
  reported: z.number().int().describe('reports for that day (any monitored firm, due or not)'),
  reportedDue: z.number().int().describe('of those, reports from firms due that day'),
  coverage: Rate.describe('reportedDue ÷ due'),
  operating: z.number().int().describe('reports with status operating or partly'),
  resumptionRate: Rate.describe('开工率: operating ÷ reported'),
  employees: z.number(),
  onPost: z.number(),
  openPositions: z.number(),
  staffReturnRate: Rate.describe('返岗率 / 到岗率: Σ onPost ÷ Σ employees'),
  vacancyRate: Rate.describe('空岗率: Σ openPositions ÷ (Σ employees + Σ openPositions)'),
  capacityUse: Rate.describe('Σ (capacityPct × employees) ÷ Σ employees, in percent'),
  buckets: z.object({
    ge90: z.number().int().describe('firms with 到岗率 ≥ 90 %'),
    from50to90: z.number().int().describe('50 % ≤ 到岗率 < 90 %'),
    lt50: z.number().int().describe('到岗率 < 50 %'),
    none: z.number().int().describe('no employees on the payroll: no 到岗率'),
  }),
  change: RateSet.describe("this day's rate minus the day before's (null when either is null)"),
  trend7: RateSet.describe(
    'pooled over the 7 days ending this day: Σ numerators ÷ Σ denominators of those days',
  ),
});
export type Figures = z.infer<typeof Figures>;

export const Indicators = z
  .object({
    from: CalendarDay,
    to: CalendarDay,
    by: z.string().optional(),
    timeZone: z.string(),
    days: z.array(
      z.object({
        date: CalendarDay,
        preliminaryIntentions: z
          .number()
          .int()
          .describe('初步达成就业意向 that day: two-sided pairs by the day the second side spoke'),
        convoyArrivals: z
          .number()
          .int()
          .describe(
            '返岗专车: workers delivered to their gate that day by an arrived convoy trip (absent ones excluded)',
          ),
        total: Figures,
        groups: z
          .array(
            Figures.extend({
              key: z.string(),
              name: z.string().optional(),
              convoyArrivals: z
                .number()
                .int()
                .optional()
                .describe('by district only: convoy arrivals at gates in this district that day'),
            }),
          )
          .optional(),
      }),
    ),
  })
  .meta({ id: 'MonitorIndicators' });
export type Indicators = z.infer<typeof Indicators>;

export const FollowUpQuery = z.strictObject({
  date: CalendarDay.optional().describe('default: today in Asia/Shanghai'),
  size: z.coerce.number().int().min(1).max(10_000).default(1000).describe('most items per list'),
});

const Contact = z.record(z.string(), z.unknown()).describe("the firm's contact as registered (bureau only)");

const FollowUpFirm = {
  firmId: z.string(),
  name: z.string().optional(),
  district: Dimensions.district,
  industry: z.string().optional(),
  isKeyEnterprise: z.boolean(),
  contact: Contact.optional(),
};

export const FollowUp = z
  .object({
    date: CalendarDay,
    thresholds: z.object({ keyEnterpriseOnPostMinPct: z.number(), openPositionsMax: z.number() }),
    missing: z.object({
      total: z.number().int(),
      items: z.array(z.object(FollowUpFirm)),
    }),
    underThreshold: z.object({
      total: z.number().int(),
      items: z.array(
        z.object({
          ...FollowUpFirm,
          figures: z.object({
            status: z.string(),
            employees: z.number(),
            onPost: z.number(),
            staffReturnRate: Rate,
            openPositions: z.number(),
            capacityPct: z.number(),
          }),
          reasons: z.array(
            z.object({
              rule: z.enum(['key_enterprise_on_post_rate', 'open_positions']),
              value: z.number(),
              threshold: z.number(),
            }),
          ),
          nearby: Nearby.optional().describe(
            'for a firm short of hands: the candidates the matcher ranks first for the vacancies published ' +
              'from its report, and open surplus posts of other firms in its trades (own district first)',
          ),
        }),
      ),
    }),
  })
  .meta({ id: 'MonitorFollowUp' });
export type FollowUp = z.infer<typeof FollowUp>;
