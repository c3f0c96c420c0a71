import { vacancyDocument } from '@fugong/documents';
import { VacancyInput } from '@fugong/schemas';
import { expect } from 'chai';
import { toJobPosting } from '../../services/ingest/src/jsonld/out.ts';

const now = new Date('2020-03-01T08:00:00+08:00');
const firm = { id: 'f1', name: '枣庄市示范防护用品有限公司', keyEnterprise: true };
const posting = (fields: Record<string, unknown>) =>
  toJobPosting(
    vacancyDocument(
      'V-1',
      VacancyInput.parse({
        title: '普工',
        totalJobOpenings: 3,
        workPlace: { district: '滕州市' },
        ...fields,
      }),
      firm,
      now,
    ).doc,
  );

describe('ingest: vacancies out as Schema.org JobPosting', () => {
  it('has every property Google requires, with the address in CN', () => {
    const jp = posting({ description: 'a < b & c', validThrough: '2020-04-30', employmentType: 'contract' });
    for (const field of [
      'title',
      'description',
      'datePosted',
      'hiringOrganization',
      'jobLocation',
      'identifier',
    ]) {
      expect(jp, field).to.have.property(field);
    }
    expect(jp['description']).to.equal('<p>a &lt; b &amp; c</p>');
    expect(jp['validThrough']).to.equal('2020-04-30T23:59:59+08:00');
    expect(jp['employmentType']).to.equal('CONTRACTOR');
    const address = (jp['jobLocation'] as { address: Record<string, string> }).address;
    expect(address).to.include({ addressCountry: 'CN', addressRegion: '山东省' });
    expect(address['addressLocality']).to.contain('滕州');
    expect(jp['datePosted']).to.equal(now.toISOString());
  });

  it('an empty description falls back to the title; a bare piece rate has no baseSalary; ranges are min–max', () => {
    expect(posting({})['description']).to.equal('<p>普工</p>');
    const range = posting({ wage: { min: 4000, max: 6000 } })['baseSalary'] as {
      value: Record<string, unknown>;
    };
    expect(range.value).to.deep.equal({
      '@type': 'QuantitativeValue',
      minValue: 4000,
      maxValue: 6000,
      unitText: 'MONTH',
    });
    const hourly = posting({ wage: { min: 25, unit: 'hour' } })['baseSalary'] as {
      value: Record<string, unknown>;
    };
    expect(hourly.value).to.include({ value: 25, unitText: 'HOUR' });
    // A piece rate without a monthly equivalent has no honest baseSalary: omitted rather than invented.
    expect(posting({ wage: { min: 2, unit: 'piece' } })).to.not.have.property('baseSalary');
  });

  it('board and lodging are listed as benefits', () => {
    const jp = posting({ benefits: { board: true, lodging: true } });
    expect(jp['jobBenefits']).to.contain('包吃').and.contain('包住');
  });
});
