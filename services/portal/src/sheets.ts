import ExcelJS from 'exceljs';

/**
 * An uploaded XLSX workbook as CSV text (first sheet), for the ingest service's CSV upload: row N of the sheet
 * is line N of the CSV, so the per-row report's line numbers are the spreadsheet's row numbers.
 */
export async function xlsxToCsv(body: Buffer): Promise<{ text: string } | { problem: string }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    return { problem: '无法读取这个 Excel 文件，请确认是 .xlsx 格式' };
  }
  const sheet = book.worksheets[0];
  if (!sheet || sheet.rowCount === 0) return { problem: 'Excel 文件的第一个工作表是空的' };
  const lines: string[] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    lines.push(cells.map(quote).join(','));
  }
  return { text: `${lines.join('\r\n')}\r\n` };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
