import { QueryFailedError, type EntityManager } from 'typeorm';
import { planChanged, runnerConnection, statementName } from './postgres-statements.js';
import { readsOf } from './sql-reads.js';

interface InsertText {
  /** With :named parameters, for the ORM's rewrite. */
  named: string;
  /** On PostgreSQL, each column's value as $n in column order, under a statement name of its own. */
  positional: string;
  statement: string;
}

const statements = new Map<string, InsertText>();

/**
 * INSERT of one row in plain SQL both databases speak, for writes on hot paths where the
 * query builder's per-call work costs more than the insert. Arrays and objects are stored
 * as JSON text, as the entities' simple-json columns read them.
 */
export async function insertRow(manager: EntityManager, table: string, row: object): Promise<void> {
  await insert(manager, table, row, '');
}

/**
 * The same INSERT, answering the value the database gave `column` (a generated id), so a caller
 * can show the row it wrote without reading it back. RETURNING is spoken by both databases.
 */
export async function insertRowReturning(manager: EntityManager, table: string, row: object, column: string): Promise<number> {
  const [returned] = (await insert(manager, table, row, ` RETURNING ${column}`)) as Array<Record<string, number | string>>;
  return Number(returned![column]);
}

async function insert(manager: EntityManager, table: string, row: object, returning: string): Promise<unknown> {
  const columns = Object.keys(row);
  const key = `${table}(${columns.join(',')})${returning}`;
  let text = statements.get(key);
  if (text === undefined) {
    const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES`;
    text = {
      named: `${insert} (${columns.map((c) => `:${c}`).join(', ')})${returning}`,
      positional: `${insert} (${columns.map((_, i) => `$${i + 1}`).join(', ')})${returning}`,
      statement: statementName('write'),
    };
    statements.set(key, text);
  }
  const params: Record<string, unknown> = {};
  for (const column of columns) {
    const value = (row as Record<string, unknown>)[column];
    params[column] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  }
  // In a transaction on PostgreSQL: a named statement on its connection, parsed and planned once per connection.
  const held = runnerConnection(manager);
  if (held !== undefined) {
    const values = columns.map((column) => params[column]);
    try {
      return (await held.query({ name: text.statement, text: text.positional, values })).rows;
    } catch (error) {
      // This write fails; the next one prepares the statement anew.
      if (planChanged(error)) text.statement = statementName('write');
      throw new QueryFailedError(text.positional, values, error as Error);
    }
  }
  // On SQLite: compiled and prepared once per text (and numbers, which stay literals as the ORM writes them).
  return readsOf(manager.connection).rows(text.named, params, manager);
}
