import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { AUTH_FETCH, Auth } from '../core/auth';
import { fakeFetch, session } from '../../testing/access-fakes';
import { SignInPage, safeNext } from './sign-in-page';

@Component({ template: '' })
class Blank {}

const UNAUTHORIZED = { status: 401, body: { statusCode: 401, error: 'unauthorized', message: 'Sign in first.' } };

async function render(routes: Parameters<typeof fakeFetch>[0], next = '/deployments/dep-1') {
  const fetch = fakeFetch({ 'GET /api/auth/session': UNAUTHORIZED, ...routes });
  TestBed.configureTestingModule({
    imports: [SignInPage],
    providers: [provideRouter([{ path: '**', component: Blank }]), { provide: AUTH_FETCH, useValue: fetch }],
  });
  const fixture = TestBed.createComponent(SignInPage);
  fixture.componentRef.setInput('next', next);
  await fixture.whenStable();
  const el = fixture.nativeElement as HTMLElement;
  const type = (testId: string, value: string) => {
    const input = el.querySelector<HTMLInputElement>(`[data-testid=${testId}]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async () => {
    type('sign-in-username', 'alice');
    type('sign-in-password', 'not-the-password');
    el.querySelector<HTMLButtonElement>('[data-testid=sign-in-submit]')!.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  };
  const message = () => el.querySelector('[data-testid=sign-in-error]')?.textContent?.trim() ?? null;
  return { fixture, el, fetch, submit, message, router: TestBed.inject(Router), auth: TestBed.inject(Auth) };
}

describe('sign-in page', () => {
  it('shows the service’s message when the password is wrong, and stays', async () => {
    const t = await render({
      'POST /api/auth/sign-in': { status: 401, body: { statusCode: 401, error: 'unauthorized', message: 'Wrong username or password.' } },
    });
    await t.submit();
    expect(t.message()).toBe('Wrong username or password.');
    expect(t.auth.status()).toBe('signed-out');
    expect(t.fetch).toHaveBeenCalledWith(
      '/api/auth/sign-in',
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ username: 'alice', password: 'not-the-password' }) }),
    );
  });

  it('after too many tries, shows the service’s message (which says how long to wait)', async () => {
    const t = await render({
      'POST /api/auth/sign-in': {
        status: 429,
        body: { statusCode: 429, error: 'rate_limited', message: 'Too many failed sign-ins; try again in 60 seconds.' },
        headers: { 'Retry-After': '60' },
      },
    });
    await t.submit();
    expect(t.message()).toBe('Too many failed sign-ins; try again in 60 seconds.');
  });

  it('signs in and goes back to the page that asked', async () => {
    const t = await render({ 'POST /api/auth/sign-in': { status: 200, body: session() } });
    await t.submit();
    expect(t.message()).toBeNull();
    expect(t.auth.session()?.user?.username).toBe('alice');
    expect(t.router.url).toBe('/deployments/dep-1');
  });

  it('is skipped when nobody needs to sign in (local mode)', async () => {
    const t = await render(
      { 'GET /api/auth/session': { status: 200, body: session({ mode: 'local', kind: 'local', user: null }) } },
      '/environments',
    );
    await new Promise((resolve) => setTimeout(resolve));
    expect(t.router.url).toBe('/environments');
  });

  it('accepts an access token instead, and says so when it is refused', async () => {
    const t = await render({});
    t.el.querySelector<HTMLButtonElement>('[data-testid=use-token]')!.click();
    await t.fixture.whenStable();
    const input = t.el.querySelector<HTMLInputElement>('[data-testid=token-input]')!;
    input.value = 'wfm_wrong';
    input.dispatchEvent(new Event('input'));
    await t.fixture.whenStable();
    t.el.querySelector<HTMLButtonElement>('[data-testid=token-submit]')!.click();
    await t.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    t.fixture.detectChanges();
    expect(t.message()).toBe('The token was refused. Check it and try again.');
    const [, init] = t.fetch.mock.calls.at(-1)!;
    expect((init?.headers as Record<string, string>)['Authorization']).toBe('Bearer wfm_wrong');
  });

  it('only ever returns to a page of this dashboard', () => {
    expect(safeNext('/operations?severity=high')).toBe('/operations?severity=high');
    for (const elsewhere of ['//evil.example', 'https://evil.example/', '/\\evil.example', '/sign-in?next=/x', '', undefined])
      expect(safeNext(elsewhere)).toBe('/');
  });
});
