/**
 * XLSX workbooks through exceljs: the library most Node projects read and write Excel files with, MIT, used
 * by millions of installs a week, with merged ranges, date cells (both 1900 and 1904 systems), number formats,
 * rich text and formula results exposed. SheetJS's npm release (`xlsx` 0.18.5) has open advisories and no
 * fixes on npm; the forks are young. exceljs 4.4.0 pulls uuid 8, flagged by GHSA-w5hq-g745-h8pq (a buffer
 * bounds check in v3/v5/v6 — exceljs only calls v4): the workspace overrides it to a fixed uuid.
 */
import ExcelJS from 'exceljs';
import { SheetError } from './error.ts';
import { type Grid, gridRowLimit, MAX_COLUMNS, tooManyRows } from './grid.ts';
import type { CellValue } from './values.ts';
import { assertZipWithin } from './zip.ts';

/**
 * Uncompressed bytes a workbook may unpack to. A 20,000-row report sheet is about 12 MB of XML, and exceljs
 * holds a workbook in memory at roughly 20 times its XML size (measured: 6 MB → about 220 MB more RSS). A ZIP
 * that unpacks to more is refused before exceljs sees it (see zip.ts), so a small upload cannot expand into
 * gigabytes in memory.
 */
export const MAX_UNZIPPED_BYTES = 40 * 1024 * 1024;

/** A worksheet of a workbook, read into a grid only when the parser asks for it. */
export interface XlsxSheet {
  name: string;
  /** @throws SheetError when the sheet holds more rows than a sheet of `maxRows` firm rows can. */
  grid(maxRows: number): Grid;
}

/** The worksheets of an XLSX body, in the workbook's order. */
export async function readXlsx(body: Buffer): Promise<XlsxSheet[]> {
  if (body.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new SheetError(
      'file',
      'this is an Excel 97–2003 .xls file: save it as .xlsx (Excel 工作簿) or CSV',
    );
  }
  assertZipWithin(body, MAX_UNZIPPED_BYTES);
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types the argument as its own Buffer alias; Node's Buffer is what it reads.
    await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  } catch {
    // The library's message names its internals (`reading 'sheets'`), not anything the uploader can fix.
    throw new SheetError(
      'file',
      'the XLSX workbook cannot be read: open it in Excel or WPS and save it again as .xlsx',
    );
  }
  return wb.worksheets
    .filter((ws) => ws.state === 'visible' || ws.state === undefined)
    .map((ws) => ({ name: ws.name, grid: (maxRows: number) => gridOf(ws, maxRows) }));
}

function gridOf(ws: ExcelJS.Worksheet, maxRows: number): Grid {
  const grid: Grid = [];
  const limit = gridRowLimit(maxRows);
  ws.eachRow((row, line) => {
    const cells: CellValue[] = [];
    let filled = false;
    row.eachCell((cell, col) => {
      if (col > MAX_COLUMNS) return;
      const v = cellValue(cell, col);
      cells[col - 1] = v;
      if (v !== null && v !== '') filled = true;
    });
    // A row with only formatting is blank; its number stays a gap between the lines around it.
    if (!filled) return;
    if (grid.length >= limit) throw tooManyRows(maxRows);
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    grid.push({ line, cells });
  });
  return grid;
}

/** One cell as a plain value: rich text joined, a formula's cached result, a hyperlink's text. */
function cellValue(cell: ExcelJS.Cell, col: number): CellValue {
  let src = cell;
  if (cell.isMerged && cell.master !== cell) {
    // A merged range's value belongs to its first column only (see Grid).
    if (Number(cell.master.col) !== col) return null;
    src = cell.master;
  }
  let v: unknown = src.value;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) v = (o.richText as { text: string }[]).map((r) => r.text).join('');
    else if ('formula' in o || 'sharedFormula' in o) v = o.result ?? null;
    else if ('hyperlink' in o) v = o.text;
    else if ('error' in o) v = o.error;
    // A formula's result or a hyperlink's text can be rich or an error again.
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      const r = v as Record<string, unknown>;
      v = Array.isArray(r.richText)
        ? (r.richText as { text: string }[]).map((t) => t.text).join('')
        : ((r.error as string | undefined) ?? null);
    }
  }
  if (typeof v === 'number' && isPercentFormat(src.numFmt)) {
    // A percent-formatted cell holds the share (0.85) and shows 85%: keep what the person sees.
    return `${Math.round(v * 10_000) / 100}%`;
  }
  if (v === undefined) return null;
  return v as CellValue;
}

/** Whether a number format scales by 100 (`0%`, `0.0%`); a quoted or escaped % (`0"%"`, `0\%`) does not. */
function isPercentFormat(fmt: unknown): boolean {
  return (
    typeof fmt === 'string' &&
    fmt
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .includes('%')
  );
}
