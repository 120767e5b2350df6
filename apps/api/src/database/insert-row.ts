import type { EntityManager } from 'typeorm';

const statements = new Map<string, string>();

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
    text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')})${returning}`;
    statements.set(key, text);
  }
  const params: Record<string, unknown> = {};
  for (const column of columns) {
    const value = (row as Record<string, unknown>)[column];
    params[column] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  }
  const [sql, values] = manager.connection.driver.escapeQueryWithParameters(text, params);
  return manager.query(sql, values);
}
