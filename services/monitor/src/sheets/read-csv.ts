/**
 * CSV as bureaus save it: UTF-8 with or without a BOM, or GB18030 (what Excel and WPS on a Chinese Windows
 * write for "CSV (逗号分隔)"), comma- or tab-separated, RFC 4180 quoting.
 *
 * Parsed here with the few rules these sheets need rather than with a library: the whole body is in memory
 * already (the route's body limit bounds it) and a report sheet is small, so a streaming parser buys nothing.
 * Ingest has its own incremental parser, but one service does not import another's internals.
 */
import { SheetError } from './error.ts';
import { type Grid, gridRowLimit, MAX_COLUMNS, tooManyRows } from './grid.ts';

/** The text of a CSV body and the encoding it was in: valid UTF-8 is UTF-8, anything else is GB18030. */
export function decodeCsv(body: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (body.includes(0)) {
    throw new SheetError('file', 'not a CSV text file (it holds NUL bytes): save the sheet as CSV or XLSX');
  }
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(body.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // GB18030 is a superset of GBK and GB2312: every byte sequence decodes, so this cannot fail.
    return { text: new TextDecoder('gb18030').decode(body), encoding: 'gb18030' };
  }
}

/** Tab when the first line has more tabs than commas (Excel's "Unicode text" and some exports), else comma. */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => first.split(c).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

/**
 * The rows of a CSV text that hold something. A row's line is its position as a spreadsheet shows it (row 1
 * is the first record, a blank line is an empty row, a quoted line break stays inside its row), so the lines
 * a report names are the row numbers a person sees after opening the file in Excel or WPS.
 *
 * @throws SheetError for a quoted cell never closed, or more rows than a sheet of `maxRows` firm rows holds.
 */
export function readCsv(text: string, maxRows: number): Grid {
  const delim = delimiterOf(text);
  const limit = gridRowLimit(maxRows);
  const rows: Grid = [];
  let line = 1;
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    if (cells.length < MAX_COLUMNS) cells.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (cells.some((c) => c.trim() !== '')) {
      if (rows.length >= limit) throw tooManyRows(maxRows);
      rows.push({ line, cells });
    }
    line++;
    cells = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delim) endField();
    else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) throw new SheetError('file', `a quoted cell in row ${line} is never closed`);
  if (field !== '' || cells.length > 0) endRow();
  return rows;
}
