import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError, LIMITS, type Page } from '../domain.js';

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

export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): Array<string | number> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== length || !values.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw DomainError.validation('cursor', 'is not a cursor from this list; pass next_cursor from the previous page unchanged, with the same sort_by');
  }
  return values as Array<string | number>;
}

export async function pageByKeyset<Row extends ObjectLiteral>(
  qb: SelectQueryBuilder<Row>,
  keys: SortKey<Row>[],
  limit: number | undefined,
  cursor: string | undefined,
): Promise<Page<Row>> {
  const size = Math.min(limit ?? LIMITS.listLimitDefault, LIMITS.listLimitMax);
  const total = await qb.clone().getCount();

  if (cursor) {
    const values = decodeCursor(cursor, keys.length);
    const branches = keys.map((key, i) => {
      const equal = keys.slice(0, i).map((k, j) => `${k.expr} = :ks${j}`);
      return [...equal, `${key.expr} ${key.dir === 'ASC' ? '>' : '<'} :ks${i}`].join(' AND ');
    });
    const params = Object.fromEntries(values.map((v, i) => [`ks${i}`, v]));
    qb.andWhere(`(${branches.map((b) => `(${b})`).join(' OR ')})`, params);
  }
  keys.forEach((key, i) => (i === 0 ? qb.orderBy(key.expr, key.dir) : qb.addOrderBy(key.expr, key.dir)));
  const rows = await qb.limit(size + 1).getMany();

  const hasMore = rows.length > size;
  const items = hasMore ? rows.slice(0, size) : rows;
  const last = items.at(-1);
  return {
    items,
    total,
    limit: size,
    has_more: hasMore,
    next_cursor: hasMore && last ? encodeCursor(keys.map((k) => k.value(last))) : null,
  };
}
