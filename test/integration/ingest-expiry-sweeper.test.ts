import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { startIngest, vacancyBody } from './ingest-fixtures.ts';

describe('ingest: the expiry sweeper runs in the service process', () => {
  let svc: TestService;
  before(async () => {
    svc = await startIngest(250);
  });
  after(async () => {
    await svc.close();
  });

  it('a vacancy whose validThrough instant passes is marked expired without anyone calling the sweep', async () => {
    const validThrough = new Date(Date.now() + 1500).toISOString();
    const put = await svc.call('PUT', '/v1/vacancies/soon-1', {
      key: svc.keys.employerA,
      body: vacancyBody({ title: '护工', validThrough }),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect((await svc.call('GET', '/v1/vacancies/firm-a:soon-1')).body.status).to.equal('open');
    let status = 'open';
    for (let i = 0; i < 40 && status === 'open'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = (await svc.call('GET', '/v1/vacancies/firm-a:soon-1', { key: svc.keys.bureau })).body.status;
    }
    expect(status).to.equal('expired');
  });

  it('stops on shutdown: after its closer resolves, nothing is expired any more', async () => {
    expect(svc.built.closers).to.have.length(1);
    await svc.built.closers![0]!();
    const put = await svc.call('PUT', '/v1/vacancies/soon-2', {
      key: svc.keys.employerA,
      body: vacancyBody({ title: '厨师', validThrough: new Date(Date.now() + 300).toISOString() }),
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    await new Promise((r) => setTimeout(r, 1200));
    const read = await svc.call('GET', '/v1/vacancies/firm-a:soon-2', { key: svc.keys.bureau });
    expect(read.body.status, 'stored status untouched (search hides it by expiresAt anyway)').to.equal(
      'open',
    );
  });
});
