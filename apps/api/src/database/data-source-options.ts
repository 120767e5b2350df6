import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';
import { Database } from './sqlite-driver.js';

/** How long a writer waits for another process (e.g. the stdio MCP server) to release the SQLite file. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export function dataSourceOptions(database: AppConfig['database']): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'all' as const,
    synchronize: false,
    // No SQL in the logs: expected refusals (a busy lock retried, a unique index) are not errors, and
    // anything unexpected reaches the exception filter, which logs it once.
    logging: false,
  };
  if (database.kind === 'postgres') {
    // The pool's size, and how long a request may wait for a connection from it.
    return { ...common, type: 'postgres', url: database.url, extra: { max: database.poolSize, connectionTimeoutMillis: 10_000 } };
  }
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    // The binding for this Node version (sqlite-driver.ts), not whichever TypeORM would load by name.
    driver: Database,
    database: database.path,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      // WAL lets readers and one writer work at once, across processes; NORMAL sync is
      // durable against process crashes and keeps fsync off every commit's critical path.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
      // Table statistics (sqlite-statistics.ts) from a sample of each index: milliseconds, not a full read.
      db.pragma('analysis_limit = 1000');
    },
  };
}
