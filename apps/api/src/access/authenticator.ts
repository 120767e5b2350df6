import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { type AccessMode, DomainError } from '../domain.js';
import { type Identity, LOCAL_IDENTITY, setIdentity } from '../common/identity.js';
import type { RequestAuthenticator } from '../common/request-gate.js';
import { SignInService } from './sign-in.service.js';
import { TokensService } from './tokens.service.js';
import { UsersService } from './users.service.js';

export const SESSION_COOKIE = 'wfm_session';

/** While no user exists, whether one has appeared (through another instance or the admin command) is asked at most this often. */
const LOCAL_MODE_RECHECK_MS = 1_000;

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim()) || null;
  }
  return null;
}

/** The token a request presents: the Authorization header, or `access_token` on the event stream, since EventSource cannot send headers. */
function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer /i.test(header)) return header.slice(7).trim();
  if (!request.url.startsWith('/api/events')) return undefined;
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.access_token === 'string' ? query.access_token : undefined;
}

/**
 * Decides who each request to the API, /mcp and /metrics comes from. local mode (no users):
 * everyone on this machine, or the ACCESS_TOKEN holder when one is set. team mode (users exist):
 * a signed-in dashboard session, a personal or agent token, or the deprecated ACCESS_TOKEN.
 */
@Injectable()
export class Authenticator implements OnModuleInit, RequestAuthenticator {
  private readonly logger = new Logger('Access');
  private team = false;
  private checkedAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly sessions: SignInService,
  ) {
    users.onCreated(() => (this.team = true));
  }

  async onModuleInit(): Promise<void> {
    const first = this.config.auth.firstAdmin;
    if (first && !(await this.users.anyExist())) {
      await this.users.create({ username: first.username, password: first.password, role: 'admin' }, 'ADMIN_USERNAME');
      this.logger.log(`Created the first admin, ${first.username}, from ADMIN_USERNAME; the service is now in team mode.`);
    }
    await this.mode();
    if (this.team && this.config.accessToken !== null) {
      this.logger.warn(
        'ACCESS_TOKEN is deprecated now that users exist: it still acts as an admin; give each script its own token instead.',
      );
    }
  }

  /** Why the service may not start as configured, or null. */
  async startupProblem(): Promise<string | null> {
    if (!this.config.auth.teamModeRequired || (await this.mode()) === 'team') return null;
    return (
      `HOST=${this.config.host} is reachable from other machines, and nobody has an account yet. ` +
      'Create the first admin (npm run admin -- create-user --username NAME --role admin, or ADMIN_USERNAME and ADMIN_PASSWORD), ' +
      'set ACCESS_TOKEN, or bind to 127.0.0.1.'
    );
  }

  async mode(): Promise<AccessMode> {
    if (!this.team && Date.now() - this.checkedAt >= LOCAL_MODE_RECHECK_MS) {
      this.team = await this.users.anyExist();
      this.checkedAt = Date.now();
    }
    return this.team ? 'team' : 'local';
  }

  async authenticate(request: FastifyRequest, publicRoute: boolean): Promise<DomainError | null> {
    const team = (await this.mode()) === 'team';
    const bearer = bearerOf(request);
    if (bearer !== undefined) {
      const identity = await this.fromBearer(bearer, team);
      if (!identity) {
        return new DomainError(
          'unauthorized',
          team
            ? 'That token is not valid: it may be mistyped, revoked or expired, or its owner disabled. Create a new one under My tokens or with POST /api/tokens.'
            : 'That token is not the ACCESS_TOKEN this service was started with.',
        );
      }
      setIdentity(request, identity);
      return null;
    }
    const key = team ? cookieValue(request, SESSION_COOKIE) : null;
    const holder = key ? await this.sessions.holderOf(key) : null;
    if (holder) {
      const { user } = holder;
      setIdentity(request, {
        kind: 'user',
        via: 'session',
        userId: user.id,
        username: user.username,
        tokenId: null,
        tokenName: null,
        role: user.role,
        readOnly: false,
      });
      return null;
    }
    if (!team && this.config.accessToken === null) {
      setIdentity(request, LOCAL_IDENTITY);
      return null;
    }
    if (publicRoute) return null;
    return new DomainError(
      'unauthorized',
      team
        ? key
          ? 'Your session has ended; sign in again.'
          : 'Sign in, or send "Authorization: Bearer <token>" with an access token (create one under My tokens, or with POST /api/tokens).'
        : 'This service requires an access token: send "Authorization: Bearer <token>" with the value of its ACCESS_TOKEN setting.',
    );
  }

  private async fromBearer(secret: string, team: boolean): Promise<Identity | null> {
    if (this.config.accessToken !== null && sameSecret(this.config.accessToken, secret)) {
      return { ...LOCAL_IDENTITY, kind: 'access_token', via: 'bearer' };
    }
    if (!team) return null;
    const holder = await this.tokens.holderOf(secret);
    if (!holder) return null;
    return {
      kind: 'token',
      via: 'bearer',
      userId: holder.user.id,
      username: holder.user.username,
      tokenId: holder.token.id,
      tokenName: holder.token.name,
      role: holder.role,
      readOnly: Boolean(holder.token.read_only),
    };
  }
}
