import { inject } from '@angular/core';
import type { CanActivateChildFn, CanActivateFn } from '@angular/router';
import { Router } from '@angular/router';
import type { Role } from '@workflow-mcp/domain';
import { Auth } from '../core/auth';
import { signInUrl } from '../core/api.interceptor';

/**
 * Every page but the sign-in page needs someone signed in when the service says so (team mode).
 * When the service cannot be asked (down, restarting), the page opens and says so itself.
 */
export const signedIn: CanActivateChildFn = async (_route, state) => {
  if (state.url.startsWith('/sign-in')) return true;
  const router = inject(Router);
  const status = await inject(Auth).load();
  return status === 'signed-out' ? signInUrl(router, state.url) : true;
};

/** A page only `role` may use; others are taken to the operations page. */
export function requiresRole(role: Role): CanActivateFn {
  return async () => {
    const auth = inject(Auth);
    const router = inject(Router);
    await auth.load();
    return auth.can(role) || router.createUrlTree(['/operations']);
  };
}
