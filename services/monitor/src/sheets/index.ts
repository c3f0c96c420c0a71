/**
 * Spreadsheets for resumption monitoring (issue #11): reading a bureau's daily report sheet (XLSX or CSV in
 * UTF-8 or GB18030) into checked reports, and writing the day's bulletin as XLSX or CSV. Pure functions over
 * buffers and strings: the routes own the firms, the store and the HTTP answers.
 */
import { SheetError } from './error.ts';
import { DEFAULT_MAX_ROWS, findHeader, type ParsedSheet, parseGrid } from './parse.ts';
import { decodeCsv, readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';

export { COLUMNS, type ColumnField, type ColumnSpec } from './columns.ts';
export { SheetError } from './error.ts';
export { DEFAULT_MAX_ROWS, type ParsedSheet, type SheetProblem, type SheetRow } from './parse.ts';
export { type Table, tablesToCsv, tablesToXlsx } from './write.ts';

const NO_HEADER =
  'no header row found: the sheet needs a row naming its columns, such as 企业名称, 统一社会信用代码, 日期, ' +
  '是否开工, 产能利用率, 职工总数, 到岗人数, 空岗数';

/**
 * Reads a report sheet into one entry per firm row, each with its checked report or its problems. In an
 * XLSX workbook the first visible worksheet with a recognisable header is read.
 *
 * @throws SheetError (a 400) when the file cannot be read, is not in the format given, has no header row,
 *   lacks a required column, or has more than `maxRows` firm rows (default 20,000).
 */
export async function parseReportSheet(
  body: Buffer,
  format: 'xlsx' | 'csv',
  opts: { maxRows?: number } = {},
): Promise<ParsedSheet> {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (format === 'csv') {
    if (body.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
      throw new SheetError('file', 'this is an XLSX workbook, not CSV: upload it as XLSX');
    }
    const grid = readCsv(decodeCsv(body).text, maxRows);
    const header = findHeader(grid);
    if (!header) throw new SheetError('file', NO_HEADER);
    return parseGrid(grid, header, { maxRows });
  }
  for (const sheet of await readXlsx(body)) {
    const grid = sheet.grid(maxRows);
    const header = findHeader(grid);
    if (header) return parseGrid(grid, header, { maxRows });
  }
  throw new SheetError('file', NO_HEADER);
}
