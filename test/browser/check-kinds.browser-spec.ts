import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { startService, type RunningService } from '../support/service.js';
import { DASHBOARD_DIR, DashboardBrowser, openedDialog, screenshot, type OpenedPage } from './browser.js';

/** A real TCP listener for the check to reach, and a port nothing listens on. */
async function tcpListener(): Promise<{ server: Server; port: number; closedPort: number }> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
  const closedPort = (spare.address() as { port: number }).port;
  await new Promise<void>((resolve) => spare.close(() => resolve()));
  return { server, port: (server.address() as { port: number }).port, closedPort };
}

describe('health check kinds in the dashboard', () => {
  let svc: RunningService;
  let browser: DashboardBrowser;
  let tcp: Awaited<ReturnType<typeof tcpListener>>;
  const opened: OpenedPage[] = [];

  beforeAll(async () => {
    tcp = await tcpListener();
    svc = await startService({ env: { DASHBOARD_DIR, EVENTS_POLL_MS: '100' } });
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
    await new Promise<void>((resolve) => tcp?.server.close(() => resolve()));
  });

  it('sets up a TCP check in the form, shows only its settings, and the card shows what the real check found', async () => {
    const tab = await browser.open(`${svc.baseUrl}/environments`);
    opened.push(tab);
    const { page } = tab;
    await page.getByTestId('new-environment').click();
    const form = await openedDialog(page);
    await form.getByTestId('e-name').fill('db-port');
    await form.getByTestId('e-type').selectOption({ label: 'Production' });

    // Each kind shows its own settings: TLS has its warning days, TCP has neither those nor a body condition.
    await form.getByTestId('e-hc-kind').selectOption({ label: 'TLS certificate' });
    await form.getByTestId('e-hc-tls-days').waitFor();
    await form.getByTestId('e-hc-kind').selectOption({ label: 'TCP connect' });
    await form.getByTestId('e-hc-tls-days').waitFor({ state: 'detached' });
    await expect(form.getByTestId('e-hc-keyword').count()).resolves.toBe(0);

    // A TCP target without a port is refused in the form, before anything is sent.
    await form.getByTestId('e-hc-target').fill('127.0.0.1');
    await form.getByTestId('e-submit').click();
    await form.locator('mat-error').first().waitFor();
    await form.getByTestId('e-hc-target').fill(`127.0.0.1:${tcp.port}`);
    await screenshot(page, 'environment-form-tcp');
    await form.getByTestId('e-submit').click();
    await form.waitFor({ state: 'detached' });

    const saved = (await svc.call('GET', '/api/environments/db-port')).body;
    expect(saved.health_check).toMatchObject({ kind: 'tcp', target: `127.0.0.1:${tcp.port}`, enabled: true });

    const card = page.locator('[data-testid=environment-card][data-name="db-port"]');
    await card.waitFor();
    expect((await svc.call('POST', '/api/environments/db-port/check')).body.status).toBe('healthy');
    await card.locator('[data-testid=env-health] [data-value=healthy]').waitFor();

    // Pointed at a closed port, the next check is critical and the card says why.
    expect((await svc.call('PATCH', '/api/environments/db-port', { health_check: { target: `127.0.0.1:${tcp.closedPort}` } })).status).toBe(
      200,
    );
    expect((await svc.call('POST', '/api/environments/db-port/check')).body.status).toBe('critical');
    await card.locator('[data-testid=env-health] [data-value=critical]').waitFor();
    await card.getByTestId('env-check-error').waitFor();
    expect(await card.getByTestId('env-check-error').textContent()).toContain('refused');
  });
});
