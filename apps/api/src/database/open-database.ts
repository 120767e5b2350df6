import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';

/** Any number, the same in every instance: only one instance migrates at a time. */
const MIGRATION_LOCK = 7_301_001;

/**
 * Connects and brings the schema up to date. On PostgreSQL several instances may start at once:
 * the migrations run under an advisory lock, so one instance migrates while the others wait and
 * then find nothing left to do (no "relation already exists", no retries).
 */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource({ ...options, migrationsRun: false } as DataSourceOptions);
  await dataSource.initialize();
  try {
    await refuseNewerSchema(dataSource);
    if (dataSource.options.type !== 'postgres') {
      await dataSource.runMigrations({ transaction: 'all' });
      return dataSource;
    }
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      if (applied.length > 0) new Logger('Database').log(`Applied ${applied.length} migration(s)`);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
    return dataSource;
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/** Said when the database was brought up to date by a newer release than this one. */
export class NewerSchemaError extends Error {}

/**
 * Downgrades are not supported: a database migrated by a newer release has tables and columns this
 * release does not know, and writing to it could lose data. Start-up stops instead, naming the way back.
 */
async function refuseNewerSchema(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const hasLog = await runner.hasTable('migrations').finally(() => runner.release());
  if (!hasLog) return;
  const known = new Set(dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name));
  const applied = (await dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
  const unknown = applied.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new NewerSchemaError(
      `This database was upgraded by a newer release of workflow-mcp (migration ${unknown.join(', ')}), which this release does not know; downgrades are not supported. Run that newer release, or restore the backup taken before the upgrade.`,
    );
  }
}
