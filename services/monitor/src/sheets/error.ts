import { ValidationError } from '@fugong/schemas';

/**
 * A sheet that cannot be read at all: not a workbook or CSV, no header row, a required column missing, too
 * many rows. It is a {@link ValidationError}, so the error middleware answers 400 with the field it names
 * (`file`, or the column as `到岗人数 (onPost)`); problems with single rows are not errors but part of the
 * per-row report.
 */
export class SheetError extends ValidationError {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message, [{ path: field, message }]);
    this.field = field;
  }
}
