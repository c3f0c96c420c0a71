import { expect } from 'chai';
import { safeBack } from '../../services/portal/src/context.ts';
import { documentOf, html, jsonScript, raw } from '../../services/portal/src/html.ts';
import { jobPostingLd } from '../../services/portal/src/pages/jobs.ts';
import { filtersFrom, jobsUrl, toApiQuery } from '../../services/portal/src/pages/search-params.ts';
import { passwordProblem, hashPassword, verifyPassword } from '../../services/portal/src/passwords.ts';

describe('portal: typed templates escape by default', () => {
  it('escapes interpolated text, keeps markup built by html``', () => {
    const name = '<script>alert("x")</script>&\'';
    const out = html`<p title="${name}">${name}${html`<b>ok</b>`}</p>`.value;
    expect(out).to.equal(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<b>ok</b></p>',
    );
  });
  it('renders lists, skips null/undefined/booleans, prints numbers', () => {
    expect(html`${[1, 'a<', null, undefined, false, true, [raw('<i>')]]}`.value).to.equal('1a&lt;<i>');
  });
  it('JSON in a script block cannot close the element', () => {
    const out = jsonScript({ t: '</script><script>x</script>' }).value;
    expect(out).not.to.contain('</script');
    expect(JSON.parse(out)).to.deep.equal({ t: '</script><script>x</script>' });
    expect(documentOf(html`<html></html>`)).to.match(/^<!doctype html>\n<html>/);
  });
});

describe('portal: JobPosting JSON-LD has what Google for Jobs requires', () => {
  const vacancy = {
    id: 'f1:V1',
    externalRef: 'V1',
    firmId: 'f1',
    firmName: '枣庄鲁南纺织有限公司',
    keyEnterprise: false,
    title: '缝纫工',
    description: '流水线缝纫 <b>两班倒</b>',
    occupations: [],
    skills: [],
    totalJobOpenings: 5,
    wage: {
      min: 4000,
      max: 5500,
      unit: 'month' as const,
      currency: 'CNY',
      monthlyMin: 4000,
      monthlyMax: 5500,
    },
    employmentType: 'full_time' as const,
    workPlace: {
      resolved: true,
      code: '370402',
      name: '市中区',
      address: '光明路 1 号',
      location: { lat: 34.86, lon: 117.55 },
    },
    requirements: { certificates: [] },
    benefits: { board: true, lodging: false, socialInsurance: true, other: [] },
    fairIds: [],
    validThrough: '2027-01-31T23:59:59+08:00',
    status: 'open' as const,
    createdAt: '2026-12-01T08:00:00Z',
    updatedAt: '2026-12-01T08:00:00Z',
  };
  it('required: title, description, datePosted, hiringOrganization, jobLocation; recommended ones too', () => {
    const ld = jobPostingLd(
      vacancy as never,
      'https://jobs.example.cn/jobs/f1%3AV1',
      'https://jobs.example.cn',
    );
    expect(ld['@type']).to.equal('JobPosting');
    expect(ld.title).to.equal('缝纫工');
    expect(ld.description).to.be.a('string').and.not.contain('<');
    expect(ld.datePosted).to.equal('2026-12-01T08:00:00Z');
    expect((ld.hiringOrganization as { name: string }).name).to.equal('枣庄鲁南纺织有限公司');
    const place = ld.jobLocation as { address: Record<string, string>; geo: { latitude: number } };
    expect(place.address.addressCountry).to.equal('CN');
    expect(place.address.addressLocality).to.equal('市中区');
    expect(place.geo.latitude).to.equal(34.86);
    expect(ld.validThrough).to.equal('2027-01-31T23:59:59+08:00');
    expect(ld.employmentType).to.equal('FULL_TIME');
    expect(ld.baseSalary).to.deep.equal({
      '@type': 'MonetaryAmount',
      currency: 'CNY',
      value: { '@type': 'QuantitativeValue', minValue: 4000, maxValue: 5500, unitText: 'MONTH' },
    });
    expect((ld.identifier as { value: string }).value).to.equal('f1:V1');
  });
});

describe('portal: search parameters and redirects', () => {
  it('keeps only known, non-empty filters and turns a district start into near', () => {
    const f = filtersFrom({ q: ' 普工 ', district: '', from: '370403', evil: 'x', sort: 'distance' });
    expect(f).to.deep.equal({ q: '普工', from: '370403', sort: 'distance' });
    const q = toApiQuery(f) as Record<string, unknown>;
    expect(q.near).to.equal('34.7952,117.2632');
    expect(q.sort).to.equal('distance');
    expect(toApiQuery({ sort: 'distance' }) as Record<string, unknown>).not.to.have.property('sort');
    expect(jobsUrl(f, { from: undefined })).to.equal('/jobs?q=%E6%99%AE%E5%B7%A5&sort=distance');
  });
  it('goes back only to local paths', () => {
    expect(safeBack('/jobs?q=1')).to.equal('/jobs?q=1');
    for (const bad of ['//evil.example', 'https://evil.example/', '/\\evil', 'javascript:x', 42, undefined])
      expect(safeBack(bad)).to.equal('/');
  });
});

describe('portal: passwords', () => {
  it('scrypt hashes verify, wrong passwords do not, weak ones are refused', async () => {
    const h = await hashPassword('abc12345');
    expect(h).to.match(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('abc12345', h)).to.equal(true);
    expect(await verifyPassword('abc12346', h)).to.equal(false);
    expect(await verifyPassword('abc12345', 'plain')).to.equal(false);
    expect(passwordProblem('short1')).to.be.a('string');
    expect(passwordProblem('onlyletters')).to.be.a('string');
    expect(passwordProblem('letters123')).to.equal(undefined);
  });
});
