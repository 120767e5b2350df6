import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { startService, type RunningService } from '../support/service.js';
import { DASHBOARD_DIR, DashboardBrowser, screenshot, type OpenedPage } from './browser.js';

/** The postmortem editor in a real browser: from a resolved incident to a saved, reloaded and exported postmortem. */
describe('postmortems in a real browser', () => {
  let service: RunningService;
  let browser: DashboardBrowser;
  let tab: OpenedPage | undefined;
  let incidentId: string;

  beforeAll(async () => {
    service = await startService({ env: { DASHBOARD_DIR } });
    await service.call('POST', '/api/environments', { name: 'prod-web', environment_type: 'production' });
    const created = await service.call('POST', '/api/incidents', {
      title: 'Login page times out',
      severity: 'high',
      incident_type: 'performance',
      environment_id: 'prod-web',
      affected_services: ['auth-web'],
    });
    incidentId = created.body.id;
    await service.call('POST', `/api/incidents/${incidentId}/notes`, { note: 'Session store at 100% CPU' });
    await service.call('PUT', `/api/incidents/${incidentId}`, { status: 'resolved', resolution_notes: 'Session store scaled out' });
    browser = await DashboardBrowser.launch();
  });
  afterAll(async () => {
    await tab?.page.context().close();
    await browser?.close();
    await service?.close();
  });

  it('opens the editor from a resolved incident, edits the draft, adds a follow-up, saves, reloads and exports Markdown', async () => {
    tab = await browser.open(`${service.baseUrl}/operations/incidents/${incidentId}`);
    const { page } = tab;
    await page.getByTestId('incident-postmortem').click();
    await page.waitForURL(`**/operations/incidents/${incidentId}/postmortem`);

    // The draft, written from what was recorded.
    await page.getByTestId('pm-draft-note').waitFor();
    await expect(page.getByTestId('pm-summary').inputValue()).resolves.toContain('Login page times out');
    await expect(page.getByTestId('pm-summary').inputValue()).resolves.toContain('Resolution: Session store scaled out');
    await expect(page.getByTestId('pm-impact').inputValue()).resolves.toContain('Affected services: auth-web.');
    await expect(page.getByTestId('pm-timeline').textContent()).resolves.toContain('Session store at 100% CPU');
    await expect(page.getByTestId('pm-export').isDisabled()).resolves.toBe(true);

    await page.getByTestId('pm-root-cause').fill('Sessions were never expired, so the store grew without bound');
    await page.getByTestId('pm-add-follow-up').click();
    await page.getByTestId('fu-title-0').fill('Expire idle sessions after 24 h');
    await page.getByTestId('fu-owner-0').fill('kim');
    await page.getByTestId('fu-due-0').fill('2030-01-31');
    await page.getByTestId('fu-status-0').selectOption('in_progress');
    await page.getByTestId('pm-save').click();
    await page
      .getByTestId('pm-revision')
      .getByText(/Revision 1,/)
      .waitFor();
    // Its own save is not taken for someone else's.
    await page.waitForTimeout(500);
    await expect(page.getByTestId('pm-conflict').count()).resolves.toBe(0);

    const saved = (await service.call('GET', `/api/incidents/${incidentId}/postmortem`)).body;
    expect(saved).toMatchObject({
      revision: 1,
      root_cause: 'Sessions were never expired, so the store grew without bound',
      follow_ups: [
        expect.objectContaining({ title: 'Expire idle sessions after 24 h', owner: 'kim', due_date: '2030-01-31', status: 'in_progress' }),
      ],
    });
    const detail = (await service.call('GET', `/api/incidents/${incidentId}`)).body;
    expect(detail.timeline.at(-1)).toMatchObject({ source: 'dashboard', message: 'Postmortem saved (revision 1, 1 follow-up)' });

    // After a reload the saved postmortem comes back, not a new draft.
    await page.reload();
    await page
      .getByTestId('pm-revision')
      .getByText(/Revision 1,/)
      .waitFor();
    await expect(page.getByTestId('pm-root-cause').inputValue()).resolves.toBe(
      'Sessions were never expired, so the store grew without bound',
    );
    await expect(page.getByTestId('fu-title-0').inputValue()).resolves.toBe('Expire idle sessions after 24 h');
    await expect(page.getByTestId('fu-status-0').inputValue()).resolves.toBe('in_progress');
    await screenshot(page, 'postmortem-editor');

    // Someone saves meanwhile (here through the API): the page says so at once, and reloading shows their version.
    await service.call('PUT', `/api/incidents/${incidentId}/postmortem`, { summary: 'Edited elsewhere', revision: 1 });
    await page.getByTestId('pm-conflict').waitFor();
    await page.getByTestId('pm-conflict').getByRole('button').click();
    await page
      .getByTestId('pm-revision')
      .getByText(/Revision 2,/)
      .waitFor();
    await expect(page.getByTestId('pm-summary').inputValue()).resolves.toBe('Edited elsewhere');
    await expect(page.getByTestId('pm-conflict').count()).resolves.toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pm-export').click()]);
    expect(download.suggestedFilename()).toBe(`postmortem-${incidentId}.md`);
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown.startsWith('# Postmortem: Login page times out\n')).toBe(true);
    expect(markdown).toContain('## Summary\n\nEdited elsewhere\n');
    expect(markdown).toContain('## Root cause\n\nSessions were never expired, so the store grew without bound\n');
    expect(markdown).toContain('| Expire idle sessions after 24 h | kim | 2030-01-31 | in_progress |');

    // The follow-up is listed across incidents, reached from the operations page.
    await page.goto(`${service.baseUrl}/operations`);
    await page.getByTestId('follow-ups-link').click();
    await page.waitForURL('**/operations/follow-ups');
    const row = page.getByTestId('fu-row').filter({ hasText: 'Expire idle sessions after 24 h' });
    await expect(row.textContent()).resolves.toMatch(/kim.*2030-01-31.*In progress.*Login page times out/);
    await page.getByTestId('fu-filter-status').selectOption('done');
    await page.getByTestId('fu-apply').click();
    await page.getByTestId('fu-empty').waitFor();

    expect(tab.problems).toEqual([]);
  });

  it('speaks Korean on the editor and the follow-ups list', async () => {
    const ko = await browser.open(`${service.baseUrl}/operations/incidents/${incidentId}/postmortem`, { lang: 'ko' });
    try {
      await ko.page.getByRole('heading', { name: /^사후 분석: Login page times out/ }).waitFor();
      await expect(ko.page.getByTestId('pm-save').textContent()).resolves.toContain('사후 분석 저장');
      await expect(ko.page.getByTestId('pm-export').textContent()).resolves.toContain('Markdown 내보내기');
      // A deep link, as a bookmark opens it.
      await ko.page.goto(`${service.baseUrl}/operations/follow-ups`);
      await ko.page.getByRole('heading', { name: '후속 조치' }).waitFor();
      await expect(ko.page.getByTestId('fu-row').first().textContent()).resolves.toContain('진행 중');
      expect(ko.problems).toEqual([]);
    } finally {
      await ko.page.context().close();
    }
  });
});
