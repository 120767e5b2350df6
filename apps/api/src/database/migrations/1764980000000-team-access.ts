import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex, type TableColumnOptions } from 'typeorm';

/**
 * People, their access tokens, sign-in sessions and the audit log (SPEC §11 "Identity").
 * Passwords are scrypt hashes; tokens and session keys are stored only as SHA-256 hashes, so a
 * copy of the database lets nobody sign in.
 */

/** Frozen as of this migration: ROLES and AUDIT_KINDS in the domain vocabulary. */
const ROLES = ['viewer', 'responder', 'admin'];
const AUDIT_KINDS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'user_created',
  'user_updated',
  'user_deleted',
  'token_created',
  'token_revoked',
  'permission_refused',
];

const id: TableColumnOptions = { name: 'id', type: 'varchar', length: '40', isPrimary: true };
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '32', isNullable: nullable });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const oneOf = (column: string, values: readonly string[]) => ({
  name: `chk_${column}`,
  expression: `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`,
});

export class TeamAccess1764980000000 implements MigrationInterface {
  name = 'TeamAccess1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          str('username', 64),
          str('display_name', 100, true),
          str('role', 16),
          { name: 'password_hash', type: 'varchar', length: '200' },
          { name: 'disabled', type: 'boolean', default: false },
          time('created_at'),
          time('updated_at'),
          time('last_sign_in_at', true),
        ],
        checks: [{ ...oneOf('role', ROLES), name: 'chk_users_role' }],
        indices: [{ name: 'idx_users_username', columnNames: ['username'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'access_tokens',
        columns: [
          id,
          str('name', 64),
          str('user_id', 40),
          str('role', 16),
          { name: 'read_only', type: 'boolean', default: false },
          str('token_hash', 64),
          str('prefix', 16),
          time('created_at'),
          str('created_by', 100, true),
          time('expires_at', true),
          time('last_used_at', true),
          time('revoked_at', true),
        ],
        checks: [{ ...oneOf('role', ROLES), name: 'chk_access_tokens_role' }],
        indices: [
          { name: 'idx_access_tokens_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'idx_access_tokens_user', columnNames: ['user_id', 'created_at', 'id'] },
          { name: 'idx_access_tokens_created', columnNames: ['created_at', 'id'] },
        ],
      }),
    );
    await q.createForeignKey(
      'access_tokens',
      new TableForeignKey({ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'key_hash', type: 'varchar', length: '64', isPrimary: true },
          str('user_id', 40),
          time('created_at'),
          time('expires_at'),
          time('last_seen_at'),
        ],
        indices: [{ name: 'idx_sessions_user', columnNames: ['user_id'] }],
      }),
    );
    await q.createForeignKey(
      'sessions',
      new TableForeignKey({ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          time('at'),
          str('kind', 32),
          str('actor', 200, true),
          str('subject', 200, true),
          { name: 'detail', type: 'text', isNullable: true },
          str('ip', 64, true),
        ],
        checks: [{ ...oneOf('kind', AUDIT_KINDS), name: 'chk_audit_log_kind' }],
      }),
    );
    await q.createIndices('audit_log', [
      new TableIndex({ name: 'idx_audit_log_at', columnNames: ['at', 'id'] }),
      new TableIndex({ name: 'idx_audit_log_kind', columnNames: ['kind', 'at', 'id'] }),
      // Sign-in attempts are counted per name and per address for the rate limit.
      new TableIndex({ name: 'idx_audit_log_subject', columnNames: ['kind', 'subject', 'at'] }),
      new TableIndex({ name: 'idx_audit_log_ip', columnNames: ['kind', 'ip', 'at'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'sessions', 'access_tokens', 'users']) await q.dropTable(table);
  }
}
