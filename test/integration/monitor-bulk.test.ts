import { writeSheetRows } from '@fugong/monitor/reports/bulk';
import { parseReportSheet, tablesToXlsx } from '@fugong/monitor/sheets';
import { createStores } from '@fugong/stores';
import { expect } from 'chai';
import type { TestService } from './helpers.ts';
import { at, labelledBureauKey, MONDAY, registerTestFirms, startMonitor } from './monitor-helpers.ts';

/*
 * The bureau's spreadsheet upload (rows matched to firms by credit code, each written with the rules of one PUT,
 * a per-row report) and the day's bulletin (summary + one sheet per district).
 */
// Valid codes (GB 32100 check character), as the sheet reader checks them.
const CODE = { a: '91370402MA3C00001X', b: '91370403MA3C00002F', c: '91370403MA3C00003J' };
const HEADER = [
  '企业名称',
  '统一社会信用代码',
  '日期',
  '是否开工',
  '产能利用率',
  '职工总数',
  '到岗人数',
  '空岗数',
  '困难',
];

describe('monitor: spreadsheet upload and the bulletin', () => {
  let svc: TestService;
  let upload: { key: string; keyId: string };
  before(async () => {
    svc = await startMonitor({ now: at(MONDAY) });
    await registerTestFirms(svc, [
      { id: 'sa', creditCode: CODE.a, district: { code: '370402', name: '市中区' }, key: true },
      { id: 'sb', creditCode: CODE.b, district: { code: '370403', name: '薛城区' } },
      // Registered, never marked as monitored.
      { id: 'sc', creditCode: CODE.c, district: { code: '370403', name: '薛城区' } },
      { id: 'sd', creditCode: '91370403MA3C00004M', district: { code: '370403', name: '薛城区' } },
    ]);
    for (const firmId of ['sa', 'sb', 'sd'])
      expect(
        (
          await svc.call('PUT', `/v1/monitor/firms/${firmId}`, {
            key: svc.keys.bureau,
            body: { frequency: 'daily', startDate: '2020-02-24' },
          })
        ).status,
      ).to.equal(201);
    upload = await labelledBureauKey(svc, '统计科');
  });
  after(async () => svc?.close());

  const send = (body: Buffer | string, type: string, key = upload.key) =>
    fetch(`${svc.url}/v1/monitor/reports/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('writes each good row, reports each bad one with its line and problem, and records the upload and user', async () => {
    const xlsx = await tablesToXlsx([
      {
        name: '复工情况',
        columns: HEADER,
        rows: [
          ['甲公司', CODE.a, MONDAY, '是', 85, 200, 180, 6, '缺工'],
          ['乙公司', CODE.b, MONDAY, '部分', 40, 100, 45, 0, ''],
          ['甲公司', CODE.a, MONDAY, '是', 90, 200, 190, 0, ''], // the same firm and day again
          ['无名公司', '91370400MA3C00009R', MONDAY, '是', 50, 10, 5, 0, ''], // no such firm
          ['丙公司', CODE.c, MONDAY, '是', 50, 10, 5, 0, ''], // registered, not monitored
          ['乙公司', CODE.b, '2020-03-01', '是', 50, 10, 11, 0, ''], // on post above employees
          ['乙公司', CODE.b, '2020-03-05', '是', 50, 10, 5, 0, ''], // after today in Shanghai
        ],
      },
    ]);
    const res = await send(xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.summary, JSON.stringify(res.body.items)).to.deep.equal({
      rows: 7,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 5,
    });
    const [a, b, dup, nobody, unmonitored, tooMany, future] = res.body.items;
    expect(a).to.include({ firmId: 'sa', result: 'created', version: 1, date: MONDAY });
    expect(b).to.include({ firmId: 'sb', result: 'created' });
    expect(dup.result).to.equal('rejected');
    expect(dup.problems[0].message).to.match(new RegExp(`(row|line) ${a.line}\\b`));
    expect(nobody.result).to.equal('rejected');
    expect(nobody.problems[0].field).to.include('creditCode');
    expect(unmonitored.problems[0].field).to.equal('firmId');
    expect(tooMany.problems.map((p: { field: string }) => p.field).join()).to.include('onPost');
    expect(future.problems[0].field).to.equal('date');
    expect(res.body.items.map((i: { line: number }) => i.line)).to.satisfy((ls: number[]) =>
      ls.every((l, i) => i === 0 || l > ls[i - 1]!),
    );

    const stored = await svc.call('GET', `/v1/monitor/reports/sa/${MONDAY}`, { key: svc.keys.bureau });
    expect(stored.body).to.include({ status: 'operating', employees: 200, onPost: 180, openPositions: 6 });
    expect(stored.body.difficulties).to.deep.equal(['workers']);
    expect(stored.body.recordedBy).to.deep.equal({
      source: 'bureau_upload',
      keyId: upload.keyId,
      user: '统计科',
    });
    for (const [firmId, date] of [
      ['sc', MONDAY],
      ['sb', '2020-03-01'],
    ])
      expect(
        (await svc.call('GET', `/v1/monitor/reports/${firmId}/${date}`, { key: svc.keys.bureau })).status,
      ).to.equal(404);
  });

  it('the same sheet again (as CSV) changes nothing; a corrected row becomes a new version', async () => {
    const csv = `${HEADER.join(',')}\n甲公司,${CODE.a},${MONDAY},是,85,200,180,6,缺工\n乙公司,${CODE.b},${MONDAY},部分,40,100,50,0,\n`;
    const res = await send(csv, 'text/csv; charset=utf-8');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.summary).to.include({ rows: 2, unchanged: 1, updated: 1, rejected: 0 });
    const history = await svc.call('GET', `/v1/monitor/reports/sb/${MONDAY}/history`, {
      key: svc.keys.bureau,
    });
    expect(history.body.versions.map((v: { changed: string[] }) => v.changed).at(-1)).to.deep.equal([
      'onPost',
    ]);
  });

  it('uploads racing over the same reports each become a version; none is lost', async () => {
    const sheet = (onPost: number) =>
      `${HEADER.join(',')}\n甲公司,${CODE.a},2020-02-27,是,85,200,${onPost},0,\n乙公司,${CODE.b},2020-02-27,是,40,100,${onPost - 100},0,\n`;
    const results = await Promise.all([150, 160, 170, 180].map((n) => send(sheet(n), 'text/csv')));
    for (const r of results)
      expect(r.body.summary, JSON.stringify(r.body)).to.include({ rows: 2, rejected: 0 });
    for (const [firmId, row] of [
      ['sa', 0],
      ['sb', 1],
    ] as const) {
      const versions = results.map((r) => r.body.items[row].version).sort();
      expect(versions, firmId).to.deep.equal([1, 2, 3, 4]);
      const history = await svc.call('GET', `/v1/monitor/reports/${firmId}/2020-02-27/history`, {
        key: svc.keys.bureau,
      });
      expect(history.body.versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2, 3, 4]);
      const onPosts = history.body.versions
        .map((v: { report: { onPost: number } }) => v.report.onPost)
        .sort();
      expect(onPosts).to.deep.equal([150, 160, 170, 180].map((n) => (firmId === 'sa' ? n : n - 100)));
    }
  });

  it('a sheet refused in a later batch takes back what the earlier batches wrote', async () => {
    // One row a batch; the third batch's history write meets a write block on the history index (the engine
    // refuses it, as during a migration). The first two batches had written a new version of a report (the racing
    // uploads' above) and a new report.
    const stores = createStores(svc.rt);
    const sheet = await parseReportSheet(
      Buffer.from(
        `${HEADER.join(',')}\n甲公司,${CODE.a},2020-02-27,是,60,200,120,0,\n` +
          `乙公司,${CODE.b},2020-02-26,是,40,100,50,0,\n丁公司,91370403MA3C00004M,2020-02-26,是,40,100,60,0,\n`,
      ),
      'csv',
      { maxRows: 10 },
    );
    const keys = [
      { firmId: 'sa', date: '2020-02-27' },
      { firmId: 'sb', date: '2020-02-26' },
      { firmId: 'sd', date: '2020-02-26' },
    ];
    const before = await stores.monitor.getReports(keys);
    expect([...before.keys()]).to.deep.equal(['sa:2020-02-27']);
    const history = svc.rt.names.monitorReportHistory;
    const block = (on: boolean) =>
      svc.rt.es.indices.putSettings({ index: history, settings: { 'index.blocks.write': on } });
    let historyWrites = 0;
    const monitor = Object.create(stores.monitor) as typeof stores.monitor;
    monitor.recordHistoryBatch = async (entries) => {
      if (++historyWrites === 3) await block(true);
      return stores.monitor.recordHistoryBatch(entries);
    };
    const by = { source: 'bureau_upload' as const, keyId: upload.keyId };
    let refused: unknown;
    try {
      await writeSheetRows({ ...stores, monitor }, sheet.rows, by, at(MONDAY)(), 1).catch((err) => {
        refused = err;
      });
    } finally {
      await block(false);
    }
    expect(historyWrites).to.equal(3);
    expect((refused as { status?: number } | undefined)?.status, String(refused)).to.equal(503);
    const after = await stores.monitor.getReports(keys);
    expect([...after.keys()]).to.deep.equal(['sa:2020-02-27']);
    expect(after.get('sa:2020-02-27')!.doc).to.deep.equal(before.get('sa:2020-02-27')!.doc);
    // Sent again once the engine takes writes, the sheet is written as it would have been the first time.
    const again = await writeSheetRows(stores, sheet.rows, by, at(MONDAY)(), 1);
    expect(again.map((r) => r.result)).to.deep.equal(['updated', 'created', 'created']);
    expect(again[0]!.version).to.equal(before.get('sa:2020-02-27')!.doc.version + 1);
  });

  it('refuses an employer key, another media type and an unreadable sheet, writing nothing', async () => {
    const csv = `${HEADER.join(',')}\n乙公司,${CODE.b},2020-02-28,是,40,100,50,0,\n`;
    expect((await send(csv, 'text/csv', svc.keys.employerA)).status).to.equal(403);
    const json = await send(JSON.stringify({ rows: [] }), 'application/json');
    expect(json.status).to.equal(415);
    const junk = await send(
      Buffer.from('PK\u0003\u0004 not really a workbook'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(junk.status).to.equal(400);
    expect(junk.body.error.details.issues[0].path).to.equal('file');
    const noHeader = await send('a,b,c\n1,2,3\n', 'text/csv');
    expect(noHeader.status).to.equal(400);
    expect(
      (await svc.call('GET', '/v1/monitor/reports/sb/2020-02-28', { key: svc.keys.bureau })).status,
    ).to.equal(404);
  });

  it("the bulletin: the city and each district, each district's firms with the ones that did not report", async () => {
    await svc.rt.es.indices.refresh({ index: svc.rt.names.monitorReports });
    const csv = await fetch(`${svc.url}/v1/monitor/bulletin?date=${MONDAY}&format=csv`, {
      headers: { authorization: `Bearer ${svc.keys.bureau}` },
    });
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    // 全市: 3 due (sa, sb, sd), 2 reported; 开工 2 of 2; on post (180 + 50) of (200 + 100).
    const city = lines.find((l) => l.startsWith('全市'))!.split(',');
    expect(city.slice(2, 12)).to.deep.equal(['3', '2', '66.7', '2', '100', '300', '230', '76.7', '6', '2']);
    expect(lines.some((l) => l.startsWith('市中区,370402,1,1,100'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('薛城区,370403,2,1,50'))).to.equal(true);
    // The district sheet lists sd as not reported.
    expect(lines.some((l) => l.includes('测试企业 sd') && l.includes('未报送'))).to.equal(true);
    expect(
      lines.some((l) => l.includes('测试企业 sa') && l.includes('已报送') && l.includes('表格导入')),
    ).to.equal(true);

    const xlsx = await fetch(`${svc.url}/v1/monitor/bulletin?date=${MONDAY}`, {
      headers: { authorization: `Bearer ${svc.keys.bureau}` },
    });
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers.get('content-type')).to.include('spreadsheetml');
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
    ).to.equal('PK');
    const employer = await fetch(`${svc.url}/v1/monitor/bulletin?date=${MONDAY}`, {
      headers: { authorization: `Bearer ${svc.keys.employerA}` },
    });
    expect(employer.status).to.equal(403);
  });
});
