/** One CSV record: its cells and the line it starts on (1-based; a quoted line break spans lines). */
export interface CsvRecord {
  line: number;
  cells?: string[];
  /** Set instead of cells when the record was longer than the limit or a quote was never closed. */
  problem?: 'too_long' | 'unclosed_quote';
}

/** The parser's states: a const object rather than an enum, so Node's type stripping runs the file as is. */
const S = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type S = (typeof S)[keyof typeof S];
const [QUOTE, COMMA, CR, LF] = [34, 44, 13, 10];

/**
 * An incremental RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF
 * line ends; blank lines are skipped. It is lenient where spreadsheets are sloppy (a quote inside an unquoted
 * field is kept as text). A record longer than `maxChars` is not buffered but still parsed through to its
 * end, so the next record is read correctly.
 */
export class CsvParser {
  private state: S = S.FieldStart;
  private field = '';
  private cells: string[] = [];
  private line = 1;
  private recordLine = 1;
  private chars = 0;
  private overflow = false;

  private readonly maxChars: number;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let run = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case S.FieldStart:
          if (c === QUOTE) {
            this.state = S.Quoted;
            run = i + 1;
          } else if (c === COMMA) this.endField('');
          else if (c === LF) {
            // After a comma the line ends with an empty last cell; on its own it is a blank line.
            if (this.cells.length > 0) this.endField('');
            this.endRecord(out);
          } else if (c !== CR) {
            this.state = S.Unquoted;
            run = i;
          }
          break;
        case S.Unquoted:
          if (c === COMMA || c === LF) {
            this.add(text.slice(run, i));
            // CRLF: the CR may have arrived at the end of the previous chunk.
            if (c === LF && this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
            this.endField('');
            if (c === LF) this.endRecord(out);
          }
          break;
        case S.Quoted:
          if (c === QUOTE) {
            this.add(text.slice(run, i));
            this.state = S.QuoteInQuoted;
          }
          break;
        case S.QuoteInQuoted:
          if (c === QUOTE) {
            // A doubled quote is one literal quote; the field goes on.
            this.add('"');
            this.state = S.Quoted;
            run = i + 1;
          } else if (c === COMMA) this.endField('');
          else if (c === LF) {
            this.endField('');
            this.endRecord(out);
          } else if (c !== CR) {
            this.state = S.Unquoted;
            run = i;
          }
          break;
      }
      if (c === LF) this.line++;
    }
    if (this.state === S.Unquoted || this.state === S.Quoted) this.add(text.slice(run));
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === S.Quoted) {
      out.push({ line: this.recordLine, problem: 'unclosed_quote' });
      return out;
    }
    if (this.state !== S.FieldStart || this.cells.length > 0) {
      if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
      this.endField('');
      this.endRecord(out);
    }
    return out;
  }

  private add(s: string): void {
    this.chars += s.length;
    if (this.chars > this.maxChars) {
      this.overflow = true;
      this.field = '';
      this.cells = [];
    }
    if (!this.overflow) this.field += s;
  }

  private endField(piece: string): void {
    this.add(piece);
    if (!this.overflow) this.cells.push(this.field);
    this.field = '';
    this.state = S.FieldStart;
  }

  private endRecord(out: CsvRecord[]): void {
    const blank = this.cells.length === 0 || (this.cells.length === 1 && this.cells[0]!.trim() === '');
    if (this.overflow) out.push({ line: this.recordLine, problem: 'too_long' });
    else if (!blank) out.push({ line: this.recordLine, cells: this.cells });
    this.cells = [];
    this.field = '';
    this.chars = 0;
    this.overflow = false;
    this.state = S.FieldStart;
    this.recordLine = this.line + 1;
  }
}
