/**
 * The bureau's importer: streams a vacancy file to the ingest service's bulk endpoint and writes the per-item
 * report to a file, with a progress line on stderr (items/s, errors so far).
 *
 *   ./fugong import FILE [--format csv|ndjson|json|jsonld] [--firm ID] [--encoding gb18030]
 *                        [--url http://127.0.0.1:3001] [--key KEY] [--report FILE.report.ndjson]
 *
 * It goes over HTTP rather than in-process so the file meets exactly the checks, limits and rights an
 * employer's upload meets (the key decides which firms it may write). The file is sent with its length, so
 * one past the service's size limit is refused before anything is written.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES = {
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  json: 'application/json',
  jsonld: 'application/ld+json',
} as const;
type Format = keyof typeof CONTENT_TYPES;

interface Args {
  file: string;
  format: Format;
  firm?: string;
  encoding?: string;
  url: string;
  key: string;
  report: string;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) flags.set(a.slice(2), argv[++i] ?? '');
    else positional.push(a);
  }
  const file = positional[0];
  if (!file || !existsSync(file)) usage(file ? `no such file: ${file}` : 'give a FILE');
  const format = (flags.get('format') ?? detectFormat(file)) as Format;
  if (!(format in CONTENT_TYPES)) usage(`--format: one of ${Object.keys(CONTENT_TYPES).join(', ')}`);
  const key = flags.get('key') ?? process.env['FUGONG_API_KEY'] ?? demoBureauKey();
  if (!key) usage('give --key (or FUGONG_API_KEY); ./fugong start writes demo keys to .data/demo-keys.json');
  return {
    file,
    format,
    ...(flags.get('firm') ? { firm: flags.get('firm')! } : {}),
    ...(flags.get('encoding') ? { encoding: flags.get('encoding')! } : {}),
    url: flags.get('url') ?? process.env['INGEST_URL'] ?? 'http://127.0.0.1:3001',
    key,
    report: flags.get('report') ?? `${file}.report.ndjson`,
  };
}

function usage(problem: string): never {
  console.error(
    `${problem}\nusage: ./fugong import FILE [--format csv|ndjson|json|jsonld] [--firm ID] [--encoding gb18030] [--url URL] [--key KEY] [--report FILE]`,
  );
  process.exit(2);
}

/** From the extension; a .json file that talks Schema.org is JSON-LD. */
export function detectFormat(file: string): Format {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.jsonld') return 'jsonld';
  const head = readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 65_536);
  if (/"@context"|"JobPosting"/.test(head)) return 'jsonld';
  return head.trimStart().startsWith('[') ? 'json' : 'ndjson';
}

function demoBureauKey(): string | undefined {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '.data', 'demo-keys.json');
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { bureau?: string }).bureau
    : undefined;
}

/** One progress line, redrawn in place on a terminal and printed every few seconds otherwise. */
class Progress {
  private readonly started = Date.now();
  private last = 0;
  items = 0;
  errors = 0;
  sent = 0;

  private readonly total: number;

  constructor(total: number) {
    this.total = total;
  }

  tick(force = false): void {
    const now = Date.now();
    if (!force && now - this.last < (process.stderr.isTTY ? 200 : 3000)) return;
    this.last = now;
    const pct = this.total > 0 ? Math.min(100, Math.round((this.sent / this.total) * 100)) : 100;
    const width = 24;
    const bar = '#'.repeat(Math.round((pct / 100) * width)).padEnd(width, '.');
    const rate = this.items / Math.max((now - this.started) / 1000, 0.001);
    const line = `[${bar}] ${String(pct).padStart(3)}% sent  ${this.items.toLocaleString('en')} items  ${Math.round(rate).toLocaleString('en')}/s  ${this.errors} errors`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    else process.stderr.write(`${line}\n`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = statSync(args.file).size;
  const query = new URLSearchParams({ format: args.format, report: 'all' });
  if (args.firm) query.set('firmId', args.firm);
  if (args.encoding) query.set('encoding', args.encoding);
  const progress = new Progress(size);
  const out = createWriteStream(args.report);
  const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    const req = request(`${args.url}/v1/vacancies/bulk?${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${args.key}`,
        'content-type': CONTENT_TYPES[args.format],
        'content-length': size,
        accept: 'application/x-ndjson',
      },
    });
    req.on('response', resolve);
    req.on('error', reject);
    const file = createReadStream(args.file);
    file.on('data', (c) => {
      progress.sent += c.length;
    });
    file.pipe(req);
  });
  if (res.statusCode !== 200) {
    let body = '';
    for await (const c of res) body += c;
    console.error(`\nthe service refused the upload (${res.statusCode}): ${body}`);
    process.exit(1);
  }
  let final: { summary?: Record<string, number>; complete?: boolean; error?: { message: string } } = {};
  for await (const line of createInterface({ input: res, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (!line) continue;
    const entry = JSON.parse(line);
    if ('summary' in entry) {
      final = entry;
      continue;
    }
    progress.items++;
    if (entry.result === 'rejected') progress.errors++;
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    progress.tick();
  }
  progress.tick(true);
  await new Promise((r) => out.end(r));
  console.error(`\n${JSON.stringify(final.summary)}  report: ${args.report}`);
  if (!final.complete) {
    console.error(
      `the upload stopped early: ${final.error?.message ?? 'the connection ended before the summary'}`,
    );
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
