import type { FieldIssue } from '@fugong/schemas';

/**
 * One item as a format parser hands it on: the raw item (an object shaped like a single-vacancy body plus
 * `externalRef`), or the problems that stop it, with the line it starts on where the format has lines.
 */
export interface ParsedRecord {
  line?: number;
  value?: Record<string, unknown>;
  issues?: FieldIssue[];
  /** Warnings from mapping (a JSON-LD field that had no equivalent), reported with the item's outcome. */
  notes?: FieldIssue[];
}

/** A format parser: text in (any chunking), records out in order. `end` flushes what is left. */
export interface RecordParser {
  push(text: string): ParsedRecord[];
  end(): ParsedRecord[];
}

/** An item longer than the limit: rejected alone, the parser resynchronises at the next line or record. */
export const tooLong = (line: number | undefined, max: number): ParsedRecord => ({
  ...(line !== undefined ? { line } : {}),
  issues: [{ path: '(item)', message: `longer than ${max} characters: split it or shorten the description` }],
});

/** Parses one JSON text as an item object, or explains why it is not one. */
export function jsonItem(text: string, line: number | undefined): ParsedRecord {
  const at = line !== undefined ? { line } : {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ...at, issues: [{ path: '(item)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ...at, issues: [{ path: '(item)', message: 'each item must be a JSON object (one vacancy)' }] };
  }
  return { ...at, value: value as Record<string, unknown> };
}
