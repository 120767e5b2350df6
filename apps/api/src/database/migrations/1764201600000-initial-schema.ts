import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex, type TableColumnOptions } from 'typeorm';
import {
  DEPLOYMENT_STATUSES,
  DEPLOYMENT_TYPES,
  ENVIRONMENT_STATUSES,
  ENVIRONMENT_TYPES,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  SEVERITIES,
  CHANGE_SOURCES,
} from '../../domain.js';

/** Written with TypeORM's schema builder, not raw SQL, so it runs on SQLite and PostgreSQL alike. */

const id: TableColumnOptions = { name: 'id', type: 'varchar', length: '40', isPrimary: true };
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '32', isNullable: nullable });
const text = (name: string, nullable = false): TableColumnOptions =>
  nullable ? { name, type: 'text', isNullable: true } : { name, type: 'text', default: "''" };
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const oneOf = (column: string, values: readonly string[]) => ({
  name: `chk_${column}`,
  expression: `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`,
});
const serial = (name: string): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

export class InitialSchema1764201600000 implements MigrationInterface {
  name = 'InitialSchema1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'environments',
        columns: [
          id,
          str('name', 100),
          str('environment_type', 16),
          text('description'),
          str('url', 2048, true),
          str('status', 16),
          text('tags'),
          str('health_check_target', 2048, true),
          int('health_check_expected_status'),
          int('health_check_timeout_ms'),
          int('health_check_interval_seconds'),
          int('health_check_slow_ms'),
          { name: 'health_check_enabled', type: 'boolean' },
          str('deploy_hook_url', 2048, true),
          str('current_version', 100, true),
          str('previous_version', 100, true),
          int('revision'),
          time('created_at'),
          time('updated_at'),
        ],
        checks: [oneOf('environment_type', ENVIRONMENT_TYPES), oneOf('status', ENVIRONMENT_STATUSES)],
        indices: [
          new TableIndex({ name: 'idx_environments_name', columnNames: ['name'], isUnique: true }),
          new TableIndex({ name: 'idx_environments_created', columnNames: ['created_at', 'id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'deployments',
        columns: [
          id,
          str('title', 200),
          text('description'),
          str('environment_id', 40),
          str('version', 100),
          str('deployment_type', 16),
          str('status', 16),
          int('status_rank'),
          text('deployment_config'),
          time('scheduled_at', true),
          str('rollback_version', 100, true),
          str('previous_version', 100, true),
          text('tags'),
          text('notes'),
          int('progress_percentage', true),
          text('progress_message', true),
          text('failure_reason', true),
          text('rollback_reason', true),
          str('rolled_back_to', 100, true),
          int('revision'),
          time('created_at'),
          time('updated_at'),
          time('started_at', true),
          time('completed_at', true),
        ],
        checks: [oneOf('deployment_type', DEPLOYMENT_TYPES), oneOf('status', DEPLOYMENT_STATUSES)],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['environment_id'],
            referencedTableName: 'environments',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
        indices: [
          new TableIndex({ name: 'idx_deployments_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_deployments_scheduled', columnNames: ['scheduled_at', 'id'] }),
          new TableIndex({ name: 'idx_deployments_environment', columnNames: ['environment_id', 'created_at'] }),
          new TableIndex({ name: 'idx_deployments_status', columnNames: ['status_rank', 'created_at', 'id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'incidents',
        columns: [
          id,
          str('title', 200),
          text('description'),
          str('severity', 16),
          int('severity_rank'),
          str('incident_type', 16),
          str('status', 16),
          int('status_rank'),
          text('affected_services'),
          text('tags'),
          str('environment_id', 40, true),
          str('deployment_id', 40, true),
          str('commander', 100, true),
          text('resolution_notes', true),
          text('root_cause', true),
          int('revision'),
          time('created_at'),
          time('updated_at'),
          time('acknowledged_at', true),
          time('resolved_at', true),
        ],
        checks: [oneOf('severity', SEVERITIES), oneOf('incident_type', INCIDENT_TYPES), oneOf('status', INCIDENT_STATUSES)],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['environment_id'],
            referencedTableName: 'environments',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
          new TableForeignKey({
            columnNames: ['deployment_id'],
            referencedTableName: 'deployments',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
        indices: [
          new TableIndex({ name: 'idx_incidents_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_incidents_updated', columnNames: ['updated_at', 'id'] }),
          new TableIndex({ name: 'idx_incidents_severity', columnNames: ['severity_rank', 'created_at', 'id'] }),
          new TableIndex({ name: 'idx_incidents_status', columnNames: ['status_rank', 'created_at', 'id'] }),
          new TableIndex({ name: 'idx_incidents_environment', columnNames: ['environment_id', 'created_at'] }),
          new TableIndex({ name: 'idx_incidents_resolved', columnNames: ['resolved_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'timeline_entries',
        columns: [
          serial('id'),
          str('subject_type', 16),
          str('subject_id', 40),
          str('kind', 32),
          str('source', 16),
          str('actor', 100, true),
          text('message'),
          text('changes', true),
          text('data', true),
          time('created_at'),
        ],
        checks: [oneOf('source', CHANGE_SOURCES)],
        indices: [
          new TableIndex({ name: 'idx_timeline_subject', columnNames: ['subject_type', 'subject_id', 'id'] }),
          new TableIndex({ name: 'idx_timeline_kind', columnNames: ['subject_type', 'kind', 'created_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'change_events',
        columns: [
          serial('seq'),
          str('entity', 16),
          str('entity_id', 40),
          str('action', 32),
          str('source', 16),
          str('actor', 100, true),
          time('occurred_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['change_events', 'timeline_entries', 'incidents', 'deployments', 'environments']) {
      await q.dropTable(table);
    }
  }
}
