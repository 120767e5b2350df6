import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { fakeApi, incident, page, validationError } from '../../testing/fakes';
import { IncidentFormDialog } from './incident-form-dialog';

async function render(data: object = {}) {
  const { api, provider } = fakeApi();
  const close = vi.fn();
  TestBed.configureTestingModule({
    imports: [IncidentFormDialog],
    providers: [provider, { provide: MAT_DIALOG_DATA, useValue: data }, { provide: MatDialogRef, useValue: { close } }],
  });
  const fixture = TestBed.createComponent(IncidentFormDialog);
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const submit = async () => {
    el.querySelector<HTMLButtonElement>('[data-testid=f-submit]')!.click();
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const type = (testId: string, value: string) => {
    const input = el.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-testid=${testId}]`)!;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
  };
  return { api, close, fixture, el, submit, type };
}

describe('incident form dialog', () => {
  it('shows what is missing and sends nothing', async () => {
    const { api, el, submit } = await render();
    await submit();
    const errors = [...el.querySelectorAll('mat-error')].map((e) => e.textContent?.trim()).filter(Boolean);
    expect(errors).toContain('Required');
    expect(api.createIncident).not.toHaveBeenCalled();
  });

  it('creates the incident from the form and closes with it', async () => {
    const { api, close, el, submit, type } = await render();
    api.createIncident.mockResolvedValue(incident({ id: 'inc-9' }));
    type('f-title', 'DB down');
    const severity = el.querySelector<HTMLSelectElement>('[data-testid=f-severity]')!;
    severity.selectedIndex = [...severity.options].findIndex((o) => o.textContent?.trim() === 'Critical');
    severity.dispatchEvent(new Event('change'));
    const type_ = el.querySelector<HTMLSelectElement>('[data-testid=f-type]')!;
    type_.selectedIndex = [...type_.options].findIndex((o) => o.textContent?.trim() === 'Outage');
    type_.dispatchEvent(new Event('change'));
    await submit();
    expect(api.createIncident).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'DB down', severity: 'critical', incident_type: 'outage', status: 'open' }),
    );
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ id: 'inc-9' }));
  });

  it("puts the API's field messages under the matching inputs and stays open", async () => {
    const { api, close, el, submit } = await render({ incident: incident() });
    api.listEnvironments.mockResolvedValue(page([]));
    api.updateIncident.mockRejectedValue(validationError([{ field: 'commander', messages: ['commander must be at most 100 characters'] }]));
    const commander = el.querySelector<HTMLInputElement>('[data-testid=f-commander]')!;
    commander.value = 'someone';
    commander.dispatchEvent(new Event('input'));
    await submit();
    expect(api.updateIncident).toHaveBeenCalledWith('inc-1', { commander: 'someone' });
    expect(el.textContent).toContain('commander must be at most 100 characters');
    expect(close).not.toHaveBeenCalled();
  });
});
