import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { pageByKeyset, byColumns, type SortKey } from '../database/keyset.js';
import {
  DomainError,
  type Environment,
  type HealthCheck,
  type HealthStatus,
  type Page,
  type ResponseTimeStats,
  type Uptime,
} from '../domain.js';
import { HealthEnvironments } from './health.ports.js';
import type { HealthCheckQuery } from '../contracts.js';
import { EnvironmentHealthEntity } from './environment-health.entity.js';
import { HealthCheckHourlyEntity } from './health-check-hourly.entity.js';
import { HealthCheckEntity } from './health-check.entity.js';
import { toHealthCheck } from './health-check.mapping.js';
import { HISTOGRAM_COLUMNS, histogramPercentile } from './response-time-histogram.js';
import { HOUR_MS } from '../common/durations.js';

const UPTIME_WINDOWS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export const RESPONSE_TIME_WINDOW_HOURS = 24;

const NEWEST_FIRST: SortKey<HealthCheckEntity>[] = byColumns('h', ['checked_at', 'DESC'], ['id', 'DESC']);

/** Percent with three decimals, e.g. 99.861. */
const percent = (up: number, total: number) => (total === 0 ? null : Math.round((up / total) * 100_000) / 1000);

/**
 * An environment's health as people read it. Checks disabled, or the environment inactive (not
 * checked on schedule): `unknown`, whatever older checks said. In maintenance: its real latest status.
 */
export function currentStatus(
  environment: Pick<Environment, 'health_check' | 'status'>,
  health: Pick<EnvironmentHealthEntity, 'status'> | null,
): HealthStatus {
  if (!environment.health_check.enabled || environment.status === 'inactive') return 'unknown';
  return health?.status ?? 'unknown';
}

/** Reads of stored checks: history, latest, uptime and response times. */
@Injectable()
export class HealthStatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: HealthEnvironments,
    private readonly clock: Clock,
  ) {}

  async list(idOrName: string, query: HealthCheckQuery): Promise<Page<HealthCheck>> {
    const environment = await this.environments.require(idOrName);
    const qb = this.dataSource
      .getRepository(HealthCheckEntity)
      .createQueryBuilder('h')
      .where('h.environment_id = :id', { id: environment.id });
    if (query.status) qb.andWhere('h.status = :status', { status: query.status });
    if (query.trigger) qb.andWhere('h.trigger = :trigger', { trigger: query.trigger });
    const since = query.since ? new Date(query.since).toISOString() : undefined;
    const until = query.until ? new Date(query.until).toISOString() : undefined;
    if (since && until && since > until) throw DomainError.validation('since', 'must be before until');
    if (since) qb.andWhere('h.checked_at >= :since', { since });
    if (until) qb.andWhere('h.checked_at <= :until', { until });
    const page = await pageByKeyset(qb, NEWEST_FIRST, query.limit, query.cursor);
    const urls = await this.urls(page.items.map((c) => c.url_id));
    return { ...page, items: page.items.map((c) => toHealthCheck(c, urls.get(Number(c.url_id)) ?? '')) };
  }

  /** The latest stored check (scheduled checks are stored as a sample: see HealthResultsService). */
  async latest(environmentId: string): Promise<HealthCheck | null> {
    const row = await this.dataSource
      .getRepository(HealthCheckEntity)
      .findOne({ where: { environment_id: environmentId }, order: { checked_at: 'DESC', id: 'DESC' } });
    if (!row) return null;
    const urls = await this.urls([row.url_id]);
    return toHealthCheck(row, urls.get(Number(row.url_id)) ?? '');
  }

  private async urls(ids: Array<number | string>): Promise<Map<number, string>> {
    const unique = [...new Set(ids.map(Number))];
    if (unique.length === 0) return new Map();
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters('SELECT id, url FROM health_check_urls WHERE id IN (:...ids)', {
      ids: unique,
    });
    const rows: Array<{ id: number | string; url: string }> = await this.dataSource.query(sql, values);
    return new Map(rows.map((r) => [Number(r.id), r.url]));
  }

  health(environmentId: string): Promise<EnvironmentHealthEntity | null> {
    return this.dataSource.getRepository(EnvironmentHealthEntity).findOne({ where: { environment_id: environmentId } });
  }

  allHealth(): Promise<EnvironmentHealthEntity[]> {
    return this.dataSource.getRepository(EnvironmentHealthEntity).find();
  }

  /**
   * Share of checks that were not critical over the last 24 h, 7 d and 30 d, in percent, from the
   * hourly counts (which count every check; an hour that overlaps a window counts whole). Null for
   * a window without checks.
   */
  async uptime(environmentId: string): Promise<Uptime> {
    const now = Date.parse(this.clock.now());
    const hourly = this.dataSource
      .getRepository(HealthCheckHourlyEntity)
      .createQueryBuilder('a')
      .select('COUNT(*)', 'rows')
      .where('a.environment_id = :id AND a.hour > :since30', {
        id: environmentId,
        since30: new Date(now - (UPTIME_WINDOWS['30d'] + 1) * HOUR_MS).toISOString(),
      });
    for (const [key, hours] of Object.entries(UPTIME_WINDOWS) as Array<[keyof Uptime, number]>) {
      hourly
        .addSelect(`SUM(CASE WHEN a.hour > :h${key} THEN a.checks ELSE 0 END)`, `total_${key}`)
        .addSelect(`SUM(CASE WHEN a.hour > :h${key} THEN a.checks - a.critical ELSE 0 END)`, `up_${key}`)
        .setParameter(`h${key}`, new Date(now - (hours + 1) * HOUR_MS).toISOString());
    }
    const a = await hourly.getRawOne<Record<string, string | number | null>>();
    const n = (field: string) => Number(a?.[field] ?? 0);
    const result = {} as Uptime;
    for (const key of Object.keys(UPTIME_WINDOWS) as Array<keyof Uptime>) result[key] = percent(n(`up_${key}`), n(`total_${key}`));
    return result;
  }

  /**
   * Response times of the answers of the last 24 h (hours overlapping the window count whole), from
   * the hourly counts: count, min, max and mean exact; percentiles as the upper bound of their
   * response-time bucket (response-time-histogram.ts).
   */
  async responseTimes(environmentId: string): Promise<ResponseTimeStats> {
    const since = new Date(Date.parse(this.clock.now()) - (RESPONSE_TIME_WINDOW_HOURS + 1) * HOUR_MS).toISOString();
    const row = await this.dataSource
      .getRepository(HealthCheckHourlyEntity)
      .createQueryBuilder('a')
      .select('SUM(a.responses)', 'responses')
      .addSelect('SUM(a.response_time_sum)', 'total')
      .addSelect('MIN(a.response_time_min)', 'min')
      .addSelect('MAX(a.response_time_max)', 'max')
      .addSelect(HISTOGRAM_COLUMNS.map((c) => `SUM(a.${c}) AS ${c}`).join(', '))
      .where('a.environment_id = :id AND a.hour > :since', { id: environmentId, since })
      .getRawOne<Record<string, string | number | null>>();
    const count = Number(row?.responses ?? 0);
    if (count === 0)
      return { window_hours: RESPONSE_TIME_WINDOW_HOURS, count: 0, p50: null, p95: null, p99: null, min: null, max: null, mean: null };
    const min = Number(row!.min);
    const max = Number(row!.max);
    const buckets = HISTOGRAM_COLUMNS.map((c) => Number(row![c] ?? 0));
    return {
      window_hours: RESPONSE_TIME_WINDOW_HOURS,
      count,
      p50: histogramPercentile(buckets, 0.5, min, max),
      p95: histogramPercentile(buckets, 0.95, min, max),
      p99: histogramPercentile(buckets, 0.99, min, max),
      min,
      max,
      mean: Math.round((Number(row!.total) / count) * 10) / 10,
    };
  }
}
