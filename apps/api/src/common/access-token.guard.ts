import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../domain.js';

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Presented token: the Authorization header, or `access_token` in the query of the event stream, since EventSource cannot send headers. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  if (!request.url.startsWith('/api/events')) return undefined;
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.access_token === 'string' ? query.access_token : undefined;
}

/** With an access token configured, every API call must present it. */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.accessToken;
    if (expected === null) return true;
    if (tokenMatches(expected, presentedToken(context.switchToHttp().getRequest<FastifyRequest>()))) return true;
    throw new DomainError(
      'unauthorized',
      'This service requires an access token: send "Authorization: Bearer <token>" with the value of its ACCESS_TOKEN setting.',
    );
  }
}
