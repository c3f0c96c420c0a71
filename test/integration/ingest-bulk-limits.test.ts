import { request } from 'node:http';
import { expect } from 'chai';
import { type TestService, startTestService } from './helpers.ts';
import { buildSmallLimitsApp, expectReportTruthful, registerFirms, stored } from './ingest-bulk-helpers.ts';

const line = (n: number) =>
  JSON.stringify({
    externalRef: `lim-${n}`,
    title: '包装工',
    totalJobOpenings: n,
    wage: { min: 3000 + n },
    workPlace: { district: '山亭区' },
  });

describe('ingest bulk limits (real engine; 4000 bytes, 3 items, batches of 2)', function () {
  this.timeout(60_000);
  let svc: TestService;
  before(async () => {
    svc = await startTestService(buildSmallLimitsApp);
    await registerFirms(svc);
  });
  after(async () => {
    await svc?.close();
  });

  it('a Content-Length past the limit is a 413 before anything is read or written', async () => {
    const body = Array.from({ length: 40 }, (_, i) => line(100 + i)).join('\n');
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${svc.url}/v1/vacancies/bulk`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${svc.keys.employerA}`,
          'content-type': 'application/x-ndjson',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('response', (res) => {
        let t = '';
        res.on('data', (c) => (t += c));
        res.on('end', () => resolve({ status: res.statusCode!, text: t }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).to.equal(413);
    expect(JSON.parse(text).error.message).to.match(/nothing was written/);
    expect((await stored(svc.rt, [`${svc.firmA}:lim-100`])).size).to.equal(0);
  });

  it('past the item limit mid-stream: what came before is written and reported, nothing after', async () => {
    const lines = [1, 2, 3, 4, 5].map(line);
    // A streamed body (no Content-Length) can only be stopped as it arrives.
    const body = new ReadableStream({
      start(c) {
        for (const l of lines) c.enqueue(new TextEncoder().encode(`${l}\n`));
        c.close();
      },
    });
    const res = await fetch(`${svc.url}/v1/vacancies/bulk?refresh=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${svc.keys.employerA}`, 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit);
    const json = (await res.json()) as any;
    expect(res.status).to.equal(413);
    expect(json.error.code).to.equal('payload_too_large');
    expect(json.error.details.summary).to.include({ received: 3, created: 3 });
    expect(json.error.details.complete).to.equal(false);
    await expectReportTruthful(svc.rt, json.error.details.items);
    const after = await stored(
      svc.rt,
      [4, 5].map((n) => `${svc.firmA}:lim-${n}`),
    );
    expect(after.size).to.equal(0);
  });
});
