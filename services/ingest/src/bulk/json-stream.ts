import { ValidationError } from '@fugong/schemas';

/** One element's text (or a marker that it was longer than the limit) and the line it starts on. */
export interface JsonElement {
  line: number;
  text?: string;
}

const [QUOTE, BACKSLASH, COMMA, LBRACE, RBRACE, LBRACKET, RBRACKET, COLON, NEWLINE] = [
  34, 92, 44, 123, 125, 91, 93, 58, 10,
];
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Streams the elements of a JSON body without parsing it whole: the elements of a top-level array, the
 * elements of a top-level object's `@graph` array (JSON-LD), or else the top-level object itself. It only
 * tracks strings and brackets; each element is then parsed alone, so a malformed element is one rejected item.
 * An element longer than `maxChars` is dropped as it streams and reported by line.
 */
export class JsonElementSplitter {
  private depth = 0;
  private inString = false;
  private escape = false;
  private line = 1;
  private mode: 'start' | 'array' | 'object' | 'done' = 'start';
  /** Depth at which elements live: 1 inside a top-level array, 2 inside `@graph`. */
  private itemDepth = 1;
  private capturing = false;
  private captured = '';
  private capturedLine = 1;
  private overflow = false;
  /** The last string at depth 1 of a top-level object, and whether a colon made it the current key. */
  private key = '';
  private keyBuf: string | undefined;
  private currentKey = '';
  private sawGraph = false;

  private readonly maxChars: number;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  push(text: string): JsonElement[] {
    const out: JsonElement[] = [];
    let segStart = 0;
    let keyStart = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyBuf !== undefined) {
            this.key = this.keyBuf + text.slice(Math.max(keyStart, 0), i + 1);
            this.keyBuf = undefined;
            keyStart = -1;
          }
        }
        continue;
      }
      if (this.mode === 'start') {
        if (isSpace(c)) continue;
        if (c === LBRACKET) this.mode = 'array';
        else if (c === LBRACE) {
          this.mode = 'object';
          this.capturing = true;
          this.capturedLine = this.line;
          segStart = i;
        } else throw structural(this.line, 'the body must be a JSON array or object');
        this.depth = 1;
        continue;
      }
      if (this.mode === 'done') {
        if (!isSpace(c)) throw structural(this.line, 'unexpected data after the end of the JSON value');
        continue;
      }
      const atItemLevel = this.depth === this.itemDepth && (this.mode === 'array' || this.sawGraph);
      if (atItemLevel && !this.capturing && !isSpace(c) && c !== COMMA && c !== RBRACKET) {
        this.capturing = true;
        this.captured = '';
        this.overflow = false;
        this.capturedLine = this.line;
        segStart = i;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.mode === 'object' && this.depth === 1) {
          this.keyBuf = '';
          keyStart = i;
        }
      } else if (c === COLON && this.mode === 'object' && this.depth === 1) {
        this.currentKey = this.key;
      } else if (c === LBRACE || c === LBRACKET) {
        if (c === LBRACKET && this.mode === 'object' && this.depth === 1 && this.currentKey === '"@graph"') {
          // From here on the top-level object is only context: its @graph elements are the items.
          this.sawGraph = true;
          this.capturing = false;
          this.captured = '';
          this.itemDepth = 2;
        }
        this.depth++;
      } else if (
        (c === COMMA && atItemLevel) ||
        ((c === RBRACKET || c === RBRACE) && this.depth === this.itemDepth)
      ) {
        if (atItemLevel && this.capturing) {
          this.append(text.slice(segStart, i));
          out.push(this.element());
        }
      }
      if (c === RBRACE || c === RBRACKET) {
        this.depth--;
        if (c === RBRACKET && this.sawGraph && this.depth === 1) this.itemDepth = -1;
        if (this.depth === 0) {
          if (this.mode === 'object' && !this.sawGraph) {
            this.append(text.slice(segStart, i + 1));
            out.push(this.element());
          }
          this.mode = 'done';
        }
      }
    }
    if (this.capturing) this.append(text.slice(segStart));
    if (this.keyBuf !== undefined) {
      this.keyBuf += text.slice(Math.max(keyStart, 0));
      if (this.keyBuf.length > 64) this.keyBuf = '~'; // long strings are values, never the @graph key
    }
    return out;
  }

  /** Checks the body ended where its top-level value did. */
  end(): JsonElement[] {
    if (this.mode === 'start') throw structural(this.line, 'the body is empty');
    if (this.mode !== 'done' || this.inString)
      throw structural(this.line, 'the JSON body ends early (unclosed bracket or string)');
    return [];
  }

  private append(s: string): void {
    if (this.overflow) return;
    if (this.captured.length + s.length > this.maxChars) {
      this.overflow = true;
      this.captured = '';
    } else this.captured += s;
  }

  private element(): JsonElement {
    const el: JsonElement = this.overflow
      ? { line: this.capturedLine }
      : { line: this.capturedLine, text: this.captured };
    this.capturing = false;
    this.captured = '';
    this.overflow = false;
    return el;
  }
}

function structural(line: number, message: string): ValidationError {
  return new ValidationError(`(body): ${message} (line ${line})`, [
    { path: '(body)', message: `${message} (line ${line})` },
  ]);
}
