/**
 * XLSX workbooks through exceljs: the library most Node projects read and write Excel files with, MIT, used
 * by millions of installs a week, with merged ranges, date cells (both 1900 and 1904 systems), number formats,
 * rich text and formula results exposed. SheetJS's npm release (`xlsx` 0.18.5) has open advisories and no
 * fixes on npm; the forks are young. exceljs 4.4.0 pulls uuid 8, flagged by GHSA-w5hq-g745-h8pq (a buffer
 * bounds check in v3/v5/v6 — exceljs only calls v4): the workspace overrides it to a fixed uuid.
 */
import ExcelJS from 'exceljs';
import { SheetError } from './error.ts';
import type { Grid } from './grid.ts';
import type { CellValue } from './values.ts';

/**
 * Uncompressed bytes a workbook may unpack to. A 20,000-row report sheet is about 15 MB of XML; a ZIP that
 * claims more is refused before a byte is inflated, so a small upload cannot expand into gigabytes in memory.
 */
export const MAX_UNZIPPED_BYTES = 150 * 1024 * 1024;

/**
 * The sum of the uncompressed sizes in a ZIP's central directory (which every XLSX writer fills in), or
 * undefined when the body is not a ZIP. ZIP64 entries (sizes of 0xFFFFFFFF) count as too large.
 */
export function zipUncompressedSize(body: Buffer): number | undefined {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  // The end-of-central-directory record is the last 22 bytes, plus a comment of at most 65,535 bytes.
  let eocd = -1;
  for (let i = body.length - 22; i >= Math.max(0, body.length - 22 - 65_535); i--) {
    if (body.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = body.readUInt16LE(eocd + 10);
  let p = body.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > body.length || body.readUInt32LE(p) !== CENTRAL) return undefined;
    const size = body.readUInt32LE(p + 24);
    total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
    p += 46 + body.readUInt16LE(p + 28) + body.readUInt16LE(p + 30) + body.readUInt16LE(p + 32);
  }
  return total;
}

/** A worksheet of a workbook, read into a grid only when the parser asks for it. */
export interface XlsxSheet {
  name: string;
  grid(): Grid;
}

/** The worksheets of an XLSX body, in the workbook's order. */
export async function readXlsx(body: Buffer): Promise<XlsxSheet[]> {
  if (body.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new SheetError(
      'file',
      'this is an Excel 97–2003 .xls file: save it as .xlsx (Excel 工作簿) or CSV',
    );
  }
  const size =
    body.length >= 22 && body.readUInt32LE(0) === 0x04034b50 ? zipUncompressedSize(body) : undefined;
  if (size === undefined)
    throw new SheetError('file', 'not an XLSX workbook: save the sheet as .xlsx or CSV');
  if (size > MAX_UNZIPPED_BYTES) {
    throw new SheetError(
      'file',
      `the workbook unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB: upload the report sheet alone`,
    );
  }
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types the argument as its own Buffer alias; Node's Buffer is what it reads.
    await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 200) : String(e);
    throw new SheetError('file', `the XLSX workbook cannot be read (${why}): save it again as .xlsx or CSV`);
  }
  return wb.worksheets
    .filter((ws) => ws.state === 'visible' || ws.state === undefined)
    .map((ws) => ({ name: ws.name, grid: () => gridOf(ws) }));
}

function gridOf(ws: ExcelJS.Worksheet): Grid {
  const grid: Grid = [];
  ws.eachRow((row, line) => {
    const cells: CellValue[] = [];
    row.eachCell((cell, col) => {
      cells[col - 1] = cellValue(cell, col);
    });
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
