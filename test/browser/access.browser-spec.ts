import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startService, type RunningService } from '../support/service.js';
import { DASHBOARD_DIR, DashboardBrowser, openedDialog, screenshot, type OpenedPage } from './browser.js';

const ADMIN_PASSWORD = 'correct horse battery staple';

/**
 * Team access in the built dashboard: the service starts in team mode (its first admin from
 * ADMIN_USERNAME/ADMIN_PASSWORD), and a person signs in, sees who they are, creates a token whose
 * secret is shown once, meets a refused permission, and signs out.
 */
describe('team access in a real browser', () => {
  let svc: RunningService;
  let browser: DashboardBrowser;
  const opened: OpenedPage[] = [];

  const open = async (path: string) => {
    // 401 (not signed in, a wrong password), 403 (a refused permission), 429 (too many tries) are what these tests are about.
    const tab = await browser.open(svc.baseUrl + path, { expectStatus: [401, 403, 429] });
    opened.push(tab);
    return tab.page;
  };

  const signIn = async (page: Page, username: string, password: string) => {
    await page.getByTestId('sign-in-username').fill(username);
    await page.getByTestId('sign-in-password').fill(password);
    // Waits for the service's answer.
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in')), page.getByTestId('sign-in-submit').click()]);
  };

  beforeAll(async () => {
    svc = await startService({ env: { DASHBOARD_DIR, EVENTS_POLL_MS: '100', ADMIN_USERNAME: 'admin', ADMIN_PASSWORD } });
    browser = await DashboardBrowser.launch();
  });

  afterEach(async () => {
    // The browser reports each refused request on the console; anything else is a defect.
    const problems = opened.flatMap((tab) => tab.problems).filter((p) => !/status of (401|403|429)/.test(p));
    for (const tab of opened.splice(0)) await tab.page.context().close();
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  it('sign in (a wrong password says so), who is signed in, the cookie, a token shown once, live updates, sign out', async () => {
    const page = await open('/deployments?status=planned');
    await page.waitForURL(/\/sign-in\?next=/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/deployments?status=planned');
    await expect(page.getByTestId('signed-in-as').count()).resolves.toBe(0);

    await signIn(page, 'admin', 'not the password at all');
    await expect(page.getByTestId('sign-in-error').textContent()).resolves.toContain('username or password is not right');
    expect(page.url()).toContain('/sign-in');
    await screenshot(page, 'sign-in-refused-en');

    // Repeated failures for one name are refused for a while, and the page says for how long.
    for (let attempt = 0; attempt < 5; attempt++) {
      await signIn(page, 'mallory', `guess number ${attempt}`);
      await page.getByTestId('sign-in-error').getByText('not right').waitFor();
    }
    await signIn(page, 'mallory', 'one more guess');
    await expect(page.getByTestId('sign-in-error').textContent()).resolves.toMatch(/Too many failed sign-ins; try again in \d+ minutes/);

    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/deployments\?status=planned$/);
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toBe('admin');
    await expect(page.getByTestId('signed-in-role').textContent()).resolves.toBe('Admin');
    await page.getByTestId('nav-admin').waitFor();

    const cookie = (await page.context().cookies()).find((c) => c.name === 'wfm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Not readable by the page's scripts.
    await expect(page.evaluate(() => (globalThis as any).document.cookie as string)).resolves.not.toContain('wfm_session');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-tokens').click();
    await page.waitForURL(/\/tokens$/);
    await page.getByTestId('new-token').click();
    await page.getByTestId('token-name').fill('ci-pipeline');
    await page.getByTestId('token-create').click();
    const secret = (await page.getByTestId('token-secret').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    await expect(page.getByTestId('token-secret-panel').textContent()).resolves.toContain('you won’t see it again');
    await page.getByTestId('token-copy').waitFor();
    await screenshot(page, 'token-created-en');
    await page.getByTestId('token-secret-done').click();
    await page.getByTestId('token-secret-panel').waitFor({ state: 'detached' });
    await page.locator('[data-testid=token-table] tr[data-name=ci-pipeline]').waitFor();
    await page.reload();
    await page.locator('[data-testid=token-table] tr[data-name=ci-pipeline]').waitFor();
    await expect(page.content()).resolves.not.toContain(secret);

    // The token works as a Bearer token, and the page (signed in by cookie) sees the change live.
    await page.goto(svc.baseUrl + '/operations');
    await page.getByTestId('live-state').getByText('Live').waitFor();
    const created = await svc.call(
      'POST',
      '/api/incidents',
      { title: 'made with the pipeline token', severity: 'low', incident_type: 'data' },
      { authorization: `Bearer ${secret}` },
    );
    expect(created.status).toBe(201);
    await page.locator('[data-testid=incident-table] tbody tr', { hasText: 'made with the pipeline token' }).waitFor({ timeout: 5_000 });

    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-sign-out').click();
    await page.waitForURL(/\/sign-in/);
    expect((await page.context().cookies()).find((c) => c.name === 'wfm_session')?.value ?? '').toBe('');
    await page.goto(svc.baseUrl + '/operations');
    await page.waitForURL(/\/sign-in\?next=%2Foperations/);
    await page.getByTestId('sign-in-form').waitFor();
  });

  it('a viewer sees no buttons that change things; a permission refused underneath is shown clearly', async () => {
    const admin = (await svc.call('POST', '/api/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD })).headers.get('set-cookie')!;
    const asAdmin = { cookie: admin.split(';')[0]! };
    const password = 'a responder password';
    const made = await svc.call(
      'POST',
      '/api/users',
      { username: 'rita', password, role: 'responder', display_name: 'Rita Park' },
      asAdmin,
    );
    expect(made.status).toBe(201);

    const page = await open('/operations');
    await page.waitForURL(/\/sign-in/);
    await signIn(page, 'rita', password);
    await page.waitForURL(/\/operations$/);
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toBe('Rita Park');
    await expect(page.getByTestId('signed-in-role').textContent()).resolves.toBe('Responder');
    await expect(page.getByTestId('nav-admin').count()).resolves.toBe(0);
    await page.getByTestId('new-incident').waitFor();

    // An admin makes Rita a viewer while her page is open: what she tries now is refused, and she is told why.
    expect((await svc.call('PATCH', `/api/users/${made.body.id}`, { role: 'viewer' }, asAdmin)).status).toBe(200);
    await page.getByTestId('new-incident').click();
    const form = await openedDialog(page);
    await form.getByTestId('f-title').fill('refused');
    await form.getByTestId('f-severity').selectOption({ label: 'Low' });
    await form.getByTestId('f-type').selectOption({ label: 'Data' });
    await form.getByTestId('f-submit').click();
    const snack = page.locator('.snack-error');
    await snack.waitFor();
    await expect(snack.textContent()).resolves.toContain('needs the responder role');
    await screenshot(page, 'permission-refused-en');

    // Loaded again as the viewer she now is, the page offers no create button.
    await page.reload();
    await page.getByTestId('incident-table').waitFor();
    await page.getByTestId('signed-in-role').getByText('Viewer').waitFor();
    await expect(page.getByTestId('new-incident').count()).resolves.toBe(0);

    // Notification settings are for admins: a viewer reads them but is offered no form to change them.
    await page.goto(`${svc.baseUrl}/notifications`);
    await page.getByTestId('delivery-refresh').waitFor();
    for (const form of ['channel-form', 'rule-form', 'window-form']) await expect(page.getByTestId(form).count()).resolves.toBe(0);
  });

  it('admin pages: add, change and delete a user; revoke anyone’s token; read the audit log', async () => {
    const cookie = (await svc.call('POST', '/api/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD })).headers.get(
      'set-cookie',
    )!;
    const made = await svc.call('POST', '/api/tokens', { name: 'nightly-report', read_only: true }, { cookie: cookie.split(';')[0]! });
    expect(made.status).toBe(201);
    const secret: string = made.body.secret;

    const page = await open('/operations');
    await page.waitForURL(/\/sign-in/);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/operations$/);
    await page.getByTestId('nav-admin').click();
    await page.waitForURL(/\/admin\/users$/);
    await page.locator('[data-testid=user-table] tr[data-username=admin]').waitFor();

    await page.getByTestId('new-user').click();
    let dialog = await openedDialog(page);
    await dialog.getByTestId('u-username').fill('sam');
    await dialog.getByTestId('u-display-name').fill('Sam Lee');
    await dialog.getByTestId('u-role').selectOption('responder');
    await dialog.getByTestId('u-password').fill('short');
    await dialog.getByTestId('u-submit').click();
    // The service's refusal arrives after the click: wait for it rather than read what is there now.
    await dialog.locator('mat-error', { hasText: '12' }).first().waitFor();
    await dialog.getByTestId('u-password').fill('a long enough password');
    await dialog.getByTestId('u-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const sam = page.locator('[data-testid=user-table] tr[data-username=sam]');
    await expect(sam.getByTestId('user-role').textContent()).resolves.toBe('Responder');
    await screenshot(page, 'admin-users-en');

    await sam.getByTestId('user-edit').click();
    dialog = await openedDialog(page);
    await dialog.getByTestId('u-role').selectOption('viewer');
    await dialog.getByTestId('u-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await sam.getByTestId('user-role').getByText('Viewer').waitFor();
    expect((await svc.call('POST', '/api/auth/sign-in', { username: 'sam', password: 'a long enough password' })).body.role).toBe('viewer');

    await sam.getByTestId('user-delete').click();
    dialog = await openedDialog(page);
    await dialog.getByTestId('action-confirm').click();
    await sam.waitFor({ state: 'detached' });

    await page.getByTestId('admin-tokens').click();
    await page.waitForURL(/\/admin\/tokens$/);
    const row = page.locator('[data-testid=token-table] tr[data-name=nightly-report]');
    await expect(row.textContent()).resolves.toContain('read-only');
    await row.getByTestId('token-revoke').click();
    dialog = await openedDialog(page);
    await dialog.getByTestId('action-confirm').click();
    await row.waitFor({ state: 'detached' });
    // Revoked at once.
    expect((await svc.call('GET', '/api/incidents', undefined, { authorization: `Bearer ${secret}` })).status).toBe(401);

    await page.getByTestId('admin-audit').click();
    await page.waitForURL(/\/admin\/audit$/);
    await page.locator('[data-testid=audit-table] tr[data-kind=sign_in]').first().waitFor();
    await page.getByTestId('audit-kind').selectOption('token_revoked');
    // The unfiltered rows stay until the filtered page arrives: wait for the others to go, not for a match (one was there before).
    await page.locator('[data-testid=audit-table] tbody tr:not([data-kind=token_revoked])').first().waitFor({ state: 'detached' });
    await page.locator('[data-testid=audit-table] tr[data-kind=token_revoked]').first().waitFor();
    await expect(page.locator('[data-testid=audit-table] tbody tr:not([data-kind=token_revoked])').count()).resolves.toBe(0);
    await screenshot(page, 'admin-audit-en');
  });
});
