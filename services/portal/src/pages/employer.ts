import type { IngestSchemas, MatcherSchemas, SwapSchemas } from '@fugong/client';
import { type Html, html } from '../html.ts';
import {
  type PageContext,
  alertBox,
  bar,
  csrfField,
  EMPLOYMENT_TYPES,
  field,
  page,
  wageText,
} from '../layout.ts';
import { subnav as sharedSubnav } from '../layout.ts';
import { DISTRICTS } from '../places.ts';
import type { FormErrors } from './account.ts';

type Vacancy = IngestSchemas['Vacancy'];
type BulkReport = IngestSchemas['BulkReport'];
type Candidate = MatcherSchemas['CandidateHit'];
type Agreement = SwapSchemas['SwapAgreement'];
type SwapPost = SwapSchemas['SwapPost'];

const STATUS: Record<string, string> = {
  open: '在招',
  closed: '已关闭',
  filled: '已招满',
  expired: '已过期',
};

export const EMPLOYER_LINKS = [
  ['/employer', '我的岗位'],
  ['/employer/vacancies/new', '发布岗位'],
  ['/employer/upload', '批量上传'],
  ['/employer/swap', '共享员工'],
  ['/employer/convoys', '返岗专车'],
] as const;

function subnav(current: string): Html {
  return sharedSubnav('企业', EMPLOYER_LINKS, current);
}

export function myVacanciesPage(
  ctx: PageContext,
  firmName: string,
  vacancies: Vacancy[] | undefined,
  problem?: string,
): Html {
  return page(
    ctx,
    '我的岗位',
    html`<h1>${firmName} · 我的岗位</h1>${subnav('/employer')}
${problem ? alertBox(problem) : ''}
${
  vacancies?.length
    ? html`<div class="table-wrap"><table class="stack-sm"><caption>本企业发布的岗位（含已关闭，共 ${vacancies.length} 个）</caption>
<thead><tr><th scope="col">岗位</th><th scope="col">状态</th><th scope="col">招聘人数</th><th scope="col">薪资</th><th scope="col">操作</th></tr></thead>
<tbody>${vacancies.map(
        (
          v,
        ) => html`<tr><th scope="row"><a href="/jobs/${encodeURIComponent(v.id)}">${v.title}</a></th><td data-label="状态">${STATUS[v.status] ?? v.status}</td><td data-label="招聘人数">${v.totalJobOpenings}</td><td data-label="薪资">${wageText(v.wage)}</td>
<td class="actions" data-label="操作"><a href="/employer/vacancies/${encodeURIComponent(v.id)}/candidates">候选人</a> <a href="/employer/vacancies/${encodeURIComponent(v.externalRef)}/edit">编辑</a>${
          v.status === 'open'
            ? html` <form method="post" action="/employer/vacancies/${encodeURIComponent(v.externalRef)}/close" class="inline">${csrfField(ctx)}<button type="submit" class="link">关闭</button></form>`
            : ''
        }</td></tr>`,
      )}</tbody></table></div>`
    : vacancies
      ? html`<p>还没有岗位。<a href="/employer/vacancies/new">发布第一个岗位</a></p>`
      : ''
}`,
  );
}

export interface VacancyFormValues {
  title?: string;
  description?: string;
  totalJobOpenings?: string;
  wageMin?: string;
  wageMax?: string;
  employmentType?: string;
  district?: string;
  address?: string;
  board?: string;
  lodging?: string;
  socialInsurance?: string;
  validThrough?: string;
  fairId?: string;
  skills?: string;
}

export function vacancyFormPage(
  ctx: PageContext,
  opts: {
    ref?: string;
    values: VacancyFormValues;
    errors: FormErrors;
    fairs: Array<{ id: string; name: string }>;
  },
): Html {
  const v = opts.values;
  const e = opts.errors;
  const action = opts.ref
    ? `/employer/vacancies/${encodeURIComponent(opts.ref)}/edit`
    : '/employer/vacancies/new';
  const sel = (name: keyof VacancyFormValues, label: string, options: Array<[string, string]>) =>
    html`<div class="field${e[name] ? ' has-error' : ''}"><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"${e[name] ? html` aria-invalid="true" aria-describedby="f-${name}-err"` : ''}>${options.map(
      ([val, l]) =>
        html`<option value="${val}"${val === (v[name] ?? '') ? html` selected` : ''}>${l}</option>`,
    )}</select>${e[name] ? html`<p class="err" id="f-${name}-err">⚠ ${e[name]}</p>` : ''}</div>`;
  const check = (name: keyof VacancyFormValues, label: string) =>
    html`<div class="check"><input type="checkbox" id="f-${name}" name="${name}" value="yes"${v[name] === 'yes' ? html` checked` : ''}><label for="f-${name}">${label}</label></div>`;
  return page(
    ctx,
    opts.ref ? '编辑岗位' : '发布岗位',
    html`<h1>${opts.ref ? '编辑岗位' : '发布岗位'}</h1>${subnav(opts.ref ? '' : '/employer/vacancies/new')}
${e._form ? alertBox(e._form) : ''}
<form method="post" action="${action}" class="stack" novalidate>${csrfField(ctx)}
${field({ name: 'title', label: '岗位名称', value: v.title, required: true, error: e.title, hint: '如：普工、电焊工、缝纫工' })}
<div class="field${e.description ? ' has-error' : ''}"><label for="f-description">岗位描述</label><textarea id="f-description" name="description" rows="5" maxlength="5000">${v.description ?? ''}</textarea>${e.description ? html`<p class="err">⚠ ${e.description}</p>` : ''}</div>
${field({ name: 'skills', label: '技能要求', value: v.skills, error: e.skills, hint: '多个用逗号分隔' })}
${field({ name: 'totalJobOpenings', label: '招聘人数', type: 'number', value: v.totalJobOpenings, required: true, error: e.totalJobOpenings, attrs: html`min="1" max="10000"` })}
${field({ name: 'wageMin', label: '月薪下限（元）', type: 'number', value: v.wageMin, error: e.wageMin, attrs: html`min="0"` })}
${field({ name: 'wageMax', label: '月薪上限（元）', type: 'number', value: v.wageMax, error: e.wageMax, attrs: html`min="0"` })}
${sel('employmentType', '用工形式', Object.entries(EMPLOYMENT_TYPES))}
${sel('district', '工作区县', [['', '请选择'], ...DISTRICTS.map((d) => [d.code, d.name] as [string, string])])}
${field({ name: 'address', label: '详细地址', value: v.address, error: e.address })}
<fieldset><legend>福利</legend>${check('board', '包吃')}${check('lodging', '包住')}${check('socialInsurance', '缴纳社保')}</fieldset>
${sel('fairId', '参加招聘会', [['', '不参加'], ...opts.fairs.map((f) => [f.id, f.name] as [string, string])])}
${field({ name: 'validThrough', label: '有效期至', type: 'date', value: v.validThrough, error: e.validThrough })}
<button type="submit" class="primary">${opts.ref ? '保存修改' : '发布'}</button>
</form>`,
  );
}

export function uploadPage(
  ctx: PageContext,
  report: BulkReport | undefined,
  problem?: string,
  fileName?: string,
): Html {
  const RESULT: Record<string, string> = {
    created: '新增',
    updated: '更新',
    unchanged: '未变',
    duplicate: '重复',
    rejected: '未通过',
  };
  return page(
    ctx,
    '批量上传',
    html`<h1>批量上传岗位</h1>${subnav('/employer/upload')}
<p>支持 CSV（UTF-8 或 GB18030/GBK 编码）和 Excel（.xlsx）。第一行为表头，必填列：岗位编号、岗位名称、招聘人数；常用列：区县、详细地址、最低工资、最高工资、用工形式、包吃、包住、岗位描述。</p>
<p><a href="/assets/template.csv">下载 CSV 模板</a></p>
${problem ? alertBox(problem) : ''}
<form method="post" action="/employer/upload?_csrf=${ctx.csrf ?? ''}" enctype="multipart/form-data" class="stack">
<div class="field"><label for="f-file">选择文件</label><input id="f-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></div>
<button type="submit" class="primary">上传</button>
</form>
${
  report
    ? html`<section aria-labelledby="rep-h"><h2 id="rep-h">上传结果${fileName ? html`：${fileName}` : ''}</h2>
<p>共 ${report.summary.received} 行：新增 ${report.summary.created}，更新 ${report.summary.updated}，未变 ${report.summary.unchanged}，重复 ${report.summary.duplicate}，<strong>未通过 ${report.summary.rejected}</strong>${report.encoding ? `（编码 ${report.encoding}）` : ''}</p>
<div class="table-wrap"><table><caption>逐行结果</caption><thead><tr><th scope="col">行号</th><th scope="col">结果</th><th scope="col">字段</th><th scope="col">原因</th></tr></thead>
<tbody>${report.items.map(
        (i) =>
          html`<tr class="${i.result === 'rejected' ? 'bad' : ''}"><td>${i.line ?? i.index + 1}</td><td>${i.result === 'rejected' ? '✗ ' : '✓ '}${RESULT[i.result] ?? i.result}</td><td>${i.field ?? (i.issues?.map((x) => x.path).join('，') || '')}</td><td>${i.reason ?? i.issues?.map((x) => x.message).join('；') ?? (i.duplicateOf ? `与 ${i.duplicateOf} 重复` : '')}</td></tr>`,
      )}</tbody></table></div>
${report.itemsOmitted ? html`<p>另有 ${report.itemsOmitted} 行未列出。</p>` : ''}</section>`
    : ''
}`,
  );
}

const FACTORS: Array<[keyof Candidate['explanation'], string]> = [
  ['occupation', '职业'],
  ['skills', '技能'],
  ['distance', '距离'],
  ['wage', '薪资'],
  ['availability', '到岗'],
  ['experience', '经验'],
  ['priority', '援助对象'],
];

export function candidatesPage(
  ctx: PageContext,
  vacancy: { id: string; title: string },
  hits: Candidate[] | undefined,
  statusOf: Map<string, string>,
  problem?: string,
): Html {
  return page(
    ctx,
    `候选人 · ${vacancy.title}`,
    html`<h1>候选人：${vacancy.title}</h1>${subnav('')}
${problem ? alertBox(problem) : ''}
${
  hits?.length
    ? html`<ol class="cards candidates">${hits.map((c) => {
        const status = statusOf.get(c.workerId);
        return html`<li class="card"><h2 class="h3">${c.maskedName} <span class="score">匹配度 ${c.score.toFixed(2)}</span>${status ? html` <span class="tag">${status}</span>` : ''}</h2>
<p class="facts">${c.occupations.map((o) => o.name).join('、') || '—'} · 经验 ${c.experienceYears} 年 · ${c.currentPlace.name ?? ''}${c.distanceKm !== undefined ? ` · 距离 ${c.distanceKm.toFixed(1)} 公里` : ''}${c.expectedMonthlyWage ? ` · 期望 ${c.expectedMonthlyWage} 元/月` : ''}</p>
${c.contact ? html`<p class="contact">联系方式：${c.contact.name}${c.contact.phone ? ` ${c.contact.phone}` : ''}</p>` : html`<p class="hint">求职者投递或接受邀请后可见联系方式</p>`}
<details><summary>评分说明</summary><div class="bars">${FACTORS.map(([k, label]) => bar(label, Number(c.explanation[k] ?? 0)))}</div>
${c.explanation.unmet?.length ? html`<p class="hint">未满足：经验要求 ${c.explanation.unmet[0]?.required} 年，实际 ${c.explanation.unmet[0]?.actual} 年</p>` : ''}</details>
<form method="post" action="/employer/vacancies/${encodeURIComponent(vacancy.id)}/candidates/${encodeURIComponent(c.workerId)}" class="inline">${csrfField(ctx)}
<button type="submit" name="kind" value="shortlist" class="secondary">列入候选</button> <button type="submit" name="kind" value="offer" class="primary">发出录用意向</button></form></li>`;
      })}</ol>`
    : hits
      ? html`<p>暂时没有合适的求职者。</p>`
      : ''
}`,
  );
}

export function swapPage(
  ctx: PageContext,
  firmId: string,
  data: { agreements: Agreement[]; posts: SwapPost[] },
  form: { values: Record<string, string>; errors: FormErrors },
  problem?: string,
): Html {
  const S: Record<string, string> = {
    proposed: '待确认',
    accepted: '已确认',
    active: '进行中',
    completed: '已完成',
    cancelled: '已取消',
  };
  const v = form.values;
  const e = form.errors;
  return page(
    ctx,
    '共享员工',
    html`<h1>共享员工</h1>${subnav('/employer/swap')}
${problem ? alertBox(problem) : ''}
<section aria-labelledby="ag-h"><h2 id="ag-h">协议</h2>
${
  data.agreements.length
    ? html`<div class="table-wrap"><table class="stack-sm"><caption>本企业参与的协议</caption><thead><tr><th scope="col">方向</th><th scope="col">对方企业</th><th scope="col">人数</th><th scope="col">期间</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead><tbody>${data.agreements.map(
        (a) => {
          const lender = a.lenderFirmId === firmId;
          const mine = lender ? a.acceptances.lender : a.acceptances.borrower;
          return html`<tr><th scope="row">${lender ? '借出' : '借入'}</th><td data-label="对方企业">${lender ? a.borrowerFirmId : a.lenderFirmId}</td><td data-label="人数">${a.headcount}</td><td data-label="期间">${a.from} 至 ${a.to}</td><td data-label="状态">${S[a.status] ?? a.status}</td><td data-label="操作">${
            a.status === 'proposed' && !mine
              ? html`<form method="post" action="/employer/swap/${encodeURIComponent(a.id)}/accept" class="inline">${csrfField(ctx)}<button type="submit" class="primary">确认协议</button></form>`
              : mine
                ? '本方已确认'
                : ''
          }</td></tr>`;
        },
      )}</tbody></table></div>`
    : html`<p>暂无协议。富余员工和缺工需求由人社局撮合，撮合后在此确认。</p>`
}</section>
<section aria-labelledby="posts-h"><h2 id="posts-h">本企业的富余员工和缺工需求</h2>
${
  data.posts.length
    ? html`<div class="table-wrap"><table class="stack-sm"><caption>发布的信息</caption><thead><tr><th scope="col">类型</th><th scope="col">职业</th><th scope="col">人数（可用）</th><th scope="col">期间</th><th scope="col">状态</th></tr></thead><tbody>${data.posts.map(
        (p) =>
          html`<tr><th scope="row">${p.kind === 'surplus' ? '富余员工' : '缺工需求'}</th><td data-label="职业">${p.occupations.map((o) => o.name).join('、')}</td><td data-label="人数（可用）">${p.available ?? ''}</td><td data-label="期间">${p.from} 至 ${p.to}</td><td data-label="状态">${p.status === 'open' ? '有效' : '已关闭'}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>还没有发布。</p>`
}
<h3>发布富余员工或缺工需求</h3>
${e._form ? alertBox(e._form) : ''}
<form method="post" action="/employer/swap/posts" class="stack" novalidate>${csrfField(ctx)}
<div class="field${e.kind ? ' has-error' : ''}"><label for="f-kind">类型</label><select id="f-kind" name="kind"><option value="surplus"${v.kind === 'surplus' ? html` selected` : ''}>富余员工（可借出）</option><option value="shortage"${v.kind === 'shortage' ? html` selected` : ''}>缺工需求（需借入）</option></select></div>
${field({ name: 'occupations', label: '职业', value: v.occupations, required: true, error: e.occupations, hint: '多个用逗号分隔，如：服务员，分拣员' })}
${field({ name: 'headcount', label: '人数', type: 'number', value: v.headcount, required: true, error: e.headcount, attrs: html`min="1" max="10000"` })}
${field({ name: 'from', label: '开始日期', type: 'date', value: v.from, required: true, error: e.from })}
${field({ name: 'to', label: '结束日期', type: 'date', value: v.to, required: true, error: e.to })}
<div class="field${e.district ? ' has-error' : ''}"><label for="f-district">区县</label><select id="f-district" name="district"${e.district ? html` aria-invalid="true" aria-describedby="f-district-err"` : ''}>${[
      ['', '请选择'] as [string, string],
      ...DISTRICTS.map((d) => [d.code, d.name] as [string, string]),
    ].map(
      ([val, l]) =>
        html`<option value="${val}"${val === (v.district ?? '') ? html` selected` : ''}>${l}</option>`,
    )}</select>${e.district ? html`<p class="err" id="f-district-err">⚠ ${e.district}</p>` : ''}</div>
<button type="submit" class="primary">发布</button>
</form></section>`,
  );
}

export function vacancyFormValues(v: Vacancy): VacancyFormValues {
  return {
    title: v.title,
    description: v.description,
    totalJobOpenings: String(v.totalJobOpenings),
    ...(v.wage ? { wageMin: String(v.wage.min) } : {}),
    ...(v.wage?.max ? { wageMax: String(v.wage.max) } : {}),
    employmentType: v.employmentType,
    ...(v.workPlace.code ? { district: v.workPlace.code.slice(0, 6) } : {}),
    ...(v.workPlace.address ? { address: v.workPlace.address } : {}),
    board: v.benefits.board ? 'yes' : '',
    lodging: v.benefits.lodging ? 'yes' : '',
    socialInsurance: v.benefits.socialInsurance ? 'yes' : '',
    ...(v.validThrough ? { validThrough: v.validThrough.slice(0, 10) } : {}),
    ...(v.fairIds[0] ? { fairId: v.fairIds[0] } : {}),
    skills: v.skills.join('，'),
  };
}
