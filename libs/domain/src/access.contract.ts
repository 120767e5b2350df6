import { z } from 'zod';
import {
  bool,
  cursor,
  instant,
  limit,
  named,
  nullableString,
  nullableTimestamp,
  oneOf,
  pageOf,
  text,
  timestamp,
} from './contract/fields.js';
import { say } from './contract/messages.js';
import { LIMITS } from './limits.js';
import { ACCESS_MODES, AUDIT_KINDS, IDENTITY_KINDS, ROLES } from './vocabulary.js';

/** People, their tokens, sign-in and the audit log: every shape defined once. */

export const RoleSchema = named('Role', z.enum(ROLES));
export const AccessModeSchema = named('AccessMode', z.enum(ACCESS_MODES));
export const AuditKindSchema = named('AuditKind', z.enum(AUDIT_KINDS));

const username = () =>
  text(
    LIMITS.usernameMax,
    { description: 'Sign-in name: letters, digits, dot, dash or underscore.', example: 'alice' },
    { nonBlank: true },
  ).refine((v) => /^[A-Za-z0-9._-]+$/.test(v), { error: say('may hold only letters, digits, dot, dash and underscore') });
const password = (description: string) =>
  z
    .string()
    .min(LIMITS.passwordMin, { error: say(`must be at least ${LIMITS.passwordMin} characters`) })
    .max(LIMITS.passwordMax, { error: say(`must be at most ${LIMITS.passwordMax} characters`) })
    .meta({ description, minLength: LIMITS.passwordMin, maxLength: LIMITS.passwordMax });

export const User = named(
  'User',
  z.object({
    id: z.string(),
    username: z.string(),
    display_name: nullableString(),
    role: RoleSchema,
    disabled: z.boolean(),
    created_at: timestamp(),
    updated_at: timestamp(),
    last_sign_in_at: nullableTimestamp(),
  }),
);
export type User = z.infer<typeof User>;

export const UserCreate = named(
  'UserCreate',
  z.strictObject({
    username: username(),
    password: password(`At least ${LIMITS.passwordMin} characters; stored only as a scrypt hash.`),
    role: oneOf(ROLES, {
      description:
        'viewer reads; responder also changes incidents, deployments and checks; admin also manages environments, people and tokens.',
    }),
    display_name: text(LIMITS.displayNameMax, { description: 'Name shown in the dashboard.' }).nullable().optional(),
  }),
);
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = named(
  'UserUpdate',
  z
    .strictObject({
      role: oneOf(ROLES, { description: 'New role.' }),
      display_name: text(LIMITS.displayNameMax, { description: 'Name shown in the dashboard.' }).nullable(),
      password: password('A new password; the user’s sessions end.'),
      disabled: bool({ description: 'A disabled user cannot sign in and their sessions and tokens stop working.' }),
    })
    .partial(),
);
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserPage = named('UserPage', pageOf(User));
export type UserPage = z.infer<typeof UserPage>;

export const SignIn = named(
  'SignIn',
  z.strictObject({
    username: text(LIMITS.usernameMax, { description: 'Sign-in name.' }, { nonBlank: true }),
    password: text(LIMITS.passwordMax, { description: 'Password.' }, { nonBlank: true }),
  }),
);
export type SignIn = z.infer<typeof SignIn>;

export const PasswordChange = named(
  'PasswordChange',
  z.strictObject({
    current_password: text(LIMITS.passwordMax, { description: 'The password used now.' }, { nonBlank: true }),
    new_password: password(`At least ${LIMITS.passwordMin} characters.`),
  }),
);
export type PasswordChange = z.infer<typeof PasswordChange>;

/** Who is calling: the dashboard asks this first to know whether to show the sign-in page. */
export const Session = named(
  'Session',
  z.object({
    mode: AccessModeSchema,
    kind: z
      .enum(IDENTITY_KINDS)
      .meta({ description: 'How the caller is known: a signed-in user, a token, the deprecated ACCESS_TOKEN, or nobody (local mode).' }),
    user: User.nullable(),
    token_name: nullableString('The token used, when a token signed the request.'),
    role: RoleSchema,
    read_only: z.boolean(),
    actor: nullableString('What timelines record for this caller.'),
  }),
);
export type Session = z.infer<typeof Session>;

export const AccessToken = named(
  'AccessToken',
  z.object({
    id: z.string(),
    name: z.string(),
    user_id: z.string(),
    username: z.string(),
    role: RoleSchema,
    read_only: z.boolean(),
    prefix: z.string().meta({ description: 'The first characters of the token, to recognise it.' }),
    created_at: timestamp(),
    created_by: nullableString(),
    expires_at: nullableTimestamp(),
    last_used_at: nullableTimestamp('Updated at most once a minute.'),
    revoked_at: nullableTimestamp(),
    active: z.boolean().meta({ description: 'Neither revoked nor expired.' }),
  }),
);
export type AccessToken = z.infer<typeof AccessToken>;

export const AccessTokenCreate = named(
  'AccessTokenCreate',
  z.strictObject({
    name: text(
      LIMITS.tokenNameMax,
      { description: 'What the token is for, e.g. the agent or pipeline using it.', example: 'deploy-pipeline' },
      { nonBlank: true },
    ),
    role: oneOf(ROLES, { description: 'At most the role of its owner (default: the owner’s role).' }).optional(),
    read_only: bool({ description: 'Only reads: writes are refused, and MCP lists only tools that change nothing.' }).optional(),
    expires_at: instant({ description: 'When it stops working (default: never).' }).nullable().optional(),
    user_id: text(40, { description: 'Owner (admins only; default: yourself).' }, { nonBlank: true }).optional(),
  }),
);
export type AccessTokenCreate = z.infer<typeof AccessTokenCreate>;

export const CreatedAccessToken = named(
  'CreatedAccessToken',
  z.object({
    token: AccessToken,
    secret: z.string().meta({ description: 'Send as "Authorization: Bearer <secret>". Shown only now; only its hash is stored.' }),
  }),
);
export type CreatedAccessToken = z.infer<typeof CreatedAccessToken>;

export const AccessTokenQuery = z.strictObject({
  user_id: text(40, { description: 'Whose tokens (admins only; default: your own).' }).optional(),
  all: bool({ description: 'Every user’s tokens (admins only).' }).optional(),
  include_inactive: bool({ description: 'Also revoked and expired tokens.' }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type AccessTokenQuery = z.infer<typeof AccessTokenQuery>;

export const AccessTokenPage = named('AccessTokenPage', pageOf(AccessToken));
export type AccessTokenPage = z.infer<typeof AccessTokenPage>;

export const UserQuery = z.strictObject({
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type UserQuery = z.infer<typeof UserQuery>;

export const AuditEntry = named(
  'AuditEntry',
  z.object({
    id: z.string(),
    at: timestamp(),
    kind: AuditKindSchema,
    actor: nullableString('Who did it (or who tried).'),
    subject: nullableString('The user, token or route it concerned.'),
    detail: nullableString(),
    ip: nullableString(),
  }),
);
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({
  kind: oneOf(AUDIT_KINDS, { description: 'Only entries of this kind.' }).optional(),
  limit: limit().optional(),
  cursor: cursor().optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = named('AuditPage', pageOf(AuditEntry));
export type AuditPage = z.infer<typeof AuditPage>;
