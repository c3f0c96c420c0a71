import type { IngestSchemas, MatcherSchemas } from '@fugong/client';
import type { Express, Request } from 'express';
import { type Api, apiMessage } from './api.ts';
import { contextOf, handle, safeBack, send } from './context.ts';
import { html } from './html.ts';
import { alertBox, page } from './layout.ts';
import { didYouMean, resultsPage, vacancyPage } from './pages/jobs.ts';
import { embedSearchPage, fairPage, fairsPage, homePage } from './pages/fairs.ts';
import { filtersFrom, jobsUrl, toApiQuery } from './pages/search-params.ts';

type Hit = MatcherSchemas['VacancyHit'];
type Fair = IngestSchemas['Fair'];

/** Today in Asia/Shanghai, as the fairs' dates are written. */
export const todayShanghai = (now = new Date()) =>
  new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export function originOf(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

async function allFairs(api: Api): Promise<Fair[]> {
  const { data } = await api.public.ingest.GET('/v1/fairs', { params: { query: { size: 100 } } });
  return (
    (data as { fairs?: Fair[]; items?: Fair[] } | undefined)?.fairs ??
    (data as { items?: Fair[] } | undefined)?.items ??
    []
  );
}

/**
 * Booths: the fair's live vacancies grouped by firm. Up to 500 vacancies (five pages of 100, fetched
 * together after the first says how many there are); firms listed on the fair without a live vacancy are
 * counted, not shown as empty booths.
 */
async function booths(api: Api, fair: Fair) {
  const page = (n: number) =>
    api.public.matcher.GET('/v1/vacancies/search', {
      params: { query: { fairId: fair.id, size: 100, page: n, sort: 'newest' } },
    });
  const first = await page(1);
  const pages = Math.min(5, Math.ceil((first.data?.total ?? 0) / 100));
  const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, k) => page(k + 2)));
  const hits = [first, ...rest].flatMap((r) => r.data?.hits ?? []);
  const byFirm = new Map<string, { firmId: string; firmName: string; hits: Hit[] }>();
  for (const h of hits) {
    const b = byFirm.get(h.firmId) ?? { firmId: h.firmId, firmName: h.firmName ?? h.firmId, hits: [] };
    b.hits.push(h);
    byFirm.set(h.firmId, b);
  }
  const idle = fair.firmIds.filter((id) => !byFirm.has(id)).length;
  return {
    booths: [...byFirm.values()].sort((a, b) => b.hits.length - a.hits.length),
    idle,
    shown: hits.length,
    total: first.data?.total ?? 0,
  };
}

export function registerPublicRoutes(app: Express, api: Api, opts: { publicUrl?: string; now: () => Date }) {
  app.get(
    '/',
    handle(async (req, res) => {
      const [fairs, key] = await Promise.all([
        allFairs(api).catch(() => []),
        api.public.matcher
          .GET('/v1/vacancies/search', {
            params: { query: { keyEnterprise: 'true', size: 6, sort: 'newest' } },
          })
          .then((r) => r.data?.hits ?? [])
          .catch(() => []),
      ]);
      send(res, homePage(contextOf(req), { fairs, key, today: todayShanghai(opts.now()) }));
    }),
  );

  app.get(
    '/jobs',
    handle(async (req, res) => {
      const f = filtersFrom(req.query as Record<string, unknown>);
      const cursor = typeof req.query.cursor === 'string' ? req.query.cursor.slice(0, 2000) : undefined;
      const { data, error, response } = await api.site.matcher.GET('/v1/vacancies/search', {
        params: { query: toApiQuery(f, cursor ? { cursor } : {}) },
      });
      const ctx = contextOf(req);
      if (data && data.total === 0 && f.q && !cursor) {
        // Nothing found for the words as typed (pinyin such as `pugong`, initials): offer the typeahead's
        // suggestions as links, so the page works the same without the script.
        const { data: s } = await api.site.matcher.GET('/v1/vacancies/suggest', {
          params: { query: { q: f.q.slice(0, 50), size: 5 } },
        });
        const names = [...new Set((s?.suggestions ?? []).map((x) => x.text))].filter((t) => t !== f.q);
        if (names.length)
          return send(
            res,
            resultsPage(
              ctx,
              f,
              data,
              alertBox(
                html`您是不是要找：${names.map((n, i) => html`${i ? '、' : ''}<a href="${jobsUrl(f, { q: n })}">${n}</a>`)}`,
                'notice',
              ),
              cursor,
            ),
          );
      }
      if (data) return send(res, resultsPage(ctx, f, data, undefined, cursor));
      if (response.status === 400)
        return send(res, resultsPage(ctx, f, undefined, didYouMean(f, error), cursor), 400);
      send(res, resultsPage(ctx, f, undefined, alertBox(apiMessage(error)), cursor), 503);
    }),
  );

  // Typeahead for the search box's script: the matcher's suggestions (pinyin and initials too) as JSON.
  app.get(
    '/suggest',
    handle(async (req, res) => {
      const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 50) : '';
      if (!q) return res.json({ suggestions: [] });
      const { data } = await api.site.matcher.GET('/v1/vacancies/suggest', {
        params: { query: { q, size: 8 } },
      });
      res
        .set('cache-control', 'public, max-age=60')
        .json({ suggestions: (data?.suggestions ?? []).map((s) => s.text) });
    }),
  );

  app.get(
    '/jobs/:id',
    handle(async (req, res) => {
      const id = String(req.params.id);
      // Through the site key: a closed, filled or expired vacancy is then read (anonymously it is a 404) and
      // answers 410 with similar open ones.
      const { data: v, response } = await api.site.ingest.GET('/v1/vacancies/{ref}', {
        params: { path: { ref: id } },
      });
      const ctx = contextOf(req, { form: true });
      if (!v) {
        const status = response.status === 404 || response.status === 400 ? 404 : 503;
        return send(
          res,
          page(
            ctx,
            '岗位不存在',
            html`<h1>${status === 404 ? '找不到这个岗位' : '服务暂时不可用'}</h1><p><a href="/jobs">去找其他工作</a></p>`,
          ),
          status,
        );
      }
      const origin = originOf(req, opts.publicUrl);
      const canonical = `${origin}/jobs/${encodeURIComponent(v.id)}`;
      const expired =
        v.status === 'open' && v.expiresAt !== undefined && v.expiresAt < opts.now().toISOString();
      const view = expired ? { ...v, status: 'expired' as const } : v;
      const fairs = await Promise.all(
        v.fairIds.slice(0, 5).map(async (fid) => {
          const { data } = await api.public.ingest.GET('/v1/fairs/{id}', { params: { path: { id: fid } } });
          return { id: fid, name: data?.name ?? fid };
        }),
      );
      let similar: Hit[] = [];
      if (view.status !== 'open') {
        const occ = v.occupations[0]?.code;
        const { data } = await api.public.matcher.GET('/v1/vacancies/search', {
          params: { query: { ...(occ ? { occupation: occ } : { q: v.title }), size: 6 } },
        });
        similar = (data?.hits ?? []).filter((h) => h.id !== v.id).slice(0, 5);
      }
      // Applied already? The pair list says so once the intent worker has written it; this session's own
      // applications show at once.
      let applied = req.user?.role === 'seeker' && (req.session.applied?.includes(v.id) ?? false);
      if (!applied && req.user?.role === 'seeker' && req.user.workerId) {
        const { data } = await api.site.matcher.GET('/v1/intentions', {
          params: { query: { workerId: req.user.workerId, vacancyId: v.id, size: 1 } },
        });
        applied = (data?.items.length ?? 0) > 0;
      }
      send(
        res,
        vacancyPage(ctx, view, { canonical, origin, fairs, similar, applied }),
        view.status === 'open' ? 200 : 410,
      );
    }),
  );

  app.get(
    '/fairs',
    handle(async (req, res) => {
      const fairs = await allFairs(api);
      fairs.sort((a, b) => b.startDate.localeCompare(a.startDate));
      send(res, fairsPage(contextOf(req), fairs, todayShanghai(opts.now())));
    }),
  );

  const fairRoute = (embed: boolean) =>
    handle(async (req, res) => {
      const id = String(req.params.id);
      const { data: fair } = await api.public.ingest.GET('/v1/fairs/{id}', { params: { path: { id } } });
      const ctx = embed ? { elder: false, path: req.originalUrl, embed: true } : contextOf(req);
      if (!fair)
        return send(
          res,
          page(ctx, '招聘会不存在', html`<h1>找不到这场招聘会</h1><p><a href="/fairs">全部招聘会</a></p>`),
          404,
        );
      const [b, dash] = await Promise.all([
        booths(api, fair),
        api.bureau.intent.GET('/v1/fairs/{id}/dashboard', { params: { path: { id } } }).then((r) => r.data),
      ]);
      send(res, fairPage(ctx, fair, { ...b, dashboard: dash, today: todayShanghai(opts.now()), embed }));
    });
  app.get('/fairs/:id', fairRoute(false));
  app.get('/embed/fairs/:id', fairRoute(true));
  app.get('/embed/search', (req, res) => send(res, embedSearchPage({ elder: false, path: req.originalUrl })));

  // Live counters (aggregates only: no personal data), polled by the fair page's script.
  app.get(
    '/fairs/:id/counters',
    handle(async (req, res) => {
      const { data, response } = await api.bureau.intent.GET('/v1/fairs/{id}/dashboard', {
        params: { path: { id: String(req.params.id) } },
      });
      if (!data)
        return res
          .status(response.status === 404 ? 404 : 503)
          .json({ error: { code: 'unavailable', message: '暂无数据' } });
      res.set('cache-control', 'public, max-age=5').json(data);
    }),
  );

  // 长辈模式: a preference cookie (not a session), so the switch works for every visitor without sign-in.
  app.get('/mode/:mode', (req, res) => {
    const elder = req.params.mode === 'elder';
    res.cookie('mode', elder ? 'elder' : 'standard', {
      maxAge: 365 * 86400_000,
      sameSite: 'lax',
      httpOnly: true,
      path: '/',
    });
    res.redirect(303, safeBack(req.query.back));
  });
}
