import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { vi } from 'vitest';
import { AccessToken } from './access-token';
import { apiInterceptor } from './api.interceptor';
import { Auth } from './auth';
import { Notifier } from './notifier';

@Component({ template: '' })
class Blank {}

async function setUp(startAt = '/operations/incidents/inc-1?tab=notes') {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([apiInterceptor])),
      provideHttpClientTesting(),
      provideRouter([
        { path: 'sign-in', component: Blank },
        { path: '**', component: Blank },
      ]),
    ],
  });
  const router = TestBed.inject(Router);
  await router.navigateByUrl(startAt);
  const notifier = TestBed.inject(Notifier);
  const shown = vi.spyOn(notifier, 'error').mockImplementation(() => undefined);
  return {
    router,
    notifier,
    shown,
    http: TestBed.inject(HttpClient),
    backend: TestBed.inject(HttpTestingController),
    auth: TestBed.inject(Auth),
    token: TestBed.inject(AccessToken),
  };
}

/** Sends a request through the interceptor and answers it with `status` and `body`; resolves with the error seen. */
async function answer(t: Awaited<ReturnType<typeof setUp>>, method: string, url: string, status: number, body: object) {
  const result = firstValueFrom(t.http.request(method, url, { body: {} })).catch((error: unknown) => error);
  t.backend.expectOne(url).flush(body, { status, statusText: 'x' });
  const error = await result;
  await TestBed.inject(Router).navigated;
  await new Promise((resolve) => setTimeout(resolve));
  return error;
}

describe('API interceptor: an ended session leads to the sign-in page', () => {
  afterEach(() => sessionStorage.clear());

  it('a 401 from any API call shows the sign-in page, with the page to come back to', async () => {
    const t = await setUp();
    await answer(t, 'GET', '/api/incidents/inc-1', 401, { statusCode: 401, error: 'unauthorized', message: 'Sign in first.' });
    expect(t.router.url).toBe('/sign-in?next=' + encodeURIComponent('/operations/incidents/inc-1?tab=notes'));
    expect(t.auth.status()).toBe('signed-out');
    // The sign-in page explains; no error snackbar on top of it.
    expect(t.shown).not.toHaveBeenCalled();
  });

  it('forgets a token the service refused (revoked or expired)', async () => {
    const t = await setUp();
    t.token.set('wfm_revoked');
    await answer(t, 'GET', '/api/incidents', 401, { statusCode: 401, error: 'unauthorized', message: 'Token revoked.' });
    expect(t.token.value()).toBeNull();
    expect(t.router.url.startsWith('/sign-in')).toBe(true);
  });

  it('a 403 stays on the page and shows the service’s message', async () => {
    const t = await setUp('/deployments');
    const message = 'Your role (viewer) may not do this: responder or higher is needed.';
    const error = await answer(t, 'POST', '/api/deployments', 403, { statusCode: 403, error: 'forbidden', message });
    expect(t.router.url).toBe('/deployments');
    expect(t.shown).toHaveBeenCalledWith(error);
    expect(t.notifier.messageFor(error)).toBe(message);
  });

  it('a wrong current password (401 under /api/auth/) is a message, not a sign-out', async () => {
    const t = await setUp('/password');
    const error = await answer(t, 'PUT', '/api/auth/password', 401, {
      statusCode: 401,
      error: 'unauthorized',
      message: 'The current password is wrong.',
    });
    expect(t.router.url).toBe('/password');
    expect(t.auth.status()).not.toBe('signed-out');
    expect(t.notifier.messageFor(error)).toBe('The current password is wrong.');
  });

  it('sends X-Client and a token given on the sign-in page', async () => {
    const t = await setUp();
    t.token.set('wfm_personal');
    void firstValueFrom(t.http.get('/api/incidents')).catch(() => undefined);
    const request = t.backend.expectOne('/api/incidents').request;
    expect(request.headers.get('X-Client')).toBe('dashboard');
    expect(request.headers.get('Authorization')).toBe('Bearer wfm_personal');
  });
});
