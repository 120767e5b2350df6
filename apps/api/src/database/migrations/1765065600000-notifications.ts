import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex, type TableColumnOptions } from 'typeorm';
import { CHANNEL_KINDS, DELIVERY_STATUSES, MAINTENANCE_WINDOW_KINDS, NOTIFICATION_LANGUAGES } from '../../domain.js';

/**
 * Notifications: channels, the rules that route events to them, maintenance windows per
 * environment, and the outbox of deliveries (written in the transaction of the change it reports,
 * claimed by one instance at a time, retried until delivered or dead). Schema builder only, so it
 * runs on SQLite and PostgreSQL alike.
 */

const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '32', isNullable: nullable });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const oneOf = (column: string, values: readonly string[]) => ({
  name: `chk_${column}`,
  expression: `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`,
});
const channelFk = () =>
  new TableForeignKey({
    columnNames: ['channel_id'],
    referencedTableName: 'notification_channels',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

export class Notifications1765065600000 implements MigrationInterface {
  name = 'Notifications1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'notification_channels',
        columns: [
          { ...str('id', 40), isPrimary: true },
          str('name', 100),
          str('kind', 16),
          str('language', 4),
          { name: 'enabled', type: 'boolean' },
          text('url', true),
          str('secret', 100, true),
          // While a rotated-out secret is still accepted, messages are signed with both.
          str('previous_secret', 100, true),
          time('previous_secret_until', true),
          time('secret_rotated_at', true),
          text('email_settings', true),
          time('created_at'),
          time('updated_at'),
        ],
        checks: [oneOf('kind', CHANNEL_KINDS), oneOf('language', NOTIFICATION_LANGUAGES)],
        indices: [new TableIndex({ name: 'idx_notification_channels_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification_rules',
        columns: [
          { ...str('id', 40), isPrimary: true },
          str('name', 100),
          str('channel_id', 40),
          text('events'),
          str('min_severity', 16, true),
          text('environment_ids'),
          text('tags'),
          { name: 'enabled', type: 'boolean' },
          time('created_at'),
          time('updated_at'),
        ],
        foreignKeys: [channelFk()],
        indices: [new TableIndex({ name: 'idx_notification_rules_channel', columnNames: ['channel_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'maintenance_windows',
        columns: [
          { ...str('id', 40), isPrimary: true },
          str('environment_id', 40),
          str('kind', 8),
          text('reason'),
          time('starts_at', true),
          time('ends_at', true),
          text('days'),
          str('start_time', 5, true),
          int('duration_minutes', true),
          time('created_at'),
        ],
        checks: [oneOf('kind', MAINTENANCE_WINDOW_KINDS)],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['environment_id'],
            referencedTableName: 'environments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'idx_maintenance_windows_environment', columnNames: ['environment_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification_deliveries',
        columns: [
          // Also the webhook-id: the same on every attempt, across restarts and instances.
          { ...str('id', 40), isPrimary: true },
          str('channel_id', 40),
          str('event_type', 32),
          str('subject_type', 16, true),
          str('subject_id', 40, true),
          text('summary'),
          text('payload'),
          str('status', 16),
          int('attempts'),
          time('next_attempt_at', true),
          str('claimed_by', 64, true),
          time('claimed_until', true),
          time('delivered_at', true),
          int('last_status_code', true),
          int('latency_ms', true),
          text('error', true),
          text('attempt_log'),
          time('created_at'),
        ],
        checks: [oneOf('status', DELIVERY_STATUSES)],
        foreignKeys: [channelFk()],
        indices: [
          // What is due: pending rows by their next attempt.
          new TableIndex({ name: 'idx_notification_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
          // A channel's log, newest first.
          new TableIndex({ name: 'idx_notification_deliveries_channel', columnNames: ['channel_id', 'created_at', 'id'] }),
          new TableIndex({ name: 'idx_notification_deliveries_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('notification_deliveries');
    await q.dropTable('maintenance_windows');
    await q.dropTable('notification_rules');
    await q.dropTable('notification_channels');
  }
}
