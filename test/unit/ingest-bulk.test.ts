import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { StreamDecoder, looksLikeUtf8 } from '../../services/ingest/src/bulk/decode.ts';
import { itemToWrite } from '../../services/ingest/src/bulk/items.ts';
import { JsonElementSplitter } from '../../services/ingest/src/bulk/json-stream.ts';
import { NdjsonParser } from '../../services/ingest/src/bulk/ndjson.ts';
import { recordParser } from '../../services/ingest/src/bulk/parsers.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url));

function chunked<T>(text: string, size: number, p: { push(t: string): T[]; end(): T[] }): T[] {
  const out: T[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  return [...out, ...p.end()];
}

describe('ingest NDJSON parser', () => {
  it('gives one record per non-blank line with its line number, whatever the chunking', () => {
    const text = '{"a":1}\r\n\n{"a":2}\nnot json\n[1]\n{"a":3}';
    for (const size of [1, 4, text.length]) {
      const recs = chunked(text, size, new NdjsonParser(100));
      expect(recs.map((r) => r.line)).to.deep.equal([1, 3, 4, 5, 6]);
      expect(recs.map((r) => r.value?.['a'])).to.deep.equal([1, 2, undefined, undefined, 3]);
      expect(recs[2]!.issues![0]!.message).to.match(/not valid JSON/);
      expect(recs[3]!.issues![0]!.message).to.match(/must be a JSON object/);
    }
  });

  it('rejects a line past the limit without buffering it, and goes on', () => {
    const recs = chunked(`{"a":1}\n{"x":"${'y'.repeat(500)}"}\n{"a":2}\n`, 7, new NdjsonParser(50));
    expect(recs.map((r) => r.line)).to.deep.equal([1, 2, 3]);
    expect(recs[1]!.issues![0]!.message).to.match(/longer than 50 characters/);
    expect(recs[2]!.value).to.deep.equal({ a: 2 });
  });
});

describe('ingest JSON element splitter', () => {
  const split = (text: string, size: number, max = 1000) => chunked(text, size, new JsonElementSplitter(max));

  it('streams the elements of a top-level array with the line each starts on', () => {
    const text = '[\n {"a":"x,]}"},\n {"b":[1,{"c":"\\"}"}]},\n 7, "s"\n]';
    for (const size of [1, 3, text.length]) {
      const els = split(text, size);
      expect(els.map((e) => JSON.parse(e.text!))).to.deep.equal([
        { a: 'x,]}' },
        { b: [1, { c: '"}' }] },
        7,
        's',
      ]);
      expect(els.map((e) => e.line)).to.deep.equal([2, 3, 4, 4]);
    }
  });

  it('streams the elements of a JSON-LD @graph, and takes a single object whole', () => {
    const graph =
      '{"@context":"https://schema.org/","x":{"@graph":[9]},"@graph":[{"@type":"JobPosting","t":1},{"t":2}]}';
    for (const size of [1, 5, graph.length]) {
      expect(split(graph, size).map((e) => JSON.parse(e.text!))).to.deep.equal([
        { '@type': 'JobPosting', t: 1 },
        { t: 2 },
      ]);
    }
    const single = '{"@type":"JobPosting","title":"a [b] {c}"}';
    expect(split(single, 2).map((e) => JSON.parse(e.text!))).to.deep.equal([JSON.parse(single)]);
  });

  it('marks an element past the limit and refuses bodies that are not an array or object', () => {
    const els = split(`[{"a":"${'x'.repeat(100)}"},{"b":1}]`, 9, 40);
    expect(els[0]!.text).to.equal(undefined);
    expect(JSON.parse(els[1]!.text!)).to.deep.equal({ b: 1 });
    expect(() => split('42', 1)).to.throw(/must be a JSON array or object/);
    expect(() => split('[{"a":1}', 1)).to.throw(/ends early/);
    expect(() => split('[] x', 1)).to.throw(/after the end/);
  });
  // Why the splitter is hand-written (docs/ingest.md "Streamed"): the streaming JSON libraries measured stop at
  // the first malformed element, which would turn one bad item into the loss of every item after it.
  it('rejects a malformed element alone, by line, and reads every element after it', () => {
    const text = '[\n{"externalRef":"a"},\n{"externalRef":},\n{"externalRef":"c"},\n{"externalRef":"d"}\n]';
    for (const size of [1, 4, text.length]) {
      const recs = chunked(text, size, recordParser('json', 1000));
      expect(
        recs.map((r) => r.line),
        `chunk ${size}`,
      ).to.deep.equal([2, 3, 4, 5]);
      expect(recs.map((r) => r.value?.['externalRef'])).to.deep.equal(['a', undefined, 'c', 'd']);
      expect(recs[1]!.issues![0]).to.include({ path: '(item)' });
      expect(recs[1]!.issues![0]!.message).to.match(/not valid JSON/);
    }
  });
});

describe('ingest stream decoder', () => {
  const decodeAll = (bytes: Buffer, size: number, declared = {}) => {
    const d = new StreamDecoder(declared);
    let text = '';
    for (let i = 0; i < bytes.length; i += size) text += d.write(bytes.subarray(i, i + size));
    return { text: text + d.end(), encoding: d.encoding };
  };
  const utf8 = fixture('vacancies-utf8.csv');

  it('reads UTF-8, strips a BOM, and detects GB18030 from bytes that are not UTF-8', () => {
    expect(decodeAll(utf8, 5)).to.deep.equal({ text: utf8.toString('utf8'), encoding: 'utf-8' });
    const bom = decodeAll(fixture('vacancies-utf8-bom.csv'), 3);
    expect(bom.encoding).to.equal('utf-8');
    expect(bom.text.startsWith('externalRef,')).to.equal(true);
    const gb = decodeAll(fixture('vacancies-gb18030.csv'), 1);
    expect(gb.encoding).to.equal('gb18030');
    expect(gb.text).to.equal(utf8.toString('utf8').replaceAll('csv-', 'gb-'));
  });

  it('lets ?encoding= and a GB charset decide, and keeps UTF-8 when charset=utf-8 is wrong', () => {
    expect(decodeAll(fixture('vacancies-gb18030.csv'), 64, { query: 'gb18030' }).text).to.contain('普工');
    expect(decodeAll(fixture('vacancies-gb18030.csv'), 64, { charset: 'utf-8' }).encoding).to.equal(
      'gb18030',
    );
    expect(looksLikeUtf8(Buffer.from('普工', 'utf8').subarray(0, 5))).to.equal(true); // cut mid-character
    expect(looksLikeUtf8(Buffer.from([0xc6, 0xd5, 0xb9, 0xa4]))).to.equal(false); // 普工 in GBK
  });
});

describe('ingest bulk items', () => {
  const bureau = { role: 'bureau', keyId: 'k' } as const;
  const body = { externalRef: 'r1', title: '普工', totalJobOpenings: 2, workPlace: { district: '薛城区' } };

  it('binds an employer to its own firm and rejects items naming another', () => {
    const employer = { principal: { role: 'employer', keyId: 'k', firmId: 'firm-a' } } as const;
    const ok = itemToWrite(body, employer, 0);
    expect('write' in ok && ok.write.firmId).to.equal('firm-a');
    const own = itemToWrite({ ...body, firmId: 'firm-a' }, employer, 1);
    expect('write' in own && own.write.firmId).to.equal('firm-a');
    const other = itemToWrite({ ...body, firmId: 'firm-b' }, employer, 2);
    expect('issues' in other && other.issues[0]!.path).to.equal('firmId');
    expect('issues' in other && other.issues[0]!.message).to.contain('firm-b');
  });

  it('needs a firm from the bureau, an externalRef, and the single-vacancy schema (unknown fields named)', () => {
    const res = itemToWrite(
      { title: '普工', totalJobOpenings: 0, workPlace: {}, colour: 1 },
      { principal: bureau },
      0,
    );
    expect('issues' in res && res.issues.map((i) => i.path)).to.deep.equal([
      'externalRef',
      'firmId',
      'totalJobOpenings',
      '(root)',
    ]);
    const byDefault = itemToWrite(body, { principal: bureau, defaultFirmId: 'zz-1' }, 0);
    expect('write' in byDefault && byDefault.write.firmId).to.equal('zz-1');
    const named = itemToWrite({ ...body, firmId: 'zz-2' }, { principal: bureau, defaultFirmId: 'zz-1' }, 1);
    expect('write' in named && named.write.firmId).to.equal('zz-2');
  });
});
