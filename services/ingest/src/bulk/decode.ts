import { TextDecoder } from 'node:util';
import { ValidationError } from '@fugong/schemas';

/** The encodings a bulk body may be in: what Chinese spreadsheet software and every web client write. */
export type BulkEncoding = 'utf-8' | 'gb18030';

const ALIASES: Record<string, BulkEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030', // GB18030 is a superset of GBK and GB2312: one decoder reads all three
  gb2312: 'gb18030',
  cp936: 'gb18030',
};

/** An encoding name from `?encoding=` or `charset=`, or a 400 naming the accepted ones. */
export function encodingFromName(name: string, path: string): BulkEncoding {
  const enc = ALIASES[name.trim().toLowerCase()];
  if (!enc) {
    throw new ValidationError(`${path}: unsupported encoding ${name}`, [
      { path, message: `unsupported encoding "${name}": use utf-8, gb18030 or gbk` },
    ]);
  }
  return enc;
}

/** The `charset=` parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset="?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
}

const BOM = [0xef, 0xbb, 0xbf] as const;

/** How many bytes are sampled to tell UTF-8 from GB18030. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Decodes a byte stream to text. The encoding is, in order: `?encoding=` (the caller knows best), a UTF-8
 * byte-order mark, a GB-family `charset=` on the Content-Type, else the first 64 KB decide: bytes that are not
 * valid UTF-8 are read as GB18030, which is what Excel and WPS on Chinese Windows save "CSV" as. A
 * `charset=utf-8` does not override that check, because many clients add it by default whatever the file is.
 * The BOM never reaches the parser.
 */
export class StreamDecoder {
  private decoder: TextDecoder | undefined;
  private head: Buffer | undefined = Buffer.alloc(0);
  /** The encoding in use, known once the first bytes were seen. */
  encoding: BulkEncoding | undefined;
  private readonly hinted: BulkEncoding | undefined;

  constructor(declared: { query?: BulkEncoding; charset?: BulkEncoding } = {}) {
    this.encoding = declared.query;
    this.hinted = declared.charset === 'gb18030' ? 'gb18030' : undefined;
  }

  /** Text decoded so far; may hold back a few bytes until the encoding is known. */
  write(chunk: Buffer): string {
    if (this.head) {
      this.head = Buffer.concat([this.head, chunk]);
      // Wait for enough bytes to see a BOM and sample the text (or for the end of the stream).
      if (this.head.length < SAMPLE_BYTES) return '';
      return this.start(this.head);
    }
    return this.decoder!.decode(chunk, { stream: true });
  }

  /** The rest of the text at the end of the stream. */
  end(): string {
    const text = this.head ? this.start(this.head) : '';
    return text + this.decoder!.decode();
  }

  private start(bytes: Buffer): string {
    this.head = undefined;
    let body = bytes;
    if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) {
      body = bytes.subarray(3);
      this.encoding ??= 'utf-8';
    }
    this.encoding ??= this.hinted ?? (looksLikeUtf8(body) ? 'utf-8' : 'gb18030');
    // ignoreBOM: a BOM was stripped above; a second one would be data, not a marker.
    this.decoder = new TextDecoder(this.encoding, { ignoreBOM: true });
    return this.decoder.decode(body, { stream: true });
  }
}

/** Whether the sample is valid UTF-8, allowing a multi-byte sequence cut at its end. */
export function looksLikeUtf8(sample: Buffer): boolean {
  let end = sample.length;
  // Drop a trailing, incomplete sequence: up to 3 bytes after the last lead byte.
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = sample[end - k]!;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (k < need) end -= k;
      break;
    }
    if (b < 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}
