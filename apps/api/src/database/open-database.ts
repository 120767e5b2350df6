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
