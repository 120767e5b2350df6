import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { planChanged, runnerConnection, statementName, type PostgresQueryable } from './postgres-statements.js';

/** A read's SQL in the driver's placeholders, and which named parameter goes to each. */
interface Compiled {
  sql: string;
  names: string[];
  /** Its prepared statement's name on PostgreSQL: never reused for another text, as a connection keeps each one. */
  statement: string;
  /** Builds its rows from the columns it returns, which its text fixes. */
  build?: RowBuilder;
  /** On SQLite, its prepared statement. */
  prepared?: PreparedRead;
}

const MARK = '\u0000param:';
const COMPILED_MAX = 256;

/** A prepared SQLite read: rows come as arrays and are made objects here (see prepare). */
interface PreparedRead {
  all(...values: unknown[]): unknown[];
}

interface SqliteStatement {
  reader: boolean;
  run(...values: unknown[]): unknown;
  raw(on: boolean): SqliteStatement;
  columns(): Array<{ name: string }>;
  all(...values: unknown[]): unknown[];
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

type RowBuilder = (row: unknown[]) => Record<string, unknown>;

/**
 * One object literal per row, with the statement's columns as keys in order: every row of a
 * statement then shares one shape. The names are the statement's own columns, written as JSON strings.
 */
function rowBuilder(columns: string[]): RowBuilder {
  // In a literal, "__proto__" would set the prototype rather than a key.
  if (columns.includes('__proto__')) return (row) => Object.fromEntries(columns.map((name, i) => [name, row[i]]));
  return new Function('row', `return {${columns.map((name, i) => `${JSON.stringify(name)}: row[${i}]`).join(', ')}};`) as RowBuilder;
}

const isScalar = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * Plain SQL for the paths every page view and every write takes (an incident, its timeline, a page
 * of a list; the inserts of insert-row.ts). The same SQL on the same connection TypeORM would use,
 * without its per-query work (a query runner, events, a result wrapper, several awaits). On SQLite
 * the SQL is TypeORM's own (it writes numbers into the text as literals, which SQLite runs
 * measurably faster than bound ones), worked out once per text and numbers and prepared once, in
 * a transaction or not (there is one connection); on PostgreSQL named parameters become `$n` once
 * per text, by the driver's own rules, and the statement goes to the pool directly, or inside a
 * transaction to its connection. A list-valued parameter takes TypeORM's path unchanged.
 */
export class SqlReads {
  /** By text, then by parameter names (and, on SQLite, the numbers written into the text). */
  private readonly compiled = new Map<string, Map<string, Compiled>>();
  private compiledCount = 0;
  private readonly positional = new Map<string, PreparedRead>();
  private preparedOn: unknown;

  constructor(private readonly dataSource: DataSource) {}

  async rows<T>(text: string, params: Record<string, unknown>, manager?: EntityManager): Promise<T[]> {
    const scalar = Object.values(params).every(isScalar);
    // Inside a transaction on PostgreSQL: the same named statements, on the transaction's connection.
    const held = manager === undefined || !scalar ? undefined : runnerConnection(manager);
    // SQLite has one connection, so a transaction's statements may go to it directly like any other.
    const sqlite = this.dataSource.options.type !== 'postgres';
    const direct = scalar && (manager === undefined || manager.queryRunner === undefined || held !== undefined || sqlite);
    if (!direct) {
      const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(text, params);
      return (await (manager ?? this.dataSource).query(sql, values)) as T[];
    }
    if (this.dataSource.options.type === 'postgres') {
      const compiled = this.compile(text, params);
      const values = compiled.names.map((name) => params[name]);
      const connection = held ?? (this.dataSource.driver as unknown as { master: PostgresQueryable }).master;
      // Prepared once per connection (PostgreSQL then skips parsing it), rows as arrays built here as on SQLite.
      const query = async () =>
        (await connection.query({ name: compiled.statement, text: compiled.sql, values, rowMode: 'array' })) as {
          rows: unknown[][];
          fields: Array<{ name: string }>;
        };
      try {
        let result;
        try {
          result = await query();
        } catch (error) {
          if (!planChanged(error)) throw error;
          // Prepared anew under another name; a transaction's connection refuses everything after an error, so only outside one at once.
          compiled.statement = statementName('read');
          compiled.build = undefined;
          if (held !== undefined) throw error;
          result = await query();
        }
        compiled.build ??= rowBuilder(result.fields.map((field) => field.name));
        return result.rows.map(compiled.build) as T[];
      } catch (error) {
        throw new QueryFailedError(compiled.sql, values, error as Error);
      }
    }
    const db = this.sqliteConnection();
    const compiled = this.compile(text, params);
    // SQLite has no boolean: the ORM binds 1 or 0.
    const values = compiled.names.map((name) => (typeof params[name] === 'boolean' ? Number(params[name]) : params[name]));
    try {
      compiled.prepared ??= prepare(db, compiled.sql);
      return compiled.prepared.all(...values) as T[];
    } catch (error) {
      throw new QueryFailedError(compiled.sql, values, error as Error);
    }
  }

  /**
   * On SQLite: `sql` with `?` placeholders, bound to `values` in order, prepared once per text. For
   * texts built once and kept (insert-row.ts), which then skip the named-parameter rewrite and its
   * cache key, both built per call in rows().
   */
  sqlitePositional<T>(sql: string, values: unknown[]): T[] {
    const db = this.sqliteConnection();
    let prepared = this.positional.get(sql);
    try {
      if (prepared === undefined) {
        prepared = prepare(db, sql);
        if (this.positional.size >= COMPILED_MAX) this.positional.clear();
        this.positional.set(sql, prepared);
      }
      return prepared.all(...values) as T[];
    } catch (error) {
      throw new QueryFailedError(sql, values, error as Error);
    }
  }

  /** SQLite's one connection; statements belong to it, so a data source opened again starts over. */
  private sqliteConnection(): SqliteConnection {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    if (db !== this.preparedOn) {
      this.forgetCompiled();
      this.positional.clear();
      this.preparedOn = db;
    }
    return db;
  }

  /**
   * Single values only (TypeORM expands lists and calls functions, per call). On SQLite numbers stay
   * in the text as the ORM writes them, so they are part of what is compiled and of its key.
   */
  private compile(text: string, params: Record<string, unknown>): Compiled {
    const literals = this.dataSource.options.type !== 'postgres';
    const literal = (key: string) => literals && typeof params[key] === 'number';
    const keys = Object.keys(params);
    // Looked up by the text itself and then a short key, not by one long key built anew per call.
    let shape = '';
    for (const key of keys) shape += literal(key) ? `${key}=${String(params[key])},` : `${key},`;
    let byShape = this.compiled.get(text);
    let found = byShape?.get(shape);
    if (!found) {
      const marked = Object.fromEntries(keys.map((key) => [key, literal(key) ? params[key] : `${MARK}${key}`]));
      const [sql, markers] = this.dataSource.driver.escapeQueryWithParameters(text, marked);
      found = { sql, names: (markers as string[]).map((marker) => marker.slice(MARK.length)), statement: statementName('read') };
      if (this.compiledCount >= COMPILED_MAX) {
        this.forgetCompiled();
        byShape = undefined;
      }
      if (byShape === undefined) this.compiled.set(text, (byShape = new Map()));
      byShape.set(shape, found);
      this.compiledCount++;
    }
    return found;
  }

  private forgetCompiled(): void {
    this.compiled.clear();
    this.compiledCount = 0;
  }
}

/**
 * The binding builds a row object through one engine call per column, which for a page of 50
 * incidents is about half the read's CPU; rows taken as arrays and built as object literals here
 * cost less than half as much.
 */
function prepare(db: SqliteConnection, sql: string): PreparedRead {
  const statement = db.prepare(sql);
  // A write (insert-row.ts) answers no rows.
  if (!statement.reader)
    return {
      all: (...values) => {
        statement.run(...values);
        return [];
      },
    };
  const build = rowBuilder(statement.columns().map((column) => column.name));
  const raw = statement.raw(true);
  return { all: (...values) => (raw.all(...values) as unknown[][]).map(build) };
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
