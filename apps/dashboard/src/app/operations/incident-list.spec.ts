import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { EVENT_SOURCE_FACTORY } from '../core/live-updates';
import { fakeApi, incident } from '../../testing/fakes';
import { IncidentList } from './incident-list';

describe('incident list: filters, sorting and pages come from the service', () => {
  async function render() {
    const { api, provider } = fakeApi();
    api.listIncidents.mockImplementation(async (query: { cursor?: string }) => ({
      items: [incident({ id: query.cursor ? 'inc-2' : 'inc-1', title: query.cursor ? 'second page' : 'first page' })],
      total: 21,
      limit: 20,
      has_more: !query.cursor,
      next_cursor: query.cursor ? null : 'cursor-2',
    }));
    TestBed.configureTestingModule({
      imports: [IncidentList],
      providers: [provider, provideRouter([]), { provide: EVENT_SOURCE_FACTORY, useValue: null }],
    });
    const fixture = TestBed.createComponent(IncidentList);
    await fixture.whenStable();
    return { api, fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('pages forward with the next cursor and back without it', async () => {
    const { api, fixture, el } = await render();
    expect(el.querySelector('[data-testid=incident-table]')?.textContent).toContain('first page');
    el.querySelector<HTMLButtonElement>('[data-testid=incident-next]')!.click();
    await fixture.whenStable();
    expect(api.listIncidents).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'cursor-2' }));
    expect(el.querySelector('[data-testid=incident-table]')?.textContent).toContain('second page');
    expect(el.querySelector('[data-testid=incident-range]')?.textContent).toContain('21–21 of 21');
    const previous = [...el.querySelectorAll<HTMLButtonElement>('.pager button')].find((b) => b.textContent?.includes('Previous'))!;
    previous.click();
    await fixture.whenStable();
    expect(api.listIncidents).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: undefined }));
  });

  it('asks the service for the chosen severity and sort, starting again from the first page', async () => {
    const { api, fixture, el } = await render();
    const choose = (testId: string, label: string) => {
      const select = el.querySelector<HTMLSelectElement>(`[data-testid=${testId}]`)!;
      select.selectedIndex = [...select.options].findIndex((o) => o.textContent?.trim() === label);
      select.dispatchEvent(new Event('change'));
    };
    choose('filter-severity', 'Critical');
    choose('filter-sort', 'Severity');
    await fixture.whenStable();
    expect(api.listIncidents).toHaveBeenLastCalledWith(
      expect.objectContaining({ severity: 'critical', sort_by: 'severity', cursor: undefined }),
    );
  });
});
