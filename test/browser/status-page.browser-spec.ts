import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startHealthTarget, type HealthTarget } from '../support/health-target.js';
import { startService, type RunningService } from '../support/service.js';
import { contentWidth, DASHBOARD_DIR, DashboardBrowser, openedDialog, screenshot, type OpenedPage } from './browser.js';

const ADMIN_PASSWORD = 'status page admin 1';

/** The public status page in a real browser, in team mode: read without signing in; an admin publishes an environment from its form. */
describe('public status page in a real browser', () => {
  let svc: RunningService;
  let browser: DashboardBrowser;
  let target: HealthTarget;
  const opened: OpenedPage[] = [];

  /** A tab nobody signed in on, at /status. */
  async function statusTab(width?: number) {
    const tab = await browser.open(`${svc.baseUrl}/sign-in`, { width, expectStatus: [401] });
    opened.push(tab);
    await tab.page.goto(`${svc.baseUrl}/status`);
    return tab.page;
  }

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ env: { DASHBOARD_DIR, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD } });
    const signedIn = await svc.call('POST', '/api/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD });
    const cookie = /wfm_session=[^;]*/.exec(signedIn.headers.get('set-cookie') ?? '')![0];
    const auth = { cookie };
    const shop = await svc.call(
      'POST',
      '/api/environments',
      { name: 'public-shop', environment_type: 'production', url: `${target.url}/ok`, public: true },
      auth,
    );
    expect(shop.status).toBe(201);
    expect((await svc.call('POST', `/api/environments/${shop.body.id}/check`, undefined, auth)).status).toBeLessThan(300);
    const internal = await svc.call('POST', '/api/environments', { name: 'internal-db', environment_type: 'production' }, auth);
    expect(internal.status).toBe(201);
    browser = await DashboardBrowser.launch();
  });
  afterEach(async () => {
    const problems = opened.flatMap((tab) => tab.problems).filter((p) => !/status of 401/.test(p));
    for (const tab of opened.splice(0)) await tab.page.context().close();
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    await target?.close();
  });

  it('renders public environments with 90 labelled day bars, styled, without signing in, and fits a phone', async () => {
    const page = await statusTab();
    await page.getByRole('heading', { level: 1, name: 'System status' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'public-shop' }).waitFor();
    await expect(page.getByText('All systems operational').count()).resolves.toBe(1);
    const bars = page.getByRole('group', { name: 'public-shop: uptime per day, last 90 days' }).getByRole('img');
    await expect(bars.count()).resolves.toBe(90);
    await expect(bars.last().getAttribute('aria-label')).resolves.toMatch(/: 100% uptime, 1 checks$/);
    // The inline style applied (its hash is in the page's policy): bars have height and colour.
    const bar = await bars.last().boundingBox();
    expect(bar?.height).toBeGreaterThan(10);
    await expect(page.content()).resolves.not.toContain('internal-db');
    await screenshot(page, 'status-page-en');

    const phone = await statusTab(360);
    await phone.getByRole('heading', { level: 3, name: 'public-shop' }).waitFor();
    expect(await contentWidth(phone)).toBeLessThanOrEqual(360);

    await phone.goto(`${svc.baseUrl}/status?lang=ko`);
    await phone.getByRole('heading', { level: 1, name: '시스템 상태' }).waitFor();
    await screenshot(phone, 'status-page-ko-phone');
  });

  it('an admin marks an environment and an incident public in their forms, and the page shows them', async () => {
    const tab = await browser.open(`${svc.baseUrl}/environments`, { expectStatus: [401] });
    opened.push(tab);
    const { page } = tab;
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('sign-in-username').fill('admin');
    await page.getByTestId('sign-in-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    const card = page.locator('[data-testid=environment-card][data-name="internal-db"]');
    await card.waitFor();
    await card.getByTestId('env-edit').click();
    const form = await openedDialog(page);
    const toggle = form.getByTestId('e-public').locator('input');
    await expect(toggle.isChecked()).resolves.toBe(false);
    await toggle.check();
    await form.getByTestId('e-submit').click();
    await form.waitFor({ state: 'detached' });

    // And a public incident from the incident form.
    await page.goto(`${svc.baseUrl}/operations`);
    await page.getByTestId('new-incident').click();
    const incident = await openedDialog(page);
    await incident.getByTestId('f-title').fill('Payments are delayed');
    await incident.getByTestId('f-severity').selectOption({ label: 'High' });
    await incident.getByTestId('f-type').selectOption({ label: 'Performance' });
    await incident.getByTestId('f-description').fill('internal detail: queue 7 is stuck');
    await incident.getByTestId('f-public').locator('input').check();
    await incident.getByTestId('f-submit').click();
    await incident.waitFor({ state: 'detached' });

    const status = await statusTab();
    // The page is shared for a few seconds: reload until the change shows.
    const deadline = Date.now() + 15_000;
    while ((await status.getByRole('heading', { level: 3, name: 'internal-db' }).count()) === 0 && Date.now() < deadline) {
      await status.waitForTimeout(500);
      await status.reload();
    }
    await status.getByRole('heading', { level: 3, name: 'internal-db' }).waitFor();
    await status.getByRole('heading', { level: 3, name: 'public-shop' }).waitFor();
    await status.getByRole('heading', { level: 3, name: 'Payments are delayed' }).waitFor();
    // internal-db is not checked, which says nothing about the others; the open high-severity incident does.
    await status.getByText('Some systems are degraded').waitFor();
    await expect(status.content()).resolves.not.toContain('queue 7');
    await screenshot(status, 'status-page-published');
  }, 60_000);
});
