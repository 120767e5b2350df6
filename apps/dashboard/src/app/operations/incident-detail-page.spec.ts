import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { INCIDENT_STATUSES, allowedIncidentStatuses, type TimelineEntry } from '@workflow-mcp/domain';
import { EVENT_SOURCE_FACTORY } from '../core/live-updates';
import { fakeApi, incident } from '../../testing/fakes';
import { IncidentDetailPage } from './incident-detail-page';

async function render(status: (typeof INCIDENT_STATUSES)[number]) {
  const { api, provider } = fakeApi();
  api.getIncident.mockResolvedValue(incident({ status }));
  TestBed.configureTestingModule({
    imports: [IncidentDetailPage],
    providers: [provider, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: null }],
  });
  const fixture = TestBed.createComponent(IncidentDetailPage);
  fixture.componentRef.setInput('id', 'inc-1');
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const offered = () => [...el.querySelectorAll('[data-testid=status-actions] button')].map((b) => b.getAttribute('data-status'));
  return { api, fixture, el, offered };
}

describe('incident detail: status buttons follow the lifecycle', () => {
  it.each(INCIDENT_STATUSES)('from %s it offers exactly what libs/domain allows', async (status) => {
    const { offered } = await render(status);
    expect(offered()).toEqual(allowedIncidentStatuses(status));
    expect(offered()).not.toContain(status);
  });

  it('never offers going back to open except as a reopen from resolved', async () => {
    expect((await render('investigating')).offered()).not.toContain('open');
    TestBed.resetTestingModule();
    expect((await render('resolved')).offered()).toContain('open');
  });

  it('moves the incident when a button is pressed and shows the answer', async () => {
    const { api, el, fixture } = await render('open');
    api.updateIncident.mockResolvedValue(incident({ status: 'investigating' }));
    el.querySelector<HTMLButtonElement>('[data-status=investigating]')!.click();
    await fixture.whenStable();
    expect(api.updateIncident).toHaveBeenCalledWith('inc-1', { status: 'investigating' });
    expect(el.querySelector('[data-testid=incident-status]')?.textContent).toContain('Investigating');
    expect([...el.querySelectorAll('[data-testid=status-actions] button')].map((b) => b.getAttribute('data-status'))).toEqual(
      allowedIncidentStatuses('investigating'),
    );
  });
});

describe('incident detail: older timeline entries', () => {
  const entry = (id: number, message = `entry ${id}`): TimelineEntry => ({
    id,
    kind: 'note',
    source: 'rest',
    actor: null,
    message,
    changes: null,
    data: null,
    created_at: '2025-01-10T10:00:00.000Z',
  });
  const shown = (el: HTMLElement) => [...el.querySelectorAll('[data-testid=timeline] > li blockquote')].map((m) => m.textContent?.trim());
  const button = (el: HTMLElement) => el.querySelector<HTMLButtonElement>('[data-testid=timeline-older]');

  async function renderLong() {
    const { api, provider } = fakeApi();
    api.getIncident.mockResolvedValue(
      incident({ timeline: [entry(10), entry(11)], timeline_has_more: true, timeline_next_cursor: 'c-10' }),
    );
    TestBed.configureTestingModule({
      imports: [IncidentDetailPage],
      providers: [provider, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: null }],
    });
    const fixture = TestBed.createComponent(IncidentDetailPage);
    fixture.componentRef.setInput('id', 'inc-1');
    await fixture.whenStable();
    return { api, fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('shows no button when the timeline is complete', async () => {
    const { el } = await render('open');
    expect(button(el)).toBeNull();
  });

  it('loads the page before the oldest entry, shows it after the newer ones, and keeps it when the incident changes', async () => {
    const { api, fixture, el } = await renderLong();
    expect(shown(el)).toEqual(['entry 11', 'entry 10']);
    expect(button(el)?.textContent?.trim()).toBe('Show older entries');

    api.incidentTimeline.mockResolvedValue({ items: [entry(8), entry(9)], total: 4, limit: 200, has_more: false, next_cursor: null });
    button(el)!.click();
    await fixture.whenStable();
    expect(api.incidentTimeline).toHaveBeenCalledWith('inc-1', { cursor: 'c-10', limit: 200 });
    expect(shown(el)).toEqual(['entry 11', 'entry 10', 'entry 9', 'entry 8']);
    expect(button(el)).toBeNull();

    // A note: the answer carries the newest entries; the older ones loaded stay on screen.
    api.addIncidentNote.mockResolvedValue(
      incident({ timeline: [entry(11), entry(12, 'fresh')], timeline_has_more: true, timeline_next_cursor: 'c-11' }),
    );
    const input = el.querySelector<HTMLTextAreaElement>('[data-testid=note-input]')!;
    input.value = 'fresh';
    input.dispatchEvent(new Event('input'));
    el.querySelector<HTMLButtonElement>('[data-testid=note-submit]')!.click();
    await fixture.whenStable();
    expect(shown(el)).toEqual(['fresh', 'entry 11', 'entry 10', 'entry 9', 'entry 8']);
    expect(button(el)).toBeNull();
  });

  it('in Korean too', async () => {
    localStorage.setItem('workflow-mcp.lang', 'ko');
    try {
      const { el } = await renderLong();
      expect(button(el)?.textContent?.trim()).toBe('이전 기록 더 보기');
    } finally {
      localStorage.removeItem('workflow-mcp.lang');
    }
  });
});
