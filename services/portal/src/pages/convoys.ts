import type { ConvoysSchemas } from '@fugong/client';
import { type Html, html } from '../html.ts';
import { type PageContext, alertBox, csrfField, page } from '../layout.ts';
import { PLACE_NAMES } from '../places.ts';

type Trip = ConvoysSchemas['ConvoyTrip'];

export const TRIP_STATUS: Record<string, string> = {
  planned: '已规划',
  confirmed: '已确认',
  departed: '已发车',
  arrived: '已到达',
  cancelled: '已取消',
};
const place = (code: string) => PLACE_NAMES[code] ?? PLACE_NAMES[code.slice(0, 6)] ?? code;

/** The trips table: one row per vehicle, with the way to its page. */
export function tripsTable(trips: Trip[], base: string, caption: string): Html {
  return html`<div class="table-wrap"><table class="stack-sm"><caption>${caption}</caption><thead><tr><th scope="col">车次</th><th scope="col">发车日期</th><th scope="col">路线</th><th scope="col">车型</th><th scope="col">座位</th><th scope="col">状态</th></tr></thead><tbody>${trips.map(
    (t) =>
      html`<tr><th scope="row"><a href="${base}/${encodeURIComponent(t.tripId)}">${t.tripId}</a></th><td data-label="发车日期">${t.departureDate}</td><td data-label="路线">${t.originName ?? place(t.originDistrict)} → ${t.destinationName ?? place(t.destinationDistrict)}（${t.stops.length} 个上车点，${Math.round(t.km)} 公里）</td><td data-label="车型">${t.vehicleType}</td><td data-label="座位">${t.seatsTaken}/${t.seats}</td><td data-label="状态">${TRIP_STATUS[t.status] ?? t.status}${t.requestedBy && t.status === 'planned' ? '（企业申请，待确认）' : ''}</td></tr>`,
  )}</tbody></table></div>`;
}

export function convoysPage(
  ctx: PageContext,
  opts: {
    title: string;
    nav: Html;
    trips: Trip[];
    base: string;
    total: number;
    status?: string;
    problem?: string;
    /** The first day offered for departures (tomorrow in Asia/Shanghai). */
    planFrom?: string;
  },
): Html {
  const statuses: Array<[string, string]> = [['', '全部'], ...Object.entries(TRIP_STATUS)];
  return page(
    ctx,
    opts.title,
    html`<h1>${opts.title}</h1>${opts.nav}
${opts.problem ? alertBox(opts.problem) : ''}
<form method="get" action="${opts.base}" class="inline"><label for="f-status">状态</label> <select id="f-status" name="status">${statuses.map(
      ([v, l]) => html`<option value="${v}"${v === (opts.status ?? '') ? html` selected` : ''}>${l}</option>`,
    )}</select> <button type="submit" class="secondary">筛选</button></form>
${opts.trips.length ? tripsTable(opts.trips, opts.base, `共 ${opts.total} 车次`) : html`<p>暂无车次。</p>`}
${opts.planFrom ? planForm(ctx, opts.base, opts.planFrom, opts.base.startsWith('/employer')) : ''}`,
  );
}

/**
 * Plans (the bureau) or requests (a firm) vehicles for the workers of accepted offers who live far away:
 * free seats on existing trips first, new vehicles for the rest (POST /v1/convoys/plans/from-offers).
 */
function planForm(ctx: PageContext, base: string, from: string, firm: boolean): Html {
  return html`<section class="card"><h2>${firm ? '为本企业录用的外地员工申请专车' : '为已达成录用的外地求职者规划专车'}</h2>
<p class="hint">${firm ? '人社局确认后发车。' : ''}已有车次的空座优先安排，其余人员按最省的车型组合新排车次；已在车上的人员不会重复安排。</p>
<form method="post" action="${base}/plan">${csrfField(ctx)}
<label for="p-from">最早发车日期</label> <input id="p-from" name="departFrom" type="date" value="${from}" required>
<label for="p-window">可等待天数</label> <input id="p-window" name="windowDays" type="number" min="0" max="30" value="3" required>
<label for="p-km">距离不少于（公里）</label> <input id="p-km" name="minDistanceKm" type="number" min="0" max="5000" value="100" required>
<button type="submit">${firm ? '提交申请' : '规划专车'}</button></form></section>`;
}

export function tripPage(
  ctx: PageContext,
  trip: Trip,
  opts: { nav: Html; base: string; role: 'bureau' | 'employer'; problem?: string },
): Html {
  const t = trip;
  const act = (action: string, label: string, cls = 'secondary', extra: Html = html``) =>
    html`<form method="post" action="${opts.base}/${encodeURIComponent(t.tripId)}/${action}" class="inline">${csrfField(ctx)}${extra}<button type="submit" class="${cls}">${label}</button></form> `;
  const bureau = opts.role === 'bureau';
  return page(
    ctx,
    `车次 ${t.tripId}`,
    html`<h1>车次 ${t.tripId}</h1>${opts.nav}
${opts.problem ? alertBox(opts.problem) : ''}
<dl class="facts-list">
<div><dt>状态</dt><dd>${TRIP_STATUS[t.status] ?? t.status}</dd></div>
<div><dt>发车日期</dt><dd>${t.departureDate}</dd></div>
<div><dt>车型</dt><dd>${t.vehicleType}（${t.seats} 座，已占 ${t.seatsTaken}）</dd></div>
<div><dt>路线</dt><dd>${t.originName ?? place(t.originDistrict)} → ${t.destinationName ?? place(t.destinationDistrict)}，约 ${Math.round(t.km)} 公里</dd></div>
<div><dt>上车点</dt><dd>${t.stops.map((s) => s.name ?? place(s.townCode)).join(' → ')}</dd></div>
${bureau && t.cost !== undefined ? html`<div><dt>费用</dt><dd>${Math.round(t.cost)} 元</dd></div>` : ''}
<div><dt>接收企业确认</dt><dd>${t.firmConfirmations?.length ? t.firmConfirmations.join('、') : '尚无'}</dd></div>
</dl>
<p>${
      bureau
        ? html`${t.status === 'planned' ? act('confirm', '确认车次', 'primary') : ''}${t.status === 'confirmed' ? act('depart', '已发车', 'primary') : ''}${t.status === 'departed' ? act('arrive', '全部到达', 'primary') : ''}${t.status === 'planned' || t.status === 'confirmed' ? act('cancel', '取消车次', 'danger') : ''}`
        : t.status === 'planned' || t.status === 'confirmed'
          ? act('confirm', '确认接收', 'primary')
          : ''
    }</p>
<h2>乘车名单</h2>
<p>下载：${
      bureau
        ? html`<a href="${opts.base}/${encodeURIComponent(t.tripId)}/manifest.xlsx">完整名单（Excel，含电话）</a> · <a href="${opts.base}/${encodeURIComponent(t.tripId)}/manifest.xlsx?view=driver">司机名单（Excel，已脱敏）</a> · <a href="${opts.base}/${encodeURIComponent(t.tripId)}/manifest.csv?view=driver">司机名单（CSV）</a>`
        : html`<a href="${opts.base}/${encodeURIComponent(t.tripId)}/manifest.xlsx">本企业员工名单（Excel，已脱敏）</a>`
    }</p>
<div class="table-wrap"><table class="stack-sm"><caption>乘客（${t.passengers.length} 人）</caption><thead><tr><th scope="col">求职者</th><th scope="col">上车点</th><th scope="col">接收企业</th><th scope="col">到达</th></tr></thead><tbody>${t.passengers.map(
      (p) =>
        html`<tr><th scope="row">${p.workerId}</th><td data-label="上车点">${place(p.townCode)}</td><td data-label="接收企业">${p.firmId}</td><td data-label="到达">${p.arrivedAt ? `✔ ${p.arrivedAt.replace('T', ' ').slice(0, 16)}` : p.absent ? '✗ 未到' : '—'}</td></tr>`,
    )}</tbody></table></div>`,
  );
}
