import { afterEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { startService, tempDatabasePath, type RunningService } from '../support/service.js';
import { DASHBOARD_DIR, DashboardBrowser, screenshot, type OpenedPage } from './browser.js';

/** The service on a fixed port and database file, so it can be stopped and started again underneath an open page. */
async function serve(dbPath: string, port: number): Promise<{ app: NestFastifyApplication; port: number }> {
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'error',
    EVENTS_POLL_MS: '100',
    DASHBOARD_DIR,
  });
  const app = await createApp(config);
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, port: typeof address === 'object' && address ? address.port : port };
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe('dashboard resilience in a real browser', () => {
  let browser: DashboardBrowser | undefined;
  let tab: OpenedPage | undefined;
  const cleanups: Array<() => Promise<unknown> | unknown> = [];

  afterEach(async () => {
    await tab?.page.context().close();
    await browser?.close();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    tab = undefined;
    browser = undefined;
  });

  it('reconnects by itself after the service restarts, and shows what changed meanwhile', async () => {
    const db = tempDatabasePath();
    cleanups.push(db.cleanup);
    let running = await serve(db.path, 0);
    const base = `http://127.0.0.1:${running.port}`;
    cleanups.push(() => running.app.close());
    browser = await DashboardBrowser.launch();
    tab = await browser.open(`${base}/operations`);
    const { page } = tab;
    await page.getByTestId('incidents-empty').waitFor();
    await page.getByTestId('live-state').getByText('Live').waitFor();

    await running.app.close();
    await page.getByTestId('live-state').getByText('Reconnecting').waitFor();
    running = await serve(db.path, running.port);
    // Made while the page had no connection to the service, and right after it came back.
    expect(await post(base, '/api/incidents', { title: 'made after the restart', severity: 'low', incident_type: 'data' })).toBe(201);
    await page.locator('[data-testid=incident-table] tbody tr', { hasText: 'made after the restart' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('live-state').getByText('Live').waitFor();

    // While the service was down the browser's own reconnect attempts failed; nothing else may have.
    const unexpected = tab.problems.filter((p) => !/ERR_CONNECTION_REFUSED|api\/events/.test(p));
    expect(unexpected).toEqual([]);
  });

  it('signs in with the access token once, keeps it for the session, and uses it for the API and the live stream', async () => {
    const token = 'a-long-enough-dashboard-token';
    const svc: RunningService = await startService({ env: { ACCESS_TOKEN: token, DASHBOARD_DIR, EVENTS_POLL_MS: '100' } });
    cleanups.push(() => svc.close());
    browser = await DashboardBrowser.launch();
    tab = await browser.open(`${svc.baseUrl}/operations`, { expectStatus: [401] });
    const { page } = tab;

    // The service wants a token: the sign-in page asks for it, then returns to the page asked for.
    await page.waitForURL(/\/sign-in\?next=%2Foperations$/);
    await page.getByTestId('use-token').click();
    await page.getByTestId('token-input').fill('wrong-token-of-some-length');
    await page.getByTestId('token-submit').click();
    // A refused token is asked for again, saying so.
    await page.getByTestId('sign-in-error').waitFor();
    await page.getByTestId('token-input').fill(token);
    await screenshot(page, 'access-token-sign-in-en');
    await page.getByTestId('token-submit').click();
    await page.waitForURL(/\/operations$/);
    await page.getByTestId('incidents-empty').waitFor();
    await page.getByTestId('live-state').getByText('Live').waitFor();

    // The live stream works with the token: a change made elsewhere shows up.
    expect(
      await post(
        svc.baseUrl,
        '/api/incidents',
        { title: 'seen through the token', severity: 'high', incident_type: 'security' },
        { authorization: `Bearer ${token}` },
      ),
    ).toBe(201);
    await page.locator('[data-testid=incident-table] tbody tr', { hasText: 'seen through the token' }).waitFor({ timeout: 2_000 });

    // Kept for the session: a reload does not ask again.
    await page.reload();
    await page.locator('[data-testid=incident-table] tbody tr', { hasText: 'seen through the token' }).waitFor();
    expect(page.url()).not.toContain('/sign-in');
    const unexpected = tab.problems.filter((p) => !/401|Unauthorized/i.test(p));
    expect(unexpected).toEqual([]);
  });
});
