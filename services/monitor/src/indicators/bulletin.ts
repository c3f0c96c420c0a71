import type { Api } from '@fugong/http';
import { CalendarDay } from '@fugong/schemas';
import { MONITOR_GROUP_FIELDS, NO_GROUP, type ReportDoc, type Stores } from '@fugong/stores';
import { z } from 'zod';
import type { Figures } from '../schemas.ts';
import { type Table, tablesToCsv, tablesToXlsx } from '../sheets/index.ts';
import { addDays, isoWeekday, localDay } from '../time.ts';
import { assembleIndicators, LOOKBACK_DAYS } from './compute.ts';

/**
 * The day's bulletin (复工复产日报) as the bureau circulated it: a summary sheet (the city, then each district:
 * due, reported, coverage, 开工率, 到岗率, 空岗率, capacity use, buckets, change and the 7-day trend, with the
 * day's 初步达成就业意向) and one sheet per district listing its firms' reports and the firms that did not
 * report. The figures are the indicators endpoint's, so the two can never disagree.
 */

export const BulletinQuery = z.strictObject({
  date: CalendarDay.optional().describe('default: today in Asia/Shanghai'),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
});

const STATUS: Record<string, string> = { operating: '开工', partly: '部分开工', not_operating: '未开工' };
const DIFFICULTY: Record<string, string> = {
  workers: '缺工',
  materials: '缺原材料',
  logistics: '物流不畅',
  prevention_supplies: '缺防疫物资',
  funding: '资金困难',
  other: '其他',
};
const SOURCE: Record<string, string> = {
  firm: '企业填报',
  bureau_phone: '电话调查',
  bureau_upload: '表格导入',
};

/** A rate as a percentage with one decimal (null stays empty). */
const pct = (r: number | null): number | null => (r === null ? null : Math.round(r * 1000) / 10);

const SUMMARY_COLUMNS = [
  '区县',
  '区县代码',
  '应报企业数',
  '已报企业数',
  '报送率(%)',
  '开工企业数',
  '开工率(%)',
  '职工总数',
  '到岗人数',
  '到岗率(%)',
  '空岗数',
  '空岗率(%)',
  '产能利用率(%)',
  '到岗率≥90%企业数',
  '到岗率50%–90%企业数',
  '到岗率<50%企业数',
  '开工率较前日(百分点)',
  '近7日开工率(%)',
  '到岗率较前日(百分点)',
  '近7日到岗率(%)',
  '初步达成就业意向',
  '专车返岗人数',
];

function summaryRow(
  name: string,
  code: string,
  f: Figures,
  intentions: number | null,
  arrivals: number | null,
) {
  return [
    name,
    code,
    f.due,
    f.reported,
    pct(f.coverage),
    f.operating,
    pct(f.resumptionRate),
    f.employees,
    f.onPost,
    pct(f.staffReturnRate),
    f.openPositions,
    pct(f.vacancyRate),
    f.capacityUse === null ? null : Math.round(f.capacityUse * 10) / 10,
    f.buckets.ge90,
    f.buckets.from50to90,
    f.buckets.lt50,
    pct(f.change.resumptionRate),
    pct(f.trend7.resumptionRate),
    pct(f.change.staffReturnRate),
    pct(f.trend7.staffReturnRate),
    intentions,
    arrivals,
  ];
}

const FIRM_COLUMNS = [
  '企业名称',
  '统一社会信用代码',
  '重点企业',
  '行业',
  '报送情况',
  '是否开工',
  '产能利用率(%)',
  '职工总数',
  '到岗人数',
  '到岗率(%)',
  '空岗数',
  '困难',
  '报送方式',
];

/** The bulletin's tables for a day. */
export async function bulletinTables(stores: Stores, date: string): Promise<Table[]> {
  const field = MONITOR_GROUP_FIELDS.district;
  const [raw, schedules, intentions, arrivals, reports, due] = await Promise.all([
    stores.monitor.dailyFigures(addDays(date, -LOOKBACK_DAYS), date, field),
    stores.monitor.scheduleCounts(field),
    stores.intentionPairs.twoSidedByDay(date, date),
    stores.convoyTrips.arrivalsByDay(date, date),
    stores.monitor.allReports(date, date),
    stores.monitor.dueFirms(date, isoWeekday(date)),
  ]);
  const ind = assembleIndicators({
    from: date,
    to: date,
    by: 'district',
    raw,
    schedules,
    intentions,
    arrivals,
  });
  const day = ind.days[0]!;
  const reportedIds = new Set(reports.map((r) => r.firmId));
  const missing = due.filter((f) => !reportedIds.has(f.firmId));
  const firms = await stores.firms.getMany([
    ...reports.map((r) => r.firmId),
    ...missing.map((f) => f.firmId),
  ]);
  // District names: from the reports and the monitored firms (a district where nobody reported has no report).
  const names = new Map<string, string>();
  for (const x of [...reports, ...due]) if (x.district?.name) names.set(x.district.code, x.district.name);
  const nameOf = (code: string) => (code === NO_GROUP ? '未注明区县' : (names.get(code) ?? code));
  const groups = day.groups ?? [];
  const summary: Table = {
    name: `汇总 ${date}`,
    columns: SUMMARY_COLUMNS,
    rows: [
      summaryRow('全市', '', day.total, day.preliminaryIntentions, day.convoyArrivals),
      ...groups.map((g) =>
        summaryRow(nameOf(g.key), g.key === NO_GROUP ? '' : g.key, g, null, g.convoyArrivals ?? 0),
      ),
    ],
  };
  const firmRow = (r: ReportDoc) => {
    const firm = firms.get(r.firmId);
    return [
      firm?.name ?? r.firmId,
      firm?.creditCode ?? '',
      r.isKeyEnterprise ? '是' : '否',
      r.industry ?? '',
      '已报送',
      STATUS[r.status] ?? r.status,
      r.capacityPct,
      r.employees,
      r.onPost,
      r.employees > 0 ? pct(r.onPost / r.employees) : null,
      r.openPositions,
      r.difficulties.map((d) => DIFFICULTY[d] ?? d).join('、') +
        (r.difficultyText ? `（${r.difficultyText}）` : ''),
      SOURCE[r.recordedBy.source] ?? r.recordedBy.source,
    ];
  };
  const districtTables: Table[] = groups.map((g) => {
    const inDistrict = (d: { district?: { code: string } }) => (d.district?.code ?? NO_GROUP) === g.key;
    return {
      name: nameOf(g.key),
      columns: FIRM_COLUMNS,
      rows: [
        ...reports.filter(inDistrict).map(firmRow),
        ...missing.filter(inDistrict).map((f) => {
          const firm = firms.get(f.firmId);
          return [
            firm?.name ?? f.firmId,
            firm?.creditCode ?? '',
            f.isKeyEnterprise ? '是' : '否',
            f.industry ?? '',
            '未报送',
            null,
            null,
            null,
            null,
            null,
            null,
            '',
            '',
          ];
        }),
      ],
    };
  });
  return [summary, ...districtTables];
}

/** GET /v1/monitor/bulletin (bureau): the day's bulletin as XLSX (a sheet per table) or CSV. */
export function registerBulletinRoutes(api: Api, stores: Stores, now: () => Date): void {
  api.route({
    method: 'get',
    path: '/v1/monitor/bulletin',
    operationId: 'getMonitorBulletin',
    summary: "The day's bulletin: a summary sheet (city and districts) and a sheet per district, XLSX or CSV",
    tags: ['monitor indicators'],
    auth: ['bureau'],
    query: BulletinQuery,
    responses: {
      200: {
        description: 'the workbook (xlsx) or the tables one after another (csv, UTF-8 with BOM)',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    },
    handler: async ({ query }, _req, res) => {
      const date = query.date ?? localDay(now());
      const tables = await bulletinTables(stores, date);
      const file = `monitor-bulletin-${date}.${query.format}`;
      res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
      if (query.format === 'csv') {
        res.type('text/csv; charset=utf-8').send(tablesToCsv(tables));
        return;
      }
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await tablesToXlsx(tables));
    },
  });
}
