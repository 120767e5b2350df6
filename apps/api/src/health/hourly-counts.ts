import type { HealthCheck } from '../domain.js';
import { HISTOGRAM_COLUMNS, bucketOf, histogramPercentile, percentileSql } from './response-time-histogram.js';
import { HOUR_MS } from '../common/durations.js';

export function startOfHour(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (t % HOUR_MS)).toISOString();
}

/** One environment's checks of one hour within a batch, ready to be added to its hourly row. */
export interface HourlyRow {
  environment_id: string;
  hour: string;
  checks: number;
  healthy: number;
  warning: number;
  critical: number;
  responses: number;
  sum: number;
  min: number | null;
  max: number | null;
  buckets: number[];
}

/** Counts of a batch of checks by environment and hour, summed in memory so each hourly row is written once per batch. */
export class HourlyCounts {
  private readonly byKey = new Map<string, HourlyRow>();

  add(check: Pick<HealthCheck, 'environment_id' | 'status' | 'response_time_ms' | 'checked_at'>): void {
    const hour = startOfHour(check.checked_at);
    const key = `${check.environment_id} ${hour}`;
    let row = this.byKey.get(key);
    if (!row) {
      row = {
        environment_id: check.environment_id,
        hour,
        checks: 0,
        healthy: 0,
        warning: 0,
        critical: 0,
        responses: 0,
        sum: 0,
        min: null,
        max: null,
        buckets: new Array<number>(HISTOGRAM_COLUMNS.length).fill(0),
      };
      this.byKey.set(key, row);
    }
    row.checks += 1;
    row[check.status] += 1;
    const ms = check.response_time_ms;
    if (ms !== null) {
      const t = Math.round(ms);
      row.responses += 1;
      row.sum += t;
      row.min = row.min === null ? t : Math.min(row.min, t);
      row.max = row.max === null ? t : Math.max(row.max, t);
      row.buckets[bucketOf(t)]! += 1;
    }
  }

  /** In key order, so that two writers touching the same rows lock them in the same order. */
  rows(): HourlyRow[] {
    return [...this.byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }
}

export interface HourlySql {
  postgres: boolean;
  /** The driver's i-th positional placeholder. */
  param: (i: number) => string;
}

const COLUMNS = [
  'environment_id',
  'hour',
  'checks',
  'healthy',
  'warning',
  'critical',
  'responses',
  'response_time_sum',
  'response_time_min',
  'response_time_max',
  'response_time_p50',
  'response_time_p95',
  ...HISTOGRAM_COLUMNS,
];
const ADDED = ['checks', 'healthy', 'warning', 'critical', 'responses', 'response_time_sum', ...HISTOGRAM_COLUMNS];

const functions = (postgres: boolean) => (postgres ? { least: 'LEAST', greatest: 'GREATEST' } : { least: 'MIN', greatest: 'MAX' });

/**
 * The statements' text depends only on the dialect and the number of rows, and building it (the
 * percentile CASE above all) cost more than running it: made once per row count and kept.
 */
const upsertText = new Map<string, string>();
const percentileText = new Map<string, string>();

function memo(cache: Map<string, string>, db: HourlySql, rows: number, build: () => string): string {
  const key = `${db.postgres ? 'pg' : 'sqlite'} ${rows}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = build();
    cache.set(key, text);
  }
  return text;
}

/**
 * Adds rows to health_check_hourly: counters add (so instances and batches sum up exactly, whoever
 * writes first), min and max combine. Percentiles are set by percentileUpdate after it.
 */
export function hourlyUpsert(db: HourlySql, rows: HourlyRow[]): { sql: string; values: unknown[] } {
  const values = rows.flatMap((row) => [
    row.environment_id,
    row.hour,
    row.checks,
    row.healthy,
    row.warning,
    row.critical,
    row.responses,
    row.sum,
    row.min,
    row.max,
    histogramPercentile(row.buckets, 0.5, row.min, row.max),
    histogramPercentile(row.buckets, 0.95, row.min, row.max),
    ...row.buckets,
  ]);
  return { sql: memo(upsertText, db, rows.length, () => upsertSql(db, rows.length)), values };
}

function upsertSql(db: HourlySql, count: number): string {
  const t = 'health_check_hourly';
  const { least, greatest } = functions(db.postgres);
  const tuples = Array.from({ length: count }, (_, r) => `(${COLUMNS.map((__, c) => db.param(r * COLUMNS.length + c)).join(', ')})`).join(
    ', ',
  );
  const sets = [
    ...ADDED.map((c) => `${c} = ${t}.${c} + excluded.${c}`),
    `response_time_min = ${least}(COALESCE(${t}.response_time_min, excluded.response_time_min), COALESCE(excluded.response_time_min, ${t}.response_time_min))`,
    `response_time_max = ${greatest}(COALESCE(${t}.response_time_max, excluded.response_time_max), COALESCE(excluded.response_time_max, ${t}.response_time_max))`,
  ];
  return `INSERT INTO ${t} (${COLUMNS.join(', ')}) VALUES ${tuples} ON CONFLICT (environment_id, hour) DO UPDATE SET ${sets.join(', ')}`;
}

/** Recomputes p50 and p95 of the given hourly rows from their (just updated) buckets. */
export function percentileUpdate(
  db: HourlySql,
  rows: Array<Pick<HourlyRow, 'environment_id' | 'hour'>>,
): { sql: string; values: unknown[] } {
  const sql = memo(percentileText, db, rows.length, () => {
    const keys = rows.map((_, r) => `(${db.param(2 * r)}, ${db.param(2 * r + 1)})`).join(', ');
    const f = functions(db.postgres);
    return `UPDATE health_check_hourly SET response_time_p50 = ${percentileSql(50, 'response_time_p50', f)}, response_time_p95 = ${percentileSql(95, 'response_time_p95', f)} WHERE (environment_id, hour) IN (VALUES ${keys})`;
  });
  return { sql, values: rows.flatMap((row) => [row.environment_id, row.hour]) };
}
