import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PermissionRefusals } from '../common/permission-refusals.js';
import { AccessTokenEntity } from './access-token.entity.js';
import { AccessTools } from './access.tools.js';
import { AuditController } from './audit.controller.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AuditService } from './audit.service.js';
import { AuthController } from './auth.controller.js';
import { Authenticator } from './authenticator.js';
import { RoleGuard } from './role.guard.js';
import { SessionEntity } from './session.entity.js';
import { SignInService } from './sign-in.service.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';
import { UserEntity } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Users, roles, tokens, sign-in and the audit log; its guard checks every route's role. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, AccessTokenEntity, SessionEntity, AuditEntryEntity])],
  controllers: [AuthController, UsersController, TokensController, AuditController],
  providers: [
    AuditService,
    UsersService,
    TokensService,
    SignInService,
    Authenticator,
    AccessTools,
    { provide: APP_GUARD, useClass: RoleGuard },
    { provide: PermissionRefusals, useExisting: AuditService },
  ],
  exports: [Authenticator, UsersService, AuditService, PermissionRefusals],
})
export class AccessModule {}
