import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { INCIDENT_STATUSES, allowedIncidentStatuses } from '@workflow-mcp/domain';
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
