/**
 * The columns of a bureau's daily resumption sheet (复工复产情况统计表): the header a bureau writes, the
 * synonyms seen in district and county templates, and the field each one fills. Headers are compared after
 * {@link headerKey}, so `产能利用率（%）`, `* 到岗人数` and `到岗 人数(人)` all name the same column.
 */

/** What a column fills: a ReportInput field, or the row's identity (credit code, firm name, date). */
export type ColumnField =
  | 'firmName'
  | 'creditCode'
  | 'date'
  | 'status'
  | 'capacityPct'
  | 'employees'
  | 'onPost'
  | 'returnedFromOutside'
  | 'unableToReturn'
  | 'openPositions'
  | 'difficulties'
  | 'policyNeeds'
  | 'hiringNeeds'
  | 'trainingNeeds'
  | 'note';

export interface ColumnSpec {
  field: ColumnField;
  /** The bureau's own header first (used in messages when the column is missing), then synonyms. */
  headers: readonly string[];
  /** A sheet without this column cannot be read (the date may come from the title instead: see parse.ts). */
  required: boolean;
}

export const COLUMNS: readonly ColumnSpec[] = [
  { field: 'firmName', headers: ['企业名称', '单位名称', '企业全称', '单位全称'], required: false },
  {
    field: 'creditCode',
    headers: ['统一社会信用代码', '信用代码', '社会信用代码', '统一信用代码'],
    required: true,
  },
  { field: 'date', headers: ['日期', '填报日期', '报告日期', '统计日期'], required: true },
  {
    field: 'status',
    headers: ['是否开工', '开工情况', '开工状态', '是否复工', '复工情况', '复工状态'],
    required: true,
  },
  { field: 'capacityPct', headers: ['产能利用率', '产能恢复率', '产能恢复'], required: true },
  { field: 'employees', headers: ['职工总数', '在职职工数', '职工人数', '在职职工总数'], required: true },
  { field: 'onPost', headers: ['到岗人数', '到岗职工数', '在岗人数'], required: true },
  { field: 'returnedFromOutside', headers: ['返岗人数', '外地返岗人数', '外地返岗职工数'], required: false },
  { field: 'unableToReturn', headers: ['未返岗人数', '未返岗职工数'], required: false },
  { field: 'openPositions', headers: ['空岗数', '岗位空缺数', '缺工人数', '空岗人数'], required: true },
  {
    field: 'difficulties',
    headers: ['困难', '存在困难', '存在的困难', '主要困难', '困难问题'],
    required: false,
  },
  { field: 'policyNeeds', headers: ['政策需求', '政策诉求'], required: false },
  { field: 'hiringNeeds', headers: ['用工需求', '招工需求'], required: false },
  { field: 'trainingNeeds', headers: ['培训需求'], required: false },
  { field: 'note', headers: ['备注', '其他情况', '情况说明'], required: false },
];

/**
 * A header reduced to what identifies it: NFKC (full-width → half-width), no whitespace or line breaks, no
 * required-field marker (`*`, `※`), no trailing unit or hint in brackets (`（%）`, `(人)`, `（是/否）`).
 */
export function headerKey(text: string): string {
  let s = text.normalize('NFKC').replace(/\s+/g, '');
  s = s.replace(/^[*※★]+|[*※★]+$/g, '');
  // Brackets anywhere after the name: units and hints (`产能利用率(%)`, `空岗数(个)`, `困难(可多选)`).
  s = s.replace(/[(（[【][^)）\]】]*[)）\]】]/g, '');
  return s.replace(/[:：]$/, '');
}

const BY_KEY = new Map<string, ColumnSpec>();
for (const spec of COLUMNS) for (const h of spec.headers) BY_KEY.set(headerKey(h), spec);

/** The column a header names, or undefined for columns we do not read (序号, 所属行业, 联系人 …). */
export function columnFor(header: string): ColumnSpec | undefined {
  return BY_KEY.get(headerKey(header));
}

/** How a problem names a column: as the sheet wrote it, then the report field (`到岗人数 (onPost)`). */
export function problemField(header: string, field: string): string {
  return `${header} (${field})`;
}
