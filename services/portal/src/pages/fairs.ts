import type { IngestSchemas, IntentSchemas, MatcherSchemas } from '@fugong/client';
import { type Html, html } from '../html.ts';
import { type PageContext, page, wageText } from '../layout.ts';
import { searchBox, vacancyCard } from './jobs.ts';

type Fair = IngestSchemas['Fair'];
type Hit = MatcherSchemas['VacancyHit'];
type Dashboard = IntentSchemas['FairDashboard'];

function fairState(f: Fair, today: string): string {
  if (f.endDate < today) return '已结束';
  if (f.startDate > today) return '未开始';
  return '进行中';
}

export function fairCard(f: Fair, today: string): Html {
  return html`<li class="card fair">
<h3><a href="/fairs/${encodeURIComponent(f.id)}">${f.name}</a></h3>
<p class="facts"><span class="tag">${fairState(f, today)}</span> ${f.startDate} 至 ${f.endDate} · ${f.online ? '网络招聘会' : '现场招聘会'}</p>
<p class="facts">${f.firmIds.length} 家企业${f.vacancies !== undefined ? ` · ${f.vacancies} 个岗位` : ''}${f.positions !== undefined ? ` · ${f.positions} 人` : ''}</p>
</li>`;
}

export function homePage(ctx: PageContext, data: { fairs: Fair[]; key: Hit[]; today: string }): Html {
  // Running fairs first, then the next to open.
  const open = data.fairs
    .filter((f) => f.endDate >= data.today)
    .sort((a, b) => a.startDate.localeCompare(b.startDate))
    .slice(0, 6);
  return page(
    ctx,
    '首页',
    html`<section class="hero" aria-labelledby="hero-h">
<h1 id="hero-h">找工作，上枣庄市网络招聘会</h1>
<p>不见面招聘：线上投递、线上面试，企业复工用工、求职者返岗就业。</p>
${searchBox({}, { autofocus: false })}
<p class="quick">常用：<a href="/jobs?q=普工">普工</a> <a href="/jobs?q=电焊工">电焊工</a> <a href="/jobs?boardAndLodging=true">包吃住</a> <a href="/jobs?keyEnterprise=true">重点企业</a> <a href="/jobs?sort=distance&amp;from=370402" data-near>离我最近</a></p>
</section>
<section aria-labelledby="fairs-h"><h2 id="fairs-h">进行中和即将举办的招聘会</h2>
${open.length ? html`<ol class="cards">${open.map((f) => fairCard(f, data.today))}</ol>` : html`<p>暂无进行中的招聘会。</p>`}
<p><a href="/fairs">全部招聘会</a></p></section>
<section aria-labelledby="key-h"><h2 id="key-h">重点企业急招</h2>
${data.key.length ? html`<ol class="cards">${data.key.map(vacancyCard)}</ol>` : html`<p>暂无。</p>`}
<p><a href="/jobs?keyEnterprise=true">更多重点企业岗位</a></p></section>`,
  );
}

export function fairsPage(ctx: PageContext, fairs: Fair[], today: string): Html {
  return page(
    ctx,
    '招聘会',
    html`<h1>招聘会</h1>${fairs.length ? html`<ol class="cards">${fairs.map((f) => fairCard(f, today))}</ol>` : html`<p>暂无招聘会。</p>`}`,
  );
}

/** The live counters in the bureau's terms; the script refreshes them from /fairs/{id}/counters. */
export function counters(fairId: string, d: Dashboard | undefined): Html {
  const items: Array<[string, string, number | undefined]> = [
    ['firms', '参会企业', d?.firms],
    ['vacancies', '岗位数', d?.vacancies],
    ['positionsOffered', '招聘人数', d?.positionsOffered],
    ['interest', '投递/意向人次', d?.interest],
    ['preliminaryIntentions', '初步达成就业意向', d?.preliminaryIntentions],
  ];
  return html`<dl class="counters" data-counters="/fairs/${encodeURIComponent(fairId)}/counters" aria-live="polite">${items.map(
    ([k, label, n]) => html`<div><dt>${label}</dt><dd data-key="${k}">${n ?? '—'}</dd></div>`,
  )}</dl>`;
}

export function fairPage(
  ctx: PageContext,
  fair: Fair,
  data: {
    booths: Array<{ firmId: string; firmName: string; hits: Hit[] }>;
    idle: number;
    shown: number;
    total: number;
    dashboard: Dashboard | undefined;
    today: string;
    embed?: boolean;
  },
): Html {
  const body = html`<h1>${fair.name}</h1>
<p class="facts"><span class="tag">${fairState(fair, data.today)}</span> 日程：${fair.startDate} 至 ${fair.endDate} · ${fair.online ? '网络招聘会（线上投递、视频面试）' : '现场招聘会'}</p>
${fair.description ? html`<p>${fair.description}</p>` : ''}
${counters(fair.id, data.dashboard)}
${data.embed ? searchBox({}, { action: '/jobs' }) : html`<p><a class="button" href="/jobs?fairId=${encodeURIComponent(fair.id)}">搜索本场岗位</a></p>`}
<h2>展位（${data.booths.length} 家企业在招）</h2>
<p class="hint">每个展位列出该企业在本场的在招岗位${data.shown < data.total ? `（显示最新 ${data.shown} 个，共 ${data.total} 个）` : ''}${data.idle ? `；另有 ${data.idle} 家参会企业暂无在招岗位` : ''}。${data.embed ? '' : html`<a href="/jobs?fairId=${encodeURIComponent(fair.id)}">搜索本场全部岗位</a>`}</p>
<div class="booths">${data.booths.map(
    (
      b,
    ) => html`<section class="booth" aria-labelledby="b-${b.firmId}"><h3 id="b-${b.firmId}">${b.firmName}</h3>
${b.hits.length ? html`<ul class="plain">${b.hits.map((h) => html`<li><a href="/jobs/${encodeURIComponent(h.id)}"${data.embed ? html` target="_blank" rel="noopener"` : ''}>${h.title}</a> <span class="facts">${wageText(h.wage)} · 招 ${h.openPositions} 人</span></li>`)}</ul>` : html`<p>暂无在招岗位</p>`}
</section>`,
  )}</div>`;
  return page({ ...ctx, embed: data.embed ?? false }, fair.name, body);
}

export function embedSearchPage(ctx: PageContext): Html {
  return page(
    { ...ctx, embed: true },
    '岗位搜索',
    html`<h1 class="embed-h">枣庄市网络招聘会 · 岗位搜索</h1>${html`<form class="search" method="get" action="/jobs" target="_blank" role="search">
<label for="q" class="sr">搜索职位</label>
<input id="q" name="q" type="search" placeholder="职位、技能或企业" autocomplete="off">
<button type="submit">搜索</button></form>`}`,
  );
}

export { vacancyCard };
