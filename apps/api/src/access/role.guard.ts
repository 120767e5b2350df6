import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { actorName, identityOf, roleAtLeast } from '../common/identity.js';
import { PUBLIC_ROUTE, READ_ONLY_OK, REQUIRED_ROLE } from '../common/requires.decorator.js';
import { DomainError, type Role } from '../domain.js';
import { AuditService } from './audit.service.js';

const READS = new Set(['GET', 'HEAD']);

/** The role a route needs: as declared with @Requires, else viewer to read and responder to write. */
export function requiredRole(reflector: Reflector, context: ExecutionContext, method: string): Role {
  return (
    reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ??
    (READS.has(method) ? 'viewer' : 'responder')
  );
}

/** Every route checks the caller's role here; a refusal is a 403 that names the role needed, and is audited. */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const identity = identityOf(request);
    // Routes outside the API (the dashboard's files) never reach a guarded handler without the gate having run.
    if (!identity) throw new DomainError('unauthorized', 'Sign in, or send "Authorization: Bearer <token>".');
    const needed = requiredRole(this.reflector, context, request.method);
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const readOnlyOk = this.reflector.getAllAndOverride<boolean>(READ_ONLY_OK, [context.getHandler(), context.getClass()]) ?? false;
    if (identity.readOnly && !READS.has(request.method) && !readOnlyOk) {
      this.audit.recordRefusal(actorName(identity), route, 'read-only token', request.ip);
      throw new DomainError('forbidden', `This token is read-only, so ${route} is refused; use a token that may write.`);
    }
    if (!roleAtLeast(identity.role, needed)) {
      this.audit.recordRefusal(actorName(identity), route, `needs ${needed}, has ${identity.role}`, request.ip);
      throw new DomainError('forbidden', `${route} needs the ${needed} role; ${actorName(identity)} has ${identity.role}. Ask an admin.`);
    }
    return true;
  }
}
