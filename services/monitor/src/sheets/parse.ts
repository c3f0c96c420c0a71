/**
 * A bureau's report sheet → one checked report per firm row. Real sheets are made for people: a title row
 * (XX区重点企业复工复产情况统计表), a header over two rows with merged group cells (职工情况 over 职工总数 |
 * 到岗人数 | 返岗人数), blank rows, a 合计 row and a 填表人 line at the end. The header is found by its
 * known column names, not by position; what cannot be read at all is a {@link SheetError}, what is wrong with
 * one row is a problem in that row's report.
 */
import { ReportInput, reportProblems } from '@fugong/schemas';
import { isValidCreditCode } from '@fugong/text';
import { COLUMNS, type ColumnField, type ColumnSpec, columnFor, problemField } from './columns.ts';
import { SheetError } from './error.ts';
import { type Grid, type GridRow, tooManyRows } from './grid.ts';
import {
  bureauToday,
  type CellValue,
  cellText,
  type Read,
  readCount,
  readDate,
  readDifficulties,
  readNeeds,
  readPercent,
  readPolicyNeeds,
  readStatus,
} from './values.ts';

/** What is wrong with one row: the column as the sheet names it with the report field, and why. */
export interface SheetProblem {
  /** `到岗人数 (onPost)`: the sheet's own header, then the ReportInput field (or creditCode, date). */
  field: string;
  message: string;
}

/** One firm row of the sheet. */
export interface SheetRow {
  /** The row number a person sees in Excel or WPS (1-based). */
  line: number;
  creditCode?: string;
  firmName?: string;
  date?: string;
  /** The checked report, present only when the row has no problems. */
  report?: ReportInput;
  problems: SheetProblem[];
}

export interface ParsedSheet {
  rows: SheetRow[];
}

export const DEFAULT_MAX_ROWS = 20_000;

/** Rows searched for the header: title, subtitle, 填报单位 and date lines come first in real sheets. */
const HEADER_SEARCH_ROWS = 30;
/** Known columns a row must name to be the header; a title or note line names none. */
const HEADER_MIN_COLUMNS = 3;

interface Header {
  /** Index in the grid of the header's first and last row (the same for a one-row header). */
  first: number;
  last: number;
  /** Column index → the column's label (the lower one where the header has two rows). */
  labels: string[];
}

function labelsOf(row: GridRow | undefined): string[] {
  return (row?.cells ?? []).map((c) => cellText(c).replace(/\s+/g, ''));
}

function knownFields(labels: string[]): number {
  return new Set(labels.map((l) => columnFor(l)?.field).filter((f) => f !== undefined)).size;
}

/**
 * The labels of a two-row header: where the lower row names a known column it wins (职工情况 / 到岗人数 →
 * 到岗人数), else the upper one (a name merged down both rows, or a group with nothing known below it).
 */
function combine(top: string[], bottom: string[]): string[] {
  const out: string[] = [];
  for (let c = 0; c < Math.max(top.length, bottom.length); c++) {
    const t = top[c] ?? '';
    const b = bottom[c] ?? '';
    out.push(b && columnFor(b) ? b : t && columnFor(t) ? t : b || t);
  }
  return out;
}

/** The first row naming enough known columns, joined with the row above or below when that names more. */
export function findHeader(grid: Grid): Header | undefined {
  for (let i = 0; i < Math.min(grid.length, HEADER_SEARCH_ROWS); i++) {
    const own = labelsOf(grid[i]);
    const n = knownFields(own);
    if (n < HEADER_MIN_COLUMNS) continue;
    const adjacent = (j: number) => grid[j] !== undefined && Math.abs(grid[j]!.line - grid[i]!.line) === 1;
    if (adjacent(i + 1)) {
      const labels = combine(own, labelsOf(grid[i + 1]));
      if (knownFields(labels) > n) return { first: i, last: i + 1, labels };
    }
    if (adjacent(i - 1)) {
      const labels = combine(labelsOf(grid[i - 1]), own);
      if (knownFields(labels) > n) return { first: i - 1, last: i, labels };
    }
    return { first: i, last: i, labels: own };
  }
  return undefined;
}

const columnLetter = (c: number): string =>
  (c >= 26 ? columnLetter(Math.floor(c / 26) - 1) : '') + String.fromCharCode(65 + (c % 26));

/** The date in a title line above the header (`填报日期：2020年2月10日`), for sheets without a date column. */
function titleDate(grid: Grid, header: Header): string | undefined {
  for (let i = 0; i < header.first; i++) {
    for (const c of grid[i]!.cells) {
      const m = /(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))/.exec(
        cellText(c),
      );
      if (!m) continue;
      const d = readDate(`${m[1]}-${m[2] ?? m[4]}-${m[3] ?? m[5]}`);
      if (d.value) return d.value;
    }
  }
  return undefined;
}

/** Which column fills which field; a missing required column or a field filled by two columns is an error. */
function mapColumns(header: Header, grid: Grid) {
  const columns = new Map<ColumnField, { index: number; label: string }>();
  header.labels.forEach((label, index) => {
    const spec = columnFor(label);
    if (!spec) return;
    const before = columns.get(spec.field);
    if (before) {
      throw new SheetError(
        problemField(label, spec.field),
        `two columns fill ${spec.field}: ${before.label} (column ${columnLetter(before.index)}) and ${label} (column ${columnLetter(index)}); keep one`,
      );
    }
    columns.set(spec.field, { index, label });
  });
  const date = columns.has('date') ? undefined : titleDate(grid, header);
  const missing = COLUMNS.filter((s) => s.required && !columns.has(s.field) && !(s.field === 'date' && date));
  if (missing.length > 0) {
    const describe = (s: ColumnSpec) =>
      s.headers.length > 1 ? `${s.headers[0]} (or ${s.headers.slice(1).join(', ')})` : s.headers[0]!;
    throw new SheetError(
      problemField(missing[0]!.headers[0]!, missing[0]!.field),
      `required column${missing.length > 1 ? 's' : ''} missing: ${missing.map(describe).join('; ')}` +
        (missing.some((s) => s.field === 'date') ? ' (or a date in the title, 2020年2月10日)' : ''),
    );
  }
  return { columns, date };
}

const TOTAL = /^(合计|总计|小计|汇总)$|合计$|^合计[:：]?/;
const FOOTNOTE = /^(注|备注|说明|填表|填报|制表|审核|联系|负责人|单位负责人|统计人|电话)/;

/**
 * Reads a report sheet: finds the header, maps the columns, and reads each firm row into a checked report
 * or a list of problems. Blank rows, 合计 / 小计 rows and notes under the table are skipped.
 *
 * @throws SheetError when there is no header, a required column is missing or there are more than `maxRows`
 *   firm rows.
 */
export function parseGrid(grid: Grid, header: Header, opts: { maxRows?: number } = {}): ParsedSheet {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const { columns, date: sheetDate } = mapColumns(header, grid);
  const today = bureauToday();
  const seen = new Map<string, number>();
  const rows: SheetRow[] = [];
  const mapped = [...columns.entries()];
  for (let k = header.last + 1; k < grid.length; k++) {
    const row = grid[k]!;
    // A date merged down the column fills blank rows too: a row is blank when nothing else is filled.
    if (mapped.every(([f, { index }]) => f === 'date' || cellText(row.cells[index] ?? null) === '')) continue;
    const texts = row.cells.map(cellText).filter((t) => t !== '');
    const identity = [columns.get('firmName'), columns.get('creditCode')]
      .map((c) => (c ? cellText(row.cells[c.index] ?? null) : ''))
      .concat(texts[0] ?? '');
    if (identity.some((t) => TOTAL.test(t.replace(/\s+/g, '')))) continue;
    if (texts.every((t) => FOOTNOTE.test(t))) continue;
    if (rows.length >= maxRows) throw tooManyRows(maxRows);
    const out = readRow(row, columns, sheetDate, today);
    if (out.creditCode && out.date && !out.problems.some((p) => p.field.endsWith('(creditCode)'))) {
      const key = `${out.creditCode} ${out.date}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        out.problems.push({
          field: problemField(columns.get('creditCode')!.label, 'creditCode'),
          message: `the same firm and date as row ${earlier}: one report per firm and day`,
        });
        delete out.report;
      } else seen.set(key, row.line);
    }
    rows.push(out);
  }
  return { rows };
}

/** The report field a problem's path starts with → the column it came from (free text sits with its list). */
const COLUMN_OF: Record<string, ColumnField> = { difficultyText: 'difficulties', policyText: 'policyNeeds' };

function readRow(
  row: GridRow,
  columns: Map<ColumnField, { index: number; label: string }>,
  sheetDate: string | undefined,
  today: string,
): SheetRow {
  const cell = (f: ColumnField): CellValue => {
    const c = columns.get(f);
    return c ? (row.cells[c.index] ?? null) : null;
  };
  const fieldName = (path: string): string => {
    const root = path.split(/[.[]/)[0]!;
    const label = columns.get((COLUMN_OF[root] ?? root) as ColumnField)?.label ?? root;
    return problemField(label, path);
  };
  const problems: SheetProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ field: fieldName(path), message });
  // Problems go last, so the row reads like the sheet: line, firm, date, report, then what is wrong.
  const out: Omit<SheetRow, 'problems'> = { line: row.line };

  const name = cellText(cell('firmName'));
  if (name) out.firmName = name;
  const code = cellText(cell('creditCode')).replace(/\s+/g, '').toUpperCase();
  if (!code) problem('creditCode', 'required: the cell is empty');
  else {
    out.creditCode = code;
    if (!isValidCreditCode(code)) {
      problem(
        'creditCode',
        'not a valid 18-character unified social credit code (GB 32100 check character failed)',
      );
    }
  }
  const date = columns.has('date') ? readDate(cell('date')) : { value: sheetDate };
  if (date.problem) problem('date', date.problem);
  else if (!date.value) problem('date', 'required: the cell is empty');
  else {
    out.date = date.value;
    if (date.value > today)
      problem('date', `after today (${today}, Asia/Shanghai): a report is for a day that has begun`);
  }

  const input: Record<string, unknown> = {};
  const take = <T>(field: ColumnField, read: Read<T>, required: boolean) => {
    if (read.problem !== undefined) problem(field, read.problem);
    else if (read.value !== undefined) input[field] = read.value;
    else if (required) problem(field, 'required: the cell is empty');
  };
  take('status', readStatus(cell('status')), true);
  take('capacityPct', readPercent(cell('capacityPct')), true);
  take('employees', readCount(cell('employees')), true);
  take('onPost', readCount(cell('onPost')), true);
  take('returnedFromOutside', readCount(cell('returnedFromOutside')), false);
  take('unableToReturn', readCount(cell('unableToReturn')), false);
  take('openPositions', readCount(cell('openPositions')), true);
  if (columns.has('difficulties')) Object.assign(input, readDifficulties(cell('difficulties')));
  if (columns.has('policyNeeds')) Object.assign(input, readPolicyNeeds(cell('policyNeeds')));
  take('hiringNeeds', readNeeds(cell('hiringNeeds')), false);
  take('trainingNeeds', readNeeds(cell('trainingNeeds')), false);
  const note = cellText(cell('note'));
  if (note) input.note = note;

  const parsed = ReportInput.safeParse(input);
  if (!parsed.success) {
    const already = new Set(problems.map((p) => p.field));
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      if (!already.has(fieldName(String(issue.path[0])))) problem(path || 'report', issue.message);
    }
  } else {
    for (const p of reportProblems(parsed.data)) problem(p.field, p.message);
    if (problems.length === 0) out.report = parsed.data;
  }
  return { ...out, problems };
}
