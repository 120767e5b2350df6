import { Injectable } from '@nestjs/common';
import type { DetailedMetrics, EnvironmentStatusReport, HealthCheckSummary, HealthStatus, SystemHealth } from '../domain.js';
import { EnvironmentMetricsService } from './environment-metrics.service.js';
import { HealthCheckScheduler } from './health-check.scheduler.js';
import { HealthStatsService, currentStatus } from './health-stats.service.js';
import { HostMetrics } from './host-metrics.js';
import { toCheckSummary } from './health-check.mapping.js';
import { HealthDeployments, HealthEnvironments, HealthIncidents } from './health.ports.js';

const OPEN_INCIDENTS_SHOWN = 20;

/**
 * System health in the guide's shape, from stored checks. Each environment's status is its latest
 * check's, `unknown` before any check and while checks are disabled or the environment is inactive
 * (not checked on schedule); environments in maintenance show their real status.
 */
@Injectable()
export class SystemHealthService {
  constructor(
    private readonly environments: HealthEnvironments,
    private readonly incidents: HealthIncidents,
    private readonly deployments: HealthDeployments,
    private readonly stats: HealthStatsService,
    private readonly metrics: EnvironmentMetricsService,
    private readonly host: HostMetrics,
    private readonly scheduler: HealthCheckScheduler,
  ) {}

  async systemHealth(environmentId: string | undefined, includeDetails: boolean): Promise<SystemHealth> {
    const rows = environmentId ? [await this.environments.require(environmentId)] : await this.environments.all();
    const healthRows = environmentId ? [await this.stats.health(rows[0]!.id)].filter((h) => h !== null) : await this.stats.allHealth();
    const healthOf = new Map(healthRows.map((h) => [h.environment_id, h]));

    const environments = rows.map((e) => ({
      environment_id: e.id,
      name: e.name,
      status: currentStatus(e, healthOf.get(e.id) ?? null),
      environment_status: e.status,
    }));
    const count = (status: HealthStatus) => environments.filter((e) => e.status === status).length;
    // The latest check of every environment that has one, newest first.
    const recent_checks: HealthCheckSummary[] = rows
      .map((e) => healthOf.get(e.id))
      .filter((h) => h !== undefined)
      .map((h) =>
        toCheckSummary({
          environment_id: h.environment_id,
          status: h.status,
          response_time_ms: h.last_response_time_ms,
          checked_at: h.last_checked_at,
        }),
      )
      .sort((a, b) => (a.checked_at < b.checked_at ? 1 : a.checked_at > b.checked_at ? -1 : 0));

    return {
      success: true,
      system_health: {
        summary: {
          total_environments: environments.length,
          healthy_environments: count('healthy'),
          warning_environments: count('warning'),
          critical_environments: count('critical'),
          unknown_environments: count('unknown'),
          last_check: recent_checks[0]?.checked_at ?? null,
        },
        environments,
        recent_checks,
        ...(includeDetails ? { detailed_metrics: await this.detailedMetrics(environmentId ? rows.map((e) => e.id) : undefined) } : {}),
      },
    };
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
