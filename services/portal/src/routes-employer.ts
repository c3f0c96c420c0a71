import type { IngestSchemas } from '@fugong/client';
import busboy from 'busboy';
import type { Express, Request, Response } from 'express';
import { type Api, apiMessage, type Clients, formErrorsFrom } from './api.ts';
import { contextOf, handle, requireRole, send } from './context.ts';
import { html } from './html.ts';
import { alertBox, page } from './layout.ts';
import type { FormErrors } from './pages/account.ts';
import {
  candidatesPage,
  myVacanciesPage,
  swapPage,
  uploadPage,
  type VacancyFormValues,
  vacancyFormPage,
  vacancyFormValues,
} from './pages/employer.ts';
import { xlsxToCsv } from './sheets.ts';
import type { User, UserStore } from './users.ts';

type VacancyInput = IngestSchemas['VacancyInput'];

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface EmployerDeps {
  api: Api;
  users: UserStore;
  forbidden: (req: Request, res: Response) => void;
}

const str = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Reads the one uploaded file of a multipart form, bounded in size. */
function readUpload(
  req: Request,
): Promise<{ name: string; mime: string; body: Buffer } | { problem: string }> {
  return new Promise((resolve) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 5 } });
    } catch {
      return resolve({ problem: '请以表单方式上传文件' });
    }
    let file: { name: string; mime: string; body: Buffer } | undefined;
    let truncated = false;
    bb.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        truncated = true;
      });
      stream.on('close', () => {
        file = { name: info.filename ?? 'upload', mime: info.mimeType, body: Buffer.concat(chunks) };
      });
    });
    bb.on('error', () => resolve({ problem: '上传的内容无法读取' }));
    bb.on('close', () => {
      if (truncated) return resolve({ problem: `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` });
      if (!file || file.body.length === 0) return resolve({ problem: '请选择要上传的文件' });
      resolve(file);
    });
    req.pipe(bb);
  });
}

/** Another firm's vacancy answers as if it did not exist: the page never says whose it is. */
function notFound(req: Request, res: Response): void {
  send(
    res,
    page(contextOf(req), '岗位不存在', html`<h1>找不到这个岗位</h1><p><a href="/employer">我的岗位</a></p>`),
    404,
  );
}

export function registerEmployerRoutes(app: Express, d: EmployerDeps) {
  const employer = requireRole('employer', d.forbidden);
  /** The signed-in employer's own clients: every call carries the firm's key, so the services keep it to its firm. */
  const clients = (user: User): Clients => d.api.employer(d.users.unseal(user.sealedKey ?? ''));

  const fairsOf = async () => {
    const { data } = await d.api.public.ingest.GET('/v1/fairs', { params: { query: { size: 100 } } });
    return (data?.fairs ?? []).map((f) => ({ id: f.id, name: f.name }));
  };

  app.get(
    '/employer',
    employer,
    handle(async (req, res) => {
      const user = req.user!;
      const c = clients(user);
      const { data, error } = await c.ingest.GET('/v1/vacancies', {
        params: { query: { status: 'all', size: 100 } },
      });
      const list = data?.items;
      send(
        res,
        myVacanciesPage(
          contextOf(req),
          user.firmName ?? user.firmId ?? '',
          list,
          data ? undefined : apiMessage(error),
        ),
      );
    }),
  );

  const formValues = (b: Record<string, unknown>): VacancyFormValues => ({
    title: str(b.title, 100),
    description: str(b.description, 5000),
    totalJobOpenings: str(b.totalJobOpenings, 6),
    wageMin: str(b.wageMin, 7),
    wageMax: str(b.wageMax, 7),
    employmentType: str(b.employmentType, 20) || 'full_time',
    district: str(b.district, 12),
    address: str(b.address, 200),
    board: str(b.board, 3),
    lodging: str(b.lodging, 3),
    socialInsurance: str(b.socialInsurance, 3),
    validThrough: str(b.validThrough, 10),
    fairId: str(b.fairId, 100),
    skills: str(b.skills, 500),
  });

  const toInput = (v: VacancyFormValues, errors: FormErrors): VacancyInput | undefined => {
    if (!v.title) errors.title = '请填写岗位名称';
    const n = Number(v.totalJobOpenings);
    if (!Number.isInteger(n) || n < 1 || n > 10000) errors.totalJobOpenings = '招聘人数应为 1–10000 的整数';
    if (!v.district) errors.district = '请选择工作区县';
    const min = v.wageMin ? Number(v.wageMin) : undefined;
    const max = v.wageMax ? Number(v.wageMax) : undefined;
    if (min !== undefined && !(min > 0)) errors.wageMin = '请填写正数';
    if (max !== undefined && !(max > 0)) errors.wageMax = '请填写正数';
    if (min !== undefined && max !== undefined && max < min) errors.wageMax = '上限不能低于下限';
    if (max !== undefined && min === undefined) errors.wageMin = '填写上限时请同时填写下限';
    if (v.validThrough && !/^\d{4}-\d{2}-\d{2}$/.test(v.validThrough))
      errors.validThrough = '日期格式应为 年-月-日';
    if (Object.keys(errors).length) return undefined;
    return {
      title: v.title!,
      ...(v.description ? { description: v.description } : {}),
      totalJobOpenings: n,
      ...(min !== undefined ? { wage: { min, ...(max !== undefined ? { max } : {}), unit: 'month' } } : {}),
      employmentType: (v.employmentType || 'full_time') as NonNullable<VacancyInput['employmentType']>,
      workPlace: { district: v.district!, ...(v.address ? { address: v.address } : {}) },
      benefits: {
        board: v.board === 'yes',
        lodging: v.lodging === 'yes',
        socialInsurance: v.socialInsurance === 'yes',
      },
      ...(v.skills
        ? {
            skills: v.skills
              .split(/[,，、\s]+/)
              .filter(Boolean)
              .slice(0, 20),
          }
        : {}),
      ...(v.fairId ? { fairIds: [v.fairId] } : { fairIds: [] }),
      ...(v.validThrough ? { validThrough: `${v.validThrough}T23:59:59+08:00` } : {}),
      source: 'portal',
    };
  };

  const save = (ref: string | undefined) =>
    handle(async (req, res) => {
      const user = req.user!;
      const values = formValues(req.body ?? {});
      const errors: FormErrors = {};
      const input = toInput(values, errors);
      const fairs = await fairsOf();
      const show = (status: number, errs: FormErrors) =>
        send(
          res,
          vacancyFormPage(contextOf(req), { ...(ref ? { ref } : {}), values, errors: errs, fairs }),
          status,
        );
      if (!input) return show(400, errors);
      const externalRef = ref ?? `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
      const { data, error, response } = await clients(user).ingest.PUT('/v1/vacancies/{ref}', {
        params: { path: { ref: externalRef } },
        body: input,
      });
      if (!data) {
        const mapped = formErrorsFrom(error, values, { workPlace: 'district', wage: 'wageMin' });
        return show(response.status >= 500 ? 503 : 400, mapped);
      }
      req.session.flash =
        data.result === 'duplicate' ? `与已有岗位 ${data.duplicateOf ?? ''} 重复，未新建` : '岗位已保存';
      res.redirect(303, '/employer');
    });

  app.get(
    '/employer/vacancies/new',
    employer,
    handle(async (req, res) => {
      send(
        res,
        vacancyFormPage(contextOf(req), {
          values: { employmentType: 'full_time' },
          errors: {},
          fairs: await fairsOf(),
        }),
      );
    }),
  );
  app.post('/employer/vacancies/new', employer, save(undefined));

  app.get(
    '/employer/vacancies/:ref/edit',
    employer,
    handle(async (req, res) => {
      const ref = String(req.params.ref);
      // The read takes the vacancy's id, which is the firm's id and its own reference (`firm:ref`).
      const { data } = await clients(req.user!).ingest.GET('/v1/vacancies/{ref}', {
        params: { path: { ref: `${req.user!.firmId}:${ref}` } },
      });
      // Another firm's vacancy answers as if it did not exist: the page never says whose it is.
      if (!data || data.firmId !== req.user!.firmId) return notFound(req, res);
      send(
        res,
        vacancyFormPage(contextOf(req), {
          ref: data.externalRef,
          values: vacancyFormValues(data),
          errors: {},
          fairs: await fairsOf(),
        }),
      );
    }),
  );
  app.post('/employer/vacancies/:ref/edit', employer, (req, res, next) =>
    save(String(req.params.ref))(req, res, next),
  );

  app.post(
    '/employer/vacancies/:ref/close',
    employer,
    handle(async (req, res) => {
      const ref = String(req.params.ref);
      const { response, error } = await clients(req.user!).ingest.POST('/v1/vacancies/{ref}/close', {
        params: { path: { ref } },
        body: { status: 'closed' },
      });
      req.session.flash = response.ok ? '岗位已关闭' : `关闭未成功：${apiMessage(error)}`;
      res.redirect(303, '/employer');
    }),
  );

  app.get('/employer/upload', employer, (req, res) => send(res, uploadPage(contextOf(req), undefined)));
  app.post(
    '/employer/upload',
    employer,
    handle(async (req, res) => {
      const ctx = contextOf(req);
      const file = await readUpload(req);
      if ('problem' in file) return send(res, uploadPage(ctx, undefined, file.problem), 400);
      const isXlsx =
        /\.xlsx$/i.test(file.name) ||
        file.mime.includes('spreadsheetml') ||
        file.body.subarray(0, 2).toString('latin1') === 'PK';
      let body: Buffer | string = file.body;
      if (isXlsx) {
        const csv = await xlsxToCsv(file.body);
        if ('problem' in csv) return send(res, uploadPage(ctx, undefined, csv.problem, file.name), 400);
        body = csv.text;
      }
      const { data, error, response } = await clients(req.user!).ingest.POST('/v1/vacancies/bulk', {
        params: { query: { refresh: 'true' } },
        // The bytes go as they came (GB18030 stays GB18030: the service detects the encoding).
        body: body as unknown as string,
        bodySerializer: (b: unknown) => b as string,
        headers: { 'content-type': isXlsx ? 'text/csv; charset=utf-8' : 'text/csv' },
      });
      if (!data)
        return send(
          res,
          uploadPage(ctx, undefined, apiMessage(error), file.name),
          response.status >= 500 ? 503 : 400,
        );
      send(res, uploadPage(ctx, data, undefined, file.name));
    }),
  );

  app.get(
    '/employer/vacancies/:id/candidates',
    employer,
    handle(async (req, res) => {
      const id = String(req.params.id);
      const c = clients(req.user!);
      const { data: v } = await c.ingest.GET('/v1/vacancies/{ref}', { params: { path: { ref: id } } });
      if (!v || v.firmId !== req.user!.firmId) return notFound(req, res);
      const [cands, pairs] = await Promise.all([
        c.matcher.GET('/v1/vacancies/{id}/candidates', {
          params: { path: { id: v.id }, query: { size: 20 } },
        }),
        c.matcher.GET('/v1/intentions', { params: { query: { vacancyId: v.id, size: 100 } } }),
      ]);
      const STATUS: Record<string, string> = {
        applied: '已投递',
        shortlisted: '已列入候选',
        offered: '已发录用意向',
        accepted: '已接受',
      };
      const statusOf = new Map<string, string>();
      for (const p of pairs.data?.items ?? []) statusOf.set(p.workerId, STATUS[p.status] ?? p.status);
      send(
        res,
        candidatesPage(
          contextOf(req),
          { id: v.id, title: v.title },
          cands.data?.hits,
          statusOf,
          cands.data ? undefined : apiMessage(cands.error),
        ),
      );
    }),
  );

  app.post(
    '/employer/vacancies/:id/candidates/:workerId',
    employer,
    handle(async (req, res) => {
      const id = String(req.params.id);
      const workerId = String(req.params.workerId);
      const kind =
        req.body?.kind === 'offer' ? 'offer' : req.body?.kind === 'shortlist' ? 'shortlist' : undefined;
      if (!kind) return send(res, page(contextOf(req), '请求有误', alertBox('未知的操作')), 400);
      // The employer's own key: the matcher refuses a vacancy of another firm whatever the URL says.
      const { response, error } = await clients(req.user!).matcher.POST('/v1/intentions', {
        body: { kind, vacancyId: id, workerId },
      });
      req.session.flash = response.ok
        ? kind === 'offer'
          ? '已发出录用意向'
          : '已列入候选'
        : `操作未成功：${apiMessage(error)}`;
      res.redirect(303, `/employer/vacancies/${encodeURIComponent(id)}/candidates`);
    }),
  );

  const swapView = async (
    req: Request,
    res: Response,
    form: { values: Record<string, string>; errors: FormErrors },
    status = 200,
  ) => {
    const user = req.user!;
    const c = clients(user);
    const [ag, sur, sho] = await Promise.all([
      c.swap.GET('/v1/swap/agreements', { params: { query: { size: 100 } } }),
      c.swap.GET('/v1/swap/surplus', { params: { query: { size: 100 } } }),
      c.swap.GET('/v1/swap/shortage', { params: { query: { size: 100 } } }),
    ]);
    const data = {
      agreements: ag.data?.items ?? [],
      posts: [...(sur.data?.items ?? []), ...(sho.data?.items ?? [])],
    };
    send(
      res,
      swapPage(contextOf(req), user.firmId ?? '', data, form, ag.data ? undefined : apiMessage(ag.error)),
      status,
    );
  };
  app.get(
    '/employer/swap',
    employer,
    handle(async (req, res) => swapView(req, res, { values: { kind: 'surplus' }, errors: {} })),
  );
  app.post(
    '/employer/swap/posts',
    employer,
    handle(async (req, res) => {
      const b = req.body ?? {};
      const values = {
        kind: b.kind === 'shortage' ? 'shortage' : 'surplus',
        occupations: str(b.occupations, 200),
        headcount: str(b.headcount, 6),
        from: str(b.from, 10),
        to: str(b.to, 10),
        district: str(b.district, 12),
      };
      const errors: FormErrors = {};
      const occupations = values.occupations
        .split(/[,，、\s]+/)
        .filter(Boolean)
        .slice(0, 10);
      if (occupations.length === 0) errors.occupations = '请填写职业';
      const n = Number(values.headcount);
      if (!Number.isInteger(n) || n < 1 || n > 10000) errors.headcount = '人数应为 1–10000 的整数';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.from)) errors.from = '请选择开始日期';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(values.to)) errors.to = '请选择结束日期';
      else if (values.from && values.to < values.from) errors.to = '结束日期不能早于开始日期';
      if (!values.district) errors.district = '请选择区县';
      if (Object.keys(errors).length) return swapView(req, res, { values, errors }, 400);
      const body = {
        headcount: n,
        occupations,
        from: values.from,
        to: values.to,
        place: { district: values.district },
      };
      const c = clients(req.user!).swap;
      const { response, error } =
        values.kind === 'surplus'
          ? await c.POST('/v1/swap/surplus', { body })
          : await c.POST('/v1/swap/shortage', { body });
      if (!response.ok) {
        const mapped = formErrorsFrom(error, values, { place: 'district' });
        return swapView(req, res, { values, errors: mapped }, response.status >= 500 ? 503 : 400);
      }
      req.session.flash = values.kind === 'surplus' ? '已发布富余员工信息' : '已发布缺工需求';
      res.redirect(303, '/employer/swap');
    }),
  );
  app.post(
    '/employer/swap/:id/accept',
    employer,
    handle(async (req, res) => {
      const { response, error } = await clients(req.user!).swap.POST('/v1/swap/agreements/{id}/accept', {
        params: { path: { id: String(req.params.id) } },
        body: {},
      });
      req.session.flash = response.ok ? '已确认协议' : `确认未成功：${apiMessage(error)}`;
      res.redirect(303, '/employer/swap');
    }),
  );
}
