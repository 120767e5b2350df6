import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { actorName, identityOf, roleAtLeast } from '../common/identity.js';
import { PUBLIC_ROUTE, READ_ONLY_OK, REQUIRED_ROLE } from '../common/requires.decorator.js';
import { DomainError, type Role } from '../domain.js';
import { AuditService } from './audit.service.js';

const READS = new Set(['GET', 'HEAD']);

/** Only for a refusal: Fastify builds `routeOptions` anew on each read. */
const routeOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? request.url}`;

/** What a route declares about access, read from its decorators once. */
interface RouteAccess {
  isPublic: boolean;
  /** As declared with @Requires; undefined means viewer to read and responder to write. */
  role: Role | undefined;
  readOnlyOk: boolean;
}

/** Every route checks the caller's role here; a refusal is a 403 that names the role needed, and is audited. */
@Injectable()
export class RoleGuard implements CanActivate {
  // Per handler: decorators do not change after start, and reading them is a share of every request's work.
  private readonly declared = new WeakMap<object, RouteAccess>();

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  private accessOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.declared.get(handler);
    if (!access) {
      const targets = [handler, context.getClass()];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
        role: this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets),
        readOnlyOk: this.reflector.getAllAndOverride<boolean>(READ_ONLY_OK, targets) ?? false,
      };
      this.declared.set(handler, access);
    }
    return access;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const access = this.accessOf(context);
    if (access.isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const identity = identityOf(request);
    // Routes outside the API (the dashboard's files) never reach a guarded handler without the gate having run.
    if (!identity) throw new DomainError('unauthorized', 'Sign in, or send "Authorization: Bearer <token>".');
    const needed = access.role ?? (READS.has(request.method) ? 'viewer' : 'responder');
    if (identity.readOnly && !READS.has(request.method) && !access.readOnlyOk) {
      const route = routeOf(request);
      this.audit.recordRefusal(actorName(identity), route, 'read-only token', request.ip);
      throw new DomainError('forbidden', `This token is read-only, so ${route} is refused; use a token that may write.`);
    }
    if (!roleAtLeast(identity.role, needed)) {
      const route = routeOf(request);
      this.audit.recordRefusal(actorName(identity), route, `needs ${needed}, has ${identity.role}`, request.ip);
      throw new DomainError('forbidden', `${route} needs the ${needed} role; ${actorName(identity)} has ${identity.role}. Ask an admin.`);
    }
    return true;
  }
}
