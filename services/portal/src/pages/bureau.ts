import type { IntentSchemas, MonitorSchemas, SwapSchemas } from '@fugong/client';
import { type Html, html } from '../html.ts';
import { type PageContext, alertBox, chart, csrfField, field, page } from '../layout.ts';
import { subnav as sharedSubnav } from '../layout.ts';
import type { User } from '../users.ts';
import type { FormErrors } from './account.ts';

type Stats = IntentSchemas['IntentionStats'];
type DeadLetter = IntentSchemas['DeadLetter'];
type Indicators = MonitorSchemas['MonitorIndicators'];

export const BUREAU_LINKS = [
  ['/bureau', '意向看板'],
  ['/bureau/monitor', '复工监测'],
  ['/bureau/key-enterprises', '重点企业'],
  ['/bureau/swap', '共享员工'],
  ['/bureau/convoys', '返岗专车'],
  ['/bureau/dead-letters', '异常队列'],
  ['/bureau/users', '企业账号'],
] as const;

function subnav(current: string): Html {
  return sharedSubnav('人社局', BUREAU_LINKS, current);
}

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;

function statsTable(
  caption: string,
  head: string,
  stats: Stats,
  label: (k: string) => string = (k) => k,
): Html {
  return html`<div class="table-wrap"><table><caption>${caption}</caption><thead><tr><th scope="col">${head}</th><th scope="col">意向人次</th><th scope="col">单向意向</th><th scope="col">双向意向（初步达成）</th><th scope="col">已接受</th></tr></thead>
<tbody>${stats.groups.map((g) => html`<tr><th scope="row">${label(g.key)}</th><td>${g.records}</td><td>${g.oneSided}</td><td>${g.twoSided}</td><td>${g.accepted}</td></tr>`)}</tbody></table></div>`;
}

export function dashboardPage(
  ctx: PageContext,
  data: {
    byDay?: Stats;
    byDistrict?: Stats;
    byFair?: Stats;
    fairNames: Map<string, string>;
    districtNames: Map<string, string>;
  },
  problem?: string,
): Html {
  const t = data.byDay?.totals;
  const empty = (t?.records ?? 0) === 0;
  return page(
    ctx,
    '意向看板',
    html`<h1>求职意向看板</h1>${subnav('/bureau')}
${problem ? alertBox(problem) : ''}
${
  t
    ? html`<dl class="counters"><div><dt>意向记录</dt><dd>${t.records}</dd></div><div><dt>人岗对</dt><dd>${t.pairs}</dd></div><div><dt>单向意向</dt><dd>${t.oneSided}</dd></div><div><dt>初步达成就业意向（双向）</dt><dd data-testid="two-sided">${t.twoSided}</dd></div><div><dt>已接受</dt><dd>${t.accepted}</dd></div></dl>`
    : ''
}
${empty ? alertBox('还没有求职意向记录：求职者投递、企业邀约后，这里按日、按区县、按招聘会统计。', 'notice') : ''}
${
  data.byDay && !empty
    ? html`${chart('c-day', '每日意向（近 30 天）', {
        tooltip: { trigger: 'axis' },
        legend: { data: ['单向', '双向'] },
        xAxis: { type: 'category', data: data.byDay.groups.map((g) => g.key) },
        yAxis: { type: 'value' },
        series: [
          { name: '单向', type: 'bar', stack: 'p', data: data.byDay.groups.map((g) => g.oneSided) },
          { name: '双向', type: 'bar', stack: 'p', data: data.byDay.groups.map((g) => g.twoSided) },
        ],
      })}${statsTable('每日意向', '日期', data.byDay)}`
    : ''
}
${
  data.byDistrict && !empty
    ? html`${chart('c-district', '按区县', {
        tooltip: {},
        xAxis: {
          type: 'category',
          data: data.byDistrict.groups.map((g) => data.districtNames.get(g.key) ?? g.key),
        },
        yAxis: { type: 'value' },
        series: [{ name: '意向人次', type: 'bar', data: data.byDistrict.groups.map((g) => g.records) }],
      })}${statsTable('按区县', '区县', data.byDistrict, (k) => data.districtNames.get(k) ?? k)}`
    : ''
}
${data.byFair && !empty ? statsTable('按招聘会', '招聘会', data.byFair, (k) => data.fairNames.get(k) ?? k) : ''}`,
    { scripts: ['/assets/echarts.min.js', '/assets/charts.js'] },
  );
}

export function monitorPage(ctx: PageContext, ind: Indicators | undefined, problem?: string): Html {
  const days = ind?.days ?? [];
  // The headline is the latest day with reports in (early in the morning today has none yet).
  const last = [...days].reverse().find((d) => d.total.reported > 0) ?? days[days.length - 1];
  return page(
    ctx,
    '复工监测',
    html`<h1>复工监测</h1>${subnav('/bureau/monitor')}
${problem ? alertBox(problem) : ''}
${
  last
    ? html`<dl class="counters"><div><dt>${last.date} 开工率</dt><dd>${pct(last.total.resumptionRate)}</dd></div><div><dt>返岗率</dt><dd>${pct(last.total.staffReturnRate)}</dd></div><div><dt>空岗率</dt><dd>${pct(last.total.vacancyRate)}</dd></div><div><dt>填报率</dt><dd>${pct(last.total.coverage)}</dd></div><div><dt>缺工人数</dt><dd>${last.total.openPositions}</dd></div></dl>
${chart('c-monitor', '开工率与返岗率', {
  tooltip: { trigger: 'axis' },
  legend: { data: ['开工率', '返岗率'] },
  xAxis: { type: 'category', data: days.map((d) => d.date) },
  yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
  series: [
    {
      name: '开工率',
      type: 'line',
      data: days.map((d) =>
        d.total.resumptionRate === null ? null : +(d.total.resumptionRate * 100).toFixed(1),
      ),
    },
    {
      name: '返岗率',
      type: 'line',
      data: days.map((d) =>
        d.total.staffReturnRate === null ? null : +(d.total.staffReturnRate * 100).toFixed(1),
      ),
    },
  ],
})}
<div class="table-wrap"><table><caption>每日指标</caption><thead><tr><th scope="col">日期</th><th scope="col">应报/已报</th><th scope="col">开工率</th><th scope="col">返岗率</th><th scope="col">空岗率</th><th scope="col">初步意向</th><th scope="col">专车返岗</th></tr></thead>
<tbody>${days.slice(-14).map((d) => html`<tr><th scope="row">${d.date}</th><td>${d.total.due}/${d.total.reported}</td><td>${pct(d.total.resumptionRate)}</td><td>${pct(d.total.staffReturnRate)}</td><td>${pct(d.total.vacancyRate)}</td><td>${d.preliminaryIntentions}</td><td>${d.convoyArrivals}</td></tr>`)}</tbody></table></div>
<p><a href="/bureau/monitor/bulletin.xlsx">下载日报（Excel）</a></p>`
    : html`<p>暂无监测数据。</p>`
}`,
    { scripts: ['/assets/echarts.min.js', '/assets/charts.js'] },
  );
}

export function deadLettersPage(ctx: PageContext, items: DeadLetter[], problem?: string): Html {
  const R: Record<string, string> = {
    invalid_payload: '内容无效',
    unknown_reference: '引用不存在',
    out_of_order: '顺序错误',
    attempts_exhausted: '重试耗尽',
  };
  return page(
    ctx,
    '异常队列',
    html`<h1>异常队列（死信）</h1>${subnav('/bureau/dead-letters')}
${problem ? alertBox(problem) : ''}
${
  items.length
    ? html`<div class="table-wrap"><table><caption>未能记录的意向</caption><thead><tr><th scope="col">任务</th><th scope="col">原因</th><th scope="col">说明</th><th scope="col">时间</th><th scope="col">操作</th></tr></thead><tbody>${items.map(
        (i) =>
          html`<tr><th scope="row">${i.jobId}</th><td>${R[i.reason] ?? i.reason}</td><td>${i.message}</td><td>${i.failedAt.replace('T', ' ').slice(0, 19)}</td><td>${
            i.replayedAt
              ? '已重放'
              : html`<form method="post" action="/bureau/dead-letters/${encodeURIComponent(i.jobId)}/replay" class="inline">${csrfField(ctx)}<button type="submit" class="secondary">重放</button></form>`
          }</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>没有异常任务。</p>`
}`,
  );
}

export function usersPage(
  ctx: PageContext,
  employers: User[],
  values: Record<string, string>,
  errors: FormErrors,
  created?: string,
): Html {
  return page(
    ctx,
    '企业账号',
    html`<h1>企业账号管理</h1>${subnav('/bureau/users')}
${created ? alertBox(created, 'notice') : ''}
${errors._form ? alertBox(errors._form) : ''}
<section aria-labelledby="new-h"><h2 id="new-h">开通企业账号</h2>
<form method="post" action="/bureau/users" class="stack" novalidate>${csrfField(ctx)}
${field({ name: 'firmId', label: '企业编号', value: values.firmId, required: true, error: errors.firmId, hint: '平台中的企业 ID' })}
${field({ name: 'login', label: '登录账号', value: values.login, required: true, error: errors.login, hint: '字母、数字、下划线，4–32 位' })}
${field({ name: 'password', label: '初始密码', type: 'password', required: true, error: errors.password, attrs: html`autocomplete="new-password"` })}
<button type="submit" class="primary">开通</button></form></section>
<section aria-labelledby="list-h"><h2 id="list-h">已开通的账号</h2>
${
  employers.length
    ? html`<div class="table-wrap"><table><caption>企业账号</caption><thead><tr><th scope="col">账号</th><th scope="col">企业</th><th scope="col">开通时间</th><th scope="col">操作</th></tr></thead><tbody>${employers.map(
        (u) =>
          html`<tr><th scope="row">${u.login}</th><td>${u.firmName ?? u.firmId}</td><td>${u.createdAt.slice(0, 10)}</td><td><form method="post" action="/bureau/users/${encodeURIComponent(u.id)}/disable" class="inline">${csrfField(ctx)}<button type="submit" class="link">停用</button></form></td></tr>`,
      )}</tbody></table></div>`
    : html`<p>还没有企业账号。</p>`
}</section>`,
  );
}

type Agreement = SwapSchemas['SwapAgreement'];
type Proposals = SwapSchemas['SwapProposals'];

export function bureauSwapPage(
  ctx: PageContext,
  agreements: Agreement[],
  proposals?: Proposals,
  problem?: string,
): Html {
  const S: Record<string, string> = {
    proposed: '待确认',
    accepted: '已确认',
    active: '进行中',
    completed: '已完成',
    cancelled: '已取消',
  };
  const OCC: Record<string, string> = {
    exact: '同职业',
    minor: '相近职业',
    middle: '同类职业',
    transferable: '可转岗',
  };
  return page(
    ctx,
    '共享员工',
    html`<h1>共享员工撮合</h1>${subnav('/bureau/swap')}
${problem ? alertBox(problem) : ''}
<form method="post" action="/bureau/swap/proposals" class="inline">${csrfField(ctx)}<button type="submit" class="primary">计算撮合方案</button></form>
${
  proposals
    ? html`<section aria-labelledby="prop-h"><h2 id="prop-h">撮合方案</h2>
<p>富余 ${proposals.open.surplusHeadcount} 人、缺工 ${proposals.open.shortageHeadcount} 人，最多可撮合 <strong>${proposals.matchedHeadcount}</strong> 人（显示 ${proposals.proposals.length} 组）。</p>
<div class="table-wrap"><table class="stack-sm"><caption>方案明细（拟定协议后双方企业确认）</caption><thead><tr><th scope="col">借出企业</th><th scope="col">借入企业</th><th scope="col">人数</th><th scope="col">匹配</th><th scope="col">期间</th><th scope="col">操作</th></tr></thead><tbody>${proposals.proposals
        .slice(0, 50)
        .map(
          (
            p,
          ) => html`<tr><th scope="row">${p.lenderFirmId}</th><td data-label="借入企业">${p.borrowerFirmId}</td><td data-label="人数">${p.headcount}</td><td data-label="匹配">${OCC[p.detail.occupation] ?? p.detail.occupation}，${p.score.toFixed(2)}${p.detail.distanceKm !== undefined ? `，${p.detail.distanceKm.toFixed(1)} 公里` : ''}</td><td data-label="期间">${p.draft.from} 至 ${p.draft.to}</td>
<td data-label="操作"><form method="post" action="/bureau/swap/agreements" class="inline">${csrfField(ctx)}<input type="hidden" name="surplusId" value="${p.draft.surplusId}"><input type="hidden" name="shortageId" value="${p.draft.shortageId}"><input type="hidden" name="headcount" value="${p.draft.headcount}"><input type="hidden" name="from" value="${p.draft.from}"><input type="hidden" name="to" value="${p.draft.to}"><button type="submit" class="secondary">拟定协议</button></form></td></tr>`,
        )}</tbody></table></div></section>`
    : ''
}
<section aria-labelledby="ag-h"><h2 id="ag-h">协议</h2>
${
  agreements.length
    ? html`<div class="table-wrap"><table class="stack-sm"><caption>全部协议（确认后占用名额）</caption><thead><tr><th scope="col">协议</th><th scope="col">借出企业</th><th scope="col">借入企业</th><th scope="col">人数</th><th scope="col">期间</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead><tbody>${agreements.map(
        (a) =>
          html`<tr><th scope="row">${a.id}</th><td data-label="借出企业">${a.lenderFirmId}${a.acceptances.lender ? ' ✔' : ''}</td><td data-label="借入企业">${a.borrowerFirmId}${a.acceptances.borrower ? ' ✔' : ''}</td><td data-label="人数">${a.headcount}</td><td data-label="期间">${a.from} 至 ${a.to}</td><td data-label="状态">${S[a.status] ?? a.status}${a.reserved ? '（已占用名额）' : ''}</td><td data-label="操作">${
            a.status === 'proposed'
              ? html`<form method="post" action="/bureau/swap/agreements/${encodeURIComponent(a.id)}/accept" class="inline">${csrfField(ctx)}<button type="submit" class="secondary">代双方确认</button></form>`
              : ''
          }</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>暂无协议。</p>`
}</section>`,
  );
}

export function keyEnterprisesPage(
  ctx: PageContext,
  rows: Array<{
    firmId: string;
    firmName: string;
    vacancies: number;
    positions: number;
    intentions?: { records: number; twoSided: number };
  }>,
  problem?: string,
): Html {
  return page(
    ctx,
    '重点企业',
    html`<h1>重点企业用工看板</h1>${subnav('/bureau/key-enterprises')}
${problem ? alertBox(problem) : ''}
${
  rows.length
    ? html`<div class="table-wrap"><table class="stack-sm"><caption>重点企业在招岗位（最新发布的 100 个）与求职意向，按缺工人数排序</caption><thead><tr><th scope="col">企业</th><th scope="col">在招岗位</th><th scope="col">缺工人数</th><th scope="col">意向人次</th><th scope="col">初步达成意向</th></tr></thead><tbody>${rows.map(
        (r) =>
          html`<tr><th scope="row">${r.firmName}</th><td data-label="在招岗位">${r.vacancies}</td><td data-label="缺工人数">${r.positions}</td><td data-label="意向人次">${r.intentions?.records ?? 0}</td><td data-label="初步达成意向">${r.intentions?.twoSided ?? 0}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>暂无重点企业岗位。</p>`
}`,
  );
}
