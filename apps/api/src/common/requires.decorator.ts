import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { Role } from '../domain.js';

export const REQUIRED_ROLE = 'workflow:required-role';
export const READ_ONLY_OK = 'workflow:read-only-ok';
export const PUBLIC_ROUTE = 'workflow:public-route';

/**
 * The lowest role that may call a route. Without it a route that reads needs `viewer` and one that
 * writes needs `responder`; managing environments, users and settings, and deleting, need `admin`.
 * `readOnlyOk`: a read-only token may call it too (the route itself refuses what would change anything).
 */
export const Requires = (role: Role, { readOnlyOk = false }: { readOnlyOk?: boolean } = {}) =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role), SetMetadata(READ_ONLY_OK, readOnlyOk));

/** Open without signing in (sign-in itself). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
