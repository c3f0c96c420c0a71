import { vacancyDocument, workerDocuments } from '@fugong/documents';
import { VacancyInput, WorkerInput } from '@fugong/schemas';
import { expect } from 'chai';

const now = new Date('2020-03-01T08:00:00+08:00');

describe('documents: normalised vacancy and worker documents', () => {
  it('a traditional-Chinese posting is stored segmented in simplified form with codes and a monthly wage', () => {
    const input = VacancyInput.parse({
      title: '防護服生產普工',
      description: '包吃住，長期招聘',
      totalJobOpenings: 50,
      wage: { min: 200, max: 260, unit: 'day' },
      workPlace: { district: '薛城區' },
      benefits: { board: true, lodging: true },
    });
    const { doc, issues } = vacancyDocument(
      'V-1',
      input,
      { id: 'f1', name: '示范公司', keyEnterprise: true },
      now,
    );
    expect(issues).to.deep.equal([]);
    expect(doc.id).to.equal('f1:V-1');
    expect(doc.titleSeg.split(' ')).to.include('防护服');
    expect(doc.occupations.length).to.be.greaterThan(0);
    expect(doc.occupationSeg).to.contain('操作工');
    expect(doc.workPlace.code).to.equal('370403');
    expect(doc.workPlace.codes).to.deep.equal(['370000', '370400', '370403']);
    expect(doc.wage?.monthlyMin).to.equal(4350);
    expect(doc.status).to.equal('open');
    expect(doc.suggest.input).to.include('fanghufushengchanpugong');
  });

  it('an expired posting is stored as expired; an unknown district is kept as text and reported', () => {
    const input = VacancyInput.parse({
      title: '叉车司机',
      totalJobOpenings: 2,
      workPlace: { district: '火星区' },
      validThrough: '2020-02-01',
    });
    const { doc, issues } = vacancyDocument('V-2', input, { id: 'f1', keyEnterprise: false }, now);
    expect(doc.status).to.equal('expired');
    expect(doc.openPositions).to.equal(0);
    expect(doc.workPlace).to.include({ resolved: false, text: '火星区' });
    expect(issues.map((i) => i.path)).to.deep.equal(['workPlace.district']);
  });

  it('a worker profile keeps name, phone and ID number out of the searchable document', () => {
    const input = WorkerInput.parse({
      occupations: ['电焊工'],
      currentPlace: { district: '滕州市' },
      consent: { given: true, at: '2020-03-01', via: 'bureau' },
      private: { name: '张三丰', phone: '13812345678', idNumber: '11010519491231002X' },
    });
    const { doc, privateDoc, issues } = workerDocuments('w1', input, now);
    expect(issues).to.deep.equal([]);
    expect(doc.maskedName).to.equal('张**');
    expect(JSON.stringify(doc)).to.not.match(/13812345678|11010519491231002X|张三丰/);
    expect(privateDoc.private.phone).to.equal('13812345678');
    expect(doc.willingCodes).to.include('370481');
  });
});
