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
