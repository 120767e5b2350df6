import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AccessToken } from './access-token';
import { Auth } from './auth';
import { Notifier } from './notifier';

function withHeaders(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  // X-Client makes timelines record these changes as made through the dashboard.
  return request.clone({ setHeaders: { 'X-Client': 'dashboard', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
}

/** The sign-in page, then back to `url`. */
export function signInUrl(router: Router, url: string): ReturnType<Router['createUrlTree']> {
  const next = url.startsWith('/sign-in') ? undefined : url;
  return router.createUrlTree(['/sign-in'], { queryParams: next && next !== '/' ? { next } : {} });
}

/**
 * The one place API failures are handled: the API's message goes to the snackbar (forms also
 * show `fields` next to their inputs), a refused permission (403) included. A 401 means the
 * session ended or never began: the sign-in page is shown, and brings the person back here after.
 * Calls under /api/auth/ answer 401 for a wrong password; their callers say so themselves.
 */
export const apiInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/')) return next(request);
  const token = inject(AccessToken);
  const auth = inject(Auth);
  const router = inject(Router);
  const notifier = inject(Notifier);
  const sentWith = token.value();
  return next(withHeaders(request, sentWith)).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !request.url.startsWith('/api/auth/')) {
        // A refused token (revoked, expired) is forgotten, unless another was given meanwhile.
        if (sentWith && token.value() === sentWith) token.set(null);
        auth.setSignedOut();
        if (!router.url.startsWith('/sign-in')) void router.navigateByUrl(signInUrl(router, router.url));
      } else {
        notifier.error(error);
      }
      return throwError(() => error);
    }),
  );
};
