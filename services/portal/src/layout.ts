import { type Html, html, type Part } from './html.ts';
import type { User } from './users.ts';

/** What every page knows about its request: who is signed in, the display mode, the CSRF token. */
export interface PageContext {
  user?: User;
  elder: boolean;
  csrf?: string;
  /** The current path and query, for the mode switch's way back. */
  path: string;
  /** Embeds: no navigation, no account links, no cookies. */
  embed?: boolean;
  flash?: string;
}

export const EMPLOYMENT_TYPES: Record<string, string> = {
  full_time: '全职',
  part_time: '兼职',
  temporary: '临时工',
  contract: '合同工',
  intern: '实习',
  seasonal: '季节工',
};

export const EDUCATION: Record<string, string> = {
  none: '不限',
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  vocational: '中专/职高',
  associate: '大专',
  bachelor: '本科',
  master: '硕士',
  doctorate: '博士',
};

export const WAGE_UNITS: Record<string, string> = {
  month: '月',
  day: '天',
  hour: '小时',
  piece: '件',
  year: '年',
};

export function wageText(wage: { min: number; max?: number; unit?: string } | undefined): string {
  if (!wage) return '面议';
  const unit = WAGE_UNITS[wage.unit ?? 'month'] ?? wage.unit;
  return wage.max && wage.max !== wage.min
    ? `${wage.min}–${wage.max} 元/${unit}`
    : `${wage.min} 元/${unit} 起`;
}

const NAV: Array<{ href: string; label: string; role?: User['role'] }> = [
  { href: '/', label: '首页' },
  { href: '/jobs', label: '找工作' },
  { href: '/fairs', label: '招聘会' },
  { href: '/employer', label: '企业', role: 'employer' },
  { href: '/bureau', label: '人社局', role: 'bureau' },
];

function modeSwitch(ctx: PageContext): Html {
  const back = encodeURIComponent(ctx.path);
  return ctx.elder
    ? html`<a class="mode" href="/mode/standard?back=${back}">标准模式</a>`
    : html`<a class="mode" href="/mode/elder?back=${back}">长辈模式</a>`;
}

function account(ctx: PageContext): Html {
  if (!ctx.user) return html`<a href="/login">登录</a> <a href="/signup">注册</a>`;
  const home = ctx.user.role === 'seeker' ? '/me' : ctx.user.role === 'employer' ? '/employer' : '/bureau';
  return html`<a href="${home}">${ctx.user.displayName}</a>
    <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}"><button type="submit" class="link">退出</button></form>`;
}

/** The page shell: language, viewport, one stylesheet, one deferred script, skip link, landmarks. */
export function page(
  ctx: PageContext,
  title: string,
  body: Part,
  opts: { head?: Part; scripts?: string[] } = {},
): Html {
  const nav = NAV.filter((n) => !n.role || ctx.user?.role === n.role);
  const current = (href: string) =>
    href === '/'
      ? ctx.path === '/'
      : ctx.path === href || ctx.path.startsWith(`${href}/`) || ctx.path.startsWith(`${href}?`);
  return html`<html lang="zh-CN" class="${ctx.elder ? 'elder' : ''}${ctx.embed ? ' embed' : ''}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 枣庄市网络招聘会</title>
<link rel="stylesheet" href="/assets/portal.css">
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
${opts.head}
<script src="/assets/portal.js" defer></script>
${(opts.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
${
  ctx.embed
    ? ''
    : html`<header class="top">
  <div class="bar">
    <a class="brand" href="/"><span aria-hidden="true">复工</span> 枣庄市网络招聘会</a>
    <div class="tools">${modeSwitch(ctx)} ${account(ctx)}</div>
  </div>
  <nav aria-label="主导航"><ul>${nav.map(
    (n) =>
      html`<li><a href="${n.href}"${current(n.href) ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  )}</ul></nav>
</header>`
}
<main id="main" tabindex="-1">
${ctx.flash ? html`<p class="flash" role="status">${ctx.flash}</p>` : ''}
${body}
</main>
${
  ctx.embed
    ? html`<footer class="foot"><a href="/" target="_blank" rel="noopener">在枣庄市网络招聘会查看更多</a></footer>`
    : html`<footer class="foot"><p>枣庄市人力资源和社会保障局 · 公共就业服务 · 求职者个人信息仅用于岗位匹配，未经本人同意不向企业提供</p></footer>`
}
</body>
</html>`;
}

/** An error or notice box that screen readers announce. */
export function alertBox(message: Part, kind: 'error' | 'notice' = 'error'): Html {
  return html`<div class="alert ${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><strong>${kind === 'error' ? '出错了：' : '提示：'}</strong>${message}</div>`;
}

/** A labelled form field; `error` is shown next to it and tied to it by aria-describedby. */
export function field(opts: {
  name: string;
  label: string;
  type?: string;
  value?: string | number | undefined;
  required?: boolean;
  error?: string | undefined;
  hint?: string;
  attrs?: Html;
}): Html {
  const id = `f-${opts.name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const described = [opts.hint ? `${id}-hint` : '', opts.error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return html`<div class="field${opts.error ? ' has-error' : ''}">
<label for="${id}">${opts.label}${opts.required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}</label>
${opts.hint ? html`<p class="hint" id="${id}-hint">${opts.hint}</p>` : ''}
<input id="${id}" name="${opts.name}" type="${opts.type ?? 'text'}" value="${opts.value ?? ''}"${opts.required ? html` required aria-required="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}${opts.error ? html` aria-invalid="true"` : ''} ${opts.attrs}>
${opts.error ? html`<p class="err" id="${id}-err">⚠ ${opts.error}</p>` : ''}
</div>`;
}

export function hidden(name: string, value: string | undefined): Html {
  return html`<input type="hidden" name="${name}" value="${value ?? ''}">`;
}

export function csrfField(ctx: PageContext): Html {
  return hidden('_csrf', ctx.csrf);
}

/** A small horizontal bar (score factor, share) with its number written out: colour is never the only cue. */
export function bar(label: string, value: number, max = 1): Html {
  const pct = Math.max(0, Math.min(100, Math.round((value / (max || 1)) * 100)));
  return html`<div class="barrow"><span class="barlabel">${label}</span><span class="bartrack" aria-hidden="true"><span class="barfill w${Math.round(pct / 5) * 5}"></span></span><span class="barvalue">${value.toFixed(2)}</span></div>`;
}

/** A chart: the data travels in a data attribute (no inline script, strict CSP) and a table follows it. */
export function chart(id: string, title: string, option: unknown): Html {
  return html`<figure class="chart"><figcaption>${title}</figcaption><div class="chart-box" id="${id}" data-chart="${JSON.stringify(option)}" role="img" aria-label="${title}（数据见下表）"></div></figure>`;
}

/** A section's own navigation (account, employer, bureau): the current page marked for screen readers too. */
export function subnav(
  label: string,
  links: ReadonlyArray<readonly [string, string]>,
  current: string,
): Html {
  return html`<nav class="subnav" aria-label="${label}">${links.map(
    ([href, text]) =>
      html`<a href="${href}"${href === current ? html` aria-current="page"` : ''}>${text}</a> `,
  )}</nav>`;
}
