import { vacancyDocument, workerDocuments } from '@fugong/documents';
import { DEMO_DEFAULTS, demoFair, demoFirm, demoVacancy, demoWorker } from '@fugong/demo';
import { FairInput, FirmInput, VacancyInput, WorkerInput } from '@fugong/schemas';
import { isValidChineseIdNumber, isValidCreditCode } from '@fugong/text';
import { expect } from 'chai';

const o = { ...DEMO_DEFAULTS, baseDate: '2026-11-27' };

describe('demo data generator', () => {
  it('is deterministic: the same seed and index give the same item', () => {
    expect(demoVacancy(o, 123)).to.deep.equal(demoVacancy(o, 123));
    expect(demoWorker(o, 7)).to.deep.equal(demoWorker(o, 7));
    expect(demoVacancy({ ...o, seed: 1 }, 123)).to.not.deep.equal(demoVacancy(o, 123));
  });

  it('every firm, fair, vacancy and worker is valid input, with valid credit codes and ID numbers', () => {
    for (let i = 0; i < o.firms; i++) {
      const f = demoFirm(o, i);
      FirmInput.parse(f.input);
      expect(isValidCreditCode(f.input.creditCode), f.input.creditCode).to.equal(true);
    }
    for (let i = 0; i < o.fairs; i++) FairInput.parse(demoFair(o, i).input);
    for (let i = 0; i < 2000; i++) VacancyInput.parse(demoVacancy(o, i).input);
    for (let i = 0; i < 2000; i++) {
      const w = WorkerInput.parse(demoWorker(o, i).input);
      expect(isValidChineseIdNumber(w.private.idNumber!), w.private.idNumber).to.equal(true);
    }
  });

  it('has the seed campaign shape: 21 key enterprises, priority groups, places and occupations that resolve', () => {
    const keys = Array.from({ length: o.firms }, (_, i) => demoFirm(o, i)).filter(
      (f) => f.input.keyEnterprise,
    );
    expect(keys).to.have.length(21);
    const now = new Date('2026-11-27T00:00:00Z');
    let unresolved = 0;
    for (let i = 0; i < 1000; i++) {
      const v = demoVacancy(o, i);
      const { doc, issues } = vacancyDocument(
        v.externalRef,
        VacancyInput.parse(v.input),
        { id: v.firmId, keyEnterprise: false },
        now,
      );
      if (issues.length > 0 || doc.occupations.length === 0) unresolved++;
    }
    expect(unresolved, 'vacancies whose place or occupation did not resolve').to.equal(0);
    const groups = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { doc, issues } = workerDocuments('w', WorkerInput.parse(demoWorker(o, i).input), now);
      expect(issues, JSON.stringify(issues)).to.deep.equal([]);
      for (const g of doc.priorityGroups) groups.add(g);
    }
    expect([...groups].sort()).to.deep.equal(['graduate', 'migrant_worker', 'poverty_registered']);
  });
});
