import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, LIMITS } from '../domain.js';
import { actorOf, identityOf } from './identity.js';
import type { Actor } from './request-context.js';

/** Header naming the person or pipeline making a REST change, recorded on timelines (local mode only). */
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

/**
 * Who made a REST change. With authentication on, the authenticated identity, never a header: the
 * signed-in user (through the dashboard) or the token with its owner. In local mode, what the
 * X-Actor and X-Client headers say, as nobody is signed in.
 */
export function actorOfRequest(request: FastifyRequest): Actor {
  const identity = identityOf(request);
  if (!identity || identity.kind === 'local') return actorFromHeaders(request.headers);
  return actorOf(identity, identity.via === 'session' ? 'dashboard' : 'rest');
}

export const By = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOfRequest(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
