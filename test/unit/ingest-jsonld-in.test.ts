import { readFileSync, readdirSync } from 'node:fs';
import { VacancyInput } from '@fugong/schemas';
import { expect } from 'chai';
import { jobPostingToItem } from '../../services/ingest/src/jsonld/in.ts';
import { htmlToText, isoDateTime } from '../../services/ingest/src/jsonld/values.ts';

const dir = new URL('../fixtures/ingest/jsonld/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

/**
 * The shared examples (schema.org's own and Google's) are English postings from the US with no occupation of
 * China's classification, and schema.org's have no identifier: each must be rejected with reasons a person
 * can act on. Expected reasons per file, so a mapping change that silently stores or drops one fails here.
 */
const EXPECTED: Record<string, string[]> = {
  'google-jobposting-2017-variant-via-JayHoltslander.json': ['occupationalCategory'],
  'google-jobposting-software-engineer-2024.json': ['occupationalCategory'],
  ...Object.fromEntries(
    ['0028', '0213', '0251', '0268', '0280', '0281', '0283', '0284', '0285', '0286', '0287', '0465'].map(
      (n) => [`schemaorg-eg-${n}.json`, ['identifier', 'occupationalCategory']],
    ),
  ),
};

describe('ingest JSON-LD JobPosting mapping', () => {
  it('covers every shared example', () => {
    const shared = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(shared.sort()).to.deep.equal(Object.keys(EXPECTED).sort());
  });

  for (const [file, fields] of Object.entries(EXPECTED)) {
    it(`${file}: rejected, saying which fields are required and why`, () => {
      const m = jobPostingToItem(read(file));
      expect(m.value).to.equal(undefined);
      expect(m.issues.map((i) => i.path)).to.deep.equal(fields);
      for (const issue of m.issues) expect(issue.message).to.match(/^required: .+(so|;|seekers) /);
    });
  }

  it('maps the Google example fields it can: salary, employment type, place, dates', () => {
    const m = jobPostingToItem({
      ...read('google-jobposting-software-engineer-2024.json'),
      title: '软件工程师',
    });
    expect(m.issues).to.deep.equal([]);
    expect(m.value).to.deep.include({
      externalRef: '1234567',
      wage: { min: 40, unit: 'hour', currency: 'USD' },
      employmentType: 'contract',
      validFrom: '2024-01-18',
      validThrough: '2024-03-18T00:00:00+08:00',
      totalJobOpenings: 1,
    });
    expect(m.value!['workPlace']).to.deep.equal({
      district: 'Mountain View',
      address: '1600 Amphitheatre Pkwy, Mountain View, CA, 94043, US',
    });
    expect(m.notes.map((n) => n.path)).to.include.members(['totalJobOpenings', 'validThrough']);
  });

  it('maps a Chinese @graph posting to a valid vacancy body, and refuses non-JobPosting nodes', () => {
    const [a, b, org] = read('zaozhuang-jobposting.jsonld')['@graph'].map(jobPostingToItem);
    const { externalRef, ...body } = a.value!;
    expect(externalRef).to.equal('ZZ-2020-0001');
    expect(VacancyInput.safeParse(body).success).to.equal(true);
    expect(body).to.deep.include({
      wage: { min: 4500, max: 7000, unit: 'month', currency: 'CNY' },
      requirements: { experienceYears: 1 },
      description: '負責醫用防護服縫製，計件工資，多勞多得。',
    });
    expect(body['workPlace']).to.deep.include({
      district: '薛城区',
      location: { lat: 34.795, lon: 117.263 },
    });
    expect(body['benefits']).to.deep.include({ board: true, lodging: true, socialInsurance: true });
    expect(b.value).to.deep.include({
      occupationCodes: ['6-30-05-01'],
      wage: { min: 6500, unit: 'month', currency: 'CNY' },
    });
    expect(org.issues[0].path).to.equal('@type');
  });

  it('reads HTML descriptions as text and local times in China Standard Time', () => {
    expect(htmlToText('<p>a &amp; b</p><p>c&#20320;</p>')).to.equal('a & b\nc你');
    expect(isoDateTime('2017-03-18T00:00')).to.equal('2017-03-18T00:00:00+08:00');
    expect(isoDateTime('2017-03-18T00:00:00Z')).to.equal('2017-03-18T00:00:00Z');
    expect(isoDateTime('2017-03-18')).to.equal('2017-03-18');
    expect(isoDateTime('next week')).to.equal(undefined);
  });
});
