import { SheetError } from './error.ts';
import type { CellValue } from './values.ts';

/**
 * A sheet as rows of cells, whatever the file format: `line` is the row number a person sees in Excel or WPS
 * (1-based), `cells[0]` is column A. A cell of a merged range holds the range's value when it is in the
 * range's first column, and null elsewhere: a header merged across columns (职工情况 over three) names only
 * its first column, a date merged down a column is every row's date.
 */
export type Grid = GridRow[];

export interface GridRow {
  line: number;
  cells: CellValue[];
}

/**
 * Columns read from a sheet. Report sheets have a few dozen; a stray cell in column XFD must not make every
 * row 16,384 cells wide.
 */
export const MAX_COLUMNS = 256;

/**
 * Rows with content a grid may hold for a sheet of at most `maxRows` firm rows: room for titles, a header,
 * 合计 and note rows besides. Blank rows are not held (their numbers stay in the lines around them), so a
 * file of a million empty lines costs nothing.
 */
export const gridRowLimit = (maxRows: number): number => maxRows + 100;

export function tooManyRows(maxRows: number): SheetError {
  return new SheetError('file', `more than ${maxRows} firm rows: split the sheet into several uploads`);
}
