import { jobPostingToItem } from '../jsonld/in.ts';
import { CsvParser } from './csv.ts';
import { csvColumnOf, csvHeader, csvRow } from './csv-columns.ts';
import { JsonElementSplitter } from './json-stream.ts';
import { NdjsonParser } from './ndjson.ts';
import { type ParsedRecord, type RecordParser, jsonItem, tooLong } from './records.ts';

export const BULK_FORMATS = ['ndjson', 'json', 'csv', 'jsonld'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];

/** A parser for the format, and how to name a field in that format's terms (CSV columns, JSON paths). */
export function recordParser(
  format: BulkFormat,
  maxChars: number,
): RecordParser & { fieldName: (path: string) => string } {
  const same = (p: string) => p;
  if (format === 'ndjson') return Object.assign(new NdjsonParser(maxChars), { fieldName: same });
  if (format === 'csv') return new CsvRecords(maxChars);
  return new JsonRecords(maxChars, format === 'jsonld');
}

/** JSON array (or JSON-LD array, `@graph`, single object): elements parsed alone, JSON-LD mapped to items. */
class JsonRecords implements RecordParser {
  private readonly splitter: JsonElementSplitter;
  readonly fieldName = (p: string) => p;

  private readonly maxChars: number;
  private readonly jsonld: boolean;

  constructor(maxChars: number, jsonld: boolean) {
    this.maxChars = maxChars;
    this.jsonld = jsonld;
    this.splitter = new JsonElementSplitter(maxChars);
  }

  push(text: string): ParsedRecord[] {
    return this.splitter.push(text).flatMap((el) => this.records(el.line, el.text));
  }

  end(): ParsedRecord[] {
    return this.splitter.end().flatMap((el) => this.records(el.line, el.text));
  }

  /**
   * One element as items. In JSON-LD an element may itself be a document with a `@graph` (an array of
   * documents, as a crawler collects them): each node of that graph is its own item, as at the top level.
   */
  private records(line: number, text: string | undefined): ParsedRecord[] {
    if (text === undefined) return [tooLong(line, this.maxChars)];
    const rec = jsonItem(text, line);
    if (!this.jsonld || !rec.value) return [rec];
    const graph = rec.value['@graph'];
    if (Array.isArray(graph) && rec.value['@type'] === undefined) {
      return graph.map((node) =>
        typeof node === 'object' && node !== null && !Array.isArray(node)
          ? this.posting(line, node as Record<string, unknown>)
          : { line, issues: [{ path: '@graph', message: 'each @graph node must be a JSON object' }] },
      );
    }
    return [this.posting(line, rec.value)];
  }

  private posting(line: number, node: Record<string, unknown>): ParsedRecord {
    const mapped = jobPostingToItem(node);
    return {
      line,
      ...(mapped.value ? { value: mapped.value } : {}),
      ...(mapped.issues.length > 0 ? { issues: mapped.issues } : {}),
      ...(mapped.notes.length > 0 ? { notes: mapped.notes } : {}),
    };
  }
}

/** CSV: the first record is the header (checked before any write), each later one a vacancy. */
class CsvRecords implements RecordParser {
  private readonly csv: CsvParser;
  private names: string[] | undefined;
  readonly fieldName = csvColumnOf;

  private readonly maxChars: number;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
    this.csv = new CsvParser(maxChars);
  }

  push(text: string): ParsedRecord[] {
    return this.records(this.csv.push(text));
  }

  end(): ParsedRecord[] {
    return this.records(this.csv.end());
  }

  private records(raw: ReturnType<CsvParser['push']>): ParsedRecord[] {
    const out: ParsedRecord[] = [];
    for (const r of raw) {
      if (r.problem === 'too_long') out.push(tooLong(r.line, this.maxChars));
      else if (r.problem === 'unclosed_quote') {
        out.push({
          line: r.line,
          issues: [
            {
              path: '(row)',
              message: 'a quoted cell is never closed: the rest of the file was read as one cell',
            },
          ],
        });
      } else if (!this.names) this.names = csvHeader(r.cells!);
      else out.push(csvRow(this.names, r.cells!, r.line));
    }
    return out;
  }
}
