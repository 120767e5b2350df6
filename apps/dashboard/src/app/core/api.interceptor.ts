import { type HttpEvent, HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { type Observable, catchError, from, switchMap, throwError } from 'rxjs';
import { AccessToken } from './access-token';
import { Notifier } from './notifier';

function withHeaders(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  // X-Client makes timelines record these changes as made through the dashboard.
  return request.clone({ setHeaders: { 'X-Client': 'dashboard', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}

/**
 * The one place API failures are handled: the API's message goes to the snackbar (forms also
 * show `fields` next to their inputs). A 401 asks for the access token (one dialog for all the
 * requests waiting on it) and retries; a refused token is asked for again until the person cancels.
 */
export const apiInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/')) return next(request);
  const token = inject(AccessToken);
  const notifier = inject(Notifier);
  const fail = (error: unknown) => {
    notifier.error(error);
    return throwError(() => error);
  };
  const attempt = (sentWith: string | null): Observable<HttpEvent<unknown>> =>
    next(withHeaders(request, sentWith)).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof HttpErrorResponse) || error.status !== 401) return fail(error);
        // Another request may already have been given a newer token while this one was out.
        const current = token.value();
        if (current && current !== sentWith) return attempt(current);
        if (sentWith) token.set(null);
        return from(token.ask(sentWith !== null)).pipe(switchMap((given) => (given ? attempt(given) : fail(error))));
      }),
    );
  return attempt(token.value());
};
