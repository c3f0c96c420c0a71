import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import {
  COLUMNS,
  parseReportSheet,
  SheetError,
  type SheetRow,
  tablesToCsv,
  tablesToXlsx,
} from '../../services/monitor/src/sheets/index.ts';
import { sheetNames } from '../../services/monitor/src/sheets/write.ts';
import { zipUncompressedSize } from '../../services/monitor/src/sheets/zip.ts';
import { gb18030Encode, reportSheetXlsx, testCreditCode } from '../support/monitor-sheet-gen.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/monitor/${name}`, import.meta.url));
const code = testCreditCode;
const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

/** A CSV body from rows of cells (quoted where needed). */
function csv(rows: (string | number)[][]): Buffer {
  const field = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return Buffer.from(rows.map((r) => r.map(field).join(',')).join('\r\n'));
}

const HEAD = ['统一社会信用代码', '日期', '是否开工', '产能利用率', '职工总数', '到岗人数', '空岗数'];
/** A valid row under HEAD; `over` replaces cells by header. */
function row(i: number, over: Record<string, string | number> = {}): (string | number)[] {
  const base: Record<string, string | number> = {
    统一社会信用代码: code(i),
    日期: '2020-02-10',
    是否开工: '是',
    产能利用率: '80',
    职工总数: 100,
    到岗人数: 90,
    空岗数: 5,
    ...over,
  };
  return Object.keys(base).map((k) => base[k]!);
}
function sheet(head: string[], rows: (string | number)[][]): Buffer {
  return csv([head, ...rows]);
}
const only = async (body: Buffer, format: 'csv' | 'xlsx' = 'csv'): Promise<SheetRow> => {
  const { rows } = await parseReportSheet(body, format);
  expect(rows).to.have.length(1);
  return rows[0]!;
};

/** A ZIP holding one stored (uncompressed) file: valid as a ZIP, not as a workbook. */
function storedZip(name: string, text: string): Buffer {
  const n = Buffer.from(name);
  const data = Buffer.from(text);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + n.length, 12);
  eocd.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, eocd]);
}

async function sheetError(p: Promise<unknown>): Promise<SheetError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(SheetError);
    return e as SheetError;
  }
  throw new Error('expected a SheetError');
}

/** A bureau's workbook as people make it: title, two-row merged header, blank row, 合计 row. */
async function bureauWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填表说明').addRow(['请按要求填写，日期格式为 2020-02-10']);
  const ws = wb.addWorksheet('2月10日');
  ws.addRow(['薛城区重点企业复工复产情况统计表']);
  ws.mergeCells('A1:K1');
  ws.addRow([
    '序号',
    '企业名称',
    '统一社会信用代码',
    '填报日期',
    '开工情况',
    '产能利用率（%）',
    '职工情况',
    null,
    null,
    '空岗数（个）',
    '困难',
  ]);
  ws.addRow([null, null, null, null, null, null, '职工总数', '到岗人数', '返岗人数', null, null]);
  for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'J', 'K']) ws.mergeCells(`${c}2:${c}3`);
  ws.mergeCells('G2:I2');
  const date = new Date(Date.UTC(2020, 1, 10));
  const r1 = ws.addRow([
    1,
    '枣庄华美服装有限公司',
    code(1),
    date,
    '是',
    0.85,
    1200,
    1000,
    300,
    12,
    '缺工、防疫物资不足',
  ]);
  r1.getCell(4).numFmt = 'yyyy"年"m"月"d"日"';
  r1.getCell(6).numFmt = '0%';
  ws.addRow([]);
  // A date cell merged down two rows: both firms are dated 2020-02-11.
  const r2 = ws.addRow([
    2,
    '山东薛城化工有限公司',
    code(2),
    new Date(Date.UTC(2020, 1, 11)),
    '部分开工',
    45,
    300,
    200,
    20,
    0,
    '',
  ]);
  ws.addRow([3, '薛城区新兴五金厂', code(3), null, '否', 0, 50, 2, 0, 3, '资金']);
  ws.mergeCells(`D${r2.number}:D${r2.number + 1}`);
  ws.addRow(['合计', null, null, null, null, null, 1550, 1202, 320, 15, null]);
  ws.mergeCells(`A${ws.rowCount}:C${ws.rowCount}`);
  ws.addRow(['填表人：王五']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('monitor report sheets: XLSX', () => {
  it('finds a two-row merged header under a title, skips blank, 合计 and note rows, reads date and percent cells', async () => {
    const { rows } = await parseReportSheet(await bureauWorkbook(), 'xlsx');
    expect(rows.map((r) => r.line)).to.deep.equal([4, 6, 7]);
    expect(rows.map((r) => r.problems)).to.deep.equal([[], [], []]);
    expect(rows[0]).to.deep.include({
      firmName: '枣庄华美服装有限公司',
      creditCode: code(1),
      date: '2020-02-10',
    });
    expect(rows[0]!.report).to.deep.equal({
      status: 'operating',
      capacityPct: 85,
      employees: 1200,
      onPost: 1000,
      returnedFromOutside: 300,
      openPositions: 12,
      difficulties: ['workers', 'prevention_supplies'],
      policyNeeds: [],
      hiringNeeds: [],
      trainingNeeds: [],
    });
    expect(rows[1]!.report).to.deep.include({
      status: 'partly',
      capacityPct: 45,
      onPost: 200,
      difficulties: [],
    });
    expect(rows.map((r) => r.date)).to.deep.equal(['2020-02-10', '2020-02-11', '2020-02-11']);
    expect(rows[2]!.report).to.deep.include({
      status: 'not_operating',
      capacityPct: 0,
      difficulties: ['funding'],
    });
  });

  it('names a row problem by the sheet’s column and the report field (到岗人数 (onPost))', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(HEAD);
    ws.addRow(row(1, { 职工总数: 10, 到岗人数: 12 }));
    const r = await only(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(r.report).to.equal(undefined);
    expect(r.problems).to.deep.equal([
      { field: '到岗人数 (onPost)', message: 'on post (12) exceeds employees (10)' },
    ]);
  });

  it('reads Excel serial numbers, yyyymmdd numbers, rich text, formula results and hyperlinks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['企业名称', ...HEAD]);
    ws.addRow([
      { richText: [{ text: '枣庄' }, { text: '宏达', font: { bold: true } }] },
      ...row(1, { 日期: 43871 }),
    ]);
    ws.addRow(['x', ...row(2, { 日期: 20200211 })]);
    const r3 = ws.addRow(['y', ...row(3)]);
    r3.getCell(6).value = { formula: '200-20', result: 180 };
    r3.getCell(7).value = { formula: 'F4*0.5', result: 90 };
    const r4 = ws.addRow([{ text: '链接企业', hyperlink: 'https://example.org' }, ...row(4)]);
    r4.getCell(3).value = new Date(Date.UTC(2020, 1, 9, 23, 59, 59, 999)); // float noise in a date cell
    const { rows } = await parseReportSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(rows.map((r) => r.problems)).to.deep.equal([[], [], [], []]);
    expect(rows.map((r) => r.date)).to.deep.equal(['2020-02-10', '2020-02-11', '2020-02-10', '2020-02-10']);
    expect(rows[0]!.firmName).to.equal('枣庄宏达');
    expect(rows[2]!.report).to.deep.include({ employees: 180, onPost: 90 });
    expect(rows[3]!.firmName).to.equal('链接企业');
  });

  it('reads every row of a generated 600-row bureau workbook', async () => {
    const { rows } = await parseReportSheet(await reportSheetXlsx(600, 3), 'xlsx');
    expect(rows).to.have.length(600);
    expect(rows.filter((r) => r.problems.length > 0)).to.deep.equal([]);
    expect(rows[0]!.line).to.equal(4);
    expect(rows.at(-1)!.line).to.equal(603);
    expect(new Set(rows.map((r) => r.creditCode)).size).to.equal(600);
  });
});

describe('monitor report sheets: CSV', () => {
  const expectFixture = (rows: SheetRow[]) => {
    expect(rows.map((r) => r.line)).to.deep.equal([4, 5, 7, 8]);
    expect(rows.map((r) => r.problems)).to.deep.equal([[], [], [], []]);
    // Row 4's quoted note spans two lines of the file and stays one row, as in Excel: the next firm is row 5.
    expect(rows[0]).to.deep.include({
      firmName: '枣庄宏达机械制造有限公司',
      creditCode: code(1),
      date: '2020-02-12',
    });
    expect(rows[0]!.report).to.deep.equal({
      status: 'operating',
      capacityPct: 85,
      employees: 1200,
      onPost: 960,
      returnedFromOutside: 300,
      unableToReturn: 40,
      openPositions: 25,
      difficulties: ['workers', 'materials'],
      policyNeeds: ['social_insurance_deferral', 'unemployment_insurance_refund'],
      hiringNeeds: [
        { occupation: '普工', headcount: 20 },
        { occupation: '焊工', headcount: 5 },
      ],
      trainingNeeds: [{ occupation: '电工', headcount: 3 }],
      note: '夜班"两班倒"\n分两批到岗',
    });
    expect(rows[1]!.report).to.deep.include({
      status: 'partly',
      capacityPct: 60,
      difficulties: ['logistics', 'prevention_supplies'],
      policyNeeds: ['job_subsidy'],
      hiringNeeds: [{ occupation: '挡车工', headcount: 15 }],
    });
    expect(rows[2]!.report).to.deep.include({
      status: 'not_operating',
      difficulties: ['funding', 'other'],
      difficultyText: '订单减少',
      policyNeeds: ['loan_support'],
      note: '待防疫验收',
    });
    expect(rows[3]!.report).to.deep.include({
      status: 'operating',
      capacityPct: 95,
      employees: 120,
      onPost: 115,
      difficulties: [],
      policyNeeds: [],
      hiringNeeds: [{ occupation: '分拣员', headcount: 8 }],
    });
  };

  it('reads a GB18030 CSV (as Chinese Excel saves it) with synonym headers, a title, a blank and a 合计 row', async () => {
    const body = fixture('reports-gb18030.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).to.throw();
    expectFixture((await parseReportSheet(body, 'csv')).rows);
  });

  it('reads the same sheet as UTF-8 with a BOM, and without one', async () => {
    const body = fixture('reports-utf8-bom.csv');
    expect([...body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expectFixture((await parseReportSheet(body, 'csv')).rows);
    expectFixture((await parseReportSheet(body.subarray(3), 'csv')).rows);
  });

  it('reads a tab-separated export', async () => {
    const text = [HEAD.join('\t'), row(1).join('\t')].join('\n');
    expect((await only(Buffer.from(text))).report).to.deep.include({ employees: 100, onPost: 90 });
  });

  it('accepts every synonym of every column', async () => {
    for (const spec of COLUMNS) {
      for (const header of spec.headers) {
        const head = [
          '企业名称',
          ...HEAD,
          '困难',
          '政策需求',
          '用工需求',
          '培训需求',
          '备注',
          '返岗人数',
          '未返岗人数',
        ];
        const standard = COLUMNS.find((s) => s.field === spec.field)!.headers[0]!;
        const values: Record<string, string | number> = {
          ...Object.fromEntries(HEAD.map((h, k) => [h, row(7)[k]!])),
          企业名称: '甲公司',
          困难: '原材料',
          政策需求: '社保缓缴',
          用工需求: '普工2人',
          培训需求: '电工1人',
          备注: '好',
          返岗人数: 10,
          未返岗人数: 3,
        };
        const k = head.indexOf(standard);
        expect(k, standard).to.be.at.least(0);
        head[k] = header;
        const r = await only(csv([head, head.map((h, j) => values[j === k ? standard : h]!)]));
        expect(r.problems, header).to.deep.equal([]);
        expect(r.firmName).to.equal('甲公司');
        expect(r.report, header).to.deep.equal({
          status: 'operating',
          capacityPct: 80,
          employees: 100,
          onPost: 90,
          returnedFromOutside: 10,
          unableToReturn: 3,
          openPositions: 5,
          difficulties: ['materials'],
          policyNeeds: ['social_insurance_deferral'],
          hiringNeeds: [{ occupation: '普工', headcount: 2 }],
          trainingNeeds: [{ occupation: '电工', headcount: 1 }],
          note: '好',
        });
      }
    }
  });

  it('matches headers with units, markers, spaces and full-width brackets', async () => {
    const head = [
      '*统一社会信用代码',
      '日 期',
      '是否开工(是/否)',
      '产能利用率（%）',
      '职工总数(人)',
      '到岗人数\n（人）',
      '空岗数【个】',
    ];
    expect((await only(sheet(head, [row(1)]))).problems).to.deep.equal([]);
  });

  it('reads the status words a bureau writes', async () => {
    const cases: [string, string][] = [
      ['是', 'operating'],
      ['已开工', 'operating'],
      ['全面开工', 'operating'],
      ['部分', 'partly'],
      ['部分开工', 'partly'],
      ['否', 'not_operating'],
      ['未开工', 'not_operating'],
    ];
    const { rows } = await parseReportSheet(
      sheet(
        HEAD,
        cases.map(([w], i) =>
          row(i, { 是否开工: w, 产能利用率: w.includes('否') || w === '未开工' ? 0 : 50 }),
        ),
      ),
      'csv',
    );
    expect(rows.map((r) => r.report?.status)).to.deep.equal(cases.map(([, s]) => s));
  });

  it('reads percentages as 85, 85%, 0.85 and full-width ８５％', async () => {
    const forms = ['85', '85%', '0.85', '８５％', '85.5 %', '100', '0'];
    const { rows } = await parseReportSheet(
      sheet(
        HEAD,
        forms.map((f, i) => row(i, { 产能利用率: f })),
      ),
      'csv',
    );
    expect(rows.map((r) => r.report?.capacityPct)).to.deep.equal([85, 85, 85, 85, 85.5, 100, 0]);
  });

  it('reads numbers with thousands separators, spaces, full-width digits and a unit', async () => {
    const { rows } = await parseReportSheet(
      sheet(HEAD, [
        row(1, { 职工总数: '1,200', 到岗人数: ' 30 ', 空岗数: '１２' }),
        row(2, { 职工总数: '２,０００', 到岗人数: '1500人', 空岗数: '无' }),
      ]),
      'csv',
    );
    expect(rows.map((r) => r.problems)).to.deep.equal([[], []]);
    expect(rows[0]!.report).to.deep.include({ employees: 1200, onPost: 30, openPositions: 12 });
    expect(rows[1]!.report).to.deep.include({ employees: 2000, onPost: 1500, openPositions: 0 });
  });

  it('reads dates as 2020-02-10, 2020/2/10, 2020年2月10日, 2020.2.10, 20200210, a serial number and with a time', async () => {
    const forms = [
      '2020-02-10',
      '2020/2/10',
      '2020年2月10日',
      '2020.2.10',
      '20200210',
      '43871',
      '2020/2/10 8:30',
      '２０２０－０２－１０',
    ];
    const { rows } = await parseReportSheet(
      sheet(
        HEAD,
        forms.map((d, i) => row(i, { 日期: d })),
      ),
      'csv',
    );
    expect(rows.map((r) => r.problems)).to.deep.equal(forms.map(() => []));
    expect(rows.map((r) => r.date)).to.deep.equal(forms.map(() => '2020-02-10'));
  });

  it('takes the date from the title when the sheet has no date column', async () => {
    const head = HEAD.filter((h) => h !== '日期');
    const body = csv([['台儿庄区复工情况日报（2020年2月14日）'], head, row(1).filter((_, k) => k !== 1)]);
    const r = await only(body);
    expect(r.date).to.equal('2020-02-14');
    expect(r.problems).to.deep.equal([]);
  });

  it('combines a header whose group row has fewer known names than the row below', async () => {
    const body = csv([
      ['统一社会信用代码', '填报日期', '生产情况', '', '职工情况', '', '', '用工'],
      ['', '', '是否开工', '产能利用率', '职工总数', '到岗人数', '返岗人数', '空岗数'],
      [code(1), '2020-02-10', '是', '70%', 10, 8, 2, 1],
    ]);
    const r = await only(body);
    expect(r.line).to.equal(3);
    expect(r.problems).to.deep.equal([]);
    expect(r.report).to.deep.include({ capacityPct: 70, employees: 10, onPost: 8, returnedFromOutside: 2 });
  });

  it('maps difficulties and policy needs, keeping unknown text', async () => {
    const head = [...HEAD, '困难', '政策需求'];
    const r = await only(
      sheet(head, [
        [
          ...row(1),
          '用工难；原材料短缺,运输受阻、口罩紧缺、资金周转困难、道路封闭',
          '社保减免，以工代训、点对点返岗、房租减免，厂房租金',
        ],
      ]),
    );
    expect(r.problems).to.deep.equal([]);
    expect(r.report).to.deep.include({
      difficulties: ['workers', 'materials', 'logistics', 'prevention_supplies', 'funding', 'other'],
      difficultyText: '道路封闭',
      policyNeeds: ['social_insurance_reduction', 'training_subsidy', 'transport', 'other'],
      policyText: '厂房租金',
    });
  });

  it('reads hiring and training needs as trade and headcount lists', async () => {
    const head = [...HEAD, '用工需求', '培训需求'];
    const r = await only(sheet(head, [[...row(1), '普工20人;焊工5人，叉车司机：2名', '电工 3']]));
    expect(r.report).to.deep.include({
      hiringNeeds: [
        { occupation: '普工', headcount: 20 },
        { occupation: '焊工', headcount: 5 },
        { occupation: '叉车司机', headcount: 2 },
      ],
      trainingNeeds: [{ occupation: '电工', headcount: 3 }],
    });
  });
});

describe('monitor report sheets: row problems', () => {
  it('reports each bad cell by column and field, and gives no report for that row', async () => {
    const head = [...HEAD, '用工需求'];
    const { rows } = await parseReportSheet(
      sheet(head, [
        [...row(1, { 职工总数: 10, 到岗人数: 12 }), ''],
        [...row(2, { 统一社会信用代码: '91370402000000002X' }), ''],
        [...row(3, { 是否开工: '看情况' }), ''],
        [...row(4, { 产能利用率: '120%' }), ''],
        [...row(5, { 日期: '2月10日' }), ''],
        [...row(6, { 日期: '2020-02-30' }), ''],
        [...row(7, { 日期: '2099-01-01' }), ''],
        [...row(8, { 到岗人数: '' }), ''],
        [...row(9, { 到岗人数: '三十' }), ''],
        [...row(10), '普工若干'],
        [...row(11, { 是否开工: '否', 产能利用率: 20 }), ''],
        [...row(12, { 职工总数: 10.5 }), ''],
        [...row(1), ''],
      ]),
      'csv',
    );
    const got = rows.map((r) => [r.line, r.report === undefined, r.problems.map((p) => p.field)]);
    expect(got).to.deep.equal([
      [2, true, ['到岗人数 (onPost)']],
      [3, true, ['统一社会信用代码 (creditCode)']],
      [4, true, ['是否开工 (status)']],
      [5, true, ['产能利用率 (capacityPct)']],
      [6, true, ['日期 (date)']],
      [7, true, ['日期 (date)']],
      [8, true, ['日期 (date)']],
      [9, true, ['到岗人数 (onPost)']],
      [10, true, ['到岗人数 (onPost)']],
      [11, true, ['用工需求 (hiringNeeds)']],
      [12, true, ['产能利用率 (capacityPct)']],
      [13, true, ['职工总数 (employees)']],
      [14, true, ['统一社会信用代码 (creditCode)']],
    ]);
    const message = (line: number) => rows.find((r) => r.line === line)!.problems[0]!.message;
    expect(message(4)).to.contain('看情况');
    expect(message(8)).to.contain('after today');
    expect(message(9)).to.contain('required');
    expect(message(10)).to.contain('三十');
    expect(message(11)).to.contain('普工20人');
    expect(message(14)).to.contain('row 2');
  });

  it('still returns the firm and date of a row with problems, so the report can name it', async () => {
    const r = await only(sheet(['企业名称', ...HEAD], [['乙公司', ...row(1, { 职工总数: 1 })]]));
    expect(r).to.deep.include({ firmName: '乙公司', creditCode: code(1), date: '2020-02-10' });
    expect(r.report).to.equal(undefined);
  });
});

describe('monitor report sheets: sheets that cannot be read', () => {
  it('refuses bytes that are not a workbook, an .xls, and the wrong format', async () => {
    let e = await sheetError(parseReportSheet(Buffer.from('hello, world'), 'xlsx'));
    expect(e.field).to.equal('file');
    expect(e.message).to.contain('not an XLSX');
    e = await sheetError(
      parseReportSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xlsx'),
    );
    expect(e.message).to.contain('.xls');
    e = await sheetError(parseReportSheet(await reportSheetXlsx(2, 1), 'csv'));
    expect(e.message).to.contain('XLSX workbook, not CSV');
    e = await sheetError(parseReportSheet(Buffer.from([0, 1, 2, 3, 0x2c, 0x0a]), 'csv'));
    expect(e.message).to.contain('NUL');
  });

  it('refuses a damaged workbook', async () => {
    const good = await reportSheetXlsx(5, 1);
    // Keep the ZIP's directory (so the size check passes) but garble the compressed data of the first entry.
    const bad = Buffer.from(good);
    for (let i = 40; i < 400; i++) bad[i] = 0x55;
    const e = await sheetError(parseReportSheet(bad, 'xlsx'));
    expect(e.field).to.equal('file');
    expect(e.message).to.contain('damaged');
  });

  it('refuses a ZIP that is not a workbook inside, without the library’s internals in the message', async () => {
    let e = await sheetError(parseReportSheet(storedZip('xl/workbook.xml', '<not xml'), 'xlsx'));
    expect(e.message).to.contain('cannot be read').and.not.contain('undefined');
    e = await sheetError(parseReportSheet(storedZip('hello.txt', 'hi'), 'xlsx'));
    expect(e.message).to.contain('no header row');
  });

  it('refuses a workbook that claims to unpack to more than the limit, before unpacking it', async () => {
    const body = Buffer.from(await reportSheetXlsx(5, 1));
    const central = body.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    body.writeUInt32LE(0xfffffff0, central + 24);
    const e = await sheetError(parseReportSheet(body, 'xlsx'));
    expect(e.message).to.contain('unpacks to more than');
  });

  it('refuses a workbook whose parts unpack to more than they declare (a ZIP bomb with a lying directory)', async () => {
    const good = await reportSheetXlsx(50, 1);
    expect(zipUncompressedSize(good)).to.be.greaterThan(0);
    // Every part declares 10 bytes: small enough for the total, but each inflates to far more.
    const body = Buffer.from(good);
    for (let p = body.indexOf(CENTRAL); p >= 0; p = body.indexOf(CENTRAL, p + 4))
      body.writeUInt32LE(10, p + 24);
    expect(zipUncompressedSize(body)).to.be.lessThan(1000);
    const e = await sheetError(parseReportSheet(body, 'xlsx'));
    expect(e.message).to.contain('unpacks to more than');
  });

  it('refuses a sheet without a header row', async () => {
    const e = await sheetError(parseReportSheet(csv([['标题'], ['a', 'b', 'c'], ['1', '2', '3']]), 'csv'));
    expect(e.field).to.equal('file');
    expect(e.message).to.contain('no header row');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['nothing here']);
    await sheetError(parseReportSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx'));
  });

  it('names a missing required column', async () => {
    const e = await sheetError(
      parseReportSheet(
        sheet(
          HEAD.filter((h) => h !== '到岗人数'),
          [],
        ),
        'csv',
      ),
    );
    expect(e.field).to.equal('到岗人数 (onPost)');
    expect(e.message).to.contain('到岗人数').and.contain('到岗职工数');
    const d = await sheetError(
      parseReportSheet(
        sheet(
          HEAD.filter((h) => h !== '日期'),
          [],
        ),
        'csv',
      ),
    );
    expect(d.field).to.equal('日期 (date)');
    // A ValidationError: the error middleware answers 400 naming the field.
    expect(d.status).to.equal(400);
    expect(d.details).to.deep.equal({ issues: [{ path: '日期 (date)', message: d.message }] });
  });

  it('refuses two columns that fill the same field', async () => {
    const e = await sheetError(parseReportSheet(sheet([...HEAD, '到岗职工数'], [row(1)]), 'csv'));
    expect(e.field).to.equal('到岗职工数 (onPost)');
    expect(e.message).to.contain('column F').and.contain('column H');
  });

  it('reads up to maxRows firm rows and refuses more (blank and 合计 rows do not count)', async () => {
    const rows = [row(1), row(2), [], row(3), ['合计']];
    expect((await parseReportSheet(sheet(HEAD, rows), 'csv', { maxRows: 3 })).rows).to.have.length(3);
    const e = await sheetError(parseReportSheet(sheet(HEAD, rows), 'csv', { maxRows: 2 }));
    expect(e.field).to.equal('file');
    expect(e.message).to.contain('more than 2');
  });

  it('holds no blank rows and no far-away columns, keeping row numbers as a person sees them', async () => {
    const blank = '\r\n'.repeat(200_000);
    const body = Buffer.from(`${blank}${HEAD.join(',')}\r\n${blank}${row(1).join(',')}\r\n`);
    expect((await only(body)).line).to.equal(400_002);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(HEAD);
    ws.addRow(row(1)).getCell(16_000).value = '远处的单元格';
    const r = await only(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(r.problems).to.deep.equal([]);
  });

  it('refuses a quoted cell that is never closed', async () => {
    const e = await sheetError(
      parseReportSheet(Buffer.from(`${HEAD.join(',')}\n"${code(1)},2020-02-10`), 'csv'),
    );
    expect(e.message).to.contain('never closed');
  });
});

describe('monitor bulletin writing', () => {
  const tables = [
    {
      name: '汇总',
      columns: ['区县', '开工率', '说明'],
      rows: [
        ['薛城区', 0.95, '=HYPERLINK("http://evil")'],
        ['山亭区', null, '-1+2'],
        ['市中区', 12, '含"引号", 逗号\n换行'],
      ],
    },
    { name: 'a/b:c*d?[e]\\f', columns: ['x'], rows: [['@SUM(A1)']] },
    { name: 'A/B:C*D?[E]\\F', columns: ['x'], rows: [] },
    {
      name: '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五',
      columns: ['y'],
      rows: [[1]],
    },
    { name: '', columns: ['z'], rows: [] },
    { name: 'History', columns: ['z'], rows: [] },
  ];

  it('writes one sheet per table with valid, distinct names, a bold header and widths fitting Chinese text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await tablesToXlsx(tables)) as unknown as ExcelJS.Buffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).to.deep.equal([
      '汇总',
      'a_b_c_d__e__f',
      'A_B_C_D__E__F (2)',
      tables[3]!.name.slice(0, 31),
      'Sheet',
      'History_',
    ]);
    for (const n of names) {
      expect(n.length).to.be.at.most(31);
      expect(n).to.not.match(/[[\]:*?/\\]/);
    }
    const ws = wb.getWorksheet('汇总')!;
    expect(ws.getRow(1).values).to.deep.equal([undefined, '区县', '开工率', '说明']);
    expect(ws.getRow(1).getCell(1).font?.bold).to.equal(true);
    expect(ws.getRow(2).values).to.deep.equal([undefined, '薛城区', 0.95, '=HYPERLINK("http://evil")']);
    // A string that looks like a formula is stored as text, never as a formula.
    expect(ws.getRow(2).getCell(3).type).to.equal(ExcelJS.ValueType.String);
    expect(ws.getRow(3).getCell(2).value).to.equal(null);
    // 薛城区 is three Chinese characters: six units of width and padding.
    expect(ws.getColumn(1).width).to.be.at.least(8);
    expect(ws.getColumn(3).width).to.be.greaterThan(ws.getColumn(1).width!);
    const long = wb.worksheets[3]!;
    expect(long.getRow(2).getCell(1).value).to.equal(1);
  });

  it('keeps names unique case-insensitively after truncation', () => {
    const long = 'x'.repeat(40);
    const names = sheetNames([long, long.toUpperCase(), long, "'quoted'"]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).to.equal(4);
    expect(names.every((n) => n.length <= 31)).to.equal(true);
    expect(names[3]).to.equal('quoted');
  });

  it('writes CSV with a BOM, a name line per table, RFC 4180 quoting and formula neutralising', () => {
    const text = tablesToCsv(tables.slice(0, 2));
    expect(text.startsWith('\uFEFF')).to.equal(true);
    expect(text.slice(1)).to.equal(
      [
        '汇总',
        '区县,开工率,说明',
        `薛城区,0.95,"'=HYPERLINK(""http://evil"")"`,
        "山亭区,,'-1+2",
        '市中区,12,"含""引号"", 逗号\n换行"',
        '',
        'a/b:c*d?[e]\\f',
        'x',
        "'@SUM(A1)",
        '',
      ].join('\r\n'),
    );
  });

  it('round-trips the CSV through the sheet reader’s own CSV rules', async () => {
    const t = {
      name: '日报',
      columns: HEAD,
      rows: [row(1, { 职工总数: 100 }), row(2, { 到岗人数: 7 })].map((r) =>
        r.map((v) => (typeof v === 'number' ? v : String(v))),
      ),
    };
    const body = Buffer.from(tablesToCsv([t]).slice(1), 'utf8');
    const { rows } = await parseReportSheet(body, 'csv');
    expect(rows.map((r) => [r.creditCode, r.report?.onPost])).to.deep.equal([
      [code(1), 90],
      [code(2), 7],
    ]);
  });
});

describe('monitor sheet test support', () => {
  it('encodes GB18030 so that Node decodes it back, and refuses what it cannot encode', () => {
    const text = '企业名称,到岗人数\r\n峄城区福利食品厂,３';
    const bytes = gb18030Encode(text);
    expect(new TextDecoder('gb18030').decode(bytes)).to.equal(text);
    expect(bytes.length).to.be.lessThan(Buffer.byteLength(text));
    expect(() => gb18030Encode('𠀀')).to.throw();
  });
});
