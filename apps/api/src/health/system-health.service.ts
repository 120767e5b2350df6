import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SYSTEM_HEALTH_ATTENTION_MAX, SYSTEM_HEALTH_RECENT_CHECKS, type SystemHealthQuery } from '../contracts.js';
import { likePattern } from '../database/like.js';
import { pageBySql, type SortKey } from '../database/keyset.js';
import {
  ENVIRONMENT_TYPES,
  type DetailedMetrics,
  type EnvironmentHealthRow,
  type EnvironmentStatusReport,
  type EnvironmentType,
  type HealthStatus,
  type HealthStatusCounts,
  type SystemHealth,
} from '../domain.js';
import { EnvironmentMetricsService } from './environment-metrics.service.js';
import { HealthCheckScheduler } from './health-check.scheduler.js';
import { HealthStatsService, currentStatus } from './health-stats.service.js';
import { HostMetrics } from './host-metrics.js';
import { toCheckSummary } from './health-check.mapping.js';
import { HealthDeployments, HealthEnvironments, HealthIncidents } from './health.ports.js';

const OPEN_INCIDENTS_SHOWN = 20;
type JudgedStatus = Exclude<HealthStatus, 'unknown'>;

/**
 * An environment's health status in SQL, as currentStatus() decides it: unknown while its checks
 * are disabled or it is inactive, or before any check; else its latest check's.
 */
const STATUS_SQL = "CASE WHEN NOT e.health_check_enabled OR e.status = 'inactive' OR h.status IS NULL THEN 'unknown' ELSE h.status END";
const FROM = 'environments e LEFT JOIN environment_health h ON h.environment_id = e.id';
const ROW_COLUMNS = `e.id AS environment_id, e.name AS name, e.environment_type AS environment_type, ${STATUS_SQL} AS status,
  e.status AS environment_status, h.status_since AS status_since, h.last_response_time_ms AS response_time, h.last_checked_at AS checked_at`;
const BY_NAME: SortKey<EnvironmentHealthRow>[] = [{ expr: 'e.name', dir: 'ASC', value: (row) => row.name }];

const zero = (): HealthStatusCounts => ({ total: 0, healthy: 0, warning: 0, critical: 0, unknown: 0 });
const toRow = (r: EnvironmentHealthRow): EnvironmentHealthRow => ({
  ...r,
  response_time: r.response_time === null ? null : Number(r.response_time),
});

/**
 * System health in the guide's shape, from each environment's current health (one row each, kept
 * by every check), never by reading every environment: counts by status and by environment type in
 * one grouped query, the environments that need attention (capped), and one keyset page of
 * environments with filters. Drill down with environmentStatus. The status rules are
 * currentStatus(): environments in maintenance show their real status.
 */
@Injectable()
export class SystemHealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly environments: HealthEnvironments,
    private readonly incidents: HealthIncidents,
    private readonly deployments: HealthDeployments,
    private readonly stats: HealthStatsService,
    private readonly metrics: EnvironmentMetricsService,
    private readonly host: HostMetrics,
    private readonly scheduler: HealthCheckScheduler,
  ) {}

  async systemHealth(query: SystemHealthQuery): Promise<SystemHealth> {
    const only = query.environment_id ? (await this.environments.require(query.environment_id)).id : null;
    const scope = only ? ['e.id = :only'] : [];
    const where = [...scope];
    const params: Record<string, unknown> = { only };
    if (query.status) {
      where.push(`${STATUS_SQL} = :status`);
      params.status = query.status;
    }
    if (query.environment_type) {
      where.push('e.environment_type = :type');
      params.type = query.environment_type;
    }
    if (query.search) {
      where.push("LOWER(e.name) LIKE :q ESCAPE '\\'");
      params.q = likePattern(query.search);
    }
    const [counts, attention, recent, page, detailed] = await Promise.all([
      this.rows<{ environment_type: EnvironmentType; status: HealthStatus; n: number | string; last: string | null }>(
        `SELECT e.environment_type AS environment_type, ${STATUS_SQL} AS status, COUNT(*) AS n, MAX(h.last_checked_at) AS last
           FROM ${FROM}${only ? ' WHERE e.id = :only' : ''} GROUP BY e.environment_type, ${STATUS_SQL}`,
        { only },
      ),
      this.rows<EnvironmentHealthRow>(
        `SELECT ${ROW_COLUMNS} FROM ${FROM} WHERE ${[...scope, `${STATUS_SQL} IN ('critical', 'warning')`].join(' AND ')}
          ORDER BY CASE WHEN h.status = 'critical' THEN 0 ELSE 1 END, h.status_since, e.name LIMIT ${SYSTEM_HEALTH_ATTENTION_MAX}`,
        { only },
      ),
      this.rows<{ environment_id: string; status: JudgedStatus; response_time: number | string | null; checked_at: string }>(
        `SELECT h.environment_id AS environment_id, h.status AS status, h.last_response_time_ms AS response_time, h.last_checked_at AS checked_at
           FROM ${FROM} WHERE ${[...scope, 'h.last_checked_at IS NOT NULL'].join(' AND ')}
          ORDER BY h.last_checked_at DESC, e.id LIMIT ${SYSTEM_HEALTH_RECENT_CHECKS}`,
        { only },
      ),
      pageBySql<EnvironmentHealthRow>(
        this.dataSource,
        { table: FROM, columns: ROW_COLUMNS, where, params },
        BY_NAME,
        query.limit,
        query.cursor,
      ),
      query.include_details ? this.detailedMetrics(only ? [only] : undefined) : Promise.resolve(null),
    ]);

    const byType = Object.fromEntries(ENVIRONMENT_TYPES.map((t) => [t, zero()])) as Record<EnvironmentType, HealthStatusCounts>;
    const all = zero();
    let lastCheck: string | null = null;
    for (const row of counts) {
      const n = Number(row.n);
      const type = (byType[row.environment_type] ??= zero());
      type.total += n;
      type[row.status] += n;
      all.total += n;
      all[row.status] += n;
      if (row.last !== null && (lastCheck === null || row.last > lastCheck)) lastCheck = row.last;
    }
    const { items, ...paging } = page;
    return {
      success: true,
      system_health: {
        summary: {
          total_environments: all.total,
          healthy_environments: all.healthy,
          warning_environments: all.warning,
          critical_environments: all.critical,
          unknown_environments: all.unknown,
          last_check: lastCheck,
          by_environment_type: byType,
        },
        attention: attention.map(toRow),
        environments: items.map(toRow),
        page: paging,
        recent_checks: recent.map((r) =>
          toCheckSummary({
            environment_id: r.environment_id,
            status: r.status,
            response_time_ms: r.response_time === null ? null : Number(r.response_time),
            checked_at: r.checked_at,
          }),
        ),
        ...(detailed ? { detailed_metrics: detailed } : {}),
      },
    };
  }

  private async rows<T>(text: string, params: Record<string, unknown>): Promise<T[]> {
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(text, params);
    return (await this.dataSource.query(sql, values)) as T[];
  }

  /** Only measured figures: this host's, the scheduler's when it runs here, and what environments reported. */
  private async detailedMetrics(environmentIds: string[] | undefined): Promise<DetailedMetrics> {
    const [host, reported] = await Promise.all([this.host.measure(), this.metrics.latest(environmentIds)]);
    const scheduler = this.scheduler.stats();
    return { host, ...(scheduler ? { health_checks: scheduler } : {}), environments: reported };
  }

  async environmentStatus(idOrName: string): Promise<EnvironmentStatusReport> {
    const environment = await this.environments.require(idOrName);
    const [open_incidents, last, health, latest, uptime, responseTimes, reported] = await Promise.all([
      this.incidents.openFor(environment.id, OPEN_INCIDENTS_SHOWN),
      this.deployments.lastPlanned(environment.id),
      this.stats.health(environment.id),
      this.stats.latest(environment.id),
      this.stats.uptime(environment.id),
      this.stats.responseTimes(environment.id),
      this.metrics.latest([environment.id]),
    ]);
    return {
      environment,
      health: {
        status: currentStatus(environment, health),
        status_since: health?.status_since ?? null,
        consecutive_critical: health?.consecutive_critical ?? 0,
        last_checked_at: health?.last_checked_at ?? null,
        latest_check: latest,
        uptime,
        response_time_ms: responseTimes,
      },
      reported_metrics: reported[0] ?? null,
      current_version: environment.current_version,
      open_incidents,
      last_deployment: last
        ? {
            id: last.id,
            title: last.title,
            version: last.version,
            status: last.status,
            completed_at: last.completed_at,
            created_at: last.created_at,
          }
        : null,
    };
  }
}
