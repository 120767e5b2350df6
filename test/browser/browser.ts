import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Locator, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install -y chromium); playwright-core never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** TEST_DASHBOARD_DIR lets a run test a dashboard built elsewhere (e.g. with ng build --output-path). */
export const DASHBOARD_DIR = resolve(process.env.TEST_DASHBOARD_DIR ?? 'dist/dashboard/browser');
export const SCREENSHOTS = resolve('test-output/screenshots');

/** The flags STACK.md lists for headless Chromium on these machines. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface OpenedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed requests seen so far. */
  problems: string[];
}

export class DashboardBrowser {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<DashboardBrowser> {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run "apt-get install -y chromium" (the CI script does).`);
    if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) throw new Error('The dashboard is not built: run "npm run build" first.');
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Playwright starts Chromium with a fresh temporary profile of its own (--user-data-dir) and removes it on close.
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    return new DashboardBrowser(browser);
  }

  /** A new tab at `url` in its own context, with the UI language preset and every problem recorded. */
  async open(url: string, options: { lang?: 'en' | 'ko'; width?: number; expectStatus?: number[] } = {}): Promise<OpenedPage> {
    const context = await this.browser.newContext({
      viewport: { width: options.width ?? 1280, height: 900 },
      locale: options.lang === 'ko' ? 'ko-KR' : 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && !(options.expectStatus ?? []).includes(response.status()))
        problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });
    // The language a person would have chosen before; switching it later in the page sticks across loads.
    // (Scripts run in the page are given as text: this project's test code is compiled without the DOM library.)
    await page.addInitScript({
      content: `if (!localStorage.getItem('workflow-mcp.lang')) localStorage.setItem('workflow-mcp.lang', ${JSON.stringify(options.lang ?? 'en')});`,
    });
    await page.goto(url);
    await page.waitForSelector('app-root main');
    return { page, problems };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // Let charts and fonts settle; the file is for people to look at.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Resolves once `read()` returns `expected` (compared as JSON), or fails after `timeoutMs` with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    if (Date.now() > deadline)
      throw new Error(`expected ${JSON.stringify(expected)} within ${timeoutMs} ms, last saw ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How wide the page's content is: more than the window means sideways scrolling. */
export function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
}

/**
 * The dialog once it has finished opening: Material moves focus into it only after its opening
 * animation, so typing before that could land in whichever field gets the focus.
 */
export async function openedDialog(page: Page): Promise<Locator> {
  const dialog = page.locator('mat-dialog-container');
  await dialog.waitFor();
  // A function, not a string: the service's Content-Security-Policy forbids evaluating strings in the page.
  await page.waitForFunction(() => {
    const doc = (globalThis as any).document;
    const d = doc.querySelector('mat-dialog-container');
    return !!d && !d.classList.contains('mdc-dialog--opening') && d.contains(doc.activeElement);
  });
  return dialog;
}
