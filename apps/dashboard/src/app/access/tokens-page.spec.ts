import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { vi } from 'vitest';
import { Auth } from '../core/auth';
import { accessToken, fakeAccessApi, session } from '../../testing/access-fakes';
import { page } from '../../testing/fakes';
import { AccessApi } from './access-api';
import { TokensPage, endOfDay } from './tokens-page';

const SECRET = 'wfm_ab12_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

async function render() {
  const { api } = fakeAccessApi();
  const existing = accessToken({ id: 'tok-old', name: 'old-laptop' });
  api.listTokens.mockResolvedValue(page([existing]));
  TestBed.configureTestingModule({ imports: [TokensPage], providers: [provideRouter([])] });
  TestBed.overrideComponent(TokensPage, { set: { providers: [{ provide: AccessApi, useValue: api }] } });
  const auth = TestBed.inject(Auth);
  auth.session.set(session());
  auth.status.set('signed-in');
  const fixture = TestBed.createComponent(TokensPage);
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  };
  const type = (testId: string, value: string) => {
    const input = el.querySelector<HTMLInputElement>(`[data-testid=${testId}]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  return { api, fixture, el, settle, type };
}

describe('my tokens page', () => {
  it('creates a token and shows its secret once, with a copy button, until "Done"', async () => {
    const { api, el, settle, type } = await render();
    const created = accessToken({ id: 'tok-new', name: 'deploy-pipeline', prefix: 'wfm_ab12' });
    api.createToken.mockResolvedValue({ token: created, secret: SECRET });
    el.querySelector<HTMLButtonElement>('[data-testid=new-token]')!.click();
    await settle();
    type('token-name', '  deploy-pipeline ');
    el.querySelector<HTMLButtonElement>('[data-testid=token-create]')!.click();
    await settle();

    expect(api.createToken).toHaveBeenCalledWith({ name: 'deploy-pipeline', role: 'responder', read_only: false, expires_at: null });
    expect(el.querySelector('[data-testid=token-secret]')?.textContent?.trim()).toBe(SECRET);
    expect(el.querySelector('[data-testid=token-secret-panel]')?.textContent).toContain('you won’t see it again');
    expect(el.querySelector('[data-testid=token-copy]')).not.toBeNull();

    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    el.querySelector<HTMLButtonElement>('[data-testid=token-copy]')!.click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(SECRET);

    // Listing again never shows more than the prefix.
    api.listTokens.mockResolvedValue(page([created]));
    el.querySelector<HTMLButtonElement>('[data-testid=token-secret-done]')!.click();
    await settle();
    expect(el.querySelector('[data-testid=token-secret-panel]')).toBeNull();
    expect(el.textContent).not.toContain(SECRET);
    expect(el.querySelector('[data-testid=token-table]')?.textContent).toContain('wfm_ab12…');
  });

  it('offers roles up to the person’s own, and sends read-only and the expiry day', async () => {
    const { api, el, settle, type } = await render();
    api.createToken.mockResolvedValue({ token: accessToken(), secret: SECRET });
    el.querySelector<HTMLButtonElement>('[data-testid=new-token]')!.click();
    await settle();
    const roles = [...el.querySelectorAll<HTMLOptionElement>('[data-testid=token-role] option')].map((o) => o.value);
    expect(roles).toEqual(['viewer', 'responder']);
    type('token-name', 'nightly-report');
    const select = el.querySelector<HTMLSelectElement>('[data-testid=token-role]')!;
    select.value = 'viewer';
    select.dispatchEvent(new Event('change'));
    type('token-expires', '2030-06-30');
    el.querySelector<HTMLInputElement>('[data-testid=token-read-only] input')!.click();
    el.querySelector<HTMLButtonElement>('[data-testid=token-create]')!.click();
    await settle();
    expect(api.createToken).toHaveBeenCalledWith({
      name: 'nightly-report',
      role: 'viewer',
      read_only: true,
      expires_at: endOfDay('2030-06-30'),
    });
    expect(new Date(endOfDay('2030-06-30')!).getDate()).toBe(30);
  });

  it('a token without a name is not sent', async () => {
    const { api, el, settle, type } = await render();
    el.querySelector<HTMLButtonElement>('[data-testid=new-token]')!.click();
    await settle();
    type('token-name', '   ');
    el.querySelector<HTMLButtonElement>('[data-testid=token-create]')!.click();
    await settle();
    expect(api.createToken).not.toHaveBeenCalled();
    expect(el.querySelector('[data-testid=token-secret]')).toBeNull();
  });
});
