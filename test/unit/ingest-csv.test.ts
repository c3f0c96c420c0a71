import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CsvParser, type CsvRecord } from '../../services/ingest/src/bulk/csv.ts';
import { csvColumnOf, csvHeader, csvRow } from '../../services/ingest/src/bulk/csv-columns.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url), 'utf8');

/** Parses text fed in pieces of `size` characters, so every chunk boundary position is exercised. */
function parse(text: string, size = text.length, max = 10_000): CsvRecord[] {
  const p = new CsvParser(max);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  return [...out, ...p.end()];
}

describe('ingest CSV parser', () => {
  it('reads quoted commas, doubled quotes and line breaks inside cells, with the line each record starts on', () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"two\nlines",z\n3,,\n';
    for (const size of [1, 2, 3, 7, text.length]) {
      const recs = parse(text, size);
      expect(
        recs.map((r) => r.cells),
        `chunk ${size}`,
      ).to.deep.equal([
        ['a', 'b', 'c'],
        ['1', 'x, y', 'say "hi"'],
        ['2', 'two\nlines', 'z'],
        ['3', '', ''],
      ]);
      expect(recs.map((r) => r.line)).to.deep.equal([1, 2, 3, 5]);
    }
  });

  it('handles CRLF (also split across chunks), blank lines and a last line without a newline', () => {
    const text = 'a,b\r\n\r\n1,"q\r\nr"\r\n2,3';
    for (const size of [1, 2, text.length]) {
      expect(parse(text, size).map((r) => r.cells)).to.deep.equal([
        ['a', 'b'],
        ['1', 'q\r\nr'],
        ['2', '3'],
      ]);
    }
  });

  it('reports a record past the limit alone and reads the next one correctly', () => {
    const recs = parse(`a,b\n1,"${'长'.repeat(50)}\n,"\n2,ok\n`, 5, 20);
    expect(recs[1]).to.deep.equal({ line: 2, problem: 'too_long' });
    expect(recs[2]).to.deep.equal({ line: 4, cells: ['2', 'ok'] });
  });

  // Why the parser is hand-written (docs/ingest.md "Streamed"): csv-parse's max_record_size is fatal, and with
  // skip_records_with_error it silently dropped every record after the long one.
  it('after a record past the limit, every later record is read, whatever the chunking', () => {
    const text = `a,b\nx,"${'长'.repeat(30)}\n${'y'.repeat(30)}"\n2,ok\n3,"q,r"\n\n4,"s""t"\n`;
    for (const size of [1, 5, 64, text.length]) {
      expect(parse(text, size, 20), `chunk ${size}`).to.deep.equal([
        { line: 1, cells: ['a', 'b'] },
        { line: 2, problem: 'too_long' },
        { line: 4, cells: ['2', 'ok'] },
        { line: 5, cells: ['3', 'q,r'] },
        { line: 7, cells: ['4', 's"t'] },
      ]);
    }
  });

  it('reports a quote that is never closed', () => {
    expect(parse('a\n"open\nmore').at(-1)).to.deep.equal({ line: 2, problem: 'unclosed_quote' });
  });
});

describe('ingest CSV columns', () => {
  it('accepts English and Chinese headers and refuses unknown or missing columns before any row', () => {
    expect(csvHeader(['externalRef', '职位名称', '招聘人数', ' 最低工资 '])).to.deep.equal([
      'externalRef',
      'title',
      'totalJobOpenings',
      'wageMin',
    ]);
    expect(() => csvHeader(['externalRef', 'title', 'colour'])).to.throw(
      /unknown column "colour".*missing required column totalJobOpenings/,
    );
  });

  it('turns a row into the single-vacancy body: lists, numbers, yes/no, dates, Chinese units', () => {
    const names = csvHeader([
      'externalRef',
      'title',
      'totalJobOpenings',
      'wageMin',
      'wageUnit',
      'skills',
      'board',
      'validThrough',
      'lat',
      'lon',
    ]);
    const rec = csvRow(
      names,
      ['r1', '普工', '1,200', '4500元', '月', '包装|装箱、质检', '是', '2026/3/1', '34.8', '117.3'],
      7,
    );
    expect(rec).to.deep.equal({
      line: 7,
      value: {
        externalRef: 'r1',
        title: '普工',
        totalJobOpenings: 1200,
        wage: { min: 4500, unit: 'month' },
        skills: ['包装', '装箱', '质检'],
        benefits: { board: true },
        validThrough: '2026-03-01',
        workPlace: { location: { lat: 34.8, lon: 117.3 } },
      },
    });
  });

  it('names the column of a cell it cannot read, and of a schema path', () => {
    const names = csvHeader(['externalRef', 'title', 'totalJobOpenings', 'lodging']);
    expect(csvRow(names, ['r1', '普工', '很多', '也许'], 3).issues?.map((i) => i.path)).to.deep.equal([
      'totalJobOpenings',
      'lodging',
    ]);
    expect(csvRow(names, ['r1', '普工'], 4).issues?.[0]?.message).to.match(/2 cells, the header has 4/);
    expect(csvColumnOf('wage.min')).to.equal('wageMin');
    expect(csvColumnOf('workPlace.location.lat')).to.equal('lat');
    expect(csvColumnOf('requirements.certificates.2')).to.equal('certificates');
  });

  it('parses the UTF-8 fixture into three vacancies', () => {
    const recs = parse(fixture('vacancies-utf8.csv'));
    const names = csvHeader(recs[0]!.cells!);
    const rows = recs.slice(1).map((r) => csvRow(names, r.cells!, r.line));
    expect(rows.map((r) => r.line)).to.deep.equal([2, 3, 5]);
    expect(rows[1]!.value).to.include({
      description: '二氧化碳保护焊\n要求持证上岗',
      employmentType: 'full_time',
    });
    expect((rows[1]!.value!['workPlace'] as { address: string }).address).to.equal('工业园区 "A区" 3号');
  });
});
