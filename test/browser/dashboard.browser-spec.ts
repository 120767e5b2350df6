import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { startService, type RunningService } from '../support/service.js';
import { DASHBOARD_DIR, DashboardBrowser, contentWidth, eventually, openedDialog, screenshot, type OpenedPage } from './browser.js';

/** Live changes must reach an open page within this (the promise). */
const LIVE_MS = 2_000;

describe('dashboard in a real browser', () => {
  let svc: RunningService;
  let browser: DashboardBrowser;
  const opened: OpenedPage[] = [];

  const open = async (path: string, options: Parameters<DashboardBrowser['open']>[1] = {}) => {
    const tab = await browser.open(svc.baseUrl + path, options);
    opened.push(tab);
    return tab.page;
  };

  beforeAll(async () => {
    svc = await startService({ env: { DASHBOARD_DIR, EVENTS_POLL_MS: '100' } });
    browser = await DashboardBrowser.launch();
  });

  afterEach(async () => {
    // No console errors, uncaught exceptions or failed requests on any page.
    const problems = opened.flatMap((tab) => tab.problems);
    for (const tab of opened.splice(0)) await tab.page.context().close();
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  it('incidents: empty state, create through the form, listed, detail, status change, note, edit, resolve', async () => {
    const page = await open('/operations');
    await expect(page.getByTestId('incidents-empty').textContent()).resolves.toContain('New incident');
    // Nobody has an account: no sign-in, everything allowed, and the header says so.
    await expect(page.getByTestId('local-mode').textContent()).resolves.toBe('Local mode');
    // The footer names the release: package.json's version, as the API document and the MCP server do.
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    await expect(page.getByTestId('app-version').textContent()).resolves.toBe(`workflow-mcp ${version}`);
    await screenshot(page, 'operations-empty-en');

    await page.getByTestId('new-incident').click();
    const form = await openedDialog(page);
    await form.getByTestId('f-submit').click();
    // Validation mirrors the service: title, severity and type are required.
    await expect(form.locator('mat-error').first().textContent()).resolves.toContain('Required');
    await form.getByTestId('f-title').fill('API 서버 응답 지연');
    await form.getByTestId('f-severity').selectOption({ label: 'High' });
    await form.getByTestId('f-type').selectOption({ label: 'Performance' });
    await form.getByTestId('f-description').fill('결제 API 응답 시간이 10초 이상 소요됨');
    for (const service of ['payment-api', 'checkout-service']) {
      await form.getByTestId('f-services').fill(service);
      await form.getByTestId('f-services').press('Enter');
    }
    await form.getByTestId('f-tags').fill('payment');
    await form.getByTestId('f-tags').press('Enter');
    await screenshot(page, 'incident-create-form-en');
    await form.getByTestId('f-submit').click();
    await form.waitFor({ state: 'detached' });

    const row = page.locator('[data-testid=incident-table] tbody tr', { hasText: 'API 서버 응답 지연' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('payment-api, checkout-service');
    await screenshot(page, 'operations-en');

    await row.getByRole('link').click();
    await page.waitForURL(/\/operations\/incidents\/inc-/);
    const id = page.url().split('/').pop()!;
    await expect(page.getByTestId('incident-title').textContent()).resolves.toBe('API 서버 응답 지연');
    // From open the lifecycle offers every later status, never open itself.
    await expect(
      page
        .getByTestId('status-actions')
        .locator('button')
        .evaluateAll((b) => b.map((x) => x.getAttribute('data-status'))),
    ).resolves.toEqual(['investigating', 'identified', 'monitoring', 'resolved']);

    await page.locator('[data-status=investigating]').click();
    await page.getByTestId('incident-status').getByText('Investigating').waitFor();

    await page.getByTestId('note-input').fill('Connection pool exhausted on db-1; scaling up.');
    await page.getByTestId('note-submit').click();
    await page.getByTestId('timeline').getByText('Connection pool exhausted on db-1').waitFor();

    await page.getByTestId('incident-edit').click();
    const edit = await openedDialog(page);
    await edit.getByTestId('f-title').fill('결제 API 응답 지연');
    await edit.getByTestId('f-commander').fill('kim');
    await edit.getByTestId('f-root-cause').fill('DB connection pool too small');
    await edit.getByTestId('f-submit').click();
    await edit.waitFor({ state: 'detached' });
    await page.getByTestId('incident-title').getByText('결제 API 응답 지연').waitFor();

    await page.locator('[data-status=resolved]').click();
    const resolve = await openedDialog(page);
    await resolve.getByTestId('action-resolution_notes').fill('서버 용량 증설로 해결');
    await resolve.getByTestId('action-confirm').click();
    await page.getByTestId('incident-status').getByText('Resolved').waitFor();
    await expect(page.getByTestId('incident-resolution').textContent()).resolves.toContain('서버 용량 증설로 해결');
    await screenshot(page, 'incident-detail-en');

    const stored = (await svc.call('GET', `/api/incidents/${id}`)).body;
    expect(stored).toMatchObject({
      title: '결제 API 응답 지연',
      status: 'resolved',
      commander: 'kim',
      resolution_notes: '서버 용량 증설로 해결',
      tags: ['payment'],
    });
    // Every change made here is recorded as made through the dashboard.
    expect(new Set(stored.timeline.map((e: { source: string }) => e.source))).toEqual(new Set(['dashboard']));
    expect(stored.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'status_changed', 'note', 'updated']),
    );
  });

  it('environments: add one, edit it, change its status', async () => {
    const page = await open('/environments');
    await page.getByTestId('environments-empty').waitFor();
    await page.getByTestId('new-environment').click();
    const form = await openedDialog(page);
    await form.getByTestId('e-name').fill('prod env');
    await form.getByTestId('e-url').fill('not a url');
    await form.getByTestId('e-submit').click();
    // The refusal may render a moment after the click: wait for the message rather than read the form at once.
    await form.locator('mat-error', { hasText: 'http' }).first().waitFor();
    await form.getByTestId('e-name').fill('prod-env-123');
    await form.getByTestId('e-type').selectOption({ label: 'Production' });
    await form.getByTestId('e-url').fill('http://127.0.0.1:9/');
    await form.getByTestId('e-hc-enabled').locator('input').uncheck();
    await form.getByTestId('e-tags').fill('api');
    await form.getByTestId('e-tags').press('Enter');
    await screenshot(page, 'environment-form-en');
    await form.getByTestId('e-submit').click();
    await form.waitFor({ state: 'detached' });

    const card = page.locator('[data-testid=environment-card][data-name="prod-env-123"]');
    await card.waitFor();
    await card.getByTestId('env-not-checked').waitFor();

    await card.getByTestId('env-edit').click();
    const edit = await openedDialog(page);
    await edit.getByTestId('e-description').fill('메인 API 서비스 프로덕션 환경');
    await edit.getByTestId('e-version').fill('v2.0.5');
    await edit.getByTestId('e-submit').click();
    await edit.waitFor({ state: 'detached' });
    await card.getByTestId('env-version').getByText('v2.0.5').waitFor();

    await card.locator('[data-status=maintenance] button').click();
    await eventually(async () => (await svc.call('GET', '/api/environments/prod-env-123')).body.status, 'maintenance', LIVE_MS);
    await card.locator('[data-status=active] button').click();
    await eventually(async () => (await svc.call('GET', '/api/environments/prod-env-123')).body.status, 'active', LIVE_MS);
    const env = (await svc.call('GET', '/api/environments/prod-env-123')).body;
    expect(env).toMatchObject({
      description: '메인 API 서비스 프로덕션 환경',
      current_version: 'v2.0.5',
      tags: ['api'],
      url: 'http://127.0.0.1:9/',
    });
    await screenshot(page, 'environments-en');
  });

  it('deployments: plan, execute, live progress, complete, roll back', async () => {
    const page = await open('/deployments');
    await page.getByTestId('deployments-empty').waitFor();
    await page.getByTestId('new-deployment').click();
    const form = await openedDialog(page);
    await form.getByTestId('d-title').fill('API v2.1.0 프로덕션 배포');
    await form.getByTestId('d-environment').selectOption({ label: 'prod-env-123 (Production)' });
    await form.getByTestId('d-version').fill('v2.1.0');
    await form.getByTestId('d-type').selectOption({ label: 'Blue-green' });
    await form.getByTestId('d-schedule').fill('2030-01-15T02:00');
    await form.getByTestId('d-rollback-version').fill('v2.0.5');
    await form.getByTestId('d-instances').fill('3');
    await form.getByTestId('d-rollout').fill('250');
    await form.getByTestId('d-submit').click();
    await form.locator('mat-error', { hasText: '0 to 100' }).first().waitFor();
    await form.getByTestId('d-rollout').fill('25');
    await form.getByTestId('d-hc-url').fill('/health');
    await screenshot(page, 'deployment-form-en');
    await form.getByTestId('d-submit').click();
    await form.waitFor({ state: 'detached' });

    const row = page.locator('[data-testid=deployment-table] tbody tr', { hasText: 'API v2.1.0' });
    await row.waitFor();
    await screenshot(page, 'deployments-en');
    await row.getByTestId('row-execute').click();
    await (await openedDialog(page)).getByTestId('action-confirm').click();
    await row.getByText('In progress').waitFor();

    await row.getByRole('link').click();
    await page.waitForURL(/\/deployments\/dep-/);
    const id = page.url().split('/').pop()!;
    await page.getByTestId('deployment-progress').getByText('Waiting for the pipeline').waitFor();
    // The pipeline reports progress over REST; the open page follows it live.
    const started = Date.now();
    await svc.call('POST', `/api/deployments/${id}/progress`, { percentage: 40, message: '2 of 3 instances switched' });
    await page.getByTestId('deployment-progress').getByText('40% done').waitFor({ timeout: LIVE_MS });
    expect(Date.now() - started).toBeLessThan(LIVE_MS);
    await expect(page.getByTestId('deployment-progress').textContent()).resolves.toContain('2 of 3 instances switched');
    await screenshot(page, 'deployment-in-progress-en');

    const actions = () =>
      page
        .getByTestId('deployment-actions')
        .locator('button')
        .evaluateAll((b) => b.map((x) => x.getAttribute('data-action')));
    await expect(actions()).resolves.toEqual(['complete', 'fail', 'rollback', 'edit']);
    await page.locator('[data-action=complete]').click();
    await (await openedDialog(page)).getByTestId('action-confirm').click();
    await page.getByTestId('deployment-status').getByText('Completed').waitFor();
    expect((await svc.call('GET', '/api/environments/prod-env-123')).body.current_version).toBe('v2.1.0');
    await expect(actions()).resolves.toEqual(['rollback', 'edit']);

    await page.locator('[data-action=rollback]').click();
    const rollback = await openedDialog(page);
    await rollback.getByTestId('action-confirm').click();
    // The reason is required.
    await rollback.locator('mat-error').getByText('Required').waitFor();
    await rollback.getByTestId('action-reason').fill('error rate spiked');
    await rollback.getByTestId('action-confirm').click();
    await page.getByTestId('deployment-status').getByText('Rolled back').waitFor();
    await expect(page.getByTestId('rolled-back-to').textContent()).resolves.toContain('v2.0.5');
    await expect(actions()).resolves.toEqual([]);
    await screenshot(page, 'deployment-detail-en');
    expect((await svc.call('GET', '/api/environments/prod-env-123')).body.current_version).toBe('v2.0.5');
    const stored = (await svc.call('GET', `/api/deployments/${id}`)).body;
    expect(stored).toMatchObject({
      status: 'rolled_back',
      rollback_reason: 'error rate spiked',
      deployment_config: { instances: 3, rollout_percentage: 25, health_check_url: '/health' },
    });
    expect(stored.scheduled_at).toBe(new Date('2030-01-15T02:00').toISOString());
  });

  it('an incident created through REST appears on the open /operations page without a reload', async () => {
    const page = await open('/operations');
    await page.getByTestId('incident-table').waitFor();
    await page.getByTestId('live-state').getByText('Live').waitFor();
    const openBefore = Number(await page.getByTestId('open-count').textContent());
    const started = Date.now();
    const created = await svc.call('POST', '/api/incidents', {
      title: '프로덕션 DB 연결 실패',
      severity: 'critical',
      incident_type: 'outage',
      affected_services: ['user-service'],
    });
    expect(created.status).toBe(201);
    await page.locator('[data-testid=incident-table] tbody tr', { hasText: '프로덕션 DB 연결 실패' }).waitFor({ timeout: LIVE_MS });
    expect(Date.now() - started).toBeLessThan(LIVE_MS);
    // The summary follows too: the open count includes it.
    await eventually(async () => Number(await page.getByTestId('open-count').textContent()), openBefore + 1, LIVE_MS);
  });

  it("Korean: the guide's labels on every page, remembered across pages, readable at tablet width", async () => {
    const page = await open('/operations', { lang: 'en' });
    await page.getByTestId('lang-ko').click();
    await page.getByTestId('new-incident').getByText('새 인시던트 생성').waitFor();
    await screenshot(page, 'operations-ko');
    await page.locator('[data-testid=incident-table] tbody tr a').first().click();
    await page.getByTestId('incident-edit').getByText('수정').waitFor();
    await screenshot(page, 'incident-detail-ko');

    await page.goto(`${svc.baseUrl}/environments`);
    await page.getByTestId('new-environment').getByText('새 환경 추가').waitFor();
    await page.getByTestId('env-edit').first().getByText('편집').waitFor();
    await screenshot(page, 'environments-ko');

    await svc.call('POST', '/api/deployments', {
      title: '긴급 보안 패치 배포',
      environment_id: 'prod-env-123',
      deployment_type: 'hotfix',
      version: 'v2.0.6-security',
    });
    await page.goto(`${svc.baseUrl}/deployments`);
    await page.getByTestId('new-deployment').getByText('새 배포 계획').waitFor();
    await page.getByTestId('row-execute').getByText('실행').waitFor();
    await screenshot(page, 'deployments-ko');
    await page.locator('[data-testid=deployment-table] tbody tr', { hasText: 'API v2.1.0' }).getByRole('link').click();
    await page.getByTestId('deployment-status').getByText('롤백됨').waitFor();
    await screenshot(page, 'deployment-detail-ko');

    const tablet = await open('/operations', { lang: 'ko', width: 768 });
    await tablet.getByTestId('new-incident').waitFor();
    await tablet.getByTestId('incident-table').waitFor();
    // Nothing wider than the screen: no sideways scrolling of the page.
    expect(await contentWidth(tablet)).toBeLessThanOrEqual(768);
    await screenshot(tablet, 'operations-ko-768');
    await tablet.goto(`${svc.baseUrl}/environments`);
    await tablet.getByTestId('environment-card').first().waitFor();
    expect(await contentWidth(tablet)).toBeLessThanOrEqual(768);
    await screenshot(tablet, 'environments-ko-768');
    await tablet.goto(`${svc.baseUrl}/deployments`);
    await tablet.getByTestId('deployment-table').waitFor();
    expect(await contentWidth(tablet)).toBeLessThanOrEqual(768);
    await screenshot(tablet, 'deployments-ko-768');
  });

  it('works with the keyboard: tab to "New incident", open the form, fill it, submit with Enter', async () => {
    const page = await open('/operations');
    await page.locator('[data-testid=incident-table], [data-testid=incidents-empty]').first().waitFor();
    await page.getByTestId('new-incident').focus();
    await page.keyboard.press('Enter');
    const form = await openedDialog(page);
    await form.getByTestId('f-title').waitFor();
    await expect(form.getByTestId('f-title').evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await page.keyboard.type('Keyboard only');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // severity: the first option
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // type: the first option
    await form.getByTestId('f-title').press('Enter');
    await form.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid=incident-table] tbody tr', { hasText: 'Keyboard only' });
    await row.waitFor();

    // Open it with the keyboard, then delete it: a confirmation first, then back to the list without it.
    await row.getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('incident-delete').waitFor();
    await page.getByTestId('incident-delete').click();
    const confirm = await openedDialog(page);
    await expect(confirm.textContent()).resolves.toContain('cannot be undone');
    await confirm.getByTestId('action-confirm').click();
    await page.waitForURL(/\/operations$/);
    await page.locator('[data-testid=incident-table], [data-testid=incidents-empty]').first().waitFor();
    await expect(page.locator('[data-testid=incident-table] tbody tr', { hasText: 'Keyboard only' }).count()).resolves.toBe(0);
  });

  it('deployments: a running deployment can be marked failed with a reason, then rolled back', async () => {
    const env = (
      await svc.call('POST', '/api/environments', { name: 'staging-eu', environment_type: 'staging', current_version: 'v1.0.0' })
    ).body;
    const dep = (
      await svc.call('POST', '/api/deployments', {
        title: 'canary 1.1',
        environment_id: env.id,
        version: 'v1.1.0',
        deployment_type: 'canary',
      })
    ).body;
    expect((await svc.call('POST', `/api/deployments/${dep.id}/execute`)).status).toBe(200);
    const page = await open(`/deployments/${dep.id}`);
    await page.getByTestId('deployment-progress').waitFor();
    await page.locator('[data-action=fail]').click();
    const fail = await openedDialog(page);
    await fail.getByTestId('action-reason').fill('health check failed on 2 of 3 instances');
    await fail.getByTestId('action-confirm').click();
    await page.getByTestId('deployment-status').getByText('Failed').waitFor();
    await page.getByText('health check failed on 2 of 3 instances').first().waitFor();
    expect((await svc.call('GET', `/api/deployments/${dep.id}`)).body).toMatchObject({
      status: 'failed',
      failure_reason: 'health check failed on 2 of 3 instances',
    });
  });
});
