import type { Statement } from 'better-sqlite3';
import { DataSource, type EntityManager } from 'typeorm';
import type { Database } from './sqlite-driver.js';

/** Prepared statements per SQLite connection, by SQL text; the hot reads are a few dozen texts. */
const statements = new WeakMap<Database, Map<string, Statement>>();
const STATEMENTS_KEPT = 200;

/**
 * Rows of a read (SQL already escaped for this database, with its values). On SQLite straight from
 * better-sqlite3 with a cached prepared statement: TypeORM's query path (query runner, events, result
 * wrapping) costs more per query than a detail's or a list page's SQL, and adds nothing a read needs,
 * as there is one connection whether or not a transaction is open. Elsewhere through TypeORM, on
 * the manager's connection when given one (a transaction's).
 */
export async function readRows<T>(via: DataSource | EntityManager, sql: string, values: unknown[]): Promise<T[]> {
  const db = via instanceof DataSource ? via : via.connection;
  const connection =
    db.options.type === 'better-sqlite3' ? (db.driver as unknown as { databaseConnection?: Database }).databaseConnection : undefined;
  if (!connection) return (await via.query(sql, values)) as T[];
  let cache = statements.get(connection);
  if (!cache) {
    cache = new Map();
    statements.set(connection, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    cache.set(sql, statement);
    // Oldest first out, as TypeORM's own cache does.
    if (cache.size > STATEMENTS_KEPT) cache.delete(cache.keys().next().value!);
  }
  // better-sqlite3 binds no booleans: 1 and 0, as TypeORM passes them.
  return statement.all(...values.map((v) => (typeof v === 'boolean' ? Number(v) : v))) as T[];
}
