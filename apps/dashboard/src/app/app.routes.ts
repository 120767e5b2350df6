import type { Routes } from '@angular/router';

/**
 * Everything behind the shell loads lazily, HTTP included: the shell itself makes no API calls,
 * so HttpClient, the interceptor and the API client live in the pages' chunk (see pages.routes.ts)
 * and the initial bundle stays within its 300 kB budget.
 */
export const routes: Routes = [{ path: '', loadChildren: () => import('./pages.routes').then((m) => m.PAGE_ROUTES) }];
