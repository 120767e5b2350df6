import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type RunningService } from '../support/service.js';
import { startReceiver, verifyStandardWebhook, type WebhookReceiver } from '../support/webhook-receiver.js';
import { DASHBOARD_DIR, DashboardBrowser, screenshot, type OpenedPage } from './browser.js';

/** The notification settings page in a real browser: a person adds a webhook channel and sends a test. */
describe('notification settings in a real browser', () => {
  let service: RunningService;
  let browser: DashboardBrowser;
  let hook: WebhookReceiver;
  let tab: OpenedPage | undefined;

  beforeAll(async () => {
    service = await startService({ env: { DASHBOARD_DIR, NOTIFICATIONS_POLL_MS: '100', NOTIFICATIONS_RETRY_BASE_MS: '1500' } });
    await service.call('POST', '/api/environments', { name: 'prod-web', environment_type: 'production' });
    hook = await startReceiver();
    browser = await DashboardBrowser.launch();
  });
  afterAll(async () => {
    await tab?.page.context().close();
    await browser?.close();
    await hook?.close();
    await service?.close();
  });

  it('sets up a signed webhook channel, sends a test and shows it in the delivery log', async () => {
    tab = await browser.open(`${service.baseUrl}/notifications`);
    const { page } = tab;
    await page.getByRole('link', { name: 'Notifications' }).waitFor();
    await page.getByTestId('channel-name').fill('ops-webhook');
    await page.getByTestId('channel-kind').selectOption({ label: 'Webhook (signed)' });
    await page.getByTestId('channel-url').fill(`${hook.url}/hooks/ops`);
    await page.getByTestId('channel-submit').click();

    // The signing secret is shown once, right after creation.
    const secret = (await page.getByTestId('channel-secret').locator('code').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    const row = page.locator('[data-channel="ops-webhook"]');
    await expect(row.textContent()).resolves.toContain(`…${secret.slice(-4)}`);

    await row.getByTestId('channel-test').click();
    await page.getByText(/Test message delivered \(\d+ ms\)/).waitFor();
    const [request] = await hook.waitFor(1);
    expect(request!.path).toBe('/hooks/ops');
    expect(verifyStandardWebhook(secret, request!.headers, request!.body)).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'test', data: { channel: { name: 'ops-webhook' } } });

    const status = page.getByTestId('delivery-table').getByTestId('delivery-status');
    await expect(status.first().textContent()).resolves.toContain('Delivered');

    // The receiver fails once: the log shows the failed attempt, then (by itself) the retry delivered.
    hook.respond((n) => (n === 1 ? { status: 503, body: 'busy' } : { status: 200 }));
    await row.getByTestId('channel-test').click();
    await page.getByText('Test message failed: busy').waitFor();
    const retried = page.getByTestId('delivery-table').locator('tbody tr').first();
    await expect(retried.getByTestId('delivery-status').textContent()).resolves.toContain('Pending');
    await retried.getByTestId('delivery-status').getByText('Delivered').waitFor({ timeout: 15_000 });
    await retried.getByTestId('delivery-attempts').click();
    const log = page.getByTestId('delivery-attempt-log');
    await log.locator('li').nth(1).waitFor();
    await expect(log.locator('li').allTextContents()).resolves.toEqual([expect.stringContaining('503'), expect.stringContaining('200')]);
    await expect(log.textContent()).resolves.toContain('busy');
    expect(hook.received).toHaveLength(3);
    expect(hook.received[2]!.headers['webhook-id']).toBe(hook.received[1]!.headers['webhook-id']);

    // A rule sends resolved incidents of prod-web there.
    await page.getByTestId('rule-channel').selectOption({ label: 'ops-webhook' });
    await page.getByTestId('rule-submit').click();
    await page.getByTestId('rule-table').getByText('Incident opened, Incident resolved').waitFor();
    await screenshot(page, 'notifications');

    // A maintenance window on prod-web, on now: marked active here and on the environment's card.
    const local = (ms: number) => {
      const d = new Date(Date.now() + ms);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
    };
    const windowForm = page.getByTestId('window-form');
    await windowForm.locator('select[name="w-env"]').selectOption({ label: 'prod-web' });
    await windowForm.locator('input[name="w-start"]').fill(local(-3_600_000));
    await windowForm.locator('input[name="w-end"]').fill(local(3_600_000));
    await windowForm.locator('input[name="w-reason"]').fill('database upgrade');
    await page.getByTestId('window-submit').click();
    await page.getByTestId('window-table').getByTestId('window-active').waitFor();

    // After a reload the secret is gone for good: only its last characters remain.
    await page.reload();
    await page.locator('[data-channel="ops-webhook"]').waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('link', { name: 'Environments' }).click();
    const card = page.locator('[data-testid="environment-card"][data-name="prod-web"]');
    await expect(card.getByTestId('env-maintenance').textContent()).resolves.toContain('database upgrade');
    await screenshot(page, 'environments-maintenance');
    expect(tab.problems).toEqual([]);
  });
});
