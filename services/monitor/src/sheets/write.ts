/**
 * The day's bulletin as a workbook (one sheet per table) or as one CSV file, both made to open cleanly in
 * Excel and WPS on a Chinese desktop: bold headers, columns wide enough for Chinese text, a UTF-8 BOM on the
 * CSV, and no cell that a spreadsheet would run as a formula.
 */
import ExcelJS from 'exceljs';

/** One table of a bulletin: a sheet in the workbook, a block in the CSV. */
export interface Table {
  name: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/** Excel's limits on a sheet name: 31 characters, none of []:*?/\, no apostrophe at either end. */
const SHEET_NAME_MAX = 31;

function truncateUnits(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Valid, distinct sheet names (Excel compares them case-insensitively), in the tables' order. */
export function sheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    let base = raw
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f[\]:*?/\\]/g, '_')
      .trim()
      .replace(/^'+|'+$/g, '');
    if (base === '') base = 'Sheet';
    // Excel keeps "History" for its change tracking.
    if (base.toLowerCase() === 'history') base = `${base}_`;
    let name = truncateUnits(base, SHEET_NAME_MAX).replace(/'+$/, '');
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = truncateUnits(base, SHEET_NAME_MAX - suffix.length).replace(/'+$/, '') + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** Characters XML 1.0 cannot hold (and lone surrogates): an XLSX with one would not open. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Excel holds at most 32,767 characters in a cell. */
const CELL_MAX = 32_767;

function xlsxCell(v: string | number | null): string | number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null) return null;
  return v.replace(NOT_XML, '').slice(0, CELL_MAX);
}

/** How wide a text shows, in Excel's width unit (about one Latin digit): a Chinese character takes two. */
function displayWidth(v: string | number | null): number {
  if (v === null) return 0;
  let w = 0;
  for (const ch of String(v)) w += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return w;
}

/** A workbook with one sheet per table: bold, frozen header row; columns sized to their longest text. */
export async function tablesToXlsx(tables: Table[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fugong';
  const names = sheetNames(tables.map((t) => t.name));
  tables.forEach((t, i) => {
    const ws = wb.addWorksheet(names[i]!, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.columns.map(xlsxCell)).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map(xlsxCell));
    const width = t.columns.map((c) => displayWidth(c));
    for (const r of t.rows) {
      for (let c = 0; c < r.length; c++) width[c] = Math.max(width[c] ?? 0, displayWidth(r[c] ?? null));
    }
    for (let c = 0; c < width.length; c++)
      ws.getColumn(c + 1).width = Math.min(60, Math.max(8, width[c]! + 2));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text starting with = + - @
 * (or a tab or carriage return) gets a leading apostrophe first, so a spreadsheet shows it instead of running
 * it as a formula (OWASP's CSV-injection advice); numbers are written as numbers.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (cells: (string | number | null)[]): string => cells.map(csvField).join(',');

/**
 * All tables in one CSV file: UTF-8 with a BOM (without one, Excel on a Chinese Windows reads UTF-8 as
 * GBK), each table's name on a line of its own above its header, a blank line between tables, CRLF line ends.
 */
export function tablesToCsv(tables: Table[]): string {
  const blocks = tables.map((t) =>
    [csvLine([t.name]), csvLine(t.columns), ...t.rows.map(csvLine)].join('\r\n'),
  );
  return `\uFEFF${blocks.join('\r\n\r\n')}\r\n`;
}
