import type { ConvoysSchemas, IngestSchemas, MatcherSchemas } from '@fugong/client';
import { type Html, html } from '../html.ts';
import {
  type PageContext,
  alertBox,
  csrfField,
  EDUCATION,
  field,
  hidden,
  page,
  wageText,
} from '../layout.ts';
import { DISTRICTS, PLACE_NAMES } from '../places.ts';
import { TRIP_STATUS } from './convoys.ts';

type WorkerProfile = IngestSchemas['WorkerProfile'];
type Recommendation = MatcherSchemas['RecommendationHit'];
type Pair = MatcherSchemas['IntentionPair'];

/** The consent text a seeker agrees to on the profile page; its version is recorded with the time. */
export const CONSENT_TEXT =
  '我同意枣庄市网络招聘会将我填写的求职信息用于岗位匹配和就业服务：我的公开简历（不含姓名全称、手机号、身份证号）' +
  '可被招聘企业检索；只有我主动投递或接受邀请的企业才能看到我的联系方式；人社部门可为就业服务查看全部信息。' +
  '我可以随时在“我的账号”中删除账号和全部数据。';
export const CONSENT_VERSION = '2026-12-v1';

export type FormErrors = Record<string, string>;

export function signupPage(ctx: PageContext, values: { phone?: string }, errors: FormErrors = {}): Html {
  return page(
    ctx,
    '注册',
    html`<h1>手机号注册</h1>
${errors._form ? alertBox(errors._form) : ''}
<form method="post" action="/signup" class="stack" novalidate>${csrfField(ctx)}
${field({ name: 'phone', label: '手机号', type: 'tel', value: values.phone, required: true, error: errors.phone, attrs: html`autocomplete="tel" inputmode="numeric"` })}
${field({ name: 'password', label: '设置密码', type: 'password', required: true, error: errors.password, hint: '至少 8 位，同时包含字母和数字', attrs: html`autocomplete="new-password"` })}
<button type="submit" class="primary">获取验证码</button>
</form>
<p>已有账号？<a href="/login">登录</a></p>`,
  );
}

export function verifyPage(ctx: PageContext, phone: string, errors: FormErrors = {}): Html {
  return page(
    ctx,
    '验证手机号',
    html`<h1>验证手机号</h1>
<p>验证码已发送到 ${phone.slice(0, 3)}****${phone.slice(-4)}，10 分钟内有效。</p>
${errors._form ? alertBox(errors._form) : ''}
<form method="post" action="/verify" class="stack" novalidate>${csrfField(ctx)}
${field({ name: 'code', label: '6 位验证码', value: '', required: true, error: errors.code, attrs: html`autocomplete="one-time-code" inputmode="numeric"` })}
<button type="submit" class="primary">完成注册</button>
</form>`,
  );
}

export function loginPage(
  ctx: PageContext,
  values: { login?: string; next?: string },
  errors: FormErrors = {},
): Html {
  return page(
    ctx,
    '登录',
    html`<h1>登录</h1>
${errors._form ? alertBox(errors._form) : ''}
<form method="post" action="/login" class="stack" novalidate>${csrfField(ctx)}${hidden('next', values.next)}
${field({ name: 'login', label: '手机号或账号', value: values.login, required: true, error: errors.login, attrs: html`autocomplete="username"` })}
${field({ name: 'password', label: '密码', type: 'password', required: true, error: errors.password, attrs: html`autocomplete="current-password"` })}
<button type="submit" class="primary">登录</button>
</form>
<p>求职者还没有账号？<a href="/signup">手机号注册</a>。企业账号由人社局开通。</p>`,
  );
}

export interface ProfileValues {
  name?: string;
  occupations?: string;
  skills?: string;
  certificates?: string;
  experienceYears?: string;
  education?: string;
  district?: string;
  address?: string;
  expectedWage?: string;
  availableFrom?: string;
  maxCommuteKm?: string;
  summary?: string;
  priorityGroups?: string[];
  consent?: string;
}

export function profileValuesFrom(p: WorkerProfile, name: string | undefined): ProfileValues {
  return {
    name,
    occupations: p.occupations.map((o) => o.name).join('，'),
    skills: p.skills.join('，'),
    certificates: p.certificates.join('，'),
    experienceYears: String(p.experienceYears),
    ...(p.education ? { education: p.education } : {}),
    ...(p.currentPlace.code ? { district: p.currentPlace.code.slice(0, 6) } : {}),
    ...(p.currentPlace.address ? { address: p.currentPlace.address } : {}),
    ...(p.expectedMonthlyWage ? { expectedWage: String(p.expectedMonthlyWage) } : {}),
    ...(p.availableFrom ? { availableFrom: p.availableFrom.slice(0, 10) } : {}),
    maxCommuteKm: String(p.maxCommuteKm),
    priorityGroups: p.priorityGroups,
    consent: 'yes',
  };
}

const PRIORITY: Array<[string, string]> = [
  ['migrant_worker', '农民工'],
  ['graduate', '高校毕业生'],
  ['poverty_registered', '建档立卡贫困劳动力'],
];

export function mePage(
  ctx: PageContext,
  v: ProfileValues,
  errors: FormErrors,
  opts: { hasProfile: boolean; consentAt?: string },
): Html {
  const sel = (name: string, label: string, value: string | undefined, options: Array<[string, string]>) =>
    html`<div class="field${errors[name] ? ' has-error' : ''}"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"${errors[name] ? html` aria-invalid="true" aria-describedby="f-${name}-err"` : ''}>${options.map(
      ([val, l]) => html`<option value="${val}"${val === (value ?? '') ? html` selected` : ''}>${l}</option>`,
    )}</select>${errors[name] ? html`<p class="err" id="f-${name}-err">⚠ ${errors[name]}</p>` : ''}</div>`;
  return page(
    ctx,
    '我的账号',
    html`<h1>我的账号</h1>
<nav class="subnav" aria-label="账号"><a href="/me" aria-current="page">求职资料</a> <a href="/me/applications">我的求职</a> <a href="/me/recommendations">为我推荐</a></nav>
${opts.hasProfile ? '' : alertBox('填写求职资料后即可投递岗位、获得推荐。', 'notice')}
${errors._form ? alertBox(errors._form) : ''}
<form method="post" action="/me" class="stack" novalidate>${csrfField(ctx)}
${field({ name: 'name', label: '姓名', value: v.name, required: true, error: errors.name, attrs: html`autocomplete="name"` })}
${field({ name: 'occupations', label: '想找的工作', value: v.occupations, error: errors.occupations, hint: '职业名称，多个用逗号分隔，如：普工，电焊工' })}
${field({ name: 'skills', label: '技能', value: v.skills, error: errors.skills, hint: '多个用逗号分隔' })}
${field({ name: 'certificates', label: '证书', value: v.certificates, error: errors.certificates, hint: '如：焊工证，叉车证' })}
${field({ name: 'experienceYears', label: '工作年限（年）', type: 'number', value: v.experienceYears, error: errors.experienceYears, attrs: html`min="0" max="60"` })}
${sel('education', '学历', v.education, [['', '请选择'], ...Object.entries(EDUCATION)])}
${sel('district', '现居区县', v.district, [['', '请选择'], ...DISTRICTS.map((d) => [d.code, d.name] as [string, string])])}
${field({ name: 'address', label: '现居乡镇/街道', value: v.address, error: errors.address, hint: '如：龙阳街道' })}
${field({ name: 'expectedWage', label: '期望月薪（元）', type: 'number', value: v.expectedWage, error: errors.expectedWage, attrs: html`min="0" max="100000"` })}
${field({ name: 'maxCommuteKm', label: '可接受通勤距离（公里）', type: 'number', value: v.maxCommuteKm, error: errors.maxCommuteKm, attrs: html`min="1" max="500"` })}
${field({ name: 'availableFrom', label: '最早到岗日期', type: 'date', value: v.availableFrom, error: errors.availableFrom })}
<fieldset><legend>就业援助对象（可选）</legend>${PRIORITY.map(
      ([val, l]) =>
        html`<div class="check"><input type="checkbox" id="pg-${val}" name="priorityGroups" value="${val}"${v.priorityGroups?.includes(val) ? html` checked` : ''}><label for="pg-${val}">${l}</label></div>`,
    )}</fieldset>
<div class="field"><label for="f-summary">自我介绍</label><textarea id="f-summary" name="summary" rows="3" maxlength="500">${v.summary ?? ''}</textarea></div>
<fieldset class="consent${errors.consent ? ' has-error' : ''}"><legend>个人信息授权</legend>
<p id="consent-text">${CONSENT_TEXT}</p>
<div class="check"><input type="checkbox" id="f-consent" name="consent" value="yes" aria-describedby="consent-text${errors.consent ? ' f-consent-err' : ''}"${v.consent === 'yes' ? html` checked` : ''}><label for="f-consent">我已阅读并同意以上授权</label></div>
${errors.consent ? html`<p class="err" id="f-consent-err">⚠ ${errors.consent}</p>` : ''}
${opts.consentAt ? html`<p class="hint">您于 ${opts.consentAt.replace('T', ' ').slice(0, 19)} 同意（版本 ${CONSENT_VERSION}）</p>` : ''}
</fieldset>
<button type="submit" class="primary">保存求职资料</button>
</form>
<section class="danger" aria-labelledby="del-h"><h2 id="del-h">删除账号</h2>
<p>删除后，您的账号、求职资料和联系方式将从平台删除，无法恢复。</p>
<form method="post" action="/me/delete">${csrfField(ctx)}
<div class="check"><input type="checkbox" id="f-confirm" name="confirm" value="yes" required><label for="f-confirm">我确认删除账号和全部数据</label></div>
<button type="submit" class="danger">删除账号和数据</button></form>
<form method="post" action="/logout-everywhere">${csrfField(ctx)}<button type="submit" class="secondary">退出所有设备</button></form>
</section>`,
  );
}

export function recommendationsPage(
  ctx: PageContext,
  hits: Recommendation[] | undefined,
  problem?: string,
): Html {
  return page(
    ctx,
    '为我推荐',
    html`<h1>为我推荐</h1>
<nav class="subnav" aria-label="账号"><a href="/me">求职资料</a> <a href="/me/applications">我的求职</a> <a href="/me/recommendations" aria-current="page">为我推荐</a></nav>
${problem ? alertBox(problem, 'notice') : ''}
${
  hits?.length
    ? html`<ol class="cards">${hits.map(
        (h) =>
          html`<li class="card"><h3><a href="/jobs/${encodeURIComponent(h.vacancyId)}">${h.title}</a></h3><p class="firm">${h.firmName ?? h.firmId}${h.keyEnterprise ? html` <span class="tag key">重点企业</span>` : ''}</p><p class="facts">${h.workPlace.name ?? ''} · ${wageText((h as { wage?: { min: number; max?: number; unit?: string } }).wage)}</p></li>`,
      )}</ol>`
    : hits
      ? html`<p>暂时没有合适的岗位，完善求职资料可以获得更准确的推荐。</p>`
      : ''
}`,
  );
}

const STEP: Record<string, string> = {
  applied: '已投递',
  shortlisted: '企业已列入候选',
  offered: '企业已发录用意向',
  accepted: '已接受录用',
};
const STEPS = ['applied', 'shortlisted', 'offered', 'accepted'] as const;

export function applicationsPage(
  ctx: PageContext,
  pairs: Array<{ pair: Pair; title: string; firmName: string }> | undefined,
  problem?: string,
  trips: ConvoysSchemas['ConvoyTrip'][] = [],
): Html {
  return page(
    ctx,
    '我的求职',
    html`<h1>我的求职</h1>
<nav class="subnav" aria-label="账号"><a href="/me">求职资料</a> <a href="/me/applications" aria-current="page">我的求职</a> <a href="/me/recommendations">为我推荐</a></nav>
${problem ? alertBox(problem, 'notice') : ''}
${
  trips.length
    ? html`<section aria-labelledby="trip-h" class="card"><h2 id="trip-h" class="h3">我的返岗专车</h2>${trips.map(
        (t) =>
          html`<p><strong>${t.departureDate}</strong> ${t.vehicleType}，${TRIP_STATUS[t.status] ?? t.status}；上车点：${t.stops.map((s) => s.name ?? PLACE_NAMES[s.townCode] ?? s.townCode).join('、')}</p>`,
      )}<p class="hint">请按时到上车点，带好身份证和健康证明。</p></section>`
    : ''
}
${
  pairs?.length
    ? html`<ol class="cards">${pairs.map(
        ({
          pair,
          title,
          firmName,
        }) => html`<li class="card"><h2 class="h3"><a href="/jobs/${encodeURIComponent(pair.vacancyId)}">${title}</a></h2>
<p class="firm">${firmName}</p>
<p><strong>进度：${STEP[pair.status] ?? pair.status}</strong>${pair.twoSided ? html` <span class="tag key">已初步达成就业意向</span>` : ''}</p>
<ol class="steps" aria-label="进度">${STEPS.map((s) => {
          const at = pair.steps?.[s];
          return html`<li class="${at ? 'done' : ''}">${at ? '✔ ' : '○ '}${STEP[s]}${at ? html` <span class="hint">${at.replace('T', ' ').slice(0, 16)}</span>` : ''}</li>`;
        })}</ol>
${
  pair.status === 'offered'
    ? html`<form method="post" action="/me/applications/${encodeURIComponent(pair.vacancyId)}/accept">${csrfField(ctx)}<button type="submit" class="primary">接受录用意向</button></form>`
    : ''
}</li>`,
      )}</ol>`
    : pairs
      ? html`<p>还没有投递记录。<a href="/jobs">去找工作</a></p>`
      : ''
}`,
  );
}
