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

const HOUR_MS = 3_600_000;
const UPTIME_WINDOWS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export const RESPONSE_TIME_WINDOW_HOURS = 24;

const NEWEST_FIRST: SortKey<HealthCheckEntity>[] = byColumns('h', ['checked_at', 'DESC'], ['id', 'DESC']);

/** Percent with three decimals, e.g. 99.861. */
const percent = (up: number, total: number) => (total === 0 ? null : Math.round((up / total) * 100_000) / 1000);

function nearestRank(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

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
    return { ...page, items: page.items.map(toHealthCheck) };
  }

  async latest(environmentId: string): Promise<HealthCheck | null> {
    const row = await this.dataSource
      .getRepository(HealthCheckEntity)
      .findOne({ where: { environment_id: environmentId }, order: { checked_at: 'DESC', id: 'DESC' } });
    return row ? toHealthCheck(row) : null;
  }

  health(environmentId: string): Promise<EnvironmentHealthEntity | null> {
    return this.dataSource.getRepository(EnvironmentHealthEntity).findOne({ where: { environment_id: environmentId } });
  }

  allHealth(): Promise<EnvironmentHealthEntity[]> {
    return this.dataSource.getRepository(EnvironmentHealthEntity).find();
  }

  /**
   * Share of checks that were not critical over the last 24 h, 7 d and 30 d, in percent: raw checks
   * where they are still kept, hourly aggregates before that (an aggregated hour that overlaps a
   * window counts whole). Null for a window without checks.
   */
  async uptime(environmentId: string): Promise<Uptime> {
    const now = Date.parse(this.clock.now());
    const since = Object.fromEntries(
      Object.entries(UPTIME_WINDOWS).map(([key, hours]) => [key, new Date(now - hours * HOUR_MS).toISOString()]),
    ) as Record<keyof Uptime, string>;
    const raw = this.dataSource
      .getRepository(HealthCheckEntity)
      .createQueryBuilder('h')
      .select('COUNT(*)', 'rows')
      .where('h.environment_id = :id AND h.checked_at >= :since30', { id: environmentId, since30: since['30d'] });
    const hourly = this.dataSource
      .getRepository(HealthCheckHourlyEntity)
      .createQueryBuilder('a')
      .select('COUNT(*)', 'rows')
      .where('a.environment_id = :id AND a.hour > :since30', {
        id: environmentId,
        since30: new Date(Date.parse(since['30d']) - HOUR_MS).toISOString(),
      });
    for (const key of Object.keys(UPTIME_WINDOWS) as Array<keyof Uptime>) {
      raw
        .addSelect(`SUM(CASE WHEN h.checked_at >= :s${key} THEN 1 ELSE 0 END)`, `total_${key}`)
        .addSelect(`SUM(CASE WHEN h.checked_at >= :s${key} AND h.status <> 'critical' THEN 1 ELSE 0 END)`, `up_${key}`)
        .setParameter(`s${key}`, since[key]);
      const hourStart = new Date(Date.parse(since[key]) - HOUR_MS).toISOString();
      hourly
        .addSelect(`SUM(CASE WHEN a.hour > :h${key} THEN a.checks ELSE 0 END)`, `total_${key}`)
        .addSelect(`SUM(CASE WHEN a.hour > :h${key} THEN a.checks - a.critical ELSE 0 END)`, `up_${key}`)
        .setParameter(`h${key}`, hourStart);
    }
    const [r, a] = await Promise.all([
      raw.getRawOne<Record<string, string | number | null>>(),
      hourly.getRawOne<Record<string, string | number | null>>(),
    ]);
    const n = (row: Record<string, string | number | null> | undefined, field: string) => Number(row?.[field] ?? 0);
    const result = {} as Uptime;
    for (const key of Object.keys(UPTIME_WINDOWS) as Array<keyof Uptime>) {
      result[key] = percent(n(r, `up_${key}`) + n(a, `up_${key}`), n(r, `total_${key}`) + n(a, `total_${key}`));
    }
    return result;
  }

  /** Response times of the answers of the last 24 h (raw checks: exact percentiles, nearest rank). */
  async responseTimes(environmentId: string): Promise<ResponseTimeStats> {
    const since = new Date(Date.parse(this.clock.now()) - RESPONSE_TIME_WINDOW_HOURS * HOUR_MS).toISOString();
    const rows = await this.dataSource
      .getRepository(HealthCheckEntity)
      .createQueryBuilder('h')
      .select('h.response_time_ms', 't')
      .where('h.environment_id = :id AND h.checked_at >= :since AND h.response_time_ms IS NOT NULL', { id: environmentId, since })
      .orderBy('h.response_time_ms', 'ASC')
      .getRawMany<{ t: number | string }>();
    const times = rows.map((row) => Number(row.t));
    if (times.length === 0)
      return { window_hours: RESPONSE_TIME_WINDOW_HOURS, count: 0, p50: null, p95: null, p99: null, min: null, max: null, mean: null };
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    return {
      window_hours: RESPONSE_TIME_WINDOW_HOURS,
      count: times.length,
      p50: nearestRank(times, 0.5),
      p95: nearestRank(times, 0.95),
      p99: nearestRank(times, 0.99),
      min: times[0]!,
      max: times.at(-1)!,
      mean: Math.round(mean * 10) / 10,
    };
  }
}
