import { type FieldIssue, ValidationError } from '@fugong/schemas';
import type { ParsedRecord } from './records.ts';

type Kind =
  | 'text'
  | 'list'
  | 'int'
  | 'number'
  | 'bool'
  | 'date'
  | 'wageUnit'
  | 'employmentType'
  | 'education';

/** A CSV column: where its value goes in the item, how the cell is read, and the header names accepted. */
interface Column {
  path: string;
  kind: Kind;
  aliases: string[];
}

/**
 * The documented CSV columns (docs/ingest.md). Headers may be the English names or the Chinese ones a
 * bureau's spreadsheet template uses; lists are separated by `|`, `、` or `；`.
 */
export const CSV_COLUMNS: Record<string, Column> = {
  externalRef: { path: 'externalRef', kind: 'text', aliases: ['编号', '职位编号', '岗位编号', '外部编号'] },
  firmId: { path: 'firmId', kind: 'text', aliases: ['企业编号', '单位编号'] },
  title: { path: 'title', kind: 'text', aliases: ['职位', '岗位', '职位名称', '岗位名称', '招聘岗位'] },
  description: { path: 'description', kind: 'text', aliases: ['描述', '职位描述', '岗位描述', '岗位职责'] },
  occupationCodes: { path: 'occupationCodes', kind: 'list', aliases: ['职业编码', '职业代码'] },
  skills: { path: 'skills', kind: 'list', aliases: ['技能', '技能要求'] },
  totalJobOpenings: { path: 'totalJobOpenings', kind: 'int', aliases: ['人数', '招聘人数', '需求人数'] },
  wageMin: { path: 'wage.min', kind: 'number', aliases: ['最低工资', '工资下限', '薪资下限'] },
  wageMax: { path: 'wage.max', kind: 'number', aliases: ['最高工资', '工资上限', '薪资上限'] },
  wageUnit: { path: 'wage.unit', kind: 'wageUnit', aliases: ['工资单位', '计薪方式', '薪资单位'] },
  wageCurrency: { path: 'wage.currency', kind: 'text', aliases: ['币种'] },
  employmentType: { path: 'employmentType', kind: 'employmentType', aliases: ['用工形式', '工作性质'] },
  district: { path: 'workPlace.district', kind: 'text', aliases: ['区县', '工作地点', '工作区县'] },
  address: { path: 'workPlace.address', kind: 'text', aliases: ['地址', '详细地址', '工作地址'] },
  lat: { path: 'workPlace.location.lat', kind: 'number', aliases: ['纬度'] },
  lon: { path: 'workPlace.location.lon', kind: 'number', aliases: ['经度'] },
  workHours: { path: 'workHours', kind: 'text', aliases: ['工作时间'] },
  shifts: { path: 'shifts', kind: 'list', aliases: ['班次'] },
  education: { path: 'requirements.education', kind: 'education', aliases: ['学历', '学历要求'] },
  experienceYears: {
    path: 'requirements.experienceYears',
    kind: 'number',
    aliases: ['工作经验', '经验年限'],
  },
  certificates: { path: 'requirements.certificates', kind: 'list', aliases: ['证书', '资格证书'] },
  board: { path: 'benefits.board', kind: 'bool', aliases: ['包吃'] },
  lodging: { path: 'benefits.lodging', kind: 'bool', aliases: ['包住'] },
  socialInsurance: { path: 'benefits.socialInsurance', kind: 'bool', aliases: ['五险', '社保', '五险一金'] },
  benefitsOther: { path: 'benefits.other', kind: 'list', aliases: ['其他福利', '福利'] },
  fairIds: { path: 'fairIds', kind: 'list', aliases: ['招聘会', '招聘会编号'] },
  validFrom: { path: 'validFrom', kind: 'date', aliases: ['开始日期', '发布日期'] },
  validThrough: { path: 'validThrough', kind: 'date', aliases: ['截止日期', '有效期至'] },
  status: { path: 'status', kind: 'text', aliases: ['状态'] },
  source: { path: 'source', kind: 'text', aliases: ['来源'] },
};

const REQUIRED = ['externalRef', 'title', 'totalJobOpenings'];

const byHeader = new Map<string, string>();
for (const [name, col] of Object.entries(CSV_COLUMNS)) {
  byHeader.set(name.toLowerCase(), name);
  for (const a of col.aliases) byHeader.set(a, name);
}
/** Item path → the column that fills it, so a rejection names the column the person sees. */
const columnOfPath = new Map(Object.entries(CSV_COLUMNS).map(([name, c]) => [c.path, name]));

/** The column of an item path (`wage.min` → `wageMin`), or the path itself. */
export function csvColumnOf(path: string): string {
  for (let p = path; p; p = p.slice(0, Math.max(p.lastIndexOf('.'), 0))) {
    const col = columnOfPath.get(p);
    if (col) return col;
  }
  return path;
}

/** Reads the header row into column names; unknown or missing required columns are a 400 before any write. */
export function csvHeader(cells: readonly string[]): string[] {
  const issues: FieldIssue[] = [];
  const names = cells.map((raw, i) => {
    const cell = raw.trim();
    const name = byHeader.get(cell) ?? byHeader.get(cell.toLowerCase());
    if (!name) issues.push({ path: `header.${i + 1}`, message: `unknown column "${cell}"` });
    return name ?? '';
  });
  for (const r of REQUIRED) {
    if (!names.includes(r)) issues.push({ path: 'header', message: `missing required column ${r}` });
  }
  const dup = names.find((n, i) => n && names.indexOf(n) !== i);
  if (dup) issues.push({ path: 'header', message: `column ${dup} appears twice` });
  if (issues.length > 0) {
    throw new ValidationError(`CSV header: ${issues.map((i) => i.message).join('; ')}`, [
      ...issues,
      { path: 'header', message: `accepted columns: ${Object.keys(CSV_COLUMNS).join(', ')}` },
    ]);
  }
  return names;
}

/** One data row → an item object (empty cells are absent), or the cells that could not be read. */
export function csvRow(names: readonly string[], cells: readonly string[], line: number): ParsedRecord {
  if (cells.length !== names.length) {
    return {
      line,
      issues: [{ path: '(row)', message: `has ${cells.length} cells, the header has ${names.length}` }],
    };
  }
  const item: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  names.forEach((name, i) => {
    const cell = cells[i]!.trim();
    if (cell === '') return;
    const col = CSV_COLUMNS[name]!;
    const value = readCell(col.kind, cell);
    if (value === undefined)
      issues.push({ path: name, message: `cannot read "${cell}" as ${describe[col.kind]}` });
    else setPath(item, col.path, value);
  });
  return issues.length > 0 ? { line, issues } : { line, value: item };
}

const describe: Record<Kind, string> = {
  text: 'text',
  list: 'a list',
  int: 'a whole number',
  number: 'a number',
  bool: 'yes/no (true, false, 1, 0, 是, 否)',
  date: 'a date (2026-03-01 or 2026/3/1)',
  wageUnit: 'a wage unit (month, day, hour, piece, year or 月, 日, 小时, 件, 年)',
  employmentType:
    'an employment type (full_time, part_time, temporary, contract, intern, seasonal or 全职, 兼职…)',
  education: 'an education level (senior_high, bachelor… or 高中, 本科…)',
};

const WAGE_UNITS: Record<string, string> = {
  月: 'month',
  '元/月': 'month',
  天: 'day',
  日: 'day',
  '元/天': 'day',
  小时: 'hour',
  时: 'hour',
  '元/小时': 'hour',
  件: 'piece',
  计件: 'piece',
  年: 'year',
};
const EMPLOYMENT: Record<string, string> = {
  全职: 'full_time',
  兼职: 'part_time',
  临时: 'temporary',
  临时工: 'temporary',
  合同: 'contract',
  劳务派遣: 'contract',
  实习: 'intern',
  季节: 'seasonal',
  季节工: 'seasonal',
};
const EDUCATION: Record<string, string> = {
  不限: 'none',
  无: 'none',
  小学: 'primary',
  初中: 'junior_high',
  高中: 'senior_high',
  中专: 'vocational',
  技校: 'vocational',
  职高: 'vocational',
  大专: 'associate',
  专科: 'associate',
  本科: 'bachelor',
  硕士: 'master',
  研究生: 'master',
  博士: 'doctorate',
};
const TRUE = new Set(['true', '1', 'yes', 'y', '是', '有', '包', '提供', '√']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '无', '不包', '不提供', '×']);

function readCell(kind: Kind, cell: string): unknown {
  switch (kind) {
    case 'text':
      return cell;
    case 'list':
      return cell
        .split(/[|、；;]/)
        .map((s) => s.trim())
        .filter(Boolean);
    case 'int':
    case 'number': {
      // Spreadsheets write thousands separators and units: 4,500 or 4500元.
      const n = Number(cell.replace(/[,，\s]|元|人|年$/g, ''));
      if (!Number.isFinite(n) || (kind === 'int' && !Number.isInteger(n))) return undefined;
      return n;
    }
    case 'bool': {
      const v = cell.toLowerCase();
      return TRUE.has(v) ? true : FALSE.has(v) ? false : undefined;
    }
    case 'date': {
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cell);
      if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
      return Number.isNaN(Date.parse(cell)) ? undefined : cell;
    }
    case 'wageUnit':
      return WAGE_UNITS[cell] ?? cell.toLowerCase();
    case 'employmentType':
      return EMPLOYMENT[cell] ?? cell.toLowerCase();
    case 'education':
      return EDUCATION[cell] ?? cell.toLowerCase();
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const p of parts.slice(0, -1)) {
    node[p] ??= {};
    node = node[p] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}
