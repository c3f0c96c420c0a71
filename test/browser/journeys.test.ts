/**
 * Issue #12, end to end in a real headless Chromium: the seeker's journey (with and without JavaScript), the
 * employer's (candidates, shortlist, GB18030 CSV and XLSX uploads), the bureau's two-sided counter, cross-firm
 * tampering and the closed vacancy's 410. Every page visited is checked with axe-core in both display modes
 * and photographed at 375 and 1280 px (browser.ts).
 */
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { check, csrfOf, isElder, launch, newContext, seen, signIn } from './browser.ts';
import { ACCOUNTS, FAIR_ID, type Platform, startPlatform } from './platform.ts';

/** Polls `probe` (reloading the page between tries) until it is true, for at most `ms`. */
async function eventually(page: Page, probe: () => Promise<boolean>, what: string, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > until) throw new Error(`not within ${ms / 1000} s: ${what}`);
    await page.waitForTimeout(400);
    await page.reload();
  }
}

const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** Submits the form holding `button` and waits for the page it leads to (works with scripts off too). */
async function submit(page: Page, button: string) {
  const [res] = await Promise.all([page.waitForNavigation(), page.click(button)]);
  return res;
}

describe('portal in headless Chromium (issue #12)', function () {
  this.timeout(60_000);
  let p: Platform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const seeker = { phone: phone(), password: 'Seeker2026pw', name: '张春梅' };
  const quietSeeker = { phone: phone(), password: 'Quiet2026pw', name: '李国强' };
  let seekerPage: Page;
  let employerAPage: Page;
  let ppeId: string;
  let started = 0;

  before(async function () {
    this.timeout(120_000);
    started = Date.now();
    [p, browser] = await Promise.all([startPlatform(), launch()]);
    ppeId = p.vacancyIds.get('a-ppe-sewer')!;
  });

  after(async function () {
    this.timeout(60_000);
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await p?.close();
    const pages = new Set(seen.map((s) => s.url)).size;
    console.log(
      `      browser suite: ${seen.length} page checks (${pages} URLs, two modes) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  const context = async (js = true) => {
    const c = await newContext(browser, p.portalUrl, js);
    contexts.push(c);
    return c;
  };

  describe('public pages', () => {
    it('fairs, a fair with its booths, the embeds, sign-in and sign-up pages pass axe in both modes', async () => {
      const page = await (await context()).newPage();
      await page.goto('/fairs');
      expect((await page.locator('main').textContent()) ?? '').to.contain('冬季复工复产网络招聘会');
      await check(page, 'fairs');
      await page.click(`a[href="/fairs/${FAIR_ID}"]`);
      await page.waitForURL(`**/fairs/${FAIR_ID}`);
      const booths = await page.locator('.booth h3').allInnerTexts();
      expect(booths).to.include.members([p.firmA.name, p.firmB.name]);
      await check(page, 'fair');
      await page.goto(`/embed/fairs/${FAIR_ID}`);
      await check(page, 'embed-fair', { elder: false });
      await page.goto('/embed/search');
      await check(page, 'embed-search', { elder: false });
      await page.goto('/login');
      await check(page, 'login');
      await page.goto('/signup');
      await check(page, 'signup');
    });
  });

  for (const js of [true, false]) {
    const who = js ? seeker : quietSeeker;
    describe(`seeker journey ${js ? 'with JavaScript' : 'with JavaScript disabled'}`, () => {
      let page: Page;
      let vacancyPath = '';
      let vacancyTitle = '';

      before(async () => {
        page = await (await context(js)).newPage();
        if (js) seekerPage = page;
      });

      it('searches 防護服 (traditional) from the home page and finds 防护服车工', async () => {
        await page.goto('/');
        await check(page, 'home', { js });
        await page.fill('#q', '防護服');
        await submit(page, 'form.search button[type=submit]');
        expect(decodeURIComponent(page.url())).to.contain('q=防護服');
        const titles = await page.locator('ol.cards h3').allInnerTexts();
        expect(titles).to.include('防护服车工');
        await check(page, 'results-traditional', { js });
      });

      it('searches `pugong` (pinyin) and finds 普工 vacancies', async () => {
        await page.goto('/jobs');
        if (js) {
          // The typeahead offers 普工 for the pinyin; choosing it searches.
          await page.fill('#q', 'pugong');
          const option = page.locator('#q-list li[role=option]', { hasText: '普工' }).first();
          await option.waitFor();
          expect(await page.getAttribute('#q', 'aria-expanded')).to.equal('true');
          await check(page, 'typeahead', { elder: false });
          await Promise.all([page.waitForNavigation(), option.click()]);
        } else {
          // Without the script the results page offers the same suggestions as links.
          await page.fill('#q', 'pugong');
          await submit(page, 'form.search button[type=submit]');
          expect((await page.locator('.alert.notice').textContent()) ?? '').to.contain('您是不是要找');
          await check(page, 'results-pinyin-suggest', { js });
          await submit(page, '.alert.notice a:text-is("普工")');
        }
        expect(decodeURIComponent(page.url())).to.contain('q=普工');
        const titles = await page.locator('ol.cards h3').allInnerTexts();
        expect(titles.filter((t) => t.includes('普工')).length).to.be.greaterThan(1);
        expect(titles).to.not.include('电焊工');
        await check(page, 'results-pinyin', { js });
      });

      it('applies a district filter (滕州市): only that district remains', async () => {
        const before = await page.locator('ol.cards .facts').allInnerTexts();
        expect(before.some((f) => !f.includes('滕州市'))).to.equal(true);
        const value = await page.locator('#f-district option', { hasText: '滕州市' }).getAttribute('value');
        await page.selectOption('#f-district', value ?? '');
        if (js) {
          // The script applies the filter in place and puts it in the URL.
          // (polled from here: the page's CSP forbids the string evaluation waitForFunction would need)
          const until = Date.now() + 10_000;
          while (!page.url().includes('district=') && Date.now() < until) await page.waitForTimeout(100);
          await page.locator('#results h2').waitFor();
        } else {
          await submit(page, 'form.filters button[type=submit]');
        }
        const facts = await page.locator('ol.cards .facts').allInnerTexts();
        expect(facts.length).to.be.greaterThan(0);
        for (const f of facts) expect(f).to.contain('滕州市');
        expect(page.url()).to.contain('district=');
        await check(page, 'results-filtered', { js });
      });

      it('opens a vacancy whose JSON-LD JobPosting has every property Google for Jobs requires', async () => {
        await page.goto(`/jobs?q=${encodeURIComponent(js ? '防护服' : '电焊工')}`);
        await submit(page, 'ol.cards li:first-child h3 a');
        vacancyPath = new URL(page.url()).pathname;
        vacancyTitle = (await page.locator('h1').textContent()) ?? '';
        expect(vacancyTitle).to.contain(js ? '防护服车工' : '电焊工');
        const ld = JSON.parse(
          (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
        ) as Record<string, any>;
        expect(ld['@type']).to.equal('JobPosting');
        for (const prop of ['title', 'description', 'datePosted', 'validThrough', 'employmentType'])
          expect(ld[prop], prop).to.be.a('string').and.not.equal('');
        expect(ld.title).to.equal(vacancyTitle);
        expect(ld.hiringOrganization?.name).to.equal(js ? p.firmA.name : p.firmB.name);
        expect(ld.jobLocation?.address?.addressLocality).to.be.a('string').and.not.equal('');
        expect(ld.jobLocation?.address?.addressCountry).to.equal('CN');
        expect(ld.baseSalary?.currency).to.equal('CNY');
        expect(ld.baseSalary?.value?.minValue).to.be.a('number');
        expect(ld.baseSalary?.value?.unitText).to.equal('MONTH');
        expect(Date.parse(ld.datePosted)).to.not.be.NaN;
        await check(page, 'vacancy', { js });
      });

      it('signs up with phone and password, verifies the code, fills the profile with consent and applies', async () => {
        await page.click('a[href="/signup"]');
        await page.waitForURL('**/signup');
        await page.fill('#f-phone', who.phone);
        await page.fill('#f-password', who.password);
        await submit(page, 'form.stack button[type=submit]');
        expect(new URL(page.url()).pathname).to.equal('/verify');
        await check(page, 'verify', { js });
        const code = p.verifier.codes.get(who.phone);
        expect(code, 'the verifier got a code').to.match(/^\d{6}$/);
        await page.fill('#f-code', code!);
        await submit(page, 'form.stack button[type=submit]');
        expect(new URL(page.url()).pathname).to.equal('/me');
        expect((await page.locator('.flash').textContent()) ?? '').to.contain('注册成功');
        await check(page, 'me-new', { js });

        // Without consent the profile is refused, field by field.
        await page.fill('#f-name', who.name);
        await page.selectOption('#f-district', { label: js ? '薛城区' : '滕州市' });
        const refused = await submit(page, 'form.stack button.primary');
        expect(refused?.status()).to.equal(400);
        expect((await page.locator('#f-consent-err').textContent()) ?? '').to.contain('授权');
        await check(page, 'me-errors', { js, elder: false });

        await page.fill('#f-occupations', js ? '防护服车工，缝纫工' : '电焊工');
        await page.fill('#f-skills', js ? '平缝机' : '二保焊');
        await page.fill('#f-experienceYears', '3');
        await page.selectOption('#f-education', 'junior_high');
        await page.fill('#f-expectedWage', '5000');
        await page.fill('#f-maxCommuteKm', '40');
        await page.check('#f-consent');
        await submit(page, 'form.stack button.primary');
        expect(new URL(page.url()).pathname).to.equal('/me');
        expect((await page.locator('.flash').textContent()) ?? '').to.contain('已保存');
        await check(page, 'me-profile', { js });

        await page.goto(vacancyPath);
        await submit(page, 'form[action$="/apply"] button');
        expect(new URL(page.url()).pathname).to.equal(vacancyPath);
        expect((await page.locator('.done').textContent()) ?? '').to.contain('已投递');
        await check(page, 'vacancy-applied', { js });
      });

      it('“我的求职” shows the application (once the intent worker has written the pair)', async () => {
        await page.goto('/me/applications');
        const title = vacancyTitle;
        await eventually(
          page,
          async () => (await page.locator('ol.cards h2').allInnerTexts()).includes(title),
          'the application on 我的求职',
        );
        expect((await page.locator('ol.cards li.card').first().textContent()) ?? '').to.contain('已投递');
        await check(page, 'applications', { js });
        await page.goto('/me/recommendations');
        await check(page, 'recommendations', { js });
      });
    });
  }

  describe('employer A', () => {
    let page: Page;

    before(async () => {
      page = await (await context()).newPage();
      employerAPage = page;
    });

    it('signs in and sees its vacancies, including the closed one', async () => {
      await signIn(page, ACCOUNTS.employerA.login, ACCOUNTS.employerA.password);
      expect(new URL(page.url()).pathname).to.equal('/employer');
      const rows = await page.locator('tbody tr').allInnerTexts();
      expect(rows.some((r) => r.includes('防护服车工') && r.includes('在招'))).to.equal(true);
      expect(rows.some((r) => r.includes('普工（包装）') && r.includes('已关闭'))).to.equal(true);
      expect(rows.join('\n')).to.not.contain('电焊工');
      await check(page, 'employer-vacancies');
    });

    it('sees the application on the candidates page, with the applicant’s contact, and shortlists', async () => {
      await page.goto(`/employer/vacancies/${ppeId}/candidates`);
      const card = page.locator('ol.candidates li.card', { hasText: '张' });
      await eventually(
        page,
        async () => (await card.count()) > 0 && ((await card.first().textContent()) ?? '').includes('已投递'),
        'the application’s status on the candidates page',
      );
      expect((await card.first().locator('.contact').textContent()) ?? '').to.contain(seeker.phone);
      await check(page, 'candidates');
      await submit(page, 'ol.candidates li.card:has-text("已投递") button[value=shortlist]');
      expect((await page.locator('.flash').textContent()) ?? '').to.contain('已列入候选');
      await eventually(
        page,
        async () => ((await card.first().textContent()) ?? '').includes('已列入候选'),
        'the shortlist on the candidates page',
      );
    });

    it('uploads a GB18030 CSV and sees the per-row report with line numbers and the bad row’s reason', async () => {
      await page.goto('/employer/upload');
      await check(page, 'upload');
      const csv = [
        '岗位编号,岗位名称,招聘人数,区县,详细地址,最低工资,最高工资,用工形式,包吃,包住,岗位描述',
        'CSV-1,熨烫工,6,薛城区,光明路 1 号,4100,5100,全职,是,是,成衣熨烫',
        'CSV-2,锁边工,4,市中区,建设路 2 号,4300,5300,全职,否,否,包缝机锁边',
        'CSV-3,打包工,很多,市中区,建设路 3 号,3900,4500,全职,否,否,招聘人数写错了',
      ].join('\r\n');
      await page.setInputFiles('#f-file', {
        name: '岗位表.csv',
        mimeType: 'text/csv',
        buffer: iconv.encode(csv, 'gb18030'),
      });
      const res = await submit(page, 'form[enctype] button[type=submit]');
      expect(res?.status()).to.equal(200);
      const summary = (await page.locator('#rep-h + p').textContent()) ?? '';
      expect(summary).to.contain('共 3 行').and.contain('新增 2').and.contain('未通过 1');
      expect(summary.toLowerCase()).to.contain('gb18030');
      const rows = await page.locator('section table tbody tr').allInnerTexts();
      expect(rows).to.have.length(3);
      const bad = rows.find((r) => r.includes('未通过'))!;
      expect(bad.split('\t')[0]).to.equal('4');
      expect(bad).to.match(/招聘人数|totalJobOpenings/);
      expect(rows.filter((r) => r.includes('新增')).map((r) => r.split('\t')[0])).to.deep.equal(['2', '3']);
      await check(page, 'upload-report-csv', { elder: false });
    });

    it('uploads an XLSX (in 长辈模式) and sees the per-row report', async () => {
      await page.goto('/mode/elder?back=/employer/upload');
      expect(await isElder(page)).to.equal(true);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('岗位');
      ws.addRow(['岗位编号', '岗位名称', '招聘人数', '区县', '最低工资', '最高工资', '岗位描述']);
      ws.addRow(['XLSX-1', '手套车工', 12, '峄城区', 4400, 5600, '防护手套缝制']);
      ws.addRow(['XLSX-2', '', 3, '峄城区', 4000, 4800, '岗位名称空着']);
      ws.addRow(['XLSX-3', '物料员', 2, '薛城区', 4200, 5000, '车间物料配送']);
      await page.setInputFiles('#f-file', {
        name: '岗位表.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      await submit(page, 'form[enctype] button[type=submit]');
      const summary = (await page.locator('#rep-h + p').textContent()) ?? '';
      expect(summary).to.contain('共 3 行').and.contain('新增 2').and.contain('未通过 1');
      const rows = await page.locator('section table tbody tr').allInnerTexts();
      const bad = rows.find((r) => r.includes('未通过'))!;
      expect(bad.split('\t')[0]).to.equal('3');
      expect(bad).to.match(/岗位名称|title/);
      await check(page, 'upload-report-xlsx');
      await page.goto('/mode/standard?back=/employer');
    });

    it('the vacancy form, the edit page, the swap and convoy pages pass axe in both modes', async () => {
      await page.goto('/employer/vacancies/new');
      await check(page, 'vacancy-new');
      await page.goto('/employer/vacancies/a-ppe-sewer/edit');
      expect(await page.inputValue('#f-title')).to.equal('防护服车工');
      await check(page, 'vacancy-edit');
      await page.goto('/employer/swap');
      await check(page, 'employer-swap');
      await page.goto('/employer/convoys');
      await check(page, 'employer-convoys');
    });
  });

  describe('the bureau', () => {
    it('counts exactly one two-sided intention after the shortlist, and its pages pass axe', async () => {
      const page = await (await context()).newPage();
      await signIn(page, ACCOUNTS.bureau.login, ACCOUNTS.bureau.password);
      expect(new URL(page.url()).pathname).to.equal('/bureau');
      await eventually(
        page,
        async () => ((await page.locator('[data-testid=two-sided]').textContent()) ?? '').trim() === '1',
        'one two-sided intention on the dashboard',
      );
      await check(page, 'bureau-dashboard');
      for (const path of [
        '/bureau/monitor',
        '/bureau/key-enterprises',
        '/bureau/swap',
        '/bureau/convoys',
        '/bureau/dead-letters',
        '/bureau/users',
      ]) {
        const res = await page.goto(path);
        expect(res?.status(), path).to.equal(200);
        await check(page, `bureau-${path.split('/')[2]}`);
      }
      const fair = await page.goto(`/fairs/${FAIR_ID}`);
      expect(fair?.status()).to.equal(200);
      expect((await page.locator('dd[data-key=preliminaryIntentions]').textContent()) ?? '').to.equal('1');
    });
  });

  describe('tampering', () => {
    let page: Page;
    const get = (path: string) => page.request.get(path, { maxRedirects: 0 });
    const isOpen = async (ref: string) => {
      const res = await fetch(`${p.ingest.url}/v1/vacancies/${encodeURIComponent(p.vacancyIds.get(ref)!)}`, {
        headers: { authorization: `Bearer ${p.svc.keys.bureau}` },
      });
      return ((await res.json()) as { status: string }).status === 'open';
    };

    before(async () => {
      page = await (await context()).newPage();
      await signIn(page, ACCOUNTS.employerB.login, ACCOUNTS.employerB.password);
      expect(new URL(page.url()).pathname).to.equal('/employer');
    });

    it('employer B cannot open A’s vacancy edit page or its candidates (by ref or by id)', async () => {
      for (const path of [
        '/employer/vacancies/a-ppe-sewer/edit',
        `/employer/vacancies/${ppeId}/edit`,
        `/employer/vacancies/${ppeId}/candidates`,
        '/employer/vacancies/a-ppe-sewer/candidates',
      ]) {
        const res = await get(path);
        expect([403, 404], path).to.include(res.status());
        const body = await res.text();
        expect(body, path).to.not.contain('防护服车工');
        expect(body, path).to.not.contain(seeker.phone);
      }
    });

    it('employer B cannot close A’s vacancy by posting to A’s close URL', async () => {
      const _csrf = await csrfOf(page);
      for (const ref of ['a-ppe-sewer', ppeId]) {
        const res = await page.request.post(`/employer/vacancies/${ref}/close`, { form: { _csrf } });
        expect(await res.text()).to.contain('关闭未成功');
      }
      expect(await isOpen('a-ppe-sewer')).to.equal(true);
    });

    it('employer B cannot shortlist or offer for A’s vacancy through a URL with A’s vacancy id', async () => {
      const workerId = (await p.portal.users.byLogin(quietSeeker.phone))?.workerId;
      expect(workerId).to.be.a('string');
      const _csrf = await csrfOf(page);
      for (const kind of ['shortlist', 'offer']) {
        const res = await page.request.post(`/employer/vacancies/${ppeId}/candidates/${workerId}`, {
          form: { _csrf, kind },
        });
        expect(await res.text()).to.contain('操作未成功');
      }
      const pairs = await fetch(`${p.matcher.url}/v1/intentions?vacancyId=${ppeId}&size=100`, {
        headers: { authorization: `Bearer ${p.svc.keys.bureau}` },
      });
      const items = ((await pairs.json()) as { items: Array<{ workerId: string }> }).items;
      expect(items.map((i) => i.workerId)).to.not.include(workerId);
    });

    it('a POST without the CSRF token is refused with 403 and changes nothing', async () => {
      const res = await page.request.post('/employer/vacancies/b-welder/close', {
        form: { status: 'closed' },
        maxRedirects: 0,
      });
      expect(res.status()).to.equal(403);
      expect(await isOpen('b-welder')).to.equal(true);
      const wrong = await page.request.post('/employer/vacancies/b-welder/close', {
        form: { _csrf: 'x'.repeat(32) },
        maxRedirects: 0,
      });
      expect(wrong.status()).to.equal(403);
    });

    it('a seeker cannot open /employer or /bureau; an anonymous visitor is sent to sign in', async () => {
      for (const path of ['/employer', '/bureau', '/employer/upload', '/bureau/users']) {
        const res = await seekerPage.request.get(path, { maxRedirects: 0 });
        expect(res.status(), path).to.equal(403);
      }
      const res = await employerAPage.request.get('/bureau', { maxRedirects: 0 });
      expect(res.status()).to.equal(403);
      const anon = await (await context()).request.get('/employer', { maxRedirects: 0 });
      expect(anon.status()).to.equal(303);
      expect(anon.headers()['location']).to.match(/^\/login\?next=/);
      await seekerPage.goto('/bureau');
      await check(seekerPage, 'forbidden');
    });
  });

  describe('the closed vacancy', () => {
    it('answers 410 with similar open vacancies and no JSON-LD', async () => {
      const page = await (await context()).newPage();
      const res = await page.goto(`/jobs/${p.vacancyIds.get('a-general-closed')}`);
      expect(res?.status()).to.equal(410);
      expect((await page.locator('.alert').textContent()) ?? '').to.contain('已关闭');
      expect(await page.locator('script[type="application/ld+json"]').count()).to.equal(0);
      const similar = await page.locator('section[aria-labelledby=similar-h] ol.cards h3').allInnerTexts();
      expect(similar.length).to.be.greaterThan(0);
      expect(similar.some((t) => t.includes('普工'))).to.equal(true);
      await check(page, 'vacancy-closed');
      const missing = await page.goto('/jobs/no-such-vacancy');
      expect(missing?.status()).to.equal(404);
      await check(page, 'not-found');
    });
  });
});
