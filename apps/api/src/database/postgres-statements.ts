import type { EntityManager } from 'typeorm';

/** node-postgres, as far as named statements need it. */
export interface PostgresQueryable {
  query(config: {
    name: string;
    text: string;
    values: unknown[];
    rowMode?: 'array';
  }): Promise<{ rows: unknown[]; fields: Array<{ name: string }> }>;
}

let statementsNamed = 0;

/**
 * A name for a statement text. A PostgreSQL connection keeps each statement it prepared under its
 * name, so a name is never given to a second text.
 */
export function statementName(kind: 'read' | 'write'): string {
  return `${kind}_${++statementsNamed}`;
}

/**
 * The PostgreSQL connection a manager's query runner holds (a transaction's), or undefined: on
 * SQLite, outside a query runner, or before it connected. Named statements sent on it are parsed
 * and planned once per connection instead of once per call.
 */
export function runnerConnection(manager: EntityManager): PostgresQueryable | undefined {
  const runner = manager.queryRunner as { isReleased?: boolean; databaseConnection?: PostgresQueryable } | undefined;
  if (runner === undefined || runner.isReleased || manager.connection.options.type !== 'postgres') return undefined;
  return runner.databaseConnection ?? undefined;
}

/**
 * PostgreSQL's answer when a table changed under a statement a connection prepared so that its
 * result columns changed (another instance's migration during a rolling upgrade). The statement
 * stays broken on that connection, so its text is prepared again under a new name.
 */
export function planChanged(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}
