import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type TableColumnOptions,
} from 'typeorm';
import { HEALTH_CHECK_TRIGGERS, HEALTH_ERROR_KINDS, HEALTH_STATUSES, LIMITS } from '../../domain.js';

/**
 * The health engine: every check's result, hourly roll-ups of old results, metrics that
 * environments report, each environment's current health, and the auto-incident settings.
 * Schema builder only, so it runs on SQLite and PostgreSQL alike.
 */

const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '32', isNullable: nullable });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
const real = (name: string): TableColumnOptions => ({ name, type: 'double precision', isNullable: true });
const serial = (name: string): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const oneOf = (column: string, values: readonly string[]) => ({
  name: `chk_${column}`,
  expression: `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`,
});
const environmentFk = () =>
  new TableForeignKey({
    columnNames: ['environment_id'],
    referencedTableName: 'environments',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/** A check is always judged; `unknown` is what an environment is before any check. */
const JUDGED = HEALTH_STATUSES.filter((s) => s !== 'unknown');

export class HealthEngine1764460800000 implements MigrationInterface {
  name = 'HealthEngine1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'health_checks',
        columns: [
          serial('id'),
          str('environment_id', 40),
          str('status', 16),
          int('status_code', true),
          int('response_time_ms', true),
          str('error_kind', 24, true),
          { name: 'error_message', type: 'text', isNullable: true },
          str('url', LIMITS.urlMax),
          str('trigger', 16),
          str('deployment_id', 40, true),
          time('checked_at'),
        ],
        checks: [oneOf('status', JUDGED), oneOf('error_kind', HEALTH_ERROR_KINDS), oneOf('trigger', HEALTH_CHECK_TRIGGERS)],
        foreignKeys: [
          environmentFk(),
          new TableForeignKey({
            columnNames: ['deployment_id'],
            referencedTableName: 'deployments',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
        indices: [
          // Latest check of an environment, and its history over a time range, newest first.
          new TableIndex({ name: 'idx_health_checks_environment', columnNames: ['environment_id', 'checked_at', 'id'] }),
          // Retention: everything older than the cut-off.
          new TableIndex({ name: 'idx_health_checks_checked', columnNames: ['checked_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'health_check_hourly',
        columns: [
          { ...str('environment_id', 40), isPrimary: true },
          { ...time('hour'), isPrimary: true },
          int('checks'),
          int('healthy'),
          int('warning'),
          int('critical'),
          int('responses'),
          int('response_time_sum'),
          int('response_time_min', true),
          int('response_time_max', true),
          int('response_time_p50', true),
          int('response_time_p95', true),
        ],
        foreignKeys: [environmentFk()],
        indices: [new TableIndex({ name: 'idx_health_check_hourly_hour', columnNames: ['hour'] })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'environment_metrics',
        columns: [
          serial('id'),
          str('environment_id', 40),
          real('cpu_usage'),
          real('memory_usage'),
          real('disk_usage'),
          real('network_latency'),
          time('reported_at'),
        ],
        foreignKeys: [environmentFk()],
        indices: [
          new TableIndex({ name: 'idx_environment_metrics_environment', columnNames: ['environment_id', 'reported_at', 'id'] }),
          new TableIndex({ name: 'idx_environment_metrics_reported', columnNames: ['reported_at'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'environment_health',
        columns: [
          { ...str('environment_id', 40), isPrimary: true },
          str('status', 16),
          time('status_since'),
          time('last_checked_at'),
          int('last_response_time_ms', true),
          int('consecutive_critical'),
          time('critical_since', true),
          str('incident_id', 40, true),
          time('incident_streak', true),
        ],
        checks: [oneOf('status', JUDGED)],
        foreignKeys: [
          environmentFk(),
          new TableForeignKey({
            columnNames: ['incident_id'],
            referencedTableName: 'incidents',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );

    await q.addColumns('environments', [
      new TableColumn({ name: 'auto_incident_enabled', type: 'boolean', isNullable: true }),
      new TableColumn({ name: 'critical_threshold', type: 'integer', default: LIMITS.criticalThresholdDefault }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('environments', 'critical_threshold');
    await q.dropColumn('environments', 'auto_incident_enabled');
    for (const table of ['environment_health', 'environment_metrics', 'health_check_hourly', 'health_checks']) {
      await q.dropTable(table);
    }
  }
}
