/**
 * A vehicle's passenger list (乘车名单). The bureau's holds names and phones from the worker-private store;
 * the driver's and the receiving firm's hold masked names and only the phone's last four digits (enough to
 * call a late passenger through the bureau, not to keep the number). A firm's list holds its own workers.
 * @module
 */
import type { Api } from '@fugong/http';
import { maskName } from '@fugong/text';
import ExcelJS from 'exceljs';
import type { Principal } from '@fugong/schemas';
import type { Stores, TripDoc, WorkerPrivateDoc } from '@fugong/stores';
import { type Manifest, Manifest as ManifestSchema, ManifestQuery, TripParams } from '../schemas.ts';
import { visibleTrip } from '../trips/routes.ts';

/** The last four digits only: 13812345678 → *******5678; an unknown phone is empty. */
export function phoneLastFour(phone: string | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

/** The manifest of a trip for one view, from the passengers' private records (absent ones: empty fields). */
export function buildManifest(
  trip: TripDoc,
  view: 'bureau' | 'driver' | 'firm',
  privates: ReadonlyMap<string, Pick<WorkerPrivateDoc, 'private'>>,
  firmId?: string,
): Manifest {
  const passengers = view === 'firm' ? trip.passengers.filter((p) => p.firmId === firmId) : trip.passengers;
  return ManifestSchema.parse({
    tripId: trip.tripId,
    view,
    departureDate: trip.departureDate,
    vehicleType: trip.vehicleType,
    stops: trip.stops.map((s) => s.townCode),
    destinationDistrict: trip.destinationDistrict,
    rows: passengers.map((p, i) => {
      const priv = privates.get(p.workerId)?.private;
      const name = priv?.name ?? '';
      return {
        seat: i + 1,
        workerId: p.workerId,
        name: view === 'bureau' ? name : name ? maskName(name) : '',
        phone: view === 'bureau' ? (priv?.phone ?? '') : phoneLastFour(priv?.phone),
        townCode: p.townCode,
        firmId: p.firmId,
      };
    }),
  });
}

const HEADER = ['座位', '工人编号', '姓名', '电话', '上车乡镇', '接收企业'];

const rowCells = (r: Manifest['rows'][number]): Array<string | number> => [
  r.seat,
  r.workerId,
  r.name,
  r.phone,
  r.townCode,
  r.firmId,
];

/** RFC 4180 fields; text starting with = + - @ gets an apostrophe so a spreadsheet does not run it. */
function csvField(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV, UTF-8 with a BOM (Excel on Chinese Windows reads UTF-8 without one as GBK), CRLF line ends. */
export function manifestCsv(m: Manifest): string {
  const lines = [HEADER, ...m.rows.map(rowCells)].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One sheet: a title line (trip, day, route), then the header and a row per seat. */
export async function manifestXlsx(m: Manifest): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fugong';
  const ws = wb.addWorksheet('乘车名单');
  ws.addRow([
    `${m.tripId} ${m.departureDate} ${m.stops.join('→')}→${m.destinationDistrict} (${m.vehicleType})`,
  ]);
  ws.addRow(HEADER).font = { bold: true };
  for (const r of m.rows) ws.addRow(rowCells(r));
  [6, 24, 10, 14, 12, 20].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /v1/convoys/trips/{tripId}/manifest (JSON), …/manifest/csv and …/manifest/xlsx: one route per format,
 * so each documents the one content type it answers with.
 */
export function registerManifestRoutes(api: Api, stores: Stores): void {
  const load = async (tripId: string, view: 'bureau' | 'driver' | undefined, principal: Principal) => {
    const trip = await visibleTrip(stores, tripId, principal);
    const as = principal.role === 'employer' ? 'firm' : (view ?? 'bureau');
    const firmId = principal.role === 'employer' ? principal.firmId : undefined;
    const ids = trip.passengers.filter((p) => as !== 'firm' || p.firmId === firmId).map((p) => p.workerId);
    return buildManifest(trip, as, await stores.workers.privateOf(ids), firmId);
  };
  const common = {
    method: 'get' as const,
    tags: ['convoys'],
    auth: ['bureau', 'employer'] as Array<'bureau' | 'employer'>,
    params: TripParams,
    query: ManifestQuery,
  };
  const description =
    'The bureau gets names and phones (or, with view=driver, the masked list to hand to the driver); a ' +
    'receiving firm gets its own workers, names masked and phones as their last four digits.';

  api.route({
    ...common,
    path: '/v1/convoys/trips/{tripId}/manifest',
    operationId: 'getConvoyManifest',
    summary: "A vehicle's passenger list: full for the bureau, masked for the driver and the receiving firm",
    description,
    responses: {
      200: { description: 'the manifest', schema: ManifestSchema },
      404: { description: 'unknown, or not to this firm' },
    },
    handler: async ({ params, query, principal }) => load(params.tripId, query.view, principal),
  });

  api.route({
    ...common,
    path: '/v1/convoys/trips/{tripId}/manifest/csv',
    operationId: 'getConvoyManifestCsv',
    summary: 'The passenger list as CSV (UTF-8 with a BOM, for Excel)',
    description,
    responses: {
      200: { description: 'the manifest, one row per seat', contentType: 'text/csv' },
      404: { description: 'unknown, or not to this firm' },
    },
    handler: async ({ params, query, principal }, _req, res) => {
      const manifest = await load(params.tripId, query.view, principal);
      res.setHeader('Content-Disposition', `attachment; filename="${manifest.tripId}-${manifest.view}.csv"`);
      res.type('text/csv; charset=utf-8').send(manifestCsv(manifest));
    },
  });

  api.route({
    ...common,
    path: '/v1/convoys/trips/{tripId}/manifest/xlsx',
    operationId: 'getConvoyManifestXlsx',
    summary: 'The passenger list as an XLSX workbook (one sheet)',
    description,
    responses: {
      200: { description: 'the manifest workbook', contentType: XLSX_TYPE },
      404: { description: 'unknown, or not to this firm' },
    },
    handler: async ({ params, query, principal }, _req, res) => {
      const manifest = await load(params.tripId, query.view, principal);
      res.setHeader('Content-Disposition', `attachment; filename="${manifest.tripId}-${manifest.view}.xlsx"`);
      res.type(XLSX_TYPE).send(await manifestXlsx(manifest));
    },
  });
}
