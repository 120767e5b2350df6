import { Controller, Get, HttpCode, Inject, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { BodyOf, Returns } from '../common/contract/contract.decorators.js';
import { actorName, identityOf } from '../common/identity.js';
import { Public, Requires } from '../common/requires.decorator.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PasswordChange, Session, SignIn } from '../contracts.js';
import { DomainError } from '../domain.js';
import { Authenticator, cookieValue, SESSION_COOKIE } from './authenticator.js';
import { sessionOf } from './session-view.js';
import { SignInService } from './sign-in.service.js';
import { toUser, UsersService } from './users.service.js';
import { verifyPassword } from './secrets.js';

@ApiTags('access')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly users: UsersService,
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('session')
  @ApiOperation({ summary: 'Who is calling', description: 'The mode (local or team), the signed-in user or token, and its role.' })
  @Returns(Session)
  @ApiErrors(401)
  async session(@Req() request: FastifyRequest): Promise<Session> {
    const identity = identityOf(request);
    if (!identity) throw new DomainError('unauthorized', 'Sign in first.');
    const user = identity.userId ? await this.users.get(identity.userId) : null;
    return sessionOf(identity, await this.authenticator.mode(), user);
  }

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in to the dashboard',
    description: 'Sets an HttpOnly, SameSite=Strict session cookie. Repeated failures are refused for a while (429 with Retry-After).',
  })
  @Returns(Session)
  @ApiErrors(400, 401, 409, 429)
  async signIn(
    @BodyOf(SignIn) dto: SignIn,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session> {
    if ((await this.authenticator.mode()) === 'local') {
      throw new DomainError(
        'conflict',
        'Nobody has an account yet, so there is nothing to sign in to: this service is in local mode. Create the first admin with npm run admin -- create-user.',
      );
    }
    const { key, user, maxAgeSeconds } = await this.signIns.signIn(dto, request.ip);
    void reply.header('set-cookie', this.cookie(request, key, maxAgeSeconds));
    return sessionOf(
      {
        kind: 'user',
        via: 'session',
        userId: user.id,
        username: user.username,
        tokenId: null,
        tokenName: null,
        role: user.role,
        readOnly: false,
      },
      'team',
      toUser(user),
    );
  }

  @Post('sign-out')
  @Requires('viewer', { readOnlyOk: true })
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out', description: 'Ends this session and clears its cookie.' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  @ApiErrors()
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const identity = identityOf(request);
    await this.signIns.signOut(cookieValue(request, SESSION_COOKIE), identity ? actorName(identity) : null, request.ip);
    void reply.header('set-cookie', this.cookie(request, '', 0));
  }

  @Put('password')
  @Requires('viewer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password', description: 'Your other sessions end.' })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiErrors(400, 401)
  async changePassword(@BodyOf(PasswordChange) dto: PasswordChange, @Req() request: FastifyRequest): Promise<void> {
    const identity = identityOf(request);
    if (!identity?.userId) throw new DomainError('conflict', 'Only a user has a password; this caller is not one.');
    const user = await this.users.require(identity.userId);
    if (!(await verifyPassword(dto.current_password, user.password_hash))) {
      throw DomainError.validation('current_password', 'is not your current password');
    }
    await this.users.update(user.id, { password: dto.new_password }, actorName(identity), null);
  }

  private cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
    const secure = this.config.auth.cookieSecure === 'always' || (this.config.auth.cookieSecure === 'auto' && request.protocol === 'https');
    return [
      `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
      'Path=/',
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(secure ? ['Secure'] : []),
    ].join('; ');
  }
}
