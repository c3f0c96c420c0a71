/**
 * A look inside an XLSX's ZIP before exceljs unpacks it: exceljs (through JSZip) inflates every part into
 * memory and only compares sizes afterwards, so a small upload whose parts inflate a thousandfold would take
 * the process down. Here the central directory's sizes are summed first, and each deflated part is then
 * inflated with zlib's `maxOutputLength` set to the size it declares, so a directory that lies is caught after
 * at most that many bytes.
 */
import { inflateRawSync } from 'node:zlib';
import { SheetError } from './error.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface ZipEntry {
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** The entries of a ZIP's central directory, or undefined when the body is not a readable ZIP. */
function zipEntries(body: Buffer): ZipEntry[] | undefined {
  if (body.length < 22 || body.readUInt32LE(0) !== LOCAL) return undefined;
  // The end-of-central-directory record is the last 22 bytes, plus a comment of at most 65,535 bytes.
  let eocd = -1;
  for (let i = body.length - 22; i >= Math.max(0, body.length - 22 - 65_535); i--) {
    if (body.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = body.readUInt16LE(eocd + 10);
  let p = body.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > body.length || body.readUInt32LE(p) !== CENTRAL) return undefined;
    entries.push({
      method: body.readUInt16LE(p + 10),
      compressedSize: body.readUInt32LE(p + 20),
      uncompressedSize: body.readUInt32LE(p + 24),
      localOffset: body.readUInt32LE(p + 42),
    });
    p += 46 + body.readUInt16LE(p + 28) + body.readUInt16LE(p + 30) + body.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * The sum of the uncompressed sizes a ZIP's central directory declares (every XLSX writer fills them in), or
 * undefined when the body is not a ZIP. ZIP64 sizes (0xFFFFFFFF) count as infinite: no report sheet needs them.
 */
export function zipUncompressedSize(body: Buffer): number | undefined {
  const entries = zipEntries(body);
  if (!entries) return undefined;
  return entries.reduce(
    (s, e) => s + (e.uncompressedSize === 0xffffffff ? Number.POSITIVE_INFINITY : e.uncompressedSize),
    0,
  );
}

/**
 * Throws a SheetError unless the body is a ZIP whose parts unpack to at most `maxBytes` in all, each to no
 * more than its declared size.
 */
export function assertZipWithin(body: Buffer, maxBytes: number): void {
  const total = zipUncompressedSize(body);
  if (total === undefined)
    throw new SheetError('file', 'not an XLSX workbook: save the sheet as .xlsx or CSV');
  const tooBig = new SheetError(
    'file',
    `the workbook unpacks to more than ${maxBytes / 1024 / 1024} MB: upload the report sheet alone`,
  );
  if (total > maxBytes) throw tooBig;
  for (const e of zipEntries(body)!) {
    if (e.method !== 8) continue; // stored parts are as large as they are; other methods JSZip refuses
    const local = e.localOffset;
    if (local + 30 > body.length || body.readUInt32LE(local) !== LOCAL) {
      throw new SheetError('file', 'the XLSX workbook is damaged (a part is missing): save it again');
    }
    const start = local + 30 + body.readUInt16LE(local + 26) + body.readUInt16LE(local + 28);
    try {
      inflateRawSync(body.subarray(start, start + e.compressedSize), {
        maxOutputLength: Math.max(1, e.uncompressedSize),
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig;
      throw new SheetError('file', 'the XLSX workbook is damaged (a part does not unpack): save it again');
    }
  }
}
