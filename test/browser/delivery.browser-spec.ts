import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../support/service.js';
import { DASHBOARD_DIR, DashboardBrowser, screenshot, type OpenedPage } from './browser.js';

/**
 * The delivery page in a real browser, over deployments and incidents made through the API today:
 * prod-web ran three deployments (one completed, one failed, one completed and then rolled back),
 * staging-web one completed; prod-web had a critical and a high incident, one of them resolved.
 */
describe('delivery metrics page in a real browser', () => {
  let service: RunningService;
  let browser: DashboardBrowser;
  const tabs: OpenedPage[] = [];

  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await service.call(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const deployment = async (environment: string, version: string, ...steps: Array<[string, unknown?]>) => {
    const { id } = await ok('POST', '/api/deployments', {
      title: `Release ${version}`,
      environment_id: environment,
      version,
      deployment_type: 'rolling',
      commit_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    for (const [action, body] of [['execute'], ...steps] as Array<[string, unknown?]>) {
      await ok('POST', `/api/deployments/${id}/${action}`, body ?? {});
    }
  };

  beforeAll(async () => {
    service = await startService({ env: { DASHBOARD_DIR } });
    await ok('POST', '/api/environments', { name: 'prod-web', environment_type: 'production' });
    await ok('POST', '/api/environments', { name: 'staging-web', environment_type: 'staging' });
    await deployment('prod-web', 'v1.0.0', ['complete']);
    await deployment('prod-web', 'v1.1.0', ['fail', { reason: 'migration failed' }]);
    await deployment('prod-web', 'v1.2.0', ['complete'], ['rollback', { reason: 'error rate' }]);
    await deployment('staging-web', 'v2.0.0', ['complete']);
    const critical = await ok('POST', '/api/incidents', {
      title: 'Checkout down',
      severity: 'critical',
      incident_type: 'outage',
      environment_id: 'prod-web',
    });
    await ok('PUT', `/api/incidents/${critical.id}`, { status: 'resolved', resolution_notes: 'restarted' });
    await ok('POST', '/api/incidents', {
      title: 'Slow search',
      severity: 'high',
      incident_type: 'performance',
      environment_id: 'prod-web',
    });
    browser = await DashboardBrowser.launch();
  });
  afterAll(async () => {
    for (const tab of tabs) await tab.page.context().close();
    await browser?.close();
    await service?.close();
  });

  const card = (tab: OpenedPage, metric: string) => tab.page.locator(`[data-metric="${metric}"]`);
  const parts = (tab: OpenedPage, chart: string) => tab.page.getByTestId(chart).locator('app-stacked-columns rect.part');

  it('is reached from the deployments page and shows the four numbers with their bands, and the charts draw the seeded bars', async () => {
    const tab = await browser.open(`${service.baseUrl}/deployments`);
    tabs.push(tab);
    const { page } = tab;
    await page.getByTestId('delivery-link').click();
    await page.waitForURL(/\/delivery$/);
    await page.getByTestId('dora-cards').waitFor();

    // All environments, last 30 days: 3 reached production (v1.0.0, v1.2.0, v2.0.0), 2 of 4 ended ones failed.
    await expect(card(tab, 'deployment_frequency').textContent()).resolves.toContain('Reached production: 3 in 30 days');
    await expect(card(tab, 'change_failure_rate').getByTestId('metric-value').textContent()).resolves.toContain('50%');
    await expect(card(tab, 'change_failure_rate').getByTestId('metric-band').textContent()).resolves.toContain('Low');
    await expect(card(tab, 'change_failure_rate').textContent()).resolves.toContain('2 of 4 ended deployments: 1 failed, 1 rolled back');
    // Lead time from the commit an hour earlier: under a day, elite.
    await expect(card(tab, 'lead_time').getByTestId('metric-band').textContent()).resolves.toContain('Elite');
    await expect(card(tab, 'lead_time').textContent()).resolves.toContain('Deployments: 3, of which 3 measured from the commit time');
    await expect(card(tab, 'time_to_restore').textContent()).resolves.toContain('Incidents resolved: 1; opened and still unresolved: 1');
    await expect(card(tab, 'time_to_restore').getByTestId('metric-band').textContent()).resolves.toContain('Elite');

    // Today's column: 2 succeeded, 1 failed, 1 rolled back; 1 critical and 1 high incident.
    const outcome = async (label: string) =>
      parts(tab, 'outcomes-chart')
        .and(page.locator(`[data-part="${label}"]`))
        .getAttribute('data-value');
    await expect(outcome('Succeeded')).resolves.toBe('2');
    await expect(outcome('Failed')).resolves.toBe('1');
    await expect(outcome('Rolled back')).resolves.toBe('1');
    await expect(parts(tab, 'incidents-chart').count()).resolves.toBe(2);
    const heights = await parts(tab, 'outcomes-chart').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
    expect(heights.every((h) => h > 0)).toBe(true);
    expect(tab.problems).toEqual([]);
    await screenshot(page, 'delivery');
  });

  it('narrows to one environment and another window, by week', async () => {
    const tab = await browser.open(`${service.baseUrl}/delivery`);
    tabs.push(tab);
    const { page } = tab;
    await page.getByTestId('dora-cards').waitFor();
    await page.getByTestId('delivery-environment').selectOption({ label: 'staging-web' });
    await card(tab, 'deployment_frequency').getByText('Reached production: 1 in 30 days').waitFor();
    await expect(card(tab, 'change_failure_rate').getByTestId('metric-value').textContent()).resolves.toContain('0%');
    await expect(parts(tab, 'incidents-chart').count()).resolves.toBe(0);

    await page.getByTestId('delivery-window').selectOption({ label: 'Last 90 days' });
    await card(tab, 'deployment_frequency').getByText('Reached production: 1 in 90 days').waitFor();
    await expect(page.getByTestId('delivery-bucket').inputValue()).resolves.toBe('week');
    await expect(page.getByTestId('outcomes-chart').locator('g[data-column]').count()).resolves.toBeGreaterThanOrEqual(13);
    expect(tab.problems).toEqual([]);
  });

  it('speaks Korean', async () => {
    const tab = await browser.open(`${service.baseUrl}/delivery`, { lang: 'ko' });
    tabs.push(tab);
    const { page } = tab;
    await page.getByTestId('dora-cards').waitFor();
    await expect(card(tab, 'change_failure_rate').textContent()).resolves.toContain('변경 실패율');
    await expect(card(tab, 'change_failure_rate').getByTestId('metric-band').textContent()).resolves.toContain('낮음');
    await page.getByText('심각도별 인시던트').waitFor();
    await screenshot(page, 'delivery-ko');
  });

  it('is in the header navigation, marked as the current page there', async () => {
    const tab = await browser.open(`${service.baseUrl}/operations`);
    tabs.push(tab);
    const { page } = tab;
    await page.getByTestId('nav-delivery').click();
    await page.getByTestId('dora-cards').waitFor();
    expect(new URL(page.url()).pathname).toBe('/delivery');
    await expect(page.getByTestId('nav-delivery').getAttribute('aria-current')).resolves.toBe('page');
  });
});
