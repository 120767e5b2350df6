import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/** A read's SQL in the driver's placeholders, and which named parameter goes to each. */
interface Compiled {
  sql: string;
  names: string[];
}

const MARK = '\u0000param:';
const COMPILED_MAX = 256;
const STATEMENTS_MAX = 256;

const isScalar = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * Plain reads outside a transaction, for the paths every page view takes (an incident, its
 * timeline, a page of a list). The same SQL on the same connection TypeORM would use, without its
 * per-query work (a query runner, events, a result wrapper, several awaits). On SQLite the SQL is
 * TypeORM's own (it writes numbers into the text as literals, which SQLite runs measurably faster
 * than bound ones) and each text is prepared once; on PostgreSQL named parameters become `$n`
 * once per text, by the driver's own rules, and the read goes to the pool directly. Anything else
 * (a manager inside a transaction, a list-valued parameter) takes TypeORM's path unchanged.
 */
export class SqlReads {
  private readonly compiled = new Map<string, Compiled>();
  private readonly statements = new Map<string, { all(...values: unknown[]): unknown[] }>();
  private preparedOn: unknown;

  constructor(private readonly dataSource: DataSource) {}

  async rows<T>(text: string, params: Record<string, unknown>, manager?: EntityManager): Promise<T[]> {
    const direct = (manager === undefined || manager.queryRunner === undefined) && Object.values(params).every(isScalar);
    if (!direct) {
      const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(text, params);
      return (await (manager ?? this.dataSource).query(sql, values)) as T[];
    }
    if (this.dataSource.options.type === 'postgres') {
      const compiled = this.compile(text, params);
      const values = compiled.names.map((name) => params[name]);
      const pool = (this.dataSource.driver as unknown as { master: { query(sql: string, values: unknown[]): Promise<{ rows: T[] }> } })
        .master;
      try {
        return (await pool.query(compiled.sql, values)).rows;
      } catch (error) {
        throw new QueryFailedError(compiled.sql, values, error as Error);
      }
    }
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(text, params);
    try {
      return this.statement(sql).all(...values) as T[];
    } catch (error) {
      throw new QueryFailedError(sql, values, error as Error);
    }
  }

  /** Single values only (TypeORM expands lists and calls functions, per call). */
  private compile(text: string, params: Record<string, unknown>): Compiled {
    const keys = Object.keys(params);
    const cacheKey = `${keys.join(',')}\n${text}`;
    let found = this.compiled.get(cacheKey);
    if (!found) {
      const marked = Object.fromEntries(keys.map((key) => [key, `${MARK}${key}`]));
      const [sql, markers] = this.dataSource.driver.escapeQueryWithParameters(text, marked);
      found = { sql, names: (markers as string[]).map((marker) => marker.slice(MARK.length)) };
      if (this.compiled.size >= COMPILED_MAX) this.compiled.clear();
      this.compiled.set(cacheKey, found);
    }
    return found;
  }

  private statement(sql: string): { all(...values: unknown[]): unknown[] } {
    const db = (this.dataSource.driver as unknown as { databaseConnection: { prepare(sql: string): { all(...v: unknown[]): unknown[] } } })
      .databaseConnection;
    // Statements belong to one connection: a data source opened again starts over.
    if (db !== this.preparedOn) {
      this.statements.clear();
      this.preparedOn = db;
    }
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (this.statements.size >= STATEMENTS_MAX) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

const readers = new WeakMap<DataSource, SqlReads>();

/** The reads of one data source (their compiled texts and statements live as long as it does). */
export function readsOf(dataSource: DataSource): SqlReads {
  let reads = readers.get(dataSource);
  if (!reads) {
    reads = new SqlReads(dataSource);
    readers.set(dataSource, reads);
  }
  return reads;
}
