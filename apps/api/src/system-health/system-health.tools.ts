import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { HEALTH_CHECK_TRIGGERS, HEALTH_ERROR_KINDS, LIMITS } from '../domain.js';
import { READ_ONLY, WRITES, defineTool, type McpToolProvider, type ToolDefinition } from '../mcp/mcp-tool.js';
import {
  cursor,
  environmentSchema,
  healthStatusSchema,
  incidentSchema,
  instant,
  limit,
  oneOf,
  pageSchema,
  text,
} from '../mcp/tool-schemas.js';
import { validateAs } from '../common/validation.js';
import { ListHealthChecksQuery, ReportMetricsDto } from '../health/dto/health.dto.js';
import { EnvironmentMetricsService } from '../health/environment-metrics.service.js';
import { HealthCheckRunner } from '../health/health-check.runner.js';
import { describeCheck } from '../health/health-check.mapping.js';
import { HealthStatsService } from '../health/health-stats.service.js';
import { SystemHealthQuery } from './dto/system-health.dto.js';
import { SystemHealthService } from './system-health.service.js';

const environmentId = () => text(LIMITS.nameMax, 'Environment id (env-…) or its unique name, e.g. "prod-env-123".');

const checkSummarySchema = z.object({
  environment_id: z.string(),
  status: healthStatusSchema,
  response_time: z.number().nullable(),
  checked_at: z.string(),
});

const healthCheckSchema = z.object({
  id: z.number(),
  environment_id: z.string(),
  status: z.enum(['healthy', 'warning', 'critical']),
  status_code: z.number().nullable().describe('HTTP status of the answer; null when none came.'),
  response_time_ms: z.number().nullable().describe('Milliseconds until the answer arrived; null when none came.'),
  error_kind: z.enum(HEALTH_ERROR_KINDS).nullable(),
  error_message: z.string().nullable(),
  url: z.string(),
  trigger: z.enum(HEALTH_CHECK_TRIGGERS),
  deployment_id: z.string().nullable(),
  checked_at: z.string(),
});

const metricsSchema = z.object({
  environment_id: z.string(),
  cpu_usage: z.number().optional(),
  memory_usage: z.number().optional(),
  disk_usage: z.number().optional(),
  network_latency: z.number().optional(),
  reported_at: z.string(),
});

const systemHealthSchema = z.object({
  success: z.literal(true),
  system_health: z.object({
    summary: z.object({
      total_environments: z.number(),
      healthy_environments: z.number(),
      warning_environments: z.number(),
      critical_environments: z.number(),
      unknown_environments: z.number(),
      last_check: z.string().nullable(),
    }),
    environments: z.array(
      z.object({ environment_id: z.string(), name: z.string(), status: healthStatusSchema, environment_status: z.string() }),
    ),
    recent_checks: z.array(checkSummarySchema),
    detailed_metrics: z.record(z.string(), z.unknown()).optional(),
  }),
});

const nullableNumber = z.number().nullable();

const environmentStatusSchema = z.object({
  environment: environmentSchema,
  health: z.object({
    status: healthStatusSchema,
    status_since: z.string().nullable(),
    consecutive_critical: z.number(),
    latest_check: healthCheckSchema.nullable(),
    uptime: z
      .object({ '24h': nullableNumber, '7d': nullableNumber, '30d': nullableNumber })
      .describe('Percent of checks that were not critical.'),
    response_time_ms: z.object({
      window_hours: z.number(),
      count: z.number(),
      p50: nullableNumber,
      p95: nullableNumber,
      p99: nullableNumber,
      min: nullableNumber,
      max: nullableNumber,
      mean: nullableNumber,
    }),
  }),
  reported_metrics: metricsSchema.nullable(),
  current_version: z.string().nullable(),
  open_incidents: z.object({ count: z.number(), items: z.array(incidentSchema) }),
  last_deployment: z
    .object({
      id: z.string(),
      title: z.string(),
      version: z.string(),
      status: z.string(),
      completed_at: z.string().nullable(),
      created_at: z.string(),
    })
    .nullable(),
});

const metric = (max: number, description: string) => z.number().min(0).max(max).describe(description);

/**
 * System health tools: the same services as /api/system-health, /api/environments/{id}/status,
 * /check, /checks and /metrics.
 */
@Injectable()
export class SystemHealthTools implements McpToolProvider {
  constructor(
    private readonly health: SystemHealthService,
    private readonly runner: HealthCheckRunner,
    private readonly stats: HealthStatsService,
    private readonly metrics: EnvironmentMetricsService,
  ) {}

  tools(): ToolDefinition[] {
    return [
      defineTool({
        name: 'get_system_health',
        title: 'System health',
        description:
          'Health of all environments (or one, with environment_id) from real HTTP checks: how many are healthy, warning, critical or unknown (never checked, checks disabled, or inactive), and the latest check of each with its response time. With include_details, detailed_metrics adds this service host’s measured cpu, memory, disk and event-loop figures and the metrics environments reported. Numbers are only ever measured ones; anything not measured is absent.',
        input: {
          environment_id: text(LIMITS.nameMax, 'Only this environment (id or name).').optional(),
          include_details: z.boolean().optional().describe('Include detailed_metrics.'),
        },
        output: systemHealthSchema,
        annotations: READ_ONLY,
        handler: async (args) => {
          const query = await validateAs(SystemHealthQuery, args);
          const health = await this.health.systemHealth(query.environment_id, query.include_details ?? false);
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
        output: environmentStatusSchema,
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
        output: healthCheckSchema,
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
        input: {
          environment_id: environmentId(),
          cpu_usage: metric(LIMITS.metricPercentMax, 'CPU in use, percent.').optional(),
          memory_usage: metric(LIMITS.metricPercentMax, 'Memory in use, percent.').optional(),
          disk_usage: metric(LIMITS.metricPercentMax, 'Disk in use, percent.').optional(),
          network_latency: metric(LIMITS.networkLatencyMsMax, 'Network latency, milliseconds.').optional(),
        },
        output: metricsSchema,
        annotations: WRITES,
        handler: async ({ environment_id, ...values }) => {
          const reported = await this.metrics.report(environment_id, await validateAs(ReportMetricsDto, values));
          const shown = Object.entries(reported).filter(([key]) => key !== 'environment_id' && key !== 'reported_at');
          return { data: reported, summary: `Recorded for ${environment_id}: ${shown.map(([k, v]) => `${k} ${v}`).join(', ')}` };
        },
      }),
      defineTool({
        name: 'list_health_checks',
        title: 'List health checks',
        description:
          'Health check history of one environment, newest first: status, HTTP status code, response time, error, URL, what started it (scheduled, manual, deployment). Filter by status, trigger, since/until. Raw checks are kept for a limited number of days. Returns checks, total, has_more and next_cursor.',
        input: {
          environment_id: environmentId(),
          status: oneOf(['healthy', 'warning', 'critical'] as const, 'Only checks judged so.').optional(),
          trigger: oneOf(HEALTH_CHECK_TRIGGERS, 'Only checks started so.').optional(),
          since: instant('Only checks at or after this time.').optional(),
          until: instant('Only checks at or before this time.').optional(),
          limit: limit().optional(),
          cursor: cursor().optional(),
        },
        output: pageSchema('checks', healthCheckSchema),
        annotations: READ_ONLY,
        handler: async ({ environment_id, ...filters }) => {
          const { items, ...rest } = await this.stats.list(environment_id, await validateAs(ListHealthChecksQuery, filters));
          const failing = items.filter((c) => c.status !== 'healthy').length;
          return {
            data: { checks: items, ...rest },
            summary: `${items.length} of ${rest.total} check(s), ${failing} not healthy${rest.has_more ? '; more with cursor=next_cursor' : ''}`,
          };
        },
      }),
    ];
  }
}
