import { Injectable } from '@nestjs/common';
import {
  EnvironmentMetrics,
  EnvironmentStatusReport,
  HealthCheck,
  HealthCheckQuery,
  MetricsReport,
  SystemHealth,
  SystemHealthQuery,
  environmentId,
  pageOf,
} from '../contracts.js';
import { READ_ONLY, WRITES, defineTool, pageReply, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { EnvironmentMetricsService } from './environment-metrics.service.js';
import { HealthCheckRunner } from './health-check.runner.js';
import { describeCheck } from './health-check.mapping.js';
import { HealthStatsService } from './health-stats.service.js';
import { SystemHealthService } from './system-health.service.js';

/**
 * System health tools: the same services as /api/system-health, /api/environments/{id}/status,
 * /check, /checks and /metrics.
 */
@Injectable()
export class HealthTools implements McpToolProvider {
  constructor(
    private readonly health: SystemHealthService,
    private readonly runner: HealthCheckRunner,
    private readonly stats: HealthStatsService,
    private readonly metrics: EnvironmentMetricsService,
    registry: McpToolRegistry,
  ) {
    registry.add(this);
  }

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'get_system_health',
        title: 'System health',
        description:
          'Health of all environments (or one, with environment_id) from real HTTP checks: how many are healthy, warning, critical or unknown (never checked, checks disabled, or inactive), and the latest check of each with its response time. With include_details, detailed_metrics adds this service host’s measured cpu, memory, disk and event-loop figures and the metrics environments reported. Numbers are only ever measured ones; anything not measured is absent.',
        input: SystemHealthQuery.shape,
        output: SystemHealth,
        annotations: READ_ONLY,
        handler: async (args) => {
          const health = await this.health.systemHealth(args.environment_id, args.include_details ?? false);
          const s = health.system_health.summary;
          return {
            data: health,
            summary: `${s.total_environments} environment(s): ${s.healthy_environments} healthy, ${s.warning_environments} warning, ${s.critical_environments} critical, ${s.unknown_environments} unknown`,
          };
        },
      }),
      defineTool({
        name: 'get_environment_status',
        title: 'Environment status',
        description:
          'Everything about one environment now: its health (status, latest check, critical checks in a row), uptime over 24h/7d/30d (percent of checks not critical), response-time percentiles over 24 h, latest reported metrics, current version, open incidents and the last deployment.',
        input: { environment_id: environmentId() },
        output: EnvironmentStatusReport,
        annotations: READ_ONLY,
        handler: async ({ environment_id }) => {
          const status = await this.health.environmentStatus(environment_id);
          const uptime = status.health.uptime['24h'];
          return {
            data: status,
            summary: `${status.environment.name}: ${status.health.status}${uptime === null ? '' : `, ${uptime}% up over 24 h`}, version ${status.current_version ?? 'unknown'}, ${status.open_incidents.count} open incident(s)`,
          };
        },
      }),
      defineTool({
        name: 'check_environment_now',
        title: 'Check environment now',
        description:
          'Run a health check of one environment at once (an HTTP GET of its health URL), store it like a scheduled one and return it: status (healthy, warning, critical), HTTP status code, response time, and for failures error_kind and a message. Use it to confirm a fix or an outage without waiting for the schedule.',
        input: { environment_id: environmentId() },
        output: HealthCheck,
        // It writes a check result and reaches out to the environment's URL.
        annotations: { ...WRITES, openWorldHint: true },
        handler: async ({ environment_id }) => {
          const check = await this.runner.checkNow(environment_id);
          return { data: check, summary: `${check.url}: ${describeCheck(check)}` };
        },
      }),
      defineTool({
        name: 'report_environment_metrics',
        title: 'Report environment metrics',
        description:
          'Record metrics measured in an environment: cpu_usage, memory_usage, disk_usage (percent 0–100) and network_latency (ms ≥ 0); give at least one. They appear as reported in get_system_health detailed_metrics and get_environment_status; metrics not given stay absent.',
        input: { environment_id: environmentId(), ...MetricsReport.shape },
        output: EnvironmentMetrics,
        annotations: WRITES,
        handler: async ({ environment_id, ...values }) => {
          const reported = await this.metrics.report(environment_id, values);
          const shown = Object.entries(reported).filter(([key]) => key !== 'environment_id' && key !== 'reported_at');
          return { data: reported, summary: `Recorded for ${environment_id}: ${shown.map(([k, v]) => `${k} ${v}`).join(', ')}` };
        },
      }),
      defineTool({
        name: 'list_health_checks',
        title: 'List health checks',
        description:
          'Health check history of one environment, newest first: status, HTTP status code, response time, error, URL, what started it (scheduled, manual, deployment). Filter by status, trigger, since/until. Raw checks are kept for a limited number of days. Returns checks, total, has_more and next_cursor.',
        input: { environment_id: environmentId(), ...HealthCheckQuery.shape },
        output: pageOf(HealthCheck, 'checks'),
        annotations: READ_ONLY,
        handler: async ({ environment_id, ...filters }) => {
          const page = await this.stats.list(environment_id, filters);
          return pageReply('checks', 'check', page, `, ${page.items.filter((c) => c.status !== 'healthy').length} not healthy`);
        },
      }),
    ];
  }
}
