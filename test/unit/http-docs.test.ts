import { expect } from 'chai';
import { bodyFields, renderDocsPage } from '@fugong/http';

const schemas = {
  Wage: {
    type: 'object',
    properties: {
      min: { type: 'number', minimum: 0 },
      unit: { type: 'string', enum: ['month', 'day'], default: 'month' },
    },
    required: ['min'],
  },
};

const body = {
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200, description: 'the <b>job</b> title' },
    wage: { $ref: '#/components/schemas/Wage' },
    shifts: {
      type: 'array',
      maxItems: 3,
      items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    },
    note: { type: 'string', nullable: true },
    validThrough: {
      anyOf: [
        { type: 'string', format: 'date' },
        { type: 'string', format: 'date-time' },
      ],
    },
  },
  required: ['title'],
};

describe('http: the docs page renders request bodies', () => {
  it('flattens nested objects and array items, follows $refs, keeps limits, enums and defaults', () => {
    const fields = bodyFields(body, schemas);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(fields.map((f) => f.name)).to.deep.equal([
      'title',
      'wage',
      'wage.min',
      'wage.unit',
      'shifts',
      'shifts[].name',
      'note',
      'validThrough',
    ]);
    expect(byName['title']).to.deep.equal({
      name: 'title',
      type: 'string, length 1–200',
      required: true,
      description: 'the <b>job</b> title',
    });
    expect(byName['wage']!.type).to.equal('object (Wage)');
    expect(byName['wage.min']).to.include({ type: 'number ≥ 0', required: true });
    expect(byName['wage.unit']!.description).to.equal('one of: "month", "day"; default: "month"');
    expect(byName['shifts']!.type).to.equal('array of object (at most 3)');
    expect(byName['note']!.type).to.equal('string or null');
    expect(byName['validThrough']!.type).to.equal('string (date) | string (date-time)');
  });

  it('puts a field table on the operation, escaped, and one line for a raw body', () => {
    const html = renderDocsPage({
      info: { title: 't', version: '1' },
      paths: {
        '/v1/things/{id}': {
          put: { requestBody: { content: { 'application/json': { schema: body } } }, responses: {} },
        },
        '/v1/things/bulk': {
          post: { requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } }, responses: {} },
        },
      },
      components: { schemas },
    });
    expect(html).to.contain('<td><code>wage.min</code></td><td>number ≥ 0</td><td>yes</td>');
    expect(html).to.contain('the &lt;b&gt;job&lt;/b&gt; title');
    expect(html).to.contain('<p>Body <code>text/csv</code>: string</p>');
  });
});
