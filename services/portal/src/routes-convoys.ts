import type { Express, Request, Response } from 'express';
import { type Api, apiMessage, type Clients } from './api.ts';
import { contextOf, handle, requireRole, send } from './context.ts';
import { html } from './html.ts';
import { page, subnav } from './layout.ts';
import { BUREAU_LINKS } from './pages/bureau.ts';
import { EMPLOYER_LINKS } from './pages/employer.ts';
import { convoysPage, tripPage } from './pages/convoys.ts';
import type { User, UserStore } from './users.ts';

export interface ConvoyDeps {
  api: Api;
  users: UserStore;
  forbidden: (req: Request, res: Response) => void;
}

const STATUSES = ['planned', 'confirmed', 'departed', 'arrived', 'cancelled'] as const;
type TripStatus = (typeof STATUSES)[number];
const statusOf = (v: unknown): TripStatus | undefined => STATUSES.find((s) => s === v);

/** Tomorrow's calendar day in Asia/Shanghai (the first day a plan made today can leave). */
const tomorrowInShanghai = () => new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);

/**
 * 点对点返岗专车 pages: the bureau's trips (lifecycle, manifests full or masked for the driver), and a firm's
 * trips to its gates (confirm, its own workers' masked list). The convoys service decides who sees what.
 */
export function registerConvoyRoutes(app: Express, d: ConvoyDeps) {
  const roles = [
    {
      role: 'bureau' as const,
      base: '/bureau/convoys',
      title: '返岗专车',
      clients: (_u: User): Clients => d.api.bureau,
      nav: subnav('人社局', BUREAU_LINKS, '/bureau/convoys'),
    },
    {
      role: 'employer' as const,
      base: '/employer/convoys',
      title: '返岗专车（到本企业）',
      clients: (u: User): Clients => d.api.employer(d.users.unseal(u.sealedKey ?? '')),
      nav: subnav('企业', EMPLOYER_LINKS, '/employer/convoys'),
    },
  ];
  for (const r of roles) {
    const only = requireRole(r.role, d.forbidden);
    app.get(
      r.base,
      only,
      handle(async (req, res) => {
        const status = statusOf(req.query.status);
        const { data, error } = await r.clients(req.user!).convoys.GET('/v1/convoys/trips', {
          params: { query: { size: 100, ...(status ? { status } : {}) } },
        });
        send(
          res,
          convoysPage(contextOf(req), {
            title: r.title,
            nav: r.nav,
            trips: data?.items ?? [],
            total: data?.total ?? 0,
            base: r.base,
            planFrom: tomorrowInShanghai(),
            ...(status ? { status } : {}),
            ...(data ? {} : { problem: apiMessage(error) }),
          }),
        );
      }),
    );
    app.get(
      `${r.base}/:tripId`,
      only,
      handle(async (req, res) => {
        const { data, response } = await r.clients(req.user!).convoys.GET('/v1/convoys/trips/{tripId}', {
          params: { path: { tripId: String(req.params.tripId) } },
        });
        if (!data)
          return send(
            res,
            page(
              contextOf(req),
              '车次不存在',
              html`<h1>找不到这个车次</h1><p><a href="${r.base}">全部车次</a></p>`,
            ),
            response.status === 404 || response.status === 403 ? 404 : 503,
          );
        send(res, tripPage(contextOf(req), data, { nav: r.nav, base: r.base, role: r.role }));
      }),
    );
    app.get(
      `${r.base}/:tripId/manifest.:format`,
      only,
      handle(async (req, res) => {
        const format = req.params.format === 'csv' ? 'csv' : 'xlsx';
        const view = r.role === 'bureau' && req.query.view === 'driver' ? 'driver' : undefined;
        const tripId = String(req.params.tripId);
        // One route per format (each documents its content type).
        const convoys = r.clients(req.user!).convoys;
        const query: { view?: 'driver' } = view ? { view } : {};
        const options = {
          params: { path: { tripId }, query },
          parseAs: 'arrayBuffer' as const,
        };
        const { response } =
          format === 'csv'
            ? await convoys.GET('/v1/convoys/trips/{tripId}/manifest/csv', options)
            : await convoys.GET('/v1/convoys/trips/{tripId}/manifest/xlsx', options);
        if (!response.ok)
          return res
            .status(response.status === 404 ? 404 : 503)
            .type('text')
            .send('名单暂时无法下载');
        res.set(
          'content-disposition',
          response.headers.get('content-disposition') ??
            `attachment; filename="manifest-${tripId}.${format}"`,
        );
        res
          .type(response.headers.get('content-type') ?? 'application/octet-stream')
          .send(Buffer.from(await response.arrayBuffer()));
      }),
    );
    app.post(
      `${r.base}/plan`,
      only,
      handle(async (req, res) => {
        const body = req.body as Record<string, unknown>;
        const num = (v: unknown, d: number) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : d);
        const { data, error } = await r.clients(req.user!).convoys.POST('/v1/convoys/plans/from-offers', {
          body: {
            departFrom: typeof body.departFrom === 'string' ? body.departFrom : '',
            windowDays: num(body.windowDays, 3),
            minDistanceKm: num(body.minDistanceKm, 100),
          },
        });
        req.session.flash = data
          ? `已安排 ${data.totals.travellers + data.seatedOnExisting.length} 人：新排 ${data.trips.length} 车次，补入已有车次 ${data.seatedOnExisting.length} 人；未安排：距离较近 ${data.skipped.near} 人，已在车上 ${data.skipped.alreadySeated} 人，缺少地点 ${data.skipped.noPlace} 人。`
          : `未能安排：${apiMessage(error)}`;
        res.redirect(303, r.base);
      }),
    );
    const actions =
      r.role === 'bureau' ? (['confirm', 'depart', 'arrive', 'cancel'] as const) : (['confirm'] as const);
    for (const action of actions) {
      app.post(
        `${r.base}/:tripId/${action}`,
        only,
        handle(async (req, res) => {
          const tripId = String(req.params.tripId);
          const c = r.clients(req.user!).convoys;
          const path = { params: { path: { tripId } } };
          const result =
            action === 'confirm'
              ? await c.POST('/v1/convoys/trips/{tripId}/confirm', path)
              : action === 'depart'
                ? await c.POST('/v1/convoys/trips/{tripId}/depart', path)
                : action === 'arrive'
                  ? await c.POST('/v1/convoys/trips/{tripId}/arrive', { ...path, body: {} })
                  : await c.POST('/v1/convoys/trips/{tripId}/cancel', {
                      ...path,
                      body: { reason: '门户操作' },
                    });
          req.session.flash = result.response.ok ? '已更新车次' : `操作未成功：${apiMessage(result.error)}`;
          res.redirect(303, `${r.base}/${encodeURIComponent(tripId)}`);
        }),
      );
    }
  }
}
