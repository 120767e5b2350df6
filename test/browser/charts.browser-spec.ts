import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startHealthTarget, type HealthTarget } from '../support/health-target.js';
import { refusedUrl } from '../support/loopback.js';
import { startService, type RunningService } from '../support/service.js';
import { DASHBOARD_DIR, DashboardBrowser, screenshot, type OpenedPage } from './browser.js';

/** Resolves once `read()` satisfies `ok`, or fails after `timeoutMs` with the last value seen. */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  expect({ satisfied: ok(value), value }).toEqual({ satisfied: true, value });
  return value;
}

describe('server text in Korean, and an environment’s charts, in a real browser', () => {
  let svc: RunningService;
  let target: HealthTarget;
  let browser: DashboardBrowser;
  const opened: OpenedPage[] = [];
  let prodId: string;
  let incidentId: string;

  const open = async (path: string, options: Parameters<DashboardBrowser['open']>[1] = {}) => {
    const tab = await browser.open(svc.baseUrl + path, options);
    opened.push(tab);
    return tab.page;
  };
  const check = async (id: string, status?: number) => {
    if (status !== undefined) target.setStatus('charts', status);
    expect((await svc.call('POST', `/api/environments/${id}/check`)).status).toBe(200);
  };

  beforeAll(async () => {
    target = await startHealthTarget();
    svc = await startService({ env: { DASHBOARD_DIR, EVENTS_POLL_MS: '100' } });
    const create = async (name: string, url: string, path: string) => {
      const res = await svc.call('POST', '/api/environments', {
        name,
        environment_type: 'production',
        url,
        health_check: { target: path, critical_threshold: 2, auto_incident_enabled: true },
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    prodId = await create('charts-prod', target.url, '/switch/charts');
    const downId = await create('charts-down', await refusedUrl(), '/health');
    // Healthy, then failing long enough to open an incident, then healthy again (a recovery note).
    for (const status of [200, 200, 200, 404, 503, 503, 200]) await check(prodId, status);
    await check(downId);
    const incidents = await svc.call('GET', '/api/incidents');
    expect(incidents.body.items).toHaveLength(1);
    incidentId = incidents.body.items[0].id;
    browser = await DashboardBrowser.launch();
  });

  afterEach(async () => {
    const problems = opened.flatMap((tab) => tab.problems);
    for (const tab of opened.splice(0)) await tab.page.context().close();
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    await target?.close();
  });

  it('switched to Korean, shows what the service wrote in Korean: an incident’s timeline and a check’s error', async () => {
    const page = await open('/operations', { lang: 'en' });
    await page.getByTestId('lang-ko').click();
    await page.getByTestId('new-incident').getByText('새 인시던트 생성').waitFor();

    await page.goto(`${svc.baseUrl}/operations/incidents/${incidentId}`);
    const timeline = page.getByTestId('timeline');
    await timeline.locator('[data-kind=created] .message').getByText('인시던트 등록 (심각 서비스 중단').waitFor();
    const recovered = timeline.locator('[data-kind=note] .message');
    await recovered.getByText('헬스 체크 복구').waitFor();
    expect(await recovered.textContent()).toContain('charts-prod 정상, 200');
    // The stored English is not shown in Korean.
    expect(await timeline.textContent()).not.toContain('Health checks recovered');
    await screenshot(page, 'charts-incident-timeline-ko');

    await page.goto(`${svc.baseUrl}/environments`);
    const down = page.locator('[data-testid=environment-card][data-name=charts-down]');
    await down.getByTestId('env-check-error').getByText('연결을 거부했습니다').waitFor();
    expect(await down.getByTestId('env-check-error').textContent()).not.toContain('connection refused');
    await screenshot(page, 'charts-environments-ko');
  });

  it('opens an environment’s page from its card: response-time graph, hourly up/down strip and recent checks', async () => {
    const page = await open('/environments', { lang: 'en' });
    await page.locator('[data-testid=environment-card][data-name=charts-prod]').getByTestId('env-detail-link').click();
    await page.getByTestId('environment-title').getByText('charts-prod').waitFor();
    expect(page.url()).toBe(`${svc.baseUrl}/environments/${prodId}`);

    const chart = page.getByTestId('response-time-chart');
    await chart.waitFor();
    // The hour of the checks has answers: a p50 and a p95 mark (a line, or a dot for a lone hour).
    await until(
      () => chart.locator('circle.p50, path.p50[d*="L"]').count(),
      (n) => n > 0,
    );
    const label = await chart.locator('svg').getAttribute('aria-label');
    expect(label).toMatch(/^Response time, Last 24 h: median \d+ ms, worst hourly p95 \d+ ms, slowest answer \d+ ms/);
    expect(await chart.locator('table tbody tr').count()).toBeGreaterThan(0);

    const strip = page.getByTestId('history-strip');
    await until(
      () => strip.locator('li').count(),
      (n) => n === 24,
    );
    // The checks' hour (two hours if they straddled one) is coloured by its worst check: critical.
    expect(await strip.locator('li[data-state=critical]').count()).toBeGreaterThan(0);
    expect(await strip.locator('li[data-state=empty]').count()).toBeGreaterThanOrEqual(22);
    const cell = strip.locator('li[data-state=critical]').last();
    expect(await cell.getAttribute('title')).toMatch(/\d+ checks: \d+ healthy, \d+ warning, \d+ critical/);
    expect(await strip.getAttribute('aria-label')).toMatch(/hours healthy/);

    const rows = page.getByTestId('recent-checks').locator('tbody tr');
    await until(
      () => rows.count(),
      (n) => n === 7,
    );
    expect(await rows.first().textContent()).toContain('HTTP 200');
    await screenshot(page, 'charts-environment-detail-en');

    await page.locator('[data-window="7d"]').click();
    await until(
      () => strip.locator('li').count(),
      (n) => n === 168,
    );
    expect(await chart.locator('svg').getAttribute('aria-label')).toMatch(/^Response time, Last 7 days:/);

    await page.getByTestId('lang-ko').click();
    await page.getByTestId('environment-title').waitFor();
    await until(
      () => strip.getAttribute('aria-label'),
      (text) => /^시간별 정상\/장애, 최근 7일: 정상 \d+시간/.test(text ?? ''),
    );
    expect(await page.locator('[data-testid=recent-checks] [data-testid=check-error]').first().textContent()).toMatch(/응답했습니다/);
    await screenshot(page, 'charts-environment-detail-ko');
  });
});
