import { SetMetadata } from '@nestjs/common';
import type { Role } from '../domain.js';

export const REQUIRED_ROLE = 'workflow:required-role';

/**
 * The lowest role that may call a route. Without it a route that reads needs `viewer` and one that
 * writes needs `responder`; managing environments, users, tokens and settings, and deleting, needs `admin`.
 */
export const Requires = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
