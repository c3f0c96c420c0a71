import type { IngestSchemas } from '@fugong/client';
import type { Express, Request, Response } from 'express';
import { type Api, apiMessage, formErrorsFrom } from './api.ts';
import { contextOf, handle, requireRole, safeBack, send } from './context.ts';
import { html } from './html.ts';
import { alertBox, page } from './layout.ts';
import {
  applicationsPage,
  CONSENT_TEXT,
  CONSENT_VERSION,
  type FormErrors,
  loginPage,
  mePage,
  type ProfileValues,
  profileValuesFrom,
  recommendationsPage,
  signupPage,
  verifyPage,
} from './pages/account.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import type { LoginThrottle, VerificationCodes } from './security.ts';
import type { User, UserStore } from './users.ts';

type WorkerInput = IngestSchemas['WorkerInput'];

const PHONE = /^1[3-9]\d{9}$/;

const str = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Starts a signed-in session: a new session id (no fixation), recorded in the user's session set. */
async function signIn(
  req: Request,
  users: UserStore,
  redisSessions: (userId: string, sid: string) => Promise<void>,
  user: User,
) {
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(err) : resolve())),
  );
  req.session.userId = user.id;
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
  await redisSessions(user.id, req.sessionID);
  void users;
}

export interface AccountDeps {
  api: Api;
  users: UserStore;
  throttle: LoginThrottle;
  codes: VerificationCodes;
  siteId: string;
  /** Records a session id under its user (for "log out everywhere"). */
  trackSession: (userId: string, sid: string) => Promise<void>;
  /** Destroys every session of a user. */
  endAllSessions: (userId: string) => Promise<void>;
  forbidden: (req: Request, res: Response) => void;
}

export function registerAccountRoutes(app: Express, d: AccountDeps) {
  app.get('/signup', (req, res) => send(res, signupPage(contextOf(req, { form: true }), {})));
  app.post(
    '/signup',
    handle(async (req, res) => {
      const phone = str(req.body?.phone, 20).replace(/[\s-]/g, '');
      const password = typeof req.body?.password === 'string' ? req.body.password : '';
      const errors: FormErrors = {};
      if (!PHONE.test(phone)) errors.phone = '请输入 11 位手机号';
      const pw = passwordProblem(password);
      if (pw) errors.password = pw;
      if (!errors.phone && (await d.users.byLogin(phone))) errors.phone = '该手机号已注册，请直接登录';
      if (Object.keys(errors).length)
        return send(res, signupPage(contextOf(req, { form: true }), { phone }, errors), 400);
      req.session.pendingPhone = phone;
      req.session.pendingHash = await hashPassword(password);
      await d.codes.issue(phone);
      res.redirect(303, '/verify');
    }),
  );
  app.get('/verify', (req, res) => {
    if (!req.session.pendingPhone) return res.redirect(303, '/signup');
    send(res, verifyPage(contextOf(req, { form: true }), req.session.pendingPhone));
  });
  app.post(
    '/verify',
    handle(async (req, res) => {
      const phone = req.session.pendingPhone;
      const hash = req.session.pendingHash;
      if (!phone || !hash) return res.redirect(303, '/signup');
      const outcome = await d.codes.check(phone, str(req.body?.code, 10));
      if (outcome !== 'ok') {
        const errors = { code: outcome === 'wrong' ? '验证码不正确' : '验证码已过期，请重新注册获取' };
        return send(res, verifyPage(contextOf(req, { form: true }), phone, errors), 400);
      }
      const user = await d.users.create({
        role: 'seeker',
        login: phone,
        passwordHash: hash,
        displayName: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
        verifiedAt: new Date().toISOString(),
      });
      if (!user)
        return send(
          res,
          signupPage(contextOf(req, { form: true }), { phone }, { phone: '该手机号已注册，请直接登录' }),
          409,
        );
      await signIn(req, d.users, d.trackSession, user);
      req.session.flash = '注册成功。请填写求职资料，之后就可以投递岗位了。';
      res.redirect(303, '/me');
    }),
  );

  app.get('/login', (req, res) =>
    send(res, loginPage(contextOf(req, { form: true }), { next: safeBack(req.query.next) })),
  );
  app.post(
    '/login',
    handle(async (req, res) => {
      const login = str(req.body?.login, 64);
      const password = typeof req.body?.password === 'string' ? req.body.password.slice(0, 200) : '';
      const next = safeBack(req.body?.next);
      const address = req.ip ?? 'unknown';
      const wait = await d.throttle.blockedFor(login, address);
      if (wait > 0) {
        res.set('retry-after', String(wait));
        return send(
          res,
          loginPage(
            contextOf(req, { form: true }),
            { login, next },
            { _form: `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试` },
          ),
          429,
        );
      }
      const user = login ? await d.users.byLogin(login) : undefined;
      // The same work and the same answer whether the login exists or not.
      const ok = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyPassword(password, DUMMY_HASH).then(() => false);
      if (!user || !ok) {
        await d.throttle.failed(login, address);
        return send(
          res,
          loginPage(contextOf(req, { form: true }), { login, next }, { _form: '账号或密码不正确' }),
          401,
        );
      }
      await d.throttle.succeeded(login);
      await signIn(req, d.users, d.trackSession, user);
      const home = user.role === 'seeker' ? '/me' : user.role === 'employer' ? '/employer' : '/bureau';
      res.redirect(303, next !== '/' ? next : home);
    }),
  );

  app.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.clearCookie('fg.sid').redirect(303, '/')));
  });
  app.post(
    '/logout-everywhere',
    handle(async (req, res) => {
      if (req.user) await d.endAllSessions(req.user.id);
      res.clearCookie('fg.sid').redirect(303, '/login');
    }),
  );

  const seeker = requireRole('seeker', d.forbidden);

  app.get(
    '/me',
    seeker,
    handle(async (req, res) => {
      const user = req.user!;
      let values: ProfileValues = {};
      if (user.workerId) {
        const { data } = await d.api.site.ingest.GET('/v1/workers/{id}', {
          params: { path: { id: user.workerId } },
        });
        if (data && 'id' in data)
          values = profileValuesFrom(data as IngestSchemas['WorkerProfile'], user.profileName);
      }
      send(
        res,
        mePage(
          contextOf(req),
          values,
          {},
          { hasProfile: !!user.workerId, ...(user.consent ? { consentAt: user.consent.at } : {}) },
        ),
      );
    }),
  );

  app.post(
    '/me',
    seeker,
    handle(async (req, res) => {
      const user = req.user!;
      const b = req.body ?? {};
      const list = (v: unknown) =>
        str(v, 500)
          .split(/[,，、;；\s]+/)
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 20);
      const groups = ([] as unknown[])
        .concat(b.priorityGroups ?? [])
        .filter((g): g is string => typeof g === 'string');
      const values: ProfileValues = {
        name: str(b.name, 50),
        occupations: str(b.occupations, 500),
        skills: str(b.skills, 500),
        certificates: str(b.certificates, 500),
        experienceYears: str(b.experienceYears, 3),
        education: str(b.education, 20),
        district: str(b.district, 12),
        address: str(b.address, 100),
        expectedWage: str(b.expectedWage, 7),
        maxCommuteKm: str(b.maxCommuteKm, 4),
        availableFrom: str(b.availableFrom, 10),
        summary: str(b.summary, 500),
        priorityGroups: groups,
        consent: str(b.consent, 3),
      };
      const errors: FormErrors = {};
      if (!values.name) errors.name = '请填写姓名';
      if (values.consent !== 'yes') errors.consent = '保存求职资料需要您的授权';
      if (!values.district) errors.district = '请选择现居区县';
      const num = (k: keyof ProfileValues, min: number, max: number, label: string) => {
        const v = values[k] as string | undefined;
        if (v && !(Number.isFinite(Number(v)) && Number(v) >= min && Number(v) <= max))
          errors[k] = `${label}应在 ${min}–${max} 之间`;
      };
      num('experienceYears', 0, 60, '工作年限');
      num('expectedWage', 1, 100000, '期望月薪');
      num('maxCommuteKm', 1, 500, '通勤距离');
      if (values.availableFrom && !/^\d{4}-\d{2}-\d{2}$/.test(values.availableFrom))
        errors.availableFrom = '日期格式应为 年-月-日';
      const ctx = () => contextOf(req);
      const hasProfile = !!user.workerId;
      if (Object.keys(errors).length) return send(res, mePage(ctx(), values, errors, { hasProfile }), 400);

      const consentAt = user.consent?.at ?? new Date().toISOString();
      const workerId = user.workerId ?? `portal-${user.id}`;
      const input: WorkerInput = {
        occupations: list(values.occupations),
        skills: list(values.skills),
        certificates: list(values.certificates),
        ...(values.experienceYears ? { experienceYears: Number(values.experienceYears) } : {}),
        ...(values.education ? { education: values.education as NonNullable<WorkerInput['education']> } : {}),
        ...(values.summary ? { summary: values.summary } : {}),
        currentPlace: { district: values.district!, ...(values.address ? { address: values.address } : {}) },
        ...(values.maxCommuteKm ? { maxCommuteKm: Number(values.maxCommuteKm) } : {}),
        ...(values.expectedWage ? { expectedWage: { min: Number(values.expectedWage), unit: 'month' } } : {}),
        ...(values.availableFrom ? { availableFrom: values.availableFrom } : {}),
        priorityGroups: groups as NonNullable<WorkerInput['priorityGroups']>,
        status: 'seeking',
        consent: { given: true, at: consentAt, via: d.siteId },
        private: { name: values.name!, phone: user.login },
      };
      const { error, response } = await d.api.site.ingest.PUT('/v1/workers/{id}', {
        params: { path: { id: workerId } },
        body: input,
      });
      if (!response.ok) {
        const mapped = formErrorsFrom(error, values, { currentPlace: 'district' });
        return send(res, mePage(ctx(), values, mapped, { hasProfile }), response.status >= 500 ? 503 : 400);
      }
      await d.users.update(user.id, {
        workerId,
        profileName: values.name!,
        consent: user.consent ?? { text: CONSENT_TEXT, textVersion: CONSENT_VERSION, at: consentAt },
      });
      req.session.flash = '求职资料已保存';
      res.redirect(303, '/me');
    }),
  );

  app.post(
    '/jobs/:id/apply',
    seeker,
    handle(async (req, res) => {
      const user = req.user!;
      const id = String(req.params.id);
      if (!user.workerId || !user.consent) {
        req.session.flash = '请先填写求职资料并同意授权，再投递岗位';
        return res.redirect(303, '/me');
      }
      const { error, response } = await d.api.site.matcher.POST('/v1/intentions', {
        body: {
          kind: 'application',
          vacancyId: id,
          workerId: user.workerId,
          consent: { given: true, at: user.consent.at },
        },
      });
      if (!response.ok) {
        return send(
          res,
          page(
            contextOf(req),
            '投递未成功',
            html`<h1>投递未成功</h1>${alertBox(apiMessage(error))}<p><a href="/jobs/${encodeURIComponent(id)}">返回岗位</a></p>`,
          ),
          response.status >= 500 ? 503 : response.status === 404 ? 404 : 409,
        );
      }
      req.session.applied = [...(req.session.applied ?? []).slice(-50), id];
      req.session.flash = '投递成功，企业查看后会与您联系';
      res.redirect(303, `/jobs/${encodeURIComponent(id)}`);
    }),
  );

  app.get(
    '/me/applications',
    seeker,
    handle(async (req, res) => {
      const user = req.user!;
      if (!user.workerId) return send(res, applicationsPage(contextOf(req), undefined, '请先填写求职资料'));
      const { data, error } = await d.api.site.matcher.GET('/v1/intentions', {
        params: { query: { workerId: user.workerId, size: 50 } },
      });
      if (!data) return send(res, applicationsPage(contextOf(req), undefined, apiMessage(error)), 503);
      const trips = await d.api.site.convoys
        .GET('/v1/convoys/trips', { params: { query: { workerId: user.workerId, size: 10 } } })
        .then((r) => r.data?.items ?? [])
        .catch(() => []);
      const rows = await Promise.all(
        data.items.map(async (pair) => {
          const { data: v } = await d.api.public.ingest.GET('/v1/vacancies/{ref}', {
            params: { path: { ref: pair.vacancyId } },
          });
          return { pair, title: v?.title ?? pair.vacancyId, firmName: v?.firmName ?? pair.firmId };
        }),
      );
      send(res, applicationsPage(contextOf(req), rows, undefined, trips));
    }),
  );

  app.post(
    '/me/applications/:vacancyId/accept',
    seeker,
    handle(async (req, res) => {
      const user = req.user!;
      const vacancyId = String(req.params.vacancyId);
      if (!user.workerId || !user.consent) return res.redirect(303, '/me');
      const { response, error } = await d.api.site.matcher.POST('/v1/intentions', {
        body: {
          kind: 'acceptance',
          vacancyId,
          workerId: user.workerId,
          consent: { given: true, at: user.consent.at },
        },
      });
      req.session.flash = response.ok
        ? '已接受录用意向，企业会尽快与您联系'
        : `操作未成功：${apiMessage(error)}`;
      res.redirect(303, '/me/applications');
    }),
  );

  app.get(
    '/me/recommendations',
    seeker,
    handle(async (req, res) => {
      const user = req.user!;
      if (!user.workerId)
        return send(res, recommendationsPage(contextOf(req), undefined, '请先填写求职资料'));
      const { data, error } = await d.api.site.matcher.GET('/v1/workers/{id}/recommendations', {
        params: { path: { id: user.workerId }, query: { size: 20 } },
      });
      send(res, recommendationsPage(contextOf(req), data?.hits, data ? undefined : apiMessage(error)));
    }),
  );

  app.post(
    '/me/delete',
    seeker,
    handle(async (req, res) => {
      const user = req.user!;
      if (req.body?.confirm !== 'yes') {
        req.session.flash = '请勾选确认后再删除';
        return res.redirect(303, '/me');
      }
      if (user.workerId) {
        // Deleting a worker is the bureau's operation; the portal does it for the signed-in seeker only.
        const { response, error } = await d.api.bureau.ingest.DELETE('/v1/workers/{id}', {
          params: { path: { id: user.workerId } },
        });
        if (!response.ok && response.status !== 404)
          return send(
            res,
            page(contextOf(req), '删除未成功', html`<h1>删除未成功</h1>${alertBox(apiMessage(error))}`),
            503,
          );
      }
      await d.endAllSessions(user.id);
      await d.users.delete(user);
      res.clearCookie('fg.sid');
      send(
        res,
        page(
          { elder: false, path: '/' },
          '账号已删除',
          html`<h1>账号已删除</h1><p>您的账号和求职资料已从平台删除。</p><p><a href="/">返回首页</a></p>`,
        ),
      );
    }),
  );
}

/** A real scrypt hash of a random password: a failed sign-in for an unknown login costs the same as a known one. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
