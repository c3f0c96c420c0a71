/**
 * Driving the portal in Debian's headless Chromium (playwright-core: no browser download) and checking every
 * page it lands on: axe-core (no serious or critical violation) in the standard mode and again in 长辈模式,
 * and full-page screenshots at 375 and 1280 px in both modes into reports/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOTS = join(root, 'reports', 'screenshots');
export const WIDTHS = [375, 1280] as const;

/** Chromium from the system (installed by ensure-chromium.sh when missing), sandbox off (root in CI). */
export async function launch(): Promise<Browser> {
  const executablePath =
    process.env['CHROMIUM_PATH'] ||
    execFileSync(join(root, 'test', 'browser', 'ensure-chromium.sh'), { encoding: 'utf8' }).trim();
  // A fresh folder each run: the numbered files of an older run would mix with this one's.
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core in the page (injected from its npm package; the page's CSP does not apply to it). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  const injected = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!injected) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: AxeViolation[];
  };
  return result.violations;
}

/** Whether the page is rendered in 长辈模式 (the root element's class). Strings, as the tests have no DOM types. */
export const isElder = (page: Page): Promise<boolean> =>
  page.evaluate<boolean>("document.documentElement.classList.contains('elder')");

const serious = (v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical';

function describe(v: AxeViolation): string {
  const where = v.nodes
    .slice(0, 3)
    .map(
      (n) =>
        `${JSON.stringify(n.target)}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`,
    )
    .join('; ');
  return `${v.impact} ${v.id}: ${v.help} — ${where}`;
}

/** What the checks saw, for the report at the end of the run. */
export const seen: Array<{ name: string; url: string; mode: 'standard' | 'elder'; violations: string[] }> =
  [];

let counter = 0;

async function screenshots(page: Page, file: string): Promise<void> {
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 800 ? 812 : 800 });
    await page.screenshot({ path: join(SCREENSHOTS, `${file}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

/**
 * Checks the page the test is on: axe (throws on a serious or critical violation) and screenshots; then, for a
 * page reached by GET, the same URL again in 长辈模式 in a second tab of the same context (same session).
 * `js: false` (the no-script journey): screenshots only. axe-core cannot finish where the page's scripts are off
 * (its timers never fire); the same pages are checked with scripts on in the other journey.
 */
export async function check(page: Page, name: string, opts: { elder?: boolean; js?: boolean } = {}) {
  const n = String(++counter).padStart(2, '0');
  const url = page.url();
  const errors: string[] = [];
  const one = async (p: Page, mode: 'standard' | 'elder') => {
    const violations = opts.js === false ? [] : (await axe(p)).filter(serious).map(describe);
    seen.push({ name, url, mode, violations });
    errors.push(...violations.map((v) => `[${mode}] ${v}`));
    await screenshots(p, `${n}-${name}-${mode}${opts.js === false ? '-nojs' : ''}`);
  };
  const elderNow = await isElder(page);
  await one(page, elderNow ? 'elder' : 'standard');
  if (opts.elder !== false && opts.js !== false && !elderNow) {
    const context = page.context();
    const origin = new URL(url).origin;
    await context.addCookies([{ name: 'mode', value: 'elder', url: origin }]);
    const tab = await context.newPage();
    try {
      await tab.goto(url);
      if (!(await isElder(tab))) errors.push(`[elder] ${url} did not render in 长辈模式`);
      await one(tab, 'elder');
    } finally {
      await tab.close();
      await context.clearCookies({ name: 'mode' });
    }
  }
  if (errors.length) throw new Error(`accessibility on ${name} (${url}):\n  ${errors.join('\n  ')}`);
}

/** A new context (own cookies) at the portal, desktop width, Chinese locale; `js: false` for the no-script journey. */
export async function newContext(browser: Browser, baseURL: string, js = true): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    javaScriptEnabled: js,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
  });
}

/** Signs in through the login form and returns the page it lands on. */
export async function signIn(page: Page, login: string, password: string): Promise<Response | null> {
  await page.goto('/login');
  await page.fill('#f-login', login);
  await page.fill('#f-password', password);
  const [res] = await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
  return res;
}

/** The CSRF token of the page's forms (to build tampered requests with a valid session). */
export async function csrfOf(page: Page): Promise<string> {
  return (await page.locator('input[name=_csrf]').first().getAttribute('value')) ?? '';
}
