import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { HealthCheckQuery, HealthStatusSchema, MetricsReport, SystemHealthQuery, environmentId } from '../contracts.js';
import type { EnvironmentStatusReport, HealthCheck, SystemHealth } from '../domain.js';
import {
  READ_ONLY,
  WRITES,
  age,
  defineTool,
  isDetailed,
  listReply,
  responseFormat,
  withoutEmpty,
  type McpToolProvider,
  type ToolDefinition,
} from '../mcp/mcp-tool.js';
import { Clock } from '../common/clock.js';
import { McpToolRegistry } from '../mcp/mcp-tool-registry.js';
import { EnvironmentMetricsService } from './environment-metrics.service.js';
import { HealthCheckRunner } from './health-check.runner.js';
import { describeCheck } from './health-check.mapping.js';
import { HealthStatsService } from './health-stats.service.js';
import { SystemHealthService } from './system-health.service.js';

const CHECK_COLUMNS = ['checked_at', 'status', 'status_code', 'response_time_ms', 'trigger', 'error'] as const;
const OPEN_INCIDENT_COLUMNS = ['id', 'title', 'severity', 'status', 'age'] as const;

const checkRow = (c: HealthCheck) => [
  c.checked_at,
  c.status,
  c.status_code,
  c.response_time_ms,
  c.trigger,
  c.error_message ?? c.error_kind,
];

/** An environment's state as an assistant reads it first: what is set, open incidents as rows. */
function conciseStatus(report: EnvironmentStatusReport, now: number) {
  const { environment: e, health, open_incidents, ...rest } = report;
  return {
    environment: withoutEmpty({ id: e.id, name: e.name, environment_type: e.environment_type, status: e.status, url: e.url }),
    health: { ...health, latest_check: health.latest_check ? withoutEmpty(health.latest_check) : null },
    ...rest,
    open_incidents: {
      count: open_incidents.count,
      columns: OPEN_INCIDENT_COLUMNS,
      items: open_incidents.items.map((i) => [i.id, i.title, i.severity, i.status, age(i.created_at, now)]),
    },
  };
}

/** Environments per page of the concise system health, unless a limit is given; its lists are cut to CONCISE_LIST. */
const CONCISE_PAGE = 20;
const CONCISE_LIST = 10;

/** System health as an assistant reads it first: what needs attention, shorter lists, only fields that are set. */
function conciseSystemHealth(health: SystemHealth) {
  const { attention, environments, recent_checks, ...rest } = health.system_health;
  return {
    success: health.success,
    system_health: {
      ...rest,
      attention: attention.slice(0, CONCISE_LIST).map(withoutEmpty),
      environments: environments.map(withoutEmpty),
      recent_checks: recent_checks.slice(0, CONCISE_LIST),
    },
  };
}

/**
 * System health tools: the same services as /api/system-health, /api/environments/{id}/status,
 * /check, /checks and /metrics.
 */
@Injectable()
export class HealthTools implements McpToolProvider {
  constructor(
    private readonly health: SystemHealthService,
    private readonly clock: Clock,
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
          'Health of all environments (or one) from real checks: counts by status and type, those needing attention, latest checks, a page of environments (filters, cursor); include_details adds measured metrics. Drill down with get_environment_status.',
        toolset: 'health',
        input: { ...SystemHealthQuery.shape, ...responseFormat },
        brief: { status: null, environment_type: null, search: 'In names.', limit: null, cursor: null },
        output: z.looseObject({
          success: z.boolean(),
          system_health: z.looseObject({ summary: z.looseObject({ total_environments: z.int() }) }),
        }),
        annotations: READ_ONLY,
        handler: async ({ response_format, ...query }) => {
          const detailed = isDetailed({ response_format });
          const health = await this.health.systemHealth(detailed ? query : { ...query, limit: query.limit ?? CONCISE_PAGE });
          const s = health.system_health.summary;
          const page = health.system_health.page;
          return {
            data: detailed ? health : conciseSystemHealth(health),
            summary: `${s.total_environments} environment(s): ${s.healthy_environments} healthy, ${s.warning_environments} warning, ${s.critical_environments} critical, ${s.unknown_environments} unknown${page.has_more ? '; more environments with next_cursor' : ''}`,
          };
        },
      }),
      defineTool({
        name: 'get_environment_status',
        title: 'Environment status',
        description:
          'One environment now: health, latest check, uptime, response times, metrics, current version, open incidents, last deployment.',
        toolset: 'health',
        input: { environment_id: environmentId(), ...responseFormat },
        output: z.looseObject({
          environment: z.looseObject({ id: z.string(), name: z.string() }),
          health: z.looseObject({ status: HealthStatusSchema }),
          current_version: z.string().nullable(),
        }),
        annotations: READ_ONLY,
        handler: async ({ environment_id, response_format }) => {
          const status = await this.health.environmentStatus(environment_id);
          const uptime = status.health.uptime['24h'];
          return {
            data: isDetailed({ response_format }) ? status : conciseStatus(status, Date.parse(this.clock.now())),
            summary: `${status.environment.name}: ${status.health.status}${uptime === null ? '' : `, ${uptime}% up over 24 h`}, version ${status.current_version ?? 'unknown'}, ${status.open_incidents.count} open incident(s)`,
          };
        },
      }),
      defineTool({
        name: 'check_environment_now',
        title: 'Check environment now',
        description: 'Run and store a health check of one environment now (HTTP GET of its health URL), e.g. to confirm a fix.',
        toolset: 'health',
        input: { environment_id: environmentId() },
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
          'Record metrics measured in an environment (at least one); shown by get_environment_status and detailed system health.',
        toolset: 'health',
        input: { environment_id: environmentId(), ...MetricsReport.shape },
        brief: { cpu_usage: 'Percent.', memory_usage: 'Percent.', disk_usage: 'Percent.', network_latency: 'Milliseconds.' },
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
          'Stored health checks of one environment, newest first: every status change, scheduled ones sampled; kept a limited number of days.',
        toolset: 'health',
        input: { environment_id: environmentId(), ...HealthCheckQuery.shape, ...responseFormat },
        brief: { status: null, trigger: null, since: null, until: null },
        annotations: READ_ONLY,
        handler: async ({ environment_id, response_format, ...filters }) => {
          const page = await this.stats.list(environment_id, filters);
          const note = `, ${page.items.filter((c) => c.status !== 'healthy').length} not healthy`;
          return listReply(isDetailed({ response_format }), 'checks', 'check', page, CHECK_COLUMNS, checkRow, note);
        },
      }),
    ];
  }
}
