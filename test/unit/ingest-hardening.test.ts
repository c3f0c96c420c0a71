import { MAX_WAGE, VacancyInput, WorkerInput } from '@fugong/schemas';
import { loneSurrogatePath } from '@fugong/http';
import { expect } from 'chai';
import { StreamDecoder } from '../../services/ingest/src/bulk/decode.ts';
import { recordParser } from '../../services/ingest/src/bulk/parsers.ts';
import { isOutage } from '../../services/ingest/src/bulk/writer.ts';
import { scriptSafeJson } from '../../services/ingest/src/jsonld/out.ts';

// Issue #9, ingest items: the pure parts, without servers.

const vacancy = (wage: unknown) => ({
  title: '普工',
  totalJobOpenings: 1,
  workPlace: { district: '薛城区' },
  wage,
});

describe('hardening #9 (unit): wage bounds', () => {
  it('accepts each unit’s bound and refuses one past it, naming min or max', () => {
    for (const [unit, max] of Object.entries(MAX_WAGE)) {
      expect(VacancyInput.safeParse(vacancy({ min: max, unit })).success, unit).to.equal(true);
      const over = VacancyInput.safeParse(vacancy({ min: 1, max: max * 1.001, unit }));
      expect(over.success, unit).to.equal(false);
      expect(over.error!.issues.map((i) => i.path.join('.'))).to.deep.equal(['wage.max']);
    }
    for (const min of [1e308, 1e20, Number.MAX_VALUE]) {
      const r = VacancyInput.safeParse(vacancy({ min }));
      expect(r.error!.issues.map((i) => i.path.join('.'))).to.include('wage.min');
    }
  });

  it('bounds a worker’s expected wage the same way', () => {
    const worker = (expectedWage: unknown) => ({
      currentPlace: { district: '薛城区' },
      consent: { given: true, at: '2020-03-01' },
      private: { name: '张三' },
      expectedWage,
    });
    expect(WorkerInput.safeParse(worker({ min: 300, unit: 'day' })).success).to.equal(true);
    const r = WorkerInput.safeParse(worker({ min: 1e300, unit: 'hour' }));
    expect(r.error!.issues.map((i) => i.path.join('.'))).to.deep.equal(['expectedWage.min']);
  });
});

describe('hardening #9 (unit): script-safe JSON-LD', () => {
  it('escapes < > & U+2028 U+2029 and parses back to the same value', () => {
    const value = { title: '</script><script>alert(1)</script>', d: 'a & b \u2028\u2029 <!--' };
    const text = scriptSafeJson(value);
    expect(text).to.not.match(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).to.deep.equal(value);
  });
});

describe('hardening #9 (unit): lone surrogates', () => {
  it('finds the path of a lone surrogate, not of a proper pair', () => {
    expect(loneSurrogatePath({ title: '焊工😀', skills: ['a', 'b'] })).to.equal(undefined);
    expect(loneSurrogatePath({ title: 'x\ud800' })).to.equal('title');
    expect(loneSurrogatePath({ skills: ['a', '\udc00b'] })).to.equal('skills.1');
    expect(loneSurrogatePath({ workPlace: { address: '\ud83d' } })).to.equal('workPlace.address');
  });

  it('CSV cannot carry one: bytes of an encoded surrogate decode to well-formed text', () => {
    const bytes = Buffer.concat([
      Buffer.from('externalRef,title,totalJobOpenings,district\nr-1,焊工'),
      Buffer.from([0xed, 0xa0, 0x80]), // U+D800 written as UTF-8 (invalid UTF-8)
      Buffer.from(',1,薛城区\n'),
    ]);
    for (const encoding of [undefined, 'utf-8', 'gb18030'] as const) {
      const decoder = new StreamDecoder(encoding ? { query: encoding } : {});
      const parser = recordParser('csv', 10_000);
      const recs = [...parser.push(decoder.write(bytes)), ...parser.push(decoder.end()), ...parser.end()];
      expect(recs, String(encoding)).to.have.length(1);
      expect(loneSurrogatePath(recs[0]!.value), String(encoding)).to.equal(undefined);
    }
  });
});

describe('hardening #9 (unit): JSON-LD arrays holding @graph documents', () => {
  it('makes each node of an embedded @graph its own record', () => {
    const posting = (id: string) => ({
      '@type': 'JobPosting',
      identifier: id,
      title: '电焊工',
      jobLocation: { address: { addressLocality: '薛城区' } },
    });
    const body = JSON.stringify([
      {
        '@context': 'https://schema.org/',
        '@graph': [posting('a'), posting('b'), { '@type': 'Organization' }],
      },
      posting('c'),
    ]);
    const parser = recordParser('jsonld', 100_000);
    const recs = [...parser.push(body), ...parser.end()];
    expect(recs.map((r) => r.value?.['externalRef'] ?? r.issues?.[0]?.path)).to.deep.equal([
      'a',
      'b',
      '@type',
      'c',
    ]);
  });
});

describe('hardening #9 (unit): what stops a bulk upload', () => {
  it('an outage does; a bug or an engine refusal of one request does not', () => {
    expect(isOutage(new Error('Connection is closed.'))).to.equal(true);
    expect(isOutage(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).to.equal(true);
    expect(isOutage(new RangeError('monthly wage must be a finite number ≥ 0: Infinity'))).to.equal(false);
    expect(isOutage(new TypeError('x is undefined'))).to.equal(false);
  });
});
