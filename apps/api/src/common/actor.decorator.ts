import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, LIMITS } from '../domain.js';
import type { Actor } from './request-context.js';

/** Header naming the person or pipeline making a REST change, recorded on timelines. */
export const ACTOR_HEADER = 'x-actor';
/** The dashboard marks its calls so timelines say "dashboard" rather than "rest". */
export const CLIENT_HEADER = 'x-client';

export function actorFromHeaders(headers: FastifyRequest['headers']): Actor {
  const client = headers[CLIENT_HEADER];
  const rawActor = headers[ACTOR_HEADER];
  const actor = typeof rawActor === 'string' ? rawActor.trim() : '';
  if (actor.length > LIMITS.actorMax) {
    throw DomainError.validation(ACTOR_HEADER, `must be at most ${LIMITS.actorMax} characters`);
  }
  return { source: client === 'dashboard' ? 'dashboard' : 'rest', actor: actor || null };
}

export const By = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorFromHeaders(ctx.switchToHttp().getRequest<FastifyRequest>().headers),
);
