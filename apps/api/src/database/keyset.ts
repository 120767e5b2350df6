import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError, LIMITS, type Page } from '../domain.js';
import type { KeptReads } from './kept-reads.js';
import { readsOf } from './sql-reads.js';

/**
 * Keyset ("seek") pagination: the cursor carries the sort values of the last row,
 * so every page is an index range scan and rows inserted meanwhile never shift pages.
 */
export interface SortKey<Row> {
  /** SQL expression over the query's alias. */
  expr: string;
  dir: 'ASC' | 'DESC';
  value: (row: Row) => string | number | null;
}

/** Sort keys on plain columns, e.g. `byColumns('e', ['created_at', 'DESC'], ['id', 'DESC'])`; the last should be unique. */
export function byColumns<Row>(alias: string, ...keys: Array<[column: keyof Row & string, dir: 'ASC' | 'DESC']>): SortKey<Row>[] {
  return keys.map(([column, dir]) => ({
    expr: alias ? `${alias}.${column}` : column,
    dir,
    value: (row) => row[column] as string | number | null,
  }));
}

export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

// Only finite numbers: 1e400 parses as Infinity, which a driver would write into SQL as a bare word.
function decodeCursor(cursor: string, length: number): Array<string | number> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (
    !Array.isArray(values) ||
    values.length !== length ||
    !values.every((v) => (typeof v === 'string' && v.length <= 2_000) || (typeof v === 'number' && Number.isFinite(v)))
  ) {
    throw DomainError.validation(
      'cursor',
      'is not a cursor from this list; pass next_cursor from the previous page unchanged, with the same sort_by',
    );
  }
  return values as Array<string | number>;
}

function seekCondition<Row>(keys: SortKey<Row>[], cursor: string): { sql: string; params: Record<string, string | number> } {
  const values = decodeCursor(cursor, keys.length);
  const branches = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => `${k.expr} = :ks${j}`);
    return [...equal, `${key.expr} ${key.dir === 'ASC' ? '>' : '<'} :ks${i}`].join(' AND ');
  });
  return { sql: `(${branches.map((b) => `(${b})`).join(' OR ')})`, params: Object.fromEntries(values.map((v, i) => [`ks${i}`, v])) };
}

/** Matches are counted up to the cap and one more: enough to say "more than the cap" without reading the rest. */
const COUNT_ROWS = LIMITS.listTotalMax + 1;

/**
 * A row limit written into the SQL rather than bound. PostgreSQL plans a named statement whose
 * LIMIT is a parameter anew on every run: the generic plan, costed for a limit it cannot know,
 * never looks cheaper than a custom one, and planning a page costs it about 0.1 ms. With the limit
 * in the text it keeps the generic plan after five runs (planning 0.002 ms). Only limits go in
 * this way: they come from a bounded set (page sizes up to LIMITS.listLimitMax, timeline pages up
 * to LIMITS.timelineMax), and clients mostly use the defaults. Each distinct text is a statement
 * kept on every pooled connection, so cursor values and other open-ended numbers stay bound.
 */
export function rowLimit(rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`Not a row limit: ${rows}`);
  return String(rows);
}

/** The column that carries the count on every row of a page (pageBySql); taken off before the rows go out. */
const MATCHES = 'matches_counted__';

function toPage<Row, Item>(rows: Row[], counted: number, size: number, keys: SortKey<Row>[], map: (row: Row) => Item): Page<Item> {
  const hasMore = rows.length > size;
  const onPage = hasMore ? rows.slice(0, size) : rows;
  const last = onPage.at(-1);
  return {
    items: onPage.map(map),
    total: Math.min(counted, LIMITS.listTotalMax),
    total_capped: counted > LIMITS.listTotalMax,
    limit: size,
    has_more: hasMore,
    next_cursor: hasMore && last ? encodeCursor(keys.map((k) => k.value(last))) : null,
  };
}

const pageSize = (limit: number | undefined) => Math.min(limit ?? LIMITS.listLimitDefault, LIMITS.listLimitMax);

export async function pageByKeyset<Row extends ObjectLiteral>(
  qb: SelectQueryBuilder<Row>,
  keys: SortKey<Row>[],
  limit: number | undefined,
  cursor: string | undefined,
): Promise<Page<Row>> {
  const size = pageSize(limit);
  // A bounded count over the filter (not getCount()'s COUNT(DISTINCT id), which cannot use a covering index).
  const matches = qb.clone().select('1', 'one').orderBy().limit(COUNT_ROWS);
  const counted = await qb.connection
    .createQueryBuilder()
    .select('COUNT(*)', 'n')
    .from(`(${matches.getQuery()})`, 'counted')
    .setParameters(matches.getParameters())
    .getRawOne<{ n: number | string }>();
  const total = Number(counted?.n ?? 0);
  if (cursor) {
    const seek = seekCondition(keys, cursor);
    qb.andWhere(seek.sql, seek.params);
  }
  keys.forEach((key, i) => (i === 0 ? qb.orderBy(key.expr, key.dir) : qb.addOrderBy(key.expr, key.dir)));
  return toPage(await qb.limit(size + 1).getMany(), total, size, keys, (row) => row);
}

/** A list over one table in plain SQL: filters as fragments with :named parameters, joined by AND. */
export interface SqlList {
  table: string;
  columns: string;
  where: string[];
  params: Record<string, unknown>;
  /** Where the filter's count may be kept between pages (PostgreSQL; see KeptReads). */
  kept?: KeptReads;
}

/** Rows as the database returns them, without the count column pageBySql adds. */
function asReturned<Raw>(row: Raw & { [MATCHES]: number | string }): Raw {
  const { [MATCHES]: _count, ...rest } = row;
  return rest as Raw;
}

/**
 * The same pagination for hot lists, in SQL both databases speak, without building a query
 * or hydrating entities per request: the rows come back as the database returns them, or as
 * `map` makes them (one pass; `map` reads the columns it needs, so the count column stays behind).
 */
export async function pageBySql<Raw extends ObjectLiteral, Item = Raw>(
  db: DataSource,
  list: SqlList,
  keys: SortKey<Raw>[],
  limit: number | undefined,
  cursor: string | undefined,
  map: (row: Raw) => Item = asReturned as (row: Raw) => Item,
): Promise<Page<Item>> {
  const size = pageSize(limit);
  const run = <T>(text: string, params: Record<string, unknown>): Promise<T[]> => readsOf(db).rows<T>(text, params);
  const filter = list.where.length ? ` WHERE ${list.where.join(' AND ')}` : '';
  const where = [...list.where];
  let params = list.params;
  if (cursor) {
    const seek = seekCondition(keys, cursor);
    where.push(seek.sql);
    params = { ...params, ...seek.params };
  }
  const order = keys.map((k) => `${k.expr} ${k.dir}`).join(', ');
  const page = `FROM ${list.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${rowLimit(size + 1)}`;
  const counted = `(SELECT COUNT(*) FROM (SELECT 1 FROM ${list.table}${filter} LIMIT ${rowLimit(COUNT_ROWS)}) counted)`;
  const countKey = list.kept && `count:${list.table}${filter}\n${JSON.stringify(list.params)}`;
  const kept = countKey === undefined ? undefined : list.kept!.get(countKey);
  if (typeof kept === 'number') {
    const rows = await run<Raw & { [MATCHES]: number | string }>(`SELECT ${list.columns} ${page}`, params);
    return toPage<Raw, Item>(rows, kept, size, keys, map);
  }
  const ticket = list.kept?.ticket();
  // The bounded count rides along with the page as a scalar subquery, which the database runs once: one
  // statement, one round trip and (on PostgreSQL) one plan per page instead of two.
  const rows = await run<Raw & { [MATCHES]: number | string }>(`SELECT ${list.columns}, ${counted} AS ${MATCHES} ${page}`, params);
  let total = Number(rows[0]?.[MATCHES] ?? 0);
  // Past the last page there is no row to carry the count: ask for it on its own (rare).
  if (rows.length === 0 && cursor) {
    const [alone] = await run<{ n: number | string }>(`SELECT ${counted} AS n`, list.params);
    total = Number(alone?.n ?? 0);
  }
  if (countKey !== undefined && ticket) list.kept!.put(countKey, total, ticket);
  return toPage<Raw, Item>(rows, total, size, keys, map);
}
