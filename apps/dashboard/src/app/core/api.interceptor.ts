import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AccessToken } from './access-token';
import { Notifier } from './notifier';

function withHeaders(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  // X-Client makes timelines record these changes as made through the dashboard.
  return request.clone({ setHeaders: { 'X-Client': 'dashboard', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}

/**
 * The one place API failures are handled: the API's message goes to the snackbar (forms also
 * show `fields` next to their inputs), and a 401 asks for the access token once, then retries.
 */
export const apiInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/')) return next(request);
  const token = inject(AccessToken);
  const notifier = inject(Notifier);
  const fail = (error: unknown) => {
    notifier.error(error);
    return throwError(() => error);
  };
  const sentWith = token.value();
  return next(withHeaders(request, sentWith)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) return fail(error);
      // Another request may already have been given a new token while this one was out.
      const current = token.value();
      const retryWith = current && current !== sentWith ? Promise.resolve(current) : token.ask(sentWith !== null);
      return from(retryWith).pipe(
        switchMap((given) => {
          if (!given) return fail(error);
          return next(withHeaders(request, given)).pipe(
            catchError((again: unknown) => {
              if (again instanceof HttpErrorResponse && again.status === 401) token.set(null);
              return fail(again);
            }),
          );
        }),
      );
    }),
  );
};
