import { type ParsedRecord, type RecordParser, jsonItem, tooLong } from './records.ts';

/**
 * Splits NDJSON into one record per non-blank line, numbered from 1. A line longer than `maxChars` is not
 * buffered: it is dropped as it arrives and reported as one rejected item.
 */
export class NdjsonParser implements RecordParser {
  private carry = '';
  private overflow = false;
  private line = 0;

  private readonly maxChars: number;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  push(text: string): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.finishLine(text.slice(start, nl), out);
      start = nl + 1;
    }
    const rest = text.slice(start);
    if (!this.overflow && this.carry.length + rest.length > this.maxChars) {
      this.overflow = true;
      this.carry = '';
    }
    if (!this.overflow) this.carry += rest;
    return out;
  }

  end(): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    if (this.carry.length > 0 || this.overflow) this.finishLine('', out);
    return out;
  }

  private finishLine(tail: string, out: ParsedRecord[]): void {
    this.line++;
    const overflow = this.overflow || this.carry.length + tail.length > this.maxChars;
    const text = overflow ? '' : this.carry + tail;
    this.carry = '';
    this.overflow = false;
    if (overflow) out.push(tooLong(this.line, this.maxChars));
    else if (text.trim().length > 0) out.push(jsonItem(text, this.line));
  }
}
