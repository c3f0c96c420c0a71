import type { IngestSchemas, MatcherSchemas } from '@fugong/client';
import { type Html, html, jsonScript, raw } from '../html.ts';
import {
  EDUCATION,
  EMPLOYMENT_TYPES,
  type PageContext,
  alertBox,
  csrfField,
  page,
  wageText,
} from '../layout.ts';
import { DISTRICTS } from '../places.ts';
import { type Filters, jobsUrl } from './search-params.ts';

type SearchResponse = MatcherSchemas['VacancySearchResponse'];
type Hit = MatcherSchemas['VacancyHit'];
type Vacancy = IngestSchemas['Vacancy'];

/** One vacancy in a list: title (linked), firm, place, wage, the facts a seeker scans for. */
export function vacancyCard(v: Hit): Html {
  const title = v.highlight?.title ? raw(v.highlight.title) : v.title;
  return html`<li class="card">
<h3><a href="/jobs/${encodeURIComponent(v.id)}">${title}</a></h3>
<p class="firm">${v.firmName ?? v.firmId}${v.keyEnterprise ? html` <span class="tag key">重点企业</span>` : ''}</p>
<p class="facts"><span class="wage">${wageText(v.wage)}</span> · <span>${v.workPlace.name ?? '地点待定'}</span>${
    v.distanceKm !== undefined ? html` · <span>距离 ${v.distanceKm.toFixed(1)} 公里</span>` : ''
  } · <span>招 ${v.openPositions} 人</span> · <span>${EMPLOYMENT_TYPES[v.employmentType] ?? v.employmentType}</span></p>
<p class="tags">${v.benefits.board ? html`<span class="tag">包吃</span>` : ''}${v.benefits.lodging ? html`<span class="tag">包住</span>` : ''}${
    v.benefits.socialInsurance ? html`<span class="tag">五险</span>` : ''
  }${v.occupations.slice(0, 1).map((o) => html`<span class="tag">${o.name}</span>`)}</p>
</li>`;
}

/** The search box of the home page, the results page and the embed: typeahead by script, plain form without. */
export function searchBox(f: Filters, opts: { action?: string; autofocus?: boolean } = {}): Html {
  return html`<form class="search" method="get" action="${opts.action ?? '/jobs'}" role="search">
<label for="q" class="sr">搜索职位</label>
<input id="q" name="q" type="search" value="${f.q ?? ''}" placeholder="职位、技能或企业，如 普工、电焊、pugong" autocomplete="off" data-suggest="/suggest" aria-autocomplete="list" aria-controls="q-list" aria-expanded="false"${opts.autofocus ? html` autofocus` : ''}>
<ul id="q-list" class="suggest" role="listbox" aria-label="搜索建议" hidden></ul>
<button type="submit">搜索</button>
</form>`;
}

function select(
  name: string,
  label: string,
  value: string | undefined,
  options: Array<[string, string]>,
): Html {
  return html`<div class="field"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">${options.map(
    ([v, l]) => html`<option value="${v}"${v === (value ?? '') ? html` selected` : ''}>${l}</option>`,
  )}</select></div>`;
}

function facetOptions(
  buckets: Array<{ value: string; label?: string; count: number }> | undefined,
  all: string,
) {
  return [
    ['', all] as [string, string],
    ...(buckets ?? []).map((b) => [b.value, `${b.label ?? b.value}（${b.count}）`] as [string, string]),
  ];
}

/** The filter panel: every filter of the search API, as plain form fields with facet counts. */
function filterForm(f: Filters, res: SearchResponse | undefined): Html {
  const facets = res?.facets;
  const fairs = facets?.fairs ?? [];
  const districts = facets?.districts ?? [];
  // A filter given by name (滕州) is selected by the code the API resolved it to; a value the facets do not
  // list (none left after other filters) is still offered, so the form shows what is in force.
  const chosen = (options: Array<[string, string]>, resolved: { code: string; name: string } | undefined) =>
    resolved && !options.some(([v]) => v === resolved.code)
      ? [...options, [resolved.code, resolved.name] as [string, string]]
      : options;
  const districtOptions = chosen(
    districts.length
      ? facetOptions(districts, '全部区县')
      : [['', '全部区县'], ...DISTRICTS.map((d) => [d.code, d.name] as [string, string])],
    res?.resolved.district,
  );
  const occupationOptions = chosen(
    facetOptions(facets?.occupationGroups, '全部职业'),
    res?.resolved.occupation,
  );
  return html`<form class="filters" method="get" action="/jobs" data-live>
<input type="hidden" name="q" value="${f.q ?? ''}">
<fieldset><legend>筛选</legend>
${select('district', '区县', res?.resolved.district?.code ?? f.district, districtOptions)}
${select('occupation', '职业类别', res?.resolved.occupation?.code ?? f.occupation, occupationOptions)}
${select('wageMin', '月薪不低于', f.wageMin, [
  ['', '不限'],
  ['3000', '3000 元'],
  ['4000', '4000 元'],
  ['5000', '5000 元'],
  ['6000', '6000 元'],
  ['8000', '8000 元'],
])}
${select('employmentType', '用工形式', f.employmentType, [['', '不限'], ...Object.entries(EMPLOYMENT_TYPES)])}
${select('fairId', '招聘会', f.fairId, facetOptions(fairs, '全部招聘会'))}
<div class="check"><input type="checkbox" id="f-key" name="keyEnterprise" value="true"${f.keyEnterprise === 'true' ? html` checked` : ''}><label for="f-key">只看重点企业</label></div>
<div class="check"><input type="checkbox" id="f-bl" name="boardAndLodging" value="true"${f.boardAndLodging === 'true' ? html` checked` : ''}><label for="f-bl">包吃住</label></div>
${select('from', '按距离：从', f.near ? 'me' : f.from, [['', '不按距离'], ...(f.near ? [['me', '我的位置'] as [string, string]] : []), ...DISTRICTS.map((d) => [d.code, `${d.name}中心`] as [string, string])])}
${f.near ? html`<input type="hidden" name="near" value="${f.near}">` : ''}
${select('radiusKm', '范围', f.radiusKm, [
  ['', '不限'],
  ['5', '5 公里内'],
  ['10', '10 公里内'],
  ['20', '20 公里内'],
  ['50', '50 公里内'],
])}
${select('sort', '排序', f.sort, [
  ['', '默认'],
  ['relevance', '相关度'],
  ['newest', '最新发布'],
  ['wage', '薪资最高'],
  ['distance', '距离最近'],
])}
<button type="button" class="secondary" data-locate>用我的位置</button>
<button type="submit">应用筛选</button>
</fieldset>
</form>`;
}

const FILTER_LABELS: Record<string, string> = {
  district: '区县',
  occupation: '职业',
  wageMin: '月薪≥',
  employmentType: '用工形式',
  fairId: '招聘会',
  keyEnterprise: '重点企业',
  boardAndLodging: '包吃住',
  from: '距离起点',
  near: '我的位置',
  radiusKm: '范围(公里)',
  sort: '排序',
  q: '关键词',
};

/** The filters in force as removable chips, in the words the API resolved them to. */
function chips(f: Filters, res: SearchResponse): Html {
  const shown = (k: string, v: string): string => {
    if (k === 'district') return res.resolved.district?.name ?? v;
    if (k === 'occupation') return res.resolved.occupation?.name ?? v;
    if (k === 'employmentType') return EMPLOYMENT_TYPES[v] ?? v;
    if (k === 'from') return DISTRICTS.find((d) => d.code === v)?.name ?? v;
    if (k === 'keyEnterprise' || k === 'boardAndLodging') return '是';
    if (k === 'fairId') return res.facets?.fairs.find((b) => b.value === v)?.label ?? v;
    return v;
  };
  const entries = Object.entries(f).filter(([, v]) => v);
  if (entries.length === 0) return html``;
  return html`<ul class="chips" aria-label="当前条件">${entries.map(
    ([k, v]) =>
      html`<li><a href="${jobsUrl(f, { [k]: undefined })}" aria-label="去掉条件 ${FILTER_LABELS[k] ?? k}：${shown(k, v as string)}">${FILTER_LABELS[k] ?? k}：${shown(k, v as string)} <span aria-hidden="true">✕</span></a></li>`,
  )}${entries.length > 1 ? html`<li><a href="/jobs">清除全部</a></li>` : ''}</ul>${
    res.resolved.q?.words?.length
      ? html`<p class="understood">已理解为：${res.resolved.q.words.join(' ')}</p>`
      : ''
  }`;
}

/** A 400 from the search API turned into "did you mean …" links built from its suggestions. */
export function didYouMean(f: Filters, error: unknown): Html {
  const issues =
    (
      error as {
        error?: {
          message?: string;
          details?: { issues?: Array<{ path: string; message: string; suggestions?: string[] }> };
        };
      }
    )?.error?.details?.issues ?? [];
  if (issues.length === 0)
    return alertBox((error as { error?: { message?: string } })?.error?.message ?? '搜索条件有误');
  return html`${issues.map((i) => {
    const param = i.path as keyof Filters;
    return html`<div class="alert notice" role="alert"><p>“${FILTER_LABELS[i.path] ?? i.path}”的值“${f[param] ?? ''}”无法识别。${
      i.suggestions?.length ? '您是不是要找：' : ''
    }</p>${
      i.suggestions?.length
        ? html`<ul class="chips">${i.suggestions.map((s) => {
            const name = s.replace(/\s*\([^)]*\)\s*$/, '');
            return html`<li><a href="${jobsUrl(f, { [param]: name })}">${name}</a></li>`;
          })}</ul>`
        : ''
    }<p><a href="${jobsUrl(f, { [param]: undefined })}">去掉这个条件</a></p></div>`;
  })}`;
}

export function resultsPage(
  ctx: PageContext,
  f: Filters,
  res: SearchResponse | undefined,
  problem: Html | undefined,
  cursor?: string,
): Html {
  const body = html`<h1>找工作</h1>
${searchBox(f)}
<div class="results-layout">
<aside>${filterForm(f, res)}</aside>
<section aria-labelledby="results-h" id="results" aria-live="polite">
${problem ?? ''}
${
  res
    ? html`${chips(f, res)}
<h2 id="results-h">共 ${res.total} 个岗位${res.facets ? html`，合计招聘 ${res.facets.openPositions} 人` : ''}</h2>
${res.hits.length ? html`<ol class="cards">${res.hits.map(vacancyCard)}</ol>` : html`<p>没有符合条件的岗位。试试减少筛选条件，或换个说法。</p>`}
<nav class="pager" aria-label="翻页">${cursor ? html`<a href="${jobsUrl(f)}">回到第一页</a>` : ''}${
        res.nextCursor ? html`<a rel="next" href="${jobsUrl(f, { cursor: res.nextCursor })}">下一页</a>` : ''
      }</nav>`
    : html`<h2 id="results-h">搜索结果</h2>`
}
</section>
</div>`;
  return page(ctx, f.q ? `${f.q} 的岗位` : '找工作', body);
}

/** Schema.org JobPosting for Google for Jobs: every required property and the recommended ones we have. */
export function jobPostingLd(v: Vacancy, canonical: string, origin: string): Record<string, unknown> {
  const unit = { month: 'MONTH', day: 'DAY', hour: 'HOUR', year: 'YEAR', piece: 'HOUR' }[
    v.wage?.unit ?? 'month'
  ];
  const type = {
    full_time: 'FULL_TIME',
    part_time: 'PART_TIME',
    temporary: 'TEMPORARY',
    contract: 'CONTRACTOR',
    intern: 'INTERN',
    seasonal: 'TEMPORARY',
  }[v.employmentType];
  return {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: v.title,
    description: (v.description || v.title).replace(/[<>]/g, ' '),
    identifier: { '@type': 'PropertyValue', name: v.firmName ?? v.firmId, value: v.id },
    datePosted: v.validFrom ?? v.createdAt,
    ...(v.validThrough || v.expiresAt ? { validThrough: v.validThrough ?? v.expiresAt } : {}),
    employmentType: type,
    hiringOrganization: { '@type': 'Organization', name: v.firmName ?? v.firmId, sameAs: origin },
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        streetAddress: v.workPlace.address ?? v.workPlace.name ?? '',
        addressLocality: v.workPlace.name ?? '枣庄市',
        addressRegion: '山东省',
        addressCountry: 'CN',
      },
      ...(v.workPlace.location
        ? {
            geo: {
              '@type': 'GeoCoordinates',
              latitude: v.workPlace.location.lat,
              longitude: v.workPlace.location.lon,
            },
          }
        : {}),
    },
    ...(v.wage
      ? {
          baseSalary: {
            '@type': 'MonetaryAmount',
            currency: v.wage.currency ?? 'CNY',
            value: {
              '@type': 'QuantitativeValue',
              minValue: v.wage.min,
              ...(v.wage.max ? { maxValue: v.wage.max } : {}),
              unitText: unit,
            },
          },
        }
      : {}),
    totalJobOpenings: v.totalJobOpenings,
    url: canonical,
    directApply: true,
  };
}

export function vacancyPage(
  ctx: PageContext,
  v: Vacancy,
  opts: {
    canonical: string;
    origin: string;
    fairs: Array<{ id: string; name: string }>;
    applied?: boolean;
    similar?: Hit[];
  },
): Html {
  const gone = v.status !== 'open';
  const facts: Array<[string, Html | string]> = [
    ['薪资', wageText(v.wage)],
    [
      '招聘人数',
      `${v.totalJobOpenings} 人${v.openPositions !== undefined ? `（尚缺 ${v.openPositions} 人）` : ''}`,
    ],
    ['用工形式', EMPLOYMENT_TYPES[v.employmentType] ?? v.employmentType],
    ['工作地点', [v.workPlace.name, v.workPlace.address].filter(Boolean).join(' ') || '待定'],
    ['职业', v.occupations.map((o) => o.name).join('、') || '—'],
    ['工作时间', [v.workHours, ...(v.shifts ?? [])].filter(Boolean).join('；') || '—'],
    [
      '学历要求',
      v.requirements.education ? (EDUCATION[v.requirements.education] ?? v.requirements.education) : '不限',
    ],
    ['经验要求', v.requirements.experienceYears ? `${v.requirements.experienceYears} 年以上` : '不限'],
    ['证书', v.requirements.certificates.join('、') || '—'],
    [
      '福利',
      [
        v.benefits.board ? '包吃' : '',
        v.benefits.lodging ? '包住' : '',
        v.benefits.socialInsurance && !v.benefits.other.some((o) => o.startsWith('五险')) ? '五险' : '',
        ...v.benefits.other,
      ]
        .filter(Boolean)
        .join('、') || '—',
    ],
    ['有效期至', (v.validThrough ?? v.expiresAt ?? '').slice(0, 10) || '—'],
  ];
  const apply = gone
    ? ''
    : ctx.user?.role === 'seeker'
      ? opts.applied
        ? html`<p class="done" role="status">✔ 已投递，可在“<a href="/me/applications">我的求职</a>”查看进度</p>`
        : html`<form method="post" action="/jobs/${encodeURIComponent(v.id)}/apply">${csrfField(ctx)}<button type="submit" class="primary">投递简历（提交求职意向）</button></form>`
      : ctx.user
        ? ''
        : html`<p><a class="button primary" href="/login?next=${encodeURIComponent(`/jobs/${v.id}`)}">登录后投递</a> 还没有账号？<a href="/signup">手机号注册</a></p>`;
  const body = html`<article class="vacancy">
${gone ? alertBox(`该岗位已${v.status === 'filled' ? '招满' : v.status === 'expired' ? '过期' : '关闭'}，不再接受投递。下面是相似的在招岗位。`, 'notice') : ''}
<h1>${v.title}</h1>
<p class="firm">${v.firmName ?? v.firmId}${v.keyEnterprise ? html` <span class="tag key">重点企业</span>` : ''}</p>
<dl class="facts-list">${facts.map(([k, val]) => html`<div><dt>${k}</dt><dd>${val}</dd></div>`)}</dl>
${opts.fairs.length ? html`<p>所属招聘会：${opts.fairs.map((f) => html`<a href="/fairs/${encodeURIComponent(f.id)}">${f.name}</a> `)}</p>` : ''}
<h2>岗位描述</h2>
<div class="description">${(v.description || '（企业未填写描述）').split(/\n+/).map((p) => html`<p>${p}</p>`)}</div>
${apply}
</article>
${opts.similar?.length ? html`<section aria-labelledby="similar-h"><h2 id="similar-h">相似的在招岗位</h2><ol class="cards">${opts.similar.map(vacancyCard)}</ol></section>` : ''}`;
  return page(ctx, v.title, body, {
    head: html`<link rel="canonical" href="${opts.canonical}">
${gone ? html`<meta name="robots" content="noindex">` : html`<script type="application/ld+json">${jsonScript(jobPostingLd(v, opts.canonical, opts.origin))}</script>`}`,
  });
}
