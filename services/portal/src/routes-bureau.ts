import type { Express, Request, Response } from 'express';
import { type Api, apiMessage } from './api.ts';
import { contextOf, handle, requireRole, send } from './context.ts';
import type { FormErrors } from './pages/account.ts';
import {
  bureauSwapPage,
  dashboardPage,
  deadLettersPage,
  keyEnterprisesPage,
  monitorPage,
  usersPage,
} from './pages/bureau.ts';
import { passwordProblem, hashPassword } from './passwords.ts';
import { PLACE_NAMES } from './places.ts';
import { todayShanghai } from './routes-public.ts';
import type { UserStore } from './users.ts';

export interface BureauDeps {
  api: Api;
  users: UserStore;
  forbidden: (req: Request, res: Response) => void;
  now: () => Date;
  trackSession: (userId: string, sid: string) => Promise<void>;
}

const str = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86400_000).toISOString().slice(0, 10);
}

export function registerBureauRoutes(app: Express, d: BureauDeps) {
  const bureau = requireRole('bureau', d.forbidden);
  const b = d.api.bureau;

  app.get(
    '/bureau',
    bureau,
    handle(async (req, res) => {
      const to = todayShanghai(d.now());
      const from = daysBefore(to, 29);
      const [day, district, fair, fairs] = await Promise.all([
        b.intent.GET('/v1/stats/intentions', { params: { query: { groupBy: 'day', from, to, size: 100 } } }),
        b.intent.GET('/v1/stats/intentions', { params: { query: { groupBy: 'district', size: 50 } } }),
        b.intent.GET('/v1/stats/intentions', { params: { query: { groupBy: 'fair', size: 50 } } }),
        b.ingest.GET('/v1/fairs', { params: { query: { size: 100 } } }),
      ]);
      const fairNames = new Map((fairs.data?.fairs ?? []).map((f) => [f.id, f.name]));
      const districtNames = new Map<string, string>(Object.entries(PLACE_NAMES));
      if (day.data) day.data.groups.sort((x, y) => x.key.localeCompare(y.key));
      send(
        res,
        dashboardPage(
          contextOf(req),
          {
            ...(day.data ? { byDay: day.data } : {}),
            ...(district.data ? { byDistrict: district.data } : {}),
            ...(fair.data ? { byFair: fair.data } : {}),
            fairNames,
            districtNames,
          },
          day.data ? undefined : apiMessage(day.error),
        ),
      );
    }),
  );

  app.get(
    '/bureau/monitor',
    bureau,
    handle(async (req, res) => {
      const to = todayShanghai(d.now());
      const { data, error } = await b.monitor.GET('/v1/monitor/indicators', {
        params: { query: { from: daysBefore(to, 29), to } },
      });
      send(res, monitorPage(contextOf(req), data, data ? undefined : apiMessage(error)));
    }),
  );
  app.get(
    '/bureau/monitor/bulletin.xlsx',
    bureau,
    handle(async (req, res) => {
      const date = todayShanghai(d.now());
      const { response } = await b.monitor.GET('/v1/monitor/bulletin', {
        params: { query: { date, format: 'xlsx' } },
        parseAs: 'arrayBuffer',
      });
      if (!response.ok) return res.status(503).type('text').send('日报暂时无法生成');
      res.set(
        'content-disposition',
        response.headers.get('content-disposition') ?? `attachment; filename="bulletin-${date}.xlsx"`,
      );
      res
        .type(response.headers.get('content-type') ?? 'application/octet-stream')
        .send(Buffer.from(await response.arrayBuffer()));
      void req;
    }),
  );

  app.get(
    '/bureau/dead-letters',
    bureau,
    handle(async (req, res) => {
      const { data, error } = await b.intent.GET('/v1/dead-letters', {
        params: { query: { size: 100 } },
      });
      send(res, deadLettersPage(contextOf(req), data?.items ?? [], data ? undefined : apiMessage(error)));
    }),
  );
  app.post(
    '/bureau/dead-letters/:jobId/replay',
    bureau,
    handle(async (req, res) => {
      const { response, error } = await b.intent.POST('/v1/dead-letters/{jobId}/replay', {
        params: { path: { jobId: String(req.params.jobId) } },
      });
      req.session.flash = response.ok ? '已重新排队' : `重放未成功：${apiMessage(error)}`;
      res.redirect(303, '/bureau/dead-letters');
    }),
  );

  app.get(
    '/bureau/swap',
    bureau,
    handle(async (req, res) => {
      const { data, error } = await b.swap.GET('/v1/swap/agreements', { params: { query: { size: 100 } } });
      send(
        res,
        bureauSwapPage(contextOf(req), data?.items ?? [], undefined, data ? undefined : apiMessage(error)),
      );
    }),
  );
  app.post(
    '/bureau/swap/proposals',
    bureau,
    handle(async (req, res) => {
      const [p, list] = await Promise.all([
        b.swap.POST('/v1/swap/proposals', { body: {} }),
        b.swap.GET('/v1/swap/agreements', { params: { query: { size: 100 } } }),
      ]);
      send(
        res,
        bureauSwapPage(
          contextOf(req),
          list.data?.items ?? [],
          p.data,
          p.data ? undefined : apiMessage(p.error),
        ),
      );
    }),
  );
  // A proposal becomes an agreement (proposed; each firm, or the bureau on their behalf, then accepts).
  app.post(
    '/bureau/swap/agreements',
    bureau,
    handle(async (req, res) => {
      const f = req.body ?? {};
      const headcount = Number(str(f.headcount, 6));
      const { response, error } = await b.swap.POST('/v1/swap/agreements', {
        body: {
          surplusId: str(f.surplusId, 128),
          shortageId: str(f.shortageId, 128),
          headcount: Number.isInteger(headcount) ? headcount : 0,
          from: str(f.from, 30),
          to: str(f.to, 30),
          // Workers lent must each agree (共享员工 rules); the firms confirm it when they accept.
          terms: { workersConsented: Number.isInteger(headcount) ? headcount : 0 },
        },
      });
      req.session.flash = response.ok ? '已拟定协议，等待双方企业确认' : `拟定未成功：${apiMessage(error)}`;
      res.redirect(303, '/bureau/swap');
    }),
  );
  app.post(
    '/bureau/swap/agreements/:id/accept',
    bureau,
    handle(async (req, res) => {
      const { response, error } = await b.swap.POST('/v1/swap/agreements/{id}/accept', {
        params: { path: { id: String(req.params.id) } },
        body: { onBehalfOf: 'both', note: '人社局代双方确认（门户）' },
      });
      req.session.flash = response.ok ? '已代双方确认，名额已占用' : `确认未成功：${apiMessage(error)}`;
      res.redirect(303, '/bureau/swap');
    }),
  );

  app.get(
    '/bureau/key-enterprises',
    bureau,
    handle(async (req, res) => {
      const [search, stats] = await Promise.all([
        b.matcher.GET('/v1/vacancies/search', {
          params: { query: { keyEnterprise: 'true', size: 100, sort: 'newest' } },
        }),
        b.intent.GET('/v1/stats/intentions', { params: { query: { groupBy: 'firm', size: 500 } } }),
      ]);
      const byFirm = new Map<
        string,
        { firmId: string; firmName: string; vacancies: number; positions: number }
      >();
      for (const h of search.data?.hits ?? []) {
        const r = byFirm.get(h.firmId) ?? {
          firmId: h.firmId,
          firmName: h.firmName ?? h.firmId,
          vacancies: 0,
          positions: 0,
        };
        r.vacancies++;
        r.positions += h.openPositions;
        byFirm.set(h.firmId, r);
      }
      const intentions = new Map(
        (stats.data?.groups ?? []).map((g) => [g.key, { records: g.records, twoSided: g.twoSided }]),
      );
      const rows = [...byFirm.values()]
        .map((r) => ({
          ...r,
          ...(intentions.has(r.firmId) ? { intentions: intentions.get(r.firmId)! } : {}),
        }))
        .sort((x, y) => y.positions - x.positions);
      send(res, keyEnterprisesPage(contextOf(req), rows, search.data ? undefined : apiMessage(search.error)));
    }),
  );

  const usersView = async (
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FormErrors,
    created?: string,
    status = 200,
  ) => send(res, usersPage(contextOf(req), await d.users.list('employer'), values, errors, created), status);

  app.get(
    '/bureau/users',
    bureau,
    handle(async (req, res) => usersView(req, res, {}, {})),
  );
  app.post(
    '/bureau/users',
    bureau,
    handle(async (req, res) => {
      const values = { firmId: str(req.body?.firmId, 128), login: str(req.body?.login, 32) };
      const password = typeof req.body?.password === 'string' ? req.body.password : '';
      const errors: FormErrors = {};
      if (!/^[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}$/.test(values.firmId)) errors.firmId = '请填写企业编号';
      if (!/^[A-Za-z0-9_]{4,32}$/.test(values.login)) errors.login = '账号为 4–32 位字母、数字或下划线';
      const pw = passwordProblem(password);
      if (pw) errors.password = pw;
      if (!errors.login && (await d.users.byLogin(values.login))) errors.login = '该账号已存在';
      if (Object.keys(errors).length) return usersView(req, res, values, errors, undefined, 400);
      const firm = await b.ingest.GET('/v1/firms/{id}', { params: { path: { id: values.firmId } } });
      if (!firm.data)
        return usersView(
          req,
          res,
          values,
          { firmId: firm.response.status === 404 ? '平台中没有这个企业' : apiMessage(firm.error) },
          undefined,
          400,
        );
      // The firm's own employer key, made over the bureau's key; the portal keeps it sealed.
      const key = await b.ingest.POST('/v1/keys', {
        body: { role: 'employer', firmId: values.firmId, label: `portal employer ${values.login}` },
      });
      if (!key.data) return usersView(req, res, values, { _form: apiMessage(key.error) }, undefined, 503);
      const user = await d.users.create({
        role: 'employer',
        login: values.login,
        passwordHash: await hashPassword(password),
        displayName: firm.data.name,
        firmId: values.firmId,
        firmName: firm.data.name,
        sealedKey: d.users.seal(key.data.key),
        keyId: key.data.keyId,
      });
      if (!user) {
        await b.ingest.POST('/v1/keys/{keyId}/revoke', { params: { path: { keyId: key.data.keyId } } });
        return usersView(req, res, values, { login: '该账号已存在' }, undefined, 409);
      }
      usersView(req, res, {}, {}, `已为 ${firm.data.name} 开通账号 ${values.login}`);
    }),
  );
  app.post(
    '/bureau/users/:id/disable',
    bureau,
    handle(async (req, res) => {
      const user = await d.users.get(String(req.params.id));
      if (user?.role === 'employer') {
        if (user.keyId)
          await b.ingest.POST('/v1/keys/{keyId}/revoke', { params: { path: { keyId: user.keyId } } });
        await d.users.delete(user);
      }
      req.session.flash = user ? `已停用 ${user.login}` : '账号不存在';
      res.redirect(303, '/bureau/users');
    }),
  );
  void d.trackSession;
}
