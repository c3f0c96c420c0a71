/**
 * Report sheets as a district bureau sends them, for the monitor's tests and bench: a title row, a two-row
 * header with merged cells (职工情况 over 职工总数 | 到岗人数 | 返岗人数 | 未返岗人数), Excel date cells,
 * percent-formatted capacity, a blank row now and then, a 合计 row and a 填表人 line at the end. Also a
 * GB18030 encoder, which Node lacks (it only decodes), for CSV fixtures as Chinese Excel saves them.
 */
import ExcelJS from 'exceljs';

/** mulberry32: the same seed gives the same sheet on every machine. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The i-th of a sequence of valid unified social credit codes (GB 32100 check character), in 枣庄 370402. */
export function testCreditCode(i: number): string {
  let body = `91370402${String(i).padStart(9, '0')}`;
  if (body.length > 17) body = body.slice(0, 17);
  const sum = [...body].reduce((s, c, k) => s + USCC.indexOf(c) * USCC_W[k]!, 0);
  return body + USCC[(31 - (sum % 31)) % 31];
}

/** The generated sheet's columns: 序号 … 备注, with 职工情况 grouping four of them. */
export const SHEET_COLUMNS = [
  '序号',
  '企业名称',
  '统一社会信用代码',
  '日期',
  '是否开工',
  '产能利用率',
  '职工总数',
  '到岗人数',
  '返岗人数',
  '未返岗人数',
  '空岗数',
  '困难',
  '政策需求',
  '用工需求',
  '培训需求',
  '备注',
] as const;
const GROUP = { from: 7, to: 10, title: '职工情况' }; // columns G–J, 1-based

export interface SheetFirm {
  creditCode: string;
  name: string;
}

/**
 * A report workbook of `rows` firm rows, all valid, deterministic in `seed`. Firms default to generated
 * names and {@link testCreditCode} codes; give `firms` (at least `rows` of them) to match registered firms.
 * Every row is dated `date` (default 2020-02-10) as an Excel date cell.
 */
export async function reportSheetXlsx(
  rows: number,
  seed: number,
  opts: { firms?: SheetFirm[]; date?: string } = {},
): Promise<Buffer> {
  const next = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const date = new Date(`${opts.date ?? '2020-02-10'}T00:00:00Z`);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('复工复产统计');
  const n = SHEET_COLUMNS.length;
  ws.addRow(['市中区重点企业复工复产情况统计表']);
  ws.mergeCells(1, 1, 1, n);
  ws.addRow(
    SHEET_COLUMNS.map((h, c) =>
      c + 1 === GROUP.from ? GROUP.title : c + 1 > GROUP.from && c + 1 <= GROUP.to ? null : h,
    ),
  );
  ws.addRow(SHEET_COLUMNS.map((h, c) => (c + 1 >= GROUP.from && c + 1 <= GROUP.to ? h : null)));
  for (let c = 1; c <= n; c++) if (c < GROUP.from || c > GROUP.to) ws.mergeCells(2, c, 3, c);
  ws.mergeCells(2, GROUP.from, 2, GROUP.to);

  let employeesTotal = 0;
  for (let i = 0; i < rows; i++) {
    const firm = opts.firms?.[i] ?? {
      creditCode: testCreditCode(seed * 100_000 + i),
      name: `枣庄测试企业${i + 1}有限公司`,
    };
    const status = pick(['是', '是', '是', '部分开工', '否'] as const);
    const employees = int(20, 2000);
    const onPost = status === '否' ? int(0, 5) : int(Math.floor(employees / 3), employees);
    const returned = int(0, onPost);
    const unable = int(0, employees - onPost);
    employeesTotal += employees;
    const row = ws.addRow([
      i + 1,
      firm.name,
      firm.creditCode,
      date,
      status,
      status === '否' ? 0 : int(30, 100) / 100,
      employees,
      onPost,
      returned,
      unable,
      int(0, 40),
      pick(['', '缺工', '原材料短缺、物流不畅', '防疫物资不足，资金紧张', '订单减少']),
      pick(['', '社保缓缴', '稳岗返还、岗位补贴', '贷款贴息']),
      pick(['', '普工20人;焊工5人', '操作工10人', '无']),
      pick(['', '电工3人', '']),
      '',
    ]);
    row.getCell(4).numFmt = 'yyyy-mm-dd';
    row.getCell(6).numFmt = '0%';
    // A blank row now and then, as people leave them between blocks of firms.
    if (i % 997 === 996) ws.addRow([]);
  }
  ws.addRow(['合计', null, null, null, null, null, employeesTotal]);
  ws.mergeCells(ws.rowCount, 1, ws.rowCount, 3);
  ws.addRow([]);
  ws.addRow(['填表人：张三    联系电话：0632-1234567']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let gbTable: Map<string, number[]> | undefined;

/**
 * Text → GB18030 bytes for the characters a report sheet uses: ASCII as is, everything in the two-byte
 * (GBK) range by inverting Node's GB18030 decoder over that range once. A character outside it (a rare
 * four-byte one) throws, so a fixture never silently holds a replacement character.
 */
export function gb18030Encode(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(Uint8Array.of(lead, trail));
        if (ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbTable.get(ch);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${JSON.stringify(ch)}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
