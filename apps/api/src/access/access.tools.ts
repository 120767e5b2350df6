import { Injectable } from '@nestjs/common';
import { actorName } from '../common/identity.js';
import { AccessTokenCreate, AccessTokenQuery, AuditQuery, UserCreate, UserQuery, UserUpdate, recordId } from '../contracts.js';
import { DESTRUCTIVE, READ_ONLY, WRITES, defineTool, pageReply, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { AuditService } from './audit.service.js';
import { TokensService } from './tokens.service.js';
import { UsersService } from './users.service.js';

/** People, tokens and the audit log, for admins (toolset `admin`): the same services as /api/users, /api/tokens, /api/audit. */
@Injectable()
export class AccessTools implements McpToolProvider {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'list_users',
        title: 'List users',
        description: 'People who can sign in, with their roles.',
        toolset: 'admin',
        role: 'admin',
        input: UserQuery.shape,
        annotations: READ_ONLY,
        handler: async (args) => pageReply('users', 'user', await this.users.list(args)),
      }),
      defineTool({
        name: 'create_user',
        title: 'Create user',
        description:
          'Add a person who signs in to the dashboard. role: viewer (reads), responder (incidents, deployments, checks), admin (everything).',
        toolset: 'admin',
        role: 'admin',
        input: UserCreate.shape,
        annotations: WRITES,
        handler: async (args, { identity }) => {
          const user = await this.users.create(args, actorName(identity));
          return { data: user, summary: `Created ${user.id}: ${user.username} (${user.role})` };
        },
      }),
      defineTool({
        name: 'update_user',
        title: 'Update user',
        description: 'Change a user’s role, display name, password or disabled flag. A new password or disabling ends their sessions.',
        toolset: 'admin',
        role: 'admin',
        input: { user_id: recordId('User id (list_users).'), ...UserUpdate.shape },
        annotations: WRITES,
        handler: async ({ user_id, ...changes }, { identity }) => {
          const user = await this.users.update(user_id, changes, actorName(identity), identity.userId);
          return { data: user, summary: `Updated ${user.username} (${user.role}${user.disabled ? ', disabled' : ''})` };
        },
      }),
      defineTool({
        name: 'list_access_tokens',
        title: 'List access tokens',
        description: 'Access tokens: your own, or everyone’s with all=true. Secrets are never shown again.',
        toolset: 'admin',
        role: 'viewer',
        input: AccessTokenQuery.shape,
        annotations: READ_ONLY,
        handler: async (args, { identity }) => pageReply('tokens', 'token', await this.tokens.list(args, identity)),
      }),
      defineTool({
        name: 'create_access_token',
        title: 'Create access token',
        description:
          'Create a named token (for an agent or pipeline) with a role no higher than its owner’s, optionally read-only and expiring. The secret is returned once.',
        toolset: 'admin',
        role: 'viewer',
        input: AccessTokenCreate.shape,
        annotations: WRITES,
        handler: async (args, { identity }) => {
          const created = await this.tokens.create(args, identity);
          return { data: created, summary: `Created token ${created.token.name} (${created.token.role}); the secret is shown only now` };
        },
      }),
      defineTool({
        name: 'revoke_access_token',
        title: 'Revoke access token',
        description: 'Stop a token from working, from its next use on.',
        toolset: 'admin',
        role: 'viewer',
        input: { token_id: recordId('Token id (list_access_tokens).') },
        annotations: DESTRUCTIVE,
        handler: async ({ token_id }, { identity }) => {
          await this.tokens.revoke(token_id, identity);
          return { data: { revoked: token_id }, summary: `Revoked ${token_id}` };
        },
      }),
      defineTool({
        name: 'list_audit_log',
        title: 'List audit log',
        description: 'Sign-ins, failed sign-ins, user and token changes and refused permissions, newest first.',
        toolset: 'admin',
        role: 'admin',
        input: AuditQuery.shape,
        annotations: READ_ONLY,
        handler: async (args) => pageReply('entries', 'audit entry', await this.audit.list(args)),
      }),
    ];
  }
}
