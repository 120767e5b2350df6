import { QueryFailedError, type EntityManager } from 'typeorm';
import { planChanged, runnerConnection, statementName } from './postgres-statements.js';
import { readsOf } from './sql-reads.js';

interface InsertText {
  columns: readonly string[];
  /** With :named parameters, for the ORM's rewrite. */
  named: string;
  /** On PostgreSQL, each column's value as $n in column order, under a statement name of its own. */
  positional: string;
  statement: string;
  /** On SQLite, with `?` placeholders. */
  sqlite: string;
}

/** By table (and RETURNING clause): the texts for each set of columns a caller inserts. */
const statements = new Map<string, InsertText[]>();

/** Found by comparing the row's keys with each known column list: cheaper than building a key of them per insert. */
function statementFor(table: string, columns: string[], returning: string): InsertText {
  const key = returning === '' ? table : `${table}${returning}`;
  let texts = statements.get(key);
  if (texts === undefined) statements.set(key, (texts = []));
  for (const text of texts) if (text.columns.length === columns.length && text.columns.every((c, i) => c === columns[i])) return text;
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES`;
  const text: InsertText = {
    columns,
    named: `${insert} (${columns.map((c) => `:${c}`).join(', ')})${returning}`,
    positional: `${insert} (${columns.map((_, i) => `$${i + 1}`).join(', ')})${returning}`,
    statement: statementName('write'),
    sqlite: `${insert} (${columns.map(() => '?').join(', ')})${returning}`,
  };
  texts.push(text);
  return text;
}

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
  const text = statementFor(table, columns, returning);
  const values: unknown[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const value = (row as Record<string, unknown>)[columns[i]!];
    values[i] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  }
  // In a transaction on PostgreSQL: a named statement on its connection, parsed and planned once per connection.
  const held = runnerConnection(manager);
  if (held !== undefined) {
    try {
      return (await held.query({ name: text.statement, text: text.positional, values })).rows;
    } catch (error) {
      // This write fails; the next one prepares the statement anew.
      if (planChanged(error)) text.statement = statementName('write');
      throw new QueryFailedError(text.positional, values, error as Error);
    }
  }
  if (manager.connection.options.type === 'postgres') {
    return readsOf(manager.connection).rows(text.named, Object.fromEntries(columns.map((c, i) => [c, values[i]])), manager);
  }
  // On SQLite: prepared once per text, values bound in column order. As the ORM writes them: a boolean
  // as 1 or 0, a whole number as an integer (the driver would bind every number as a real).
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'boolean') values[i] = value ? 1n : 0n;
    else if (typeof value === 'number' && Number.isSafeInteger(value)) values[i] = BigInt(value);
  }
  return readsOf(manager.connection).sqlitePositional(text.sqlite, values);
}
